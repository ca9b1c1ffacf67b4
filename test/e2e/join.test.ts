// The children's IAM join through the bundled action against the simulator: AWS credentials from the GitHub
// OIDC token endpoint and STS (or the ambient ones), the match checked before anything is written, tbot's
// join of each active child, the identities as outputs, and no secret anywhere.
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { beforeEach, describe, expect, it } from "vitest";
import { PARENT_CLUSTER_NAME, type Simulator } from "../sim/index.js";
import { type ActionRunner, FAST_WAITS, listFiles, type StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";
import { SIM_ACCOUNT, tenantYaml } from "../support/tenants.js";

let sim: Simulator;
const e2e = e2eFile({ delayMs: 300 }, (s) => {
  sim = s;
});
const { runners, steps } = e2e;

beforeEach(async () => {
  await sim.control.clearCalls();
});

const runnerWith = (tenants: Record<string, string>, env: Record<string, string> = {}): ActionRunner =>
  e2e.repo(tenants, {}, { env });

const apply = (
  runner: ActionRunner,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  options: { cancelAfterMs?: number } = {},
): Promise<StepResult> => e2e.runParent(runner, { mode: "apply", ...inputs }, env, options);

const withRole = () => ({ "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN });
const clusters = (step: StepResult) =>
  JSON.parse(step.outputs.clusters ?? "{}") as Record<string, { proxy: string; identity?: string }>;
const parentWrites = async () =>
  (await sim.control.calls()).filter(
    (c) => /^Create|^Delete/.test(c.method) && c.cluster === PARENT_CLUSTER_NAME,
  );

/** Runs the tctl the action installed with a child identity, as a later workflow step would. */
async function tctlWith(step: StepResult, proxy: string, identity: string, args: string[]) {
  const { execFile } = await import("node:child_process");
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      step.outputs["tctl-path"]!,
      ["--auth-server", proxy, "-i", identity, ...args],
      {
        env: {
          PATH: process.env.PATH ?? "",
          SSL_CERT_FILE: sim.env.SSL_CERT_FILE,
          TELEPORT_TOOLS_VERSION: "off",
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("apply joins every child", () => {
  it("with role-to-assume: two children joined, identities as outputs that tctl can use", async () => {
    const runner = runnerWith({ "join-a": tenantYaml("join-a"), "join-b": tenantYaml("join-b") });
    const step = await apply(runner, withRole());
    expect(step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    const out = clusters(step);
    expect(Object.keys(out)).toEqual(["join-a", "join-b"]);
    for (const name of ["join-a", "join-b"]) {
      const identity = out[name]!.identity!;
      expect(identity).toMatch(new RegExp(`teleport-${name}-[^/]+/identity/identity$`));
      expect(fs.statSync(identity).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(path.dirname(identity))).mode & 0o777).toBe(0o700);
      const read = await tctlWith(step, out[name]!.proxy, identity, [
        "get",
        `role/${name}-sync`,
        "--format=json",
      ]);
      expect(read.stderr).toBe("");
      expect(read.code).toBe(0);
      expect(JSON.parse(read.stdout)[0].metadata.name).toBe(`${name}-sync`);
    }
    expect(step.outputs["identity-file"]).toBe(out["join-a"]!.identity);
    const arn = `arn:aws:sts::${SIM_ACCOUNT}:assumed-role/teleport-workload-sync/teleport-workload-cluster-action`;
    expect(step.summary).toContain(`| join-a | ✅ created | active |`);
    expect(step.summary).toContain(`✅ joined as \`${arn}\``);
    // The credentials live in tbot's environment only: never exported to later steps.
    expect(step.exportedEnv).toEqual({});

    const post = await runner.runPost();
    expect(post.exitCode).toBe(0);
    expect(listFiles(runner.temp).filter((f) => /identity|tbot/.test(f))).toEqual([]);
  });

  it("with ambient credentials from an earlier step, and no role-to-assume", async () => {
    const token = await mintIdToken();
    const creds = await assumeRole(token, "earlier-step");
    const step = await apply(runnerWith({ "join-amb": tenantYaml("join-amb") }, creds));
    expect(step.exitCode).toBe(0);
    expect(clusters(step)["join-amb"]!.identity).toBeTruthy();
    expect(step.stdout).toContain(
      `Children will be joined as arn:aws:sts::${SIM_ACCOUNT}:assumed-role/teleport-workload-sync/earlier-step (ambient AWS credentials)`,
    );
  });

  it("without any credentials: clusters applied, children not joined, and it says how to enable the join", async () => {
    const step = await apply(runnerWith({ "join-none": tenantYaml("join-none") }));
    expect(step.exitCode).toBe(0);
    expect(clusters(step)["join-none"]!.identity).toBeUndefined();
    expect(step.outputs["identity-file"]).toBe("");
    expect(step.stdout).toMatch(
      /::warning::No AWS credentials: the children were not joined. Set role-to-assume/,
    );
  });
});

describe("a join that cannot match", () => {
  it("is refused before the cluster is created, naming the ARN, the file and line; the other cluster is applied", async () => {
    const runner = runnerWith({
      "join-ok": tenantYaml("join-ok"),
      "join-other": tenantYaml("join-other", SIM_ACCOUNT, "some-other-role"),
    });
    const step = await apply(runner, withRole());
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(
      /::error file=teleport\/workload-clusters\/join-other\.yaml,line=1,title=workload cluster join-other%3A cannot be joined::join-other \(teleport\/workload-clusters\/join-other\.yaml:1\): the ARN this run joins with, arn:aws:sts::111122223333:assumed-role\/teleport-workload-sync\/teleport-workload-cluster-action .*matches none of the join token's allow rules: aws_account "111122223333", aws_arn "arn:aws:sts::111122223333:assumed-role\/some-other-role\/\*"/,
    );
    expect((await parentWrites()).map((c) => c.method)).toEqual(["CreateWorkloadCluster"]);
    expect(clusters(step)["join-ok"]!.identity).toBeTruthy();
    expect(step.summary).toMatch(/\| join-other \| ⏭️ not created \|/);
  });
});

describe("a child that is active before it accepts connections", () => {
  it("is joined after retries", async () => {
    await sim.control.childListenDelay(2500);
    try {
      const step = await apply(runnerWith({ "join-late": tenantYaml("join-late") }), withRole(), FAST_WAITS);
      expect(step.exitCode).toBe(0);
      expect(step.stdout).toMatch(/join-late: tbot join failed \(attempt 1 of \d+\); retrying/);
      expect(clusters(step)["join-late"]!.identity).toBeTruthy();
    } finally {
      await sim.control.childListenDelay(0);
    }
  });
});

describe("AWS credentials", () => {
  it("without id-token: write, says so and shows the permissions block, before anything is written", async () => {
    const step = await apply(runnerWith({ "join-noid": tenantYaml("join-noid") }), withRole(), {
      ACTIONS_ID_TOKEN_REQUEST_URL: "",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "",
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain(
      "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set",
    );
    expect(step.stdout).toMatch(/permissions:%0A {2}id-token: write/);
    expect(await parentWrites()).toEqual([]);
  });

  it("STS throttled twice, then the role is assumed and the child joined", async () => {
    await sim.control.call("sts/throttle", { count: 2 });
    const before = ((await sim.control.call("sts/requests", {})) as { requests: unknown[] }).requests.length;
    const step = await apply(runnerWith({ "join-thr": tenantYaml("join-thr") }), withRole(), FAST_WAITS);
    expect(step.exitCode).toBe(0);
    const { requests } = (await sim.control.call("sts/requests", {})) as { requests: { code: string }[] };
    expect(requests.slice(before).map((r) => r.code)).toEqual(["Throttling", "Throttling", "OK"]);
    expect(step.stdout).toMatch(/STS AssumeRoleWithWebIdentity failed \(Rate exceeded\); attempt 2 of 5/);
    expect(clusters(step)["join-thr"]!.identity).toBeTruthy();
  });

  it("a role that does not trust the repository fails with STS's answer and advice, not retried", async () => {
    const role = sim.env.TELEPORT_SIM_AWS_ROLE_ARN.replace(/role\/.*/, "role/not-trusted");
    const step = await apply(runnerWith({ "join-trust": tenantYaml("join-trust") }), {
      "role-to-assume": role,
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/Could not assume arn:aws:iam::111122223333:role\/not-trusted: /);
    expect(step.stdout).not.toMatch(/AssumeRoleWithWebIdentity failed .* attempt/);
    expect(await parentWrites()).toEqual([]);
  });
});

describe("the parent's IAM join (parent-join-method: iam)", () => {
  it("joins the parent with the AWS role and applies", async () => {
    const runner = runnerWith({ "join-piam": tenantYaml("join-piam") });
    const step = await apply(runner, {
      ...withRole(),
      "parent-token": sim.env.TELEPORT_SIM_PARENT_IAM_TOKEN,
      "parent-join-method": "iam",
    });
    expect(step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain(
      `Joining the parent cluster 127.0.0.1 with tbot (iam join, token "${sim.env.TELEPORT_SIM_PARENT_IAM_TOKEN}")`,
    );
    expect(clusters(step)["join-piam"]!.identity).toBeTruthy();
  });
});

describe("cancellation during a join", () => {
  it("stops tbot, and the post step removes every identity", async () => {
    await sim.control.childListenDelay(60_000);
    try {
      const runner = runnerWith({ "join-cancel": tenantYaml("join-cancel") });
      const started = Date.now();
      const step = await apply(runner, withRole(), {}, { cancelAfterMs: 6000 });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(step.exitCode).not.toBe(0);
      const post = await runner.runPost();
      expect(post.exitCode).toBe(0);
      expect(listFiles(runner.temp).filter((f) => /identity|tbot/.test(f))).toEqual([]);
    } finally {
      await sim.control.childListenDelay(0);
    }
  }, 60_000);
});

describe("secrets", () => {
  it("never appear in logs, outputs, summaries or files left after the post step", async () => {
    const secrets = sim.secrets().filter((s) => s.length >= 16);
    expect(secrets.length).toBeGreaterThan(5);
    // `::add-mask::<value>` is how a secret is masked: the runner consumes the line and shows it nowhere.
    const masked = new Set(
      steps.flatMap((s) => [...s.stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!)),
    );
    const seen = steps.map((s) =>
      [
        s.stdout.replace(/^::add-mask::.*$/gm, ""),
        s.stderr,
        JSON.stringify(s.outputs),
        s.summary,
        JSON.stringify(s.state),
      ].join("\n"),
    );
    for (const runner of runners) {
      await runner.runPost();
      for (const file of listFiles(runner.root)) {
        if (!file.includes("/workspace/")) seen.push(fs.readFileSync(file, "utf8"));
      }
    }
    const everything = seen.join("\n");
    // Every credential the action obtained was masked the moment it existed.
    const issuedToAction = sim.secrets().filter((x) => masked.has(x));
    expect(issuedToAction.length).toBeGreaterThanOrEqual(3);
    expect(everything).not.toContain("PRIVATE KEY");
    for (const secret of secrets) {
      const lines = secret.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
      for (const line of lines.length ? lines : [secret]) {
        const at = everything.indexOf(line);
        expect(at, `a secret leaked: ${everything.slice(Math.max(0, at - 200), at)}`).toBe(-1);
      }
    }
  });
});

async function mintIdToken(): Promise<string> {
  const url = `${sim.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`;
  const body = await new Promise<string>((resolve, reject) => {
    https
      .get(
        url,
        {
          headers: { Authorization: `Bearer ${sim.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
          ca: fs.readFileSync(sim.env.NODE_EXTRA_CA_CERTS, "utf8"),
        },
        (res) => {
          let text = "";
          res.on("data", (d) => {
            text += d;
          });
          res.on("end", () => resolve(text));
        },
      )
      .on("error", reject);
  });
  return (JSON.parse(body) as { value: string }).value;
}

async function assumeRole(token: string, session: string): Promise<Record<string, string>> {
  const sts = new STSClient({
    region: sim.env.AWS_REGION,
    endpoint: sim.env.AWS_ENDPOINT_URL_STS,
    requestHandler: {
      httpsAgent: new https.Agent({ ca: fs.readFileSync(sim.env.NODE_EXTRA_CA_CERTS, "utf8") }),
    },
  });
  try {
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
        RoleSessionName: session,
        WebIdentityToken: token,
      }),
    );
    const c = out.Credentials!;
    return {
      AWS_ACCESS_KEY_ID: c.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!,
      AWS_SESSION_TOKEN: c.SessionToken!,
    };
  } finally {
    sts.destroy();
  }
}

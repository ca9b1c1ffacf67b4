// The simulator's contract end to end, as a workflow would use it: start `npm run sim`, take ONLY the
// variables it exports, install tctl/tbot with the bundled action from the simulator's mirror, create a
// workload cluster with the admin identity and watch it go creating -> active, join its child with tbot
// (IAM, with AWS credentials from the GitHub OIDC token endpoint and STS), create a role there with the
// joined identity, and see the second create fail exactly as tctl does (B1); then drive
// the control operations the role and user sync's tests use, over the exported control URL.
// Each test sets up what it needs through the memoised steps below (install, an active cluster, AWS
// credentials, a joined child), so any test also runs on its own.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import * as path from "node:path";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionRunner, REPO_ROOT } from "../support/action-runner.js";
import { SIM_CONTRACT_ENV } from "../support/sim-contract.js";

/**
 * The contract's names plus those test/support/sim-contract.ts does not list yet: the parent bot's IAM
 * join token (test/sim/index.ts SIM_ENV_BEYOND_CONTRACT).
 */
const CONTRACT = [...new Set<string>([...SIM_CONTRACT_ENV, "TELEPORT_SIM_PARENT_IAM_TOKEN"])];

const RED_ERROR = "\x1b[31mERROR: \x1b[0m";
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SIM_DELAY_MS = 3000;
const CLUSTER = "contract";
const BOT = "contract-sync";
const ROLE = "contract-dev";

interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an executable with exactly the given environment, bounded by a timeout. */
function run(file: string, args: string[], env: Record<string, string>, timeoutMs = 30_000) {
  return new Promise<ToolResult>((resolve, reject) => {
    const child = spawn(file, args, { env, cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `export NAME='value'` lines (POSIX single quoting, as `eval` would read them). */
function parseExports(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split("\n").filter(Boolean)) {
    const m = /^export ([A-Z_][A-Z0-9_]*)=('(?:[^']|'\\'')*')$/.exec(line);
    if (!m) throw new Error(`not an export line: ${JSON.stringify(line)}`);
    out[m[1]!] = m[2]!.slice(1, -1).split(`'\\''`).join("'");
  }
  return out;
}

/** HTTPS GET trusting the CA file the simulator exports as NODE_EXTRA_CA_CERTS. */
function httpsGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      { ca: fs.readFileSync(env.NODE_EXTRA_CA_CERTS!, "utf8"), headers, timeout: 5000 },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => {
          body += d.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}

let simProcess: ChildProcess;
let simExited: Promise<number | null>;
let simStdout = "";
let simStderr = "";
/** The variables `npm run sim` exported: the only thing the steps below know about the simulator. */
let env: Record<string, string> = {};
let work: string;
let runner: ActionRunner;

/** A workflow step's environment: PATH (for the stand-ins' `#!/usr/bin/env node`), HOME, the CA for Go. */
const toolEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  SSL_CERT_FILE: env.SSL_CERT_FILE!,
  ...extra,
});

const simDiagnostics = () => `npm run sim stderr:\n${simStderr}`;

beforeAll(async () => {
  // `npm run sim -- --delay 3000` (`npm run sim` is `tsx test/sim/cli.ts`), from the repository root. The
  // delay gives `creating` a window wider than a tctl start-up on a loaded machine (the default 1 s is not:
  // under parallel test files the first `get` can come after the cluster is already active).
  simProcess = spawn(
    process.execPath,
    ["--import", "tsx", "test/sim/cli.ts", "--delay", String(SIM_DELAY_MS)],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  simExited = new Promise((resolve) => simProcess.once("exit", (code) => resolve(code)));
  simProcess.stdout!.on("data", (d: Buffer) => {
    simStdout += d.toString();
  });
  simProcess.stderr!.on("data", (d: Buffer) => {
    simStderr += d.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!/ready in \d+ ms/.test(simStderr) && simProcess.exitCode === null && Date.now() < deadline) {
    await sleep(25);
  }
  if (!/ready in \d+ ms/.test(simStderr)) throw new Error(`npm run sim did not start. ${simDiagnostics()}`);
  // stdout and stderr are separate pipes: let the export lines (written before the ready line) arrive.
  const settle = Date.now() + 2000;
  const complete = () =>
    simStdout.endsWith("\n") && CONTRACT.every((name) => simStdout.includes(`export ${name}=`));
  while (!complete() && Date.now() < settle) await sleep(10);
  env = parseExports(simStdout);
  runner = new ActionRunner({ env });
  work = fs.mkdtempSync(path.join(runner.root, "workflow-"));
});

afterAll(async () => {
  if (simProcess && simProcess.exitCode === null && simProcess.signalCode === null) {
    simProcess.kill("SIGTERM");
    const timer = setTimeout(() => simProcess.kill("SIGKILL"), 10_000);
    await simExited;
    clearTimeout(timer);
  }
  runner?.cleanup();
});

// ---------------------------------------------------------------------------------------------------
// Steps, each run once and shared by every test that needs it.

type AwsEnv = { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_SESSION_TOKEN: string };
type Cluster = { metadata: { name: string }; status?: { state?: string; domain?: string } };

const once = <T>(fn: () => Promise<T>): (() => Promise<T>) => {
  let result: Promise<T> | undefined;
  return () => {
    result ??= fn();
    return result;
  };
};

/** install mode from the simulator's mirror: the step, tctl and tbot. */
const installed = once(async () => {
  const step = await runner.runMain({
    mode: "install",
    proxy: env.TELEPORT_SIM_PROXY!,
    "teleport-mirror": env.TELEPORT_SIM_MIRROR!,
  });
  return { step, tctl: step.outputs["tctl-path"] ?? "", tbot: step.outputs["tbot-path"] ?? "" };
});

const adminFlags = () => ["--auth-server", env.TELEPORT_SIM_PROXY!, "-i", env.TELEPORT_SIM_ADMIN_IDENTITY!];

/** Creates the workload cluster with tctl and polls until active, recording the states seen. */
const activeCluster = once(async () => {
  const { tctl } = await installed();
  const account = env.TELEPORT_SIM_AWS_ACCOUNT!;
  const roleName = env.TELEPORT_SIM_AWS_ROLE_ARN!.split(":role/")[1];
  const manifest = path.join(work, "workload-cluster.yaml");
  fs.writeFileSync(
    manifest,
    [
      "kind: workload_cluster",
      "version: v1",
      "metadata:",
      `  name: ${CLUSTER}`,
      "spec:",
      "  regions:",
      `    - name: ${env.AWS_REGION}`,
      "  bot:",
      `    name: ${BOT}`,
      "  token:",
      "    join_method: iam",
      "    allow:",
      `      - aws_account: "${account}"`,
      `        aws_arn: "arn:aws:sts::${account}:assumed-role/${roleName}/*"`,
      "",
    ].join("\n"),
  );
  const created = await run(tctl, [...adminFlags(), "create", manifest], toolEnv());
  const createdAt = Date.now();
  const states: (string | undefined)[] = [];
  const gets: ToolResult[] = [];
  let firstGetMs: number | undefined;
  let last: Cluster | undefined;
  const deadline = Date.now() + 20_000;
  while (created.code === 0 && Date.now() < deadline) {
    const got = await run(
      tctl,
      [...adminFlags(), "get", `workload_cluster/${CLUSTER}`, "--format=json"],
      toolEnv(),
    );
    firstGetMs ??= Date.now() - createdAt;
    gets.push(got);
    if (got.code !== 0 || got.stderr !== "") break;
    const list = JSON.parse(got.stdout) as Cluster[];
    last = list[0];
    if (list.length !== 1 || !last) break;
    if (states.at(-1) !== last.status?.state || !states.length) states.push(last.status?.state);
    if (last.status?.state === "active") break;
    await sleep(100);
  }
  return { created, gets, states, firstGetMs, last, domain: last?.status?.domain ?? "" };
});

/** AWS credentials from the GitHub OIDC token endpoint and STS AssumeRoleWithWebIdentity. */
const awsCredentials = once(async () => {
  const res = await httpsGet(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`, {
    Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
  });
  const token = res.status === 200 ? (JSON.parse(res.body) as { value: string }).value : "";
  const sts = new STSClient({
    region: env.AWS_REGION!,
    endpoint: env.AWS_ENDPOINT_URL_STS!,
    requestHandler: {
      httpsAgent: new https.Agent({ ca: fs.readFileSync(env.NODE_EXTRA_CA_CERTS!, "utf8") }),
    },
  });
  try {
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: env.TELEPORT_SIM_AWS_ROLE_ARN!,
        RoleSessionName: "gha-contract",
        WebIdentityToken: token,
      }),
    );
    const c = out.Credentials!;
    const aws: AwsEnv = {
      AWS_ACCESS_KEY_ID: c.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!,
      AWS_SESSION_TOKEN: c.SessionToken!,
    };
    return { tokenStatus: res.status, token, assumedArn: out.AssumedRoleUser?.Arn, aws };
  } finally {
    sts.destroy();
  }
});

/** tbot joins the child with IAM: first signed for the simulator's STS (refused), then for AWS. */
const joinedChild = once(async () => {
  const [{ tbot }, cluster, { aws }] = await Promise.all([installed(), activeCluster(), awsCredentials()]);
  const dir = path.join(work, "child-identity");
  const config = path.join(work, "tbot-child.yaml");
  fs.writeFileSync(
    config,
    [
      "version: v2",
      "oneshot: true",
      `proxy_server: ${cluster.domain}`,
      "onboarding:",
      "  join_method: iam",
      `  token: ${BOT}`,
      "storage:",
      "  type: memory",
      "services:",
      "  - type: identity",
      "    destination:",
      "      type: directory",
      `      path: ${dir}`,
      "",
    ].join("\n"),
  );
  const botEnv = { ...aws, AWS_REGION: env.AWS_REGION! };
  const redirected = await run(
    tbot,
    ["start", "-c", config],
    toolEnv({ ...botEnv, AWS_ENDPOINT_URL_STS: env.AWS_ENDPOINT_URL_STS! }),
  );
  const identityAfterRefusal = fs.existsSync(path.join(dir, "identity"));
  const joined = await run(tbot, ["start", "-c", config], toolEnv(botEnv));
  return {
    redirected,
    identityAfterRefusal,
    joined,
    identity: path.join(dir, "identity"),
    domain: cluster.domain,
  };
});

/** The control API at the exported URL. */
async function control<T>(
  operation: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${env.TELEPORT_SIM_CONTROL}/${operation}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

describe("npm run sim, used as a workflow uses it", () => {
  it("prints an export line for every contract name and never TELEPORT_PROXY or TELEPORT_AUTH_SERVER", () => {
    const lines = simStdout.trim().split("\n");
    for (const line of lines) expect(line).toMatch(/^export [A-Z_][A-Z0-9_]*='[^']*'$/);
    expect(Object.keys(env).sort()).toEqual([...CONTRACT].sort());
    expect(lines).toHaveLength(CONTRACT.length);
    for (const name of CONTRACT) expect(env[name], name).not.toBe("");
    expect(simStdout).not.toMatch(/\bTELEPORT_PROXY\b|\bTELEPORT_AUTH_SERVER\b/);
  });

  it("install mode installs the tctl and tbot stand-ins from the simulator's mirror", async () => {
    const { step, tctl, tbot } = await installed();
    expect(step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    expect(step.outputs["teleport-version"]).toBe(env.TELEPORT_SIM_VERSION);
    expect(step.outputs["cache-hit"]).toBe("false");
    expect(step.stdout).toContain(
      `Downloading ${env.TELEPORT_SIM_MIRROR!.replace(/\/$/, "")}/teleport-ent-v`,
    );
    for (const tool of [tctl, tbot]) {
      expect(path.isAbsolute(tool)).toBe(true);
      expect(step.path).toContain(path.dirname(tool));
      const version = await run(tool, ["version"], toolEnv());
      expect(version.code).toBe(0);
      expect(version.stdout).toContain(`Teleport Enterprise v${env.TELEPORT_SIM_VERSION} `);
    }
  });

  it("with the admin identity, tctl lists workload clusters as a JSON array", async () => {
    const { tctl } = await installed();
    const got = await run(tctl, [...adminFlags(), "get", "workload_cluster", "--format=json"], toolEnv());
    expect(got.stderr).toBe("");
    expect(got.code).toBe(0);
    expect(Array.isArray(JSON.parse(got.stdout))).toBe(true);
  });

  it("a created workload cluster goes creating -> active, seen with get workload_cluster/NAME", async () => {
    const { created, gets, states, firstGetMs, last } = await activeCluster();
    expect(created).toEqual({
      code: 0,
      stdout: `workload cluster "${CLUSTER}" has been created\n`,
      stderr: "",
    });
    const seen = `after states ${JSON.stringify(states)}: ${JSON.stringify(gets.at(-1))}\n${simDiagnostics()}`;
    for (const got of gets) {
      expect(got.stderr, seen).toBe("");
      expect(got.code, seen).toBe(0);
    }
    expect(last?.metadata.name).toBe(CLUSTER);
    // No status at first is allowed; then creating, then active -- nothing else, in this order.
    expect(
      states.filter((s) => s !== undefined),
      `first get ${firstGetMs} ms after create (simulated delay ${SIM_DELAY_MS} ms): ${JSON.stringify(last)}`,
    ).toEqual(["creating", "active"]);
    expect(states.indexOf(undefined)).toBeLessThanOrEqual(0);
    expect(last?.status?.domain).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("AWS credentials come from the GitHub OIDC token endpoint and STS AssumeRoleWithWebIdentity", async () => {
    const { tokenStatus, token, assumedArn, aws } = await awsCredentials();
    expect(tokenStatus).toBe(200);
    expect(token.split(".")).toHaveLength(3);
    const roleName = env.TELEPORT_SIM_AWS_ROLE_ARN!.split(":role/")[1];
    expect(assumedArn).toBe(
      `arn:aws:sts::${env.TELEPORT_SIM_AWS_ACCOUNT}:assumed-role/${roleName}/gha-contract`,
    );
    for (const v of Object.values(aws)) expect(v).toBeTruthy();
  });

  it("tbot joins the child with IAM and writes an identity; signed for the simulator's STS it is refused", async () => {
    const { redirected, identityAfterRefusal, joined, identity } = await joinedChild();
    const { aws } = await awsCredentials();
    // Teleport only accepts AWS STS hosts: a request signed for AWS_ENDPOINT_URL_STS is refused.
    expect(redirected.code).toBe(1);
    expect(stripAnsi(redirected.stderr)).toMatch(/ERROR: .*unknown STS host/);
    expect(identityAfterRefusal).toBe(false);
    expect(joined.stderr).not.toContain("ERROR");
    expect(joined.code).toBe(0);
    for (const secret of [aws.AWS_SECRET_ACCESS_KEY, aws.AWS_SESSION_TOKEN]) {
      expect(joined.stdout + joined.stderr + redirected.stderr).not.toContain(secret);
    }
    expect(fs.statSync(identity).mode & 0o777).toBe(0o600);
  });

  it("with the joined identity tctl creates a role in the child; again without -f it fails as tctl does", async () => {
    const [{ tctl }, { identity, domain }] = await Promise.all([installed(), joinedChild()]);
    const roleFile = path.join(work, "role.yaml");
    fs.writeFileSync(
      roleFile,
      [
        "kind: role",
        "version: v7",
        "metadata:",
        `  name: ${ROLE}`,
        "spec:",
        "  allow:",
        "    logins: [dev]",
        "",
      ].join("\n"),
    );
    const child = ["--auth-server", domain, "-i", identity];
    const first = await run(tctl, [...child, "create", roleFile], toolEnv());
    expect(first).toEqual({ code: 0, stdout: `role "${ROLE}" has been created\n`, stderr: "" });

    const again = await run(tctl, [...child, "create", roleFile], toolEnv());
    expect(again.code).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr.startsWith(RED_ERROR)).toBe(true);
    expect(stripAnsi(again.stderr)).toBe(
      `ERROR: use -f or --force flag to overwrite\n\trole "${ROLE}" already exists\n`,
    );
  });

  it("the control URL serves the sync's operations: invite links, signup, bot verbs, defaults, bulk seeding", async () => {
    const [{ tctl }, { identity, domain }] = await Promise.all([installed(), joinedChild()]);
    const ops = (await (await fetch(`${env.TELEPORT_SIM_CONTROL}/`)).json()) as { operations: string[] };
    expect(ops.operations).toEqual(
      expect.arrayContaining([
        "users/complete-signup",
        "user-tokens/list",
        "child-bot-verbs",
        "defaults/change",
        "resources/bulk-upsert",
      ]),
    );
    const child = ["--auth-server", domain, "-i", identity];
    const added = await run(
      tctl,
      [...child, "users", "add", "contract-user", "--roles", "access"],
      toolEnv(),
    );
    expect(added.code, added.stderr).toBe(0);
    const tokens = await control<{ tokens: { spec: { url: string } }[] }>("user-tokens/list", {
      cluster: CLUSTER,
      name: "contract-user",
    });
    expect(tokens.json.tokens).toHaveLength(1);
    expect(added.stdout).toContain(tokens.json.tokens[0]!.spec.url);
    const signup = await control<{ status: unknown }>("users/complete-signup", {
      cluster: CLUSTER,
      name: "contract-user",
      mfa: "webauthn",
    });
    expect(signup.json.status).toEqual({ password_state: 2, mfa_weakest_device: 3 });

    const denied = await run(tctl, [...child, "get", "users", "--format=json"], toolEnv());
    expect(stripAnsi(denied.stderr)).toBe(
      'ERROR: getting resource "" of type "user"\n\taccess denied to perform action "list" on "user"\n',
    );
    expect(
      (await control("child-bot-verbs", { cluster: CLUSTER, verbs: ["create", "read", "update", "list"] }))
        .status,
    ).toBe(200);
    const seeded = await control<{ count: number }>("resources/bulk-upsert", {
      cluster: CLUSTER,
      kind: "user",
      resources: [{ kind: "user", version: "v2", metadata: { name: "bulk-1" }, spec: { roles: ["access"] } }],
    });
    expect(seeded.json).toEqual({ count: 1 });
    const listed = await run(tctl, [...child, "get", "users", "--format=json"], toolEnv());
    expect(listed.stderr).toBe("");
    const names = (JSON.parse(listed.stdout) as { metadata: { name: string } }[]).map((u) => u.metadata.name);
    expect(names).toEqual(expect.arrayContaining(["bulk-1", "contract-user", `bot-${BOT}`]));

    const before = await run(tctl, [...child, "get", `role/${BOT}`, "--format=json"], toolEnv());
    expect(
      (
        await control("defaults/change", {
          cluster: CLUSTER,
          role_options: { device_trust_mode: "optional" },
        })
      ).status,
    ).toBe(200);
    const after = await run(tctl, [...child, "get", `role/${BOT}`, "--format=json"], toolEnv());
    const [b, a] = [JSON.parse(before.stdout)[0], JSON.parse(after.stdout)[0]];
    expect(a.metadata.revision).toBe(b.metadata.revision);
    expect(a.spec.options.device_trust_mode).toBe("optional");
  });

  it("npm run sim exits 0 on SIGTERM, closes its proxy port and removes its temp dir", async () => {
    const dir = path.dirname(env.TELEPORT_SIM_ADMIN_IDENTITY!);
    expect(fs.existsSync(dir)).toBe(true);
    simProcess.kill("SIGTERM");
    const timer = setTimeout(() => simProcess.kill("SIGKILL"), 15_000);
    const code = await simExited;
    clearTimeout(timer);
    expect(code, simDiagnostics()).toBe(0);
    expect(fs.existsSync(dir)).toBe(false);
    const [host, port] = env.TELEPORT_SIM_PROXY!.split(":");
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

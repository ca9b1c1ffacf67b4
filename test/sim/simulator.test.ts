// startSimulator() and the CLI as a whole: the export contract, the files it writes, the control API over
// HTTP, the AWS/OIDC wiring and clean teardown. Facts: B25 (identity file
// layout), B29 (ACTIONS_ID_TOKEN_REQUEST_*) and the export contract.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CONTRACT_ENV } from "../support/sim-contract.js";
import { parseArgs, shellQuote } from "./cli.js";
import { SIM_ENV_BEYOND_CONTRACT, type Simulator, startSimulator } from "./index.js";
import { workloadClusterServiceDefinition } from "./parent/parent.js";
import { createUnaryClient } from "./proxy/proxy.js";

/** The contract's names plus those test/support does not list yet. */
const CONTRACT = [...new Set<string>([...SIM_CONTRACT_ENV, ...SIM_ENV_BEYOND_CONTRACT])];

let sim: Simulator;

function httpsGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      { ca: readFileSync(sim.env.NODE_EXTRA_CA_CERTS, "utf8"), headers, timeout: 3000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

function refused(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.replace(/^\w+:\/\//, "").split(/[:/]/);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), host ?? "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

beforeAll(async () => {
  sim = await startSimulator({
    delayMs: 50,
    repository: "acme/infra",
    mirror: async () => ({ url: "https://127.0.0.1:1/mirror", stop: async () => {} }),
  });
});

afterAll(async () => {
  await sim?.stop();
});

describe("export contract", () => {
  it("exports exactly the contract's names, never TELEPORT_PROXY or TELEPORT_AUTH_SERVER", () => {
    expect(Object.keys(sim.env).sort()).toEqual([...CONTRACT].sort());
    expect(sim.env).not.toHaveProperty("TELEPORT_PROXY");
    expect(sim.env).not.toHaveProperty("TELEPORT_AUTH_SERVER");
    expect(sim.env.TELEPORT_SIM_PROXY).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(sim.env.TELEPORT_SIM_REPOSITORY).toBe("acme/infra");
    expect(sim.env.TELEPORT_SIM_MIRROR).toBe("https://127.0.0.1:1/mirror");
    expect(sim.env.TELEPORT_SIM_AWS_ROLE_ARN).toBe(
      `arn:aws:iam::${sim.env.TELEPORT_SIM_AWS_ACCOUNT}:role/teleport-workload-sync`,
    );
    expect(sim.env.SSL_CERT_FILE).toBe(sim.env.NODE_EXTRA_CA_CERTS);
    expect(sim.startupMs).toBeGreaterThan(0);
  });

  it("writes the admin identity file in Teleport's block order with mode 0600 (fact: B25)", async () => {
    const file = sim.env.TELEPORT_SIM_ADMIN_IDENTITY;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines[0]).toBe("-----BEGIN PRIVATE KEY-----");
    const certLine = lines.findIndex((l) => l.startsWith("ecdsa-sha2-nistp256-cert-v01@openssh.com "));
    const tlsCert = lines.indexOf("-----BEGIN CERTIFICATE-----");
    const caLine = lines.findIndex((l) => l.startsWith("@cert-authority "));
    const hostCa = lines.lastIndexOf("-----BEGIN CERTIFICATE-----");
    expect(certLine).toBeGreaterThan(0);
    expect(tlsCert).toBeGreaterThan(certLine);
    expect(caLine).toBeGreaterThan(tlsCert);
    expect(hostCa).toBeGreaterThan(caLine);
    expect(lines[caLine]).toMatch(
      /^@cert-authority sim-tenant\.teleport\.sh,\*\.sim-tenant\.teleport\.sh ecdsa-sha2-nistp256 \S+ type=host$/,
    );
    expect(readFileSync(file, "utf8")).toContain(sim.parent.cluster.hostCa.certPem.trim());
    // The admin bot's role grants the workload_cluster verbs.
    const client = createUnaryClient(workloadClusterServiceDefinition(), {
      address: sim.env.TELEPORT_SIM_PROXY,
      clusterName: sim.parent.cluster.name,
      caPems: sim.admin.tlsCaPems,
      certPem: sim.admin.tlsCertPem,
      keyPem: sim.admin.keyPem,
    });
    try {
      await expect(client.call("ListWorkloadClusters", {})).resolves.toBeDefined();
    } finally {
      client.close();
    }
  });

  it("serves discovery with a certificate the exported CA file trusts", async () => {
    const res = await httpsGet(`https://${sim.env.TELEPORT_SIM_PROXY}/webapi/find`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      cluster_name: "sim-tenant.teleport.sh",
      server_version: sim.env.TELEPORT_SIM_VERSION,
    });
  });

  it("hands out a GitHub ID token at ACTIONS_ID_TOKEN_REQUEST_URL that the STS at AWS_ENDPOINT_URL_STS accepts", async () => {
    const res = await httpsGet(`${sim.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`, {
      Authorization: `Bearer ${sim.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
      Accept: "application/json; api-version=2.0",
    });
    expect(res.status).toBe(200);
    const token = JSON.parse(res.body).value as string;
    const sts = new STSClient({
      region: sim.env.AWS_REGION,
      endpoint: sim.env.AWS_ENDPOINT_URL_STS,
      requestHandler: {
        httpsAgent: new https.Agent({ ca: readFileSync(sim.env.NODE_EXTRA_CA_CERTS, "utf8") }),
      },
    });
    try {
      const out = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
          RoleSessionName: "gha",
          WebIdentityToken: token,
        }),
      );
      expect(out.AssumedRoleUser?.Arn).toBe(
        `arn:aws:sts::${sim.env.TELEPORT_SIM_AWS_ACCOUNT}:assumed-role/teleport-workload-sync/gha`,
      );
      expect(sim.secrets()).toContain(out.Credentials?.SecretAccessKey);
      expect(sim.secrets()).toContain(token);
    } finally {
      sts.destroy();
    }
  });
});

describe("control API over HTTP", () => {
  it("lists operations, changes settings, advances the clock and reports unknown operations", async () => {
    const base = sim.env.TELEPORT_SIM_CONTROL;
    const ops = (await (await fetch(`${base}/`)).json()) as { operations: string[] };
    expect(ops.operations).toEqual(
      expect.arrayContaining([
        "delay",
        "force-state",
        "fail",
        "drop-response",
        "hold",
        "release",
        "cache-lag",
        "child-listen-delay",
        "entitlement",
        "mfa",
        "clock/advance",
        "calls",
        "resources/upsert",
        "resources/bulk-upsert",
        "resources/page-size",
        "users/complete-signup",
        "user-tokens/list",
        "child-bot-verbs",
        "defaults/change",
        "unknown-fields",
      ]),
    );
    const post = (op: string, body: unknown) =>
      fetch(`${base}/${op}`, { method: "POST", body: JSON.stringify(body) });
    expect(await (await post("delay", { ms: 1234 })).json()).toEqual({ delayMs: 1234 });
    expect(sim.settings.delayMs).toBe(1234);
    const before = sim.clock.nowMs();
    await post("clock/advance", { ms: 86_400_000 });
    expect(sim.clock.nowMs() - before).toBeGreaterThanOrEqual(86_400_000);
    expect((await post("fail", { method: "GetWorkloadCluster", code: "NotFound" })).status).toBe(200);
    expect(sim.gate.failRules.at(-1)).toMatchObject({ method: "GetWorkloadCluster", code: 5, count: 1 });
    sim.gate.failRules.length = 0;
    const unknown = await post("no-such-op", {});
    expect(unknown.status).toBe(404);
    expect((await post("delay", { ms: -1 })).status).toBe(400);
    sim.settings.delayMs = 50;
  });
});

describe("teardown", () => {
  it("closes every port and removes the temp dir", async () => {
    const other = await startSimulator({ delayMs: 0 });
    const dir = other.dir;
    const ports = [
      other.env.TELEPORT_SIM_PROXY,
      other.env.TELEPORT_SIM_CONTROL,
      other.env.AWS_ENDPOINT_URL_STS,
    ];
    expect(existsSync(other.env.TELEPORT_SIM_ADMIN_IDENTITY)).toBe(true);
    const open = net.connect(Number(other.env.TELEPORT_SIM_PROXY.split(":")[1]), "127.0.0.1");
    await new Promise((r) => open.once("connect", r));
    const closed = new Promise((r) => open.once("close", r));
    await other.stop();
    await other.stop(); // idempotent
    await closed;
    expect(existsSync(dir)).toBe(false);
    for (const p of ports) expect(await refused(p)).toBe(true);
  });
});

describe("CLI", () => {
  it("parses its options and quotes values for the shell", () => {
    expect(
      parseArgs([
        "--repository",
        "o/r",
        "--delay=250",
        "--version",
        "v17.1.0",
        "--child-bot-verbs",
        "create,read,list",
        "--rtt",
        "70",
        "--tool-startup=50",
      ]),
    ).toEqual({
      repository: "o/r",
      delayMs: 250,
      version: "17.1.0",
      childBotVerbs: ["create", "read", "list"],
      distance: { rttMs: 70, tctlStartupMs: 50, tbotStartupMs: 50 },
    });
    expect(() => parseArgs(["--delay", "soon"])).toThrow(/non-negative integer/);
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option/);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it("prints export lines, reports the start-up time and stops cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/sim/cli.ts", "--delay", "100", "--repository", "x/y"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/ready in \d+ ms/.test(stderr) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(CONTRACT.length);
    for (const line of lines) expect(line).toMatch(/^export [A-Z_]+='[^']*'$/);
    expect(stdout).toContain("export TELEPORT_SIM_REPOSITORY='x/y'\n");
    const dir = /TELEPORT_SIM_ADMIN_IDENTITY='([^']+)\/admin-identity'/.exec(stdout)?.[1] ?? "";
    expect(existsSync(dir)).toBe(true);
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    expect(existsSync(dir)).toBe(false);
  });
});

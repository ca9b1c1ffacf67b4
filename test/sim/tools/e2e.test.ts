// The stand-ins end to end against startSimulator(): the built executables (and, for detailed cases, the
// same code in-process) joining, reading and writing over the simulator's TLS-routing proxy.
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleRole } from "../cluster/cluster.js";
import { formatIdentityFile } from "../cluster/identity.js";
import { AWS_ACCOUNT, AWS_REGION, AWS_ROLE_NAME, type Simulator, startSimulator } from "../index.js";
import { decodeIdentityFile } from "./common/identity.js";
import { baseEnv, installTools, plain, runExecutable, runInProcess, type ToolResult } from "./harness.js";

const ERROR = "\x1b[31mERROR: \x1b[0m";

describe("tctl and tbot stand-ins against the simulator", () => {
  let sim: Simulator;
  let tools: Awaited<ReturnType<typeof installTools>>;
  let work: string;
  let adminIdentity: string;
  let roleAdminIdentity: string;

  const env = (extra: Record<string, string | undefined> = {}) =>
    baseEnv({ SSL_CERT_FILE: sim.env.SSL_CERT_FILE, TELEPORT_TOOLS_VERSION: "off", ...extra });
  const proxy = () => sim.env.TELEPORT_SIM_PROXY;

  /** tctl as the built executable, with the given identity against the parent proxy. */
  const tctlBin = (identity: string, args: string[], input?: string): Promise<ToolResult> =>
    runExecutable(tools.tctl, ["-i", identity, "--auth-server", proxy(), ...args], {
      env: env(),
      cwd: work,
      ...(input !== undefined ? { input } : {}),
    });
  const tctl = (identity: string, args: string[], input?: string, addr = proxy()): Promise<ToolResult> =>
    runInProcess("tctl", [...args, `--identity=${identity}`, `--auth-server=${addr}`], {
      env: env(),
      cwd: work,
      ...(input !== undefined ? { input } : {}),
    });

  beforeAll(async () => {
    [sim, tools] = await Promise.all([
      startSimulator({ delayMs: 0, mfaRequired: false }),
      installTools({ version: "17.3.4", edition: "ent" }),
    ]);
    work = tools.dir;
    adminIdentity = sim.env.TELEPORT_SIM_ADMIN_IDENTITY;
    // A parent user allowed to manage roles and users (the admin bot only has workload_cluster verbs).
    sim
      .findCluster("parent")!
      .put(ruleRole("role-manager", ["role", "user"], ["read", "list", "create", "update", "delete"]));
    const roleAdmin = await sim.issueUserIdentity("parent", "alice", ["role-manager"]);
    roleAdminIdentity = join(work, "alice-identity");
    await writeFile(roleAdminIdentity, formatIdentityFile(roleAdmin), { mode: 0o600 });
  });

  afterAll(async () => {
    await sim?.stop();
    if (tools) await rm(tools.dir, { recursive: true, force: true });
  });

  const tbotConfig = (fields: { proxy: string; joinMethod: string; token: string; dir: string }) =>
    [
      "version: v2",
      `proxy_server: ${fields.proxy}`,
      "oneshot: true",
      "onboarding:",
      `  join_method: ${fields.joinMethod}`,
      `  token: ${fields.token}`,
      "storage:",
      "  type: memory",
      "services:",
      "  - type: identity",
      "    destination:",
      "      type: directory",
      `      path: ${fields.dir}`,
      "",
    ].join("\n");

  it("tbot joins the parent with GitHub and writes the identity service files (fact: B24, B25, B29)", async () => {
    const dir = join(work, "parent-bot");
    const config = join(work, "tbot-parent.yaml");
    await writeFile(
      config,
      tbotConfig({ proxy: proxy(), joinMethod: "github", token: sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN, dir }),
    );
    const result = await runExecutable(tools.tbot, ["start", "-c", config], {
      env: env({
        ACTIONS_ID_TOKEN_REQUEST_URL: sim.env.ACTIONS_ID_TOKEN_REQUEST_URL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: sim.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      }),
      cwd: work,
    });
    expect(result.stderr).not.toContain("ERROR");
    expect(result.code).toBe(0);
    const files = (await readdir(dir)).sort();
    for (const name of [
      "identity",
      "tlscert",
      "key",
      "key.pub",
      "key-cert.pub",
      "teleport-host-ca.crt",
      "known_hosts",
      "ssh_config",
    ]) {
      expect(files).toContain(name);
    }
    expect((await stat(join(dir, "identity"))).mode & 0o777).toBe(0o600);
    const identity = decodeIdentityFile(await readFile(join(dir, "identity"), "utf8"));
    expect(identity.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(identity.sshCert).toMatch(/^ecdsa-sha2-nistp256-cert-v01@openssh\.com /);
    expect(identity.sshCaLines[0]).toMatch(/^@cert-authority /);
    expect(identity.tlsCaPems.length).toBeGreaterThan(0);
    for (const secret of sim.secrets()) expect(result.stdout + result.stderr).not.toContain(secret);

    // The identity tbot wrote works for tctl against the same proxy (fact: B14 guide flow).
    const get = await tctlBin(join(dir, "identity"), ["get", "workload_clusters", "--format=json"]);
    expect(get.stderr).toBe("");
    expect(get.stdout).toBe("[]\n");
  });

  it("tbot refuses TELEPORT_AUTH_SERVER set alongside its config (fact: B10 last bullet)", async () => {
    const config = join(work, "tbot-env.yaml");
    await writeFile(
      config,
      tbotConfig({ proxy: proxy(), joinMethod: "github", token: "x", dir: join(work, "unused") }),
    );
    const result = await runInProcess("tbot", ["start", "--config", config], {
      env: env({ TELEPORT_AUTH_SERVER: proxy() }),
      cwd: work,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${ERROR}--auth-server (environment variable TELEPORT_AUTH_SERVER) cannot be used`,
    );
  });

  it("tbot's GitHub join fails without the Actions token variables (fact: B29)", async () => {
    const config = join(work, "tbot-nogh.yaml");
    await writeFile(
      config,
      tbotConfig({ proxy: proxy(), joinMethod: "github", token: "x", dir: join(work, "unused") }),
    );
    const result = await runInProcess("tbot", ["start", "-c", config], { env: env(), cwd: work });
    expect(result.code).toBe(1);
    expect(
      result.stderr.endsWith(`${ERROR}ACTIONS_ID_TOKEN_REQUEST_URL environment variable missing\n`),
    ).toBe(true);
  });

  it("tbot rejects unknown config keys with the line number", async () => {
    const config = join(work, "tbot-unknown.yaml");
    await writeFile(config, `version: v2\nproxy_server: ${proxy()}\nproxy_serverr: x\n`);
    const result = await runInProcess("tbot", ["start", "-c", config], { env: env(), cwd: work });
    expect(result.code).toBe(1);
    expect(plain(result.stderr)).toContain(
      "ERROR: yaml: unmarshal errors:\n  line 3: field proxy_serverr not found in type config.BotConfig\n",
    );
  });

  it("tctl get workload_cluster --format=json prints a JSON array; YAML prints [] without newline (fact: B5)", async () => {
    const json = await tctlBin(adminIdentity, ["get", "workload_cluster", "--format=json"]);
    expect(json).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
    const yaml = await tctl(adminIdentity, ["get", "workload_clusters"]);
    expect(yaml).toEqual({ code: 0, stdout: "[]", stderr: "" });
  });

  it("tctl creates a workload cluster and shows its status with protojson field names (fact: B16)", async () => {
    const manifest = [
      "kind: workload_cluster",
      "version: v1",
      "metadata:",
      "  name: child",
      "spec:",
      "  regions:",
      "  - name: us-west-2",
      "  bot:",
      "    name: sync-bot",
      "  token:",
      "    join_method: iam",
      "    allow:",
      `    - aws_account: "${AWS_ACCOUNT}"`,
      `      aws_arn: arn:aws:sts::${AWS_ACCOUNT}:assumed-role/${AWS_ROLE_NAME}/*`,
      "",
    ].join("\n");
    const created = await tctlBin(adminIdentity, ["create"], manifest);
    expect(created).toEqual({ code: 0, stdout: 'workload cluster "child" has been created\n', stderr: "" });

    const again = await tctl(adminIdentity, ["create"], manifest);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `${ERROR}use -f or --force flag to overwrite\n\tworkload_cluster "child" already exists\n`,
    );

    const forced = await tctl(adminIdentity, ["create", "-f"], manifest);
    expect(forced).toEqual({ code: 0, stdout: 'workload cluster "child" has been created\n', stderr: "" });

    let cluster:
      | { spec: { token: { join_method: string } }; status?: { state?: string; domain?: string } }
      | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const got = await tctl(adminIdentity, ["get", "workload_cluster/child", "--format=json"]);
      expect(got.code).toBe(0);
      const list = JSON.parse(got.stdout) as (typeof cluster)[];
      expect(list).toHaveLength(1);
      cluster = list[0];
      if (cluster?.status?.state === "active") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cluster?.spec.token.join_method).toBe("iam");
    expect(cluster?.status?.state).toBe("active");
    expect(cluster?.status?.domain).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("tctl get of a missing workload cluster wraps the server error (fact: B7)", async () => {
    const result = await tctl(adminIdentity, ["get", "workload_cluster/nope"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${ERROR}getting resource "nope" of type "workload_cluster"\n\tworkload_cluster "nope" doesn't exist\n`,
    );
  });

  it("tbot joins a child with IAM and the identity manages roles there (fact: B28)", async () => {
    const child = await sim.child("child");
    expect(child).toBeDefined();
    const token = await sim.issuer.mint({ ...sim.issuer.defaultClaims }, "sts.amazonaws.com");
    const creds = await sim.sts.assumeRoleWithWebIdentity({
      roleArn: sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
      roleSessionName: "gha-run-1",
      webIdentityToken: token,
    });
    const aws = {
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken,
      AWS_REGION,
    };
    const dir = join(work, "child-bot");
    const config = join(work, "tbot-child.yaml");
    await writeFile(config, tbotConfig({ proxy: child!.address, joinMethod: "iam", token: "sync-bot", dir }));
    const joined = await runExecutable(tools.tbot, ["start", "-c", config], { env: env(aws), cwd: work });
    expect(joined.stderr).not.toContain("ERROR");
    expect(joined.code).toBe(0);
    for (const secret of [creds.secretAccessKey, creds.sessionToken]) {
      expect(joined.stdout + joined.stderr).not.toContain(secret);
    }

    const identity = join(dir, "identity");
    const role = "kind: role\nversion: v7\nmetadata:\n  name: dev\nspec:\n  allow:\n    logins: [dev]\n";
    const first = await tctl(identity, ["create"], role, child!.address);
    expect(first).toEqual({ code: 0, stdout: 'role "dev" has been created\n', stderr: "" });
    const get = await tctl(identity, ["get", "role/dev", "--format=json"], undefined, child!.address);
    expect(JSON.parse(get.stdout)[0].metadata.name).toBe("dev");

    // The signing host follows AWS_ENDPOINT_URL_STS like the SDK; Teleport only accepts AWS STS hosts.
    const redirected = await runInProcess("tbot", ["start", "-c", config], {
      env: env({ ...aws, AWS_ENDPOINT_URL_STS: sim.env.AWS_ENDPOINT_URL_STS }),
      cwd: work,
    });
    expect(redirected.code).toBe(1);
    expect(plain(redirected.stderr)).toMatch(/ERROR: .*unknown STS host/);
  });

  it("tbot joins the parent with IAM through TELEPORT_SIM_PARENT_IAM_TOKEN; tctl then lists workload clusters (fact: B28)", async () => {
    const token = await sim.issuer.mint({ ...sim.issuer.defaultClaims }, "sts.amazonaws.com");
    const creds = await sim.sts.assumeRoleWithWebIdentity({
      roleArn: sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
      roleSessionName: "gha-parent-iam",
      webIdentityToken: token,
    });
    const dir = join(work, "parent-iam-bot");
    const config = join(work, "tbot-parent-iam.yaml");
    await writeFile(
      config,
      tbotConfig({ proxy: proxy(), joinMethod: "iam", token: sim.env.TELEPORT_SIM_PARENT_IAM_TOKEN, dir }),
    );
    const joined = await runInProcess("tbot", ["start", "-c", config], {
      env: env({
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_SESSION_TOKEN: creds.sessionToken,
        AWS_REGION,
      }),
      cwd: work,
    });
    expect(joined.stderr).not.toContain("ERROR");
    expect(joined.code).toBe(0);
    const listed = await tctl(join(dir, "identity"), ["get", "workload_clusters", "--format=json"]);
    expect(listed.stderr).toBe("");
    expect(Array.isArray(JSON.parse(listed.stdout))).toBe(true);
  });

  it("tbot's IAM join reports the allow-rule mismatch with the caller ARN (fact: B30)", async () => {
    const manifest = JSON.stringify({
      kind: "workload_cluster",
      version: "v1",
      metadata: { name: "other" },
      spec: {
        regions: [{ name: "us-east-1" }],
        bot: { name: "other-bot" },
        token: {
          join_method: "iam",
          allow: [{ aws_arn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/someone-else/*` }],
        },
      },
    });
    expect((await tctl(adminIdentity, ["create"], manifest)).code).toBe(0);
    let child = await sim.child("other");
    for (let attempt = 0; !child && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      child = await sim.child("other");
    }
    const token = await sim.issuer.mint({ ...sim.issuer.defaultClaims }, "sts.amazonaws.com");
    const creds = await sim.sts.assumeRoleWithWebIdentity({
      roleArn: sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
      roleSessionName: "gha-run-2",
      webIdentityToken: token,
    });
    const config = join(work, "tbot-other.yaml");
    await writeFile(
      config,
      tbotConfig({ proxy: child!.address, joinMethod: "iam", token: "other-bot", dir: join(work, "other") }),
    );
    const result = await runInProcess("tbot", ["start", "-c", config], {
      env: env({
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_SESSION_TOKEN: creds.sessionToken,
      }),
      cwd: work,
    });
    expect(result.code).toBe(1);
    // No AWS_REGION: the us-east-1 fallback warning, then the server's text.
    expect(result.stderr).toContain("Using us-east-1 by default");
    expect(result.stderr).toContain(`instance ${creds.assumedRoleArn} did not match any allow rules`);

    // The list path pages through ListWorkloadClusters; text output is a one-column Name table (fact: B16).
    const text = await tctl(adminIdentity, ["get", "workload_clusters", "--format=text"]);
    expect(text.stdout.split("\n").map((line) => line.trimEnd())).toEqual([
      "Name",
      "-----",
      "child",
      "other",
      "",
    ]);
  });

  it("tctl create role twice without -f fails exactly as tctl does (fact: B4, B42)", async () => {
    const role = "kind: role\nversion: v7\nmetadata:\n  name: dev\nspec:\n  allow:\n    logins: [dev]\n";
    const first = await tctlBin(roleAdminIdentity, ["create"], role);
    expect(first).toEqual({ code: 0, stdout: 'role "dev" has been created\n', stderr: "" });
    const second = await tctlBin(roleAdminIdentity, ["create"], role);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toBe(`${ERROR}use -f or --force flag to overwrite\n\trole "dev" already exists\n`);
    // -f overwrites, and tctl still says "created".
    const forced = await tctl(roleAdminIdentity, ["create", "--force"], role);
    expect(forced).toEqual({ code: 0, stdout: 'role "dev" has been created\n', stderr: "" });
    const got = await tctl(roleAdminIdentity, ["get", "role/dev", "--format=json"]);
    expect(JSON.parse(got.stdout)[0].version).toBe("v7");
  });

  it("B40 (B40): tctl create refuses an unsupported or missing role version on the client, nothing sent", async () => {
    const writes = sim.parent.cluster.writes;
    const calls = (await sim.control.calls()).length;
    for (const [version, shown] of [
      ["version: v9\n", "v9"],
      ["", ""],
    ] as const) {
      const role = `kind: role\n${version}metadata:\n  name: dev-v9\nspec: {}\n`;
      const result = await tctlBin(roleAdminIdentity, ["create", "-f"], role);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `${ERROR}role version ${JSON.stringify(shown)} is not supported\n`,
      });
    }
    expect(sim.parent.cluster.writes).toBe(writes);
    // Connecting pings the server; no resource call was made.
    const after = (await sim.control.calls()).slice(calls);
    expect(after.map((c) => c.method).filter((m) => m !== "Ping")).toEqual([]);
  });

  it("applies documents in order and stops at the first error, keeping earlier ones (fact: B2)", async () => {
    const input = [
      "kind: role\nversion: v7\nmetadata:\n  name: seq-a\nspec: {}\n",
      "kind: foo\nmetadata:\n  name: x\n",
      "kind: role\nversion: v7\nmetadata:\n  name: seq-b\nspec: {}\n",
    ].join("---\n");
    const result = await tctl(roleAdminIdentity, ["create"], input);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('role "seq-a" has been created\n');
    expect(result.stderr).toBe(`${ERROR}creating resources of type "foo" is not supported\n`);
    expect((await tctl(roleAdminIdentity, ["get", "role/seq-b"])).code).toBe(1);
    const empty = await tctl(roleAdminIdentity, ["create"], "---\n# nothing\n");
    expect(empty.stderr).toBe(`${ERROR}no resources found, empty input?\n`);
  });

  it("tctl rm of a missing role wraps the server's not-found text (fact: B9)", async () => {
    const result = await tctlBin(roleAdminIdentity, ["rm", "role/nope"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${ERROR}error deleting resource "nope" of type "role"\n\trole "nope" is not found\n`,
    );
    const ok = await tctl(roleAdminIdentity, ["delete", "role/seq-a"]);
    expect(ok).toEqual({ code: 0, stdout: 'role "seq-a" has been deleted\n', stderr: "" });
    const noName = await tctl(roleAdminIdentity, ["rm", "role"]);
    expect(noName.stderr).toBe(
      `${ERROR}provide a full resource name to delete, for example:\n$ tctl rm cluster/east\n\n`,
    );
  });

  it("tctl get of a missing role or user has tctl's wrapping (fact: B5)", async () => {
    const role = await tctl(roleAdminIdentity, ["get", "role/x"]);
    expect(role.stderr).toBe(`${ERROR}getting resource "x" of type "role"\n\trole x is not found\n`);
    const user = await tctl(roleAdminIdentity, ["get", "user/x", "--format", "json"]);
    expect(user.stderr).toBe(`${ERROR}getting resource "x" of type "user"\n\tuser "x" not found\n`);
  });

  it("tctl users add prints the invite URL, TTL and NOTE; a second add prints the update NOTE and fails (fact: B48)", async () => {
    const added = await tctl(roleAdminIdentity, [
      "users",
      "add",
      "bob",
      "--roles=dev",
      "--logins",
      "bob,root",
    ]);
    expect(added.stderr).toBe("");
    const host = proxy();
    expect(added.stdout).toMatch(
      new RegExp(
        `^User "bob" has been created but requires a password\\. Share this URL with the user to complete user setup, link is valid for (1h|59m5\\ds):\\nhttps://${host.replace(/\./g, "\\.")}/web/invite/[0-9a-f]{32}\\n\\nNOTE: Make sure ${host.replace(/\./g, "\\.")} points at a Teleport proxy which users can access\\.\\n$`,
      ),
    );
    const again = await tctl(roleAdminIdentity, ["users", "add", "bob", "--roles=dev"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(
      "NOTE: To update an existing local user:\n> tctl users update bob --set-roles dev # replace roles\n",
    );
    expect(again.stderr).toBe(`${ERROR}user "bob" already registered\n`);

    const missingRole = await tctl(roleAdminIdentity, ["users", "add", "carol", "--roles=nope"]);
    expect(missingRole.stderr).toBe(`${ERROR}role nope is not found\n`);

    const reset = await tctl(roleAdminIdentity, ["users", "reset", "bob"]);
    expect(reset.stdout).toMatch(
      /^User "bob" has been reset\. Share this URL .* link is valid for (8h|7h59m5\ds):\nhttps:\/\/.*\/web\/reset\/[0-9a-f]{32}\n\nNOTE: /,
    );
    const json = await tctl(roleAdminIdentity, ["users", "reset", "bob", "--ttl=2h", "--format=json"]);
    expect(json.stdout.endsWith("}")).toBe(true);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: "user_token",
      version: "v3",
      spec: { user: "bob" },
    });

    const updated = await tctl(roleAdminIdentity, [
      "users",
      "update",
      "bob",
      "--set-roles",
      "dev,role-manager",
    ]);
    expect(updated.stdout).toBe("User bob has been updated:\n\tNew roles: dev,role-manager\n");
    const removed = await tctl(roleAdminIdentity, ["users", "rm", "bob"]);
    expect(removed.stdout).toBe('User "bob" has been deleted\n');
  });

  it("tctl cannot connect to a closed port (fact: B10)", async () => {
    const result = await tctl(adminIdentity, ["get", "roles"], undefined, "127.0.0.1:1");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${ERROR}Cannot connect to the auth server. Is the auth server running on "127.0.0.1:1"?\n`,
    );
  });

  it("tctl trusts SSL_CERT_FILE like Go, not NODE_EXTRA_CA_CERTS", async () => {
    const result = await runInProcess(
      "tctl",
      ["get", "roles", "-i", adminIdentity, "--auth-server", proxy()],
      {
        env: baseEnv({ NODE_EXTRA_CA_CERTS: sim.env.NODE_EXTRA_CA_CERTS }),
        cwd: work,
      },
    );
    expect(result.code).toBe(1);
    expect(plain(result.stderr)).toBe(
      `ERROR: Cannot connect to the auth server. Is the auth server running on "${proxy()}"?\n`,
    );
  });

  it("tctl -d prints trace's debug report instead of the user message (fact: B3)", async () => {
    const result = await tctl(roleAdminIdentity, ["-d", "get", "role/x"]);
    expect(result.code).toBe(1);
    expect(plain(result.stderr)).toMatch(
      /^ERROR: ERROR REPORT:\nOriginal Error: \*trace\.NotFoundError role x is not found\n/,
    );
  });

  it("tctl reports the server's access denial unchanged", async () => {
    const result = await tctl(adminIdentity, ["get", "role/access"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${ERROR}getting resource "access" of type "role"\n\taccess denied to perform action "read" on "role"\n`,
    );
  });
});

// The tctl stand-in as the role and user sync drives it against a child, as the child's seeded bot:
// reading (get by name, several names, lists with paging), writing (create [-f] of mixed batches),
// invites (users add / reset), pruning (rm), and every error path with Teleport's text and exit code.
// Facts: B33, B7, B6, B37, B40, B42, B44, B46, B48, B49, B50, B51, B52, B54, B55, B56, B2, B61; B40, B37, B7, B49,
// B61, B68.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChild, botIdentity, type ChildHandle, writeIdentity } from "../child-harness.js";
import { type Simulator, startSimulator } from "../index.js";
import type { SimResource } from "../proxy/wire.js";
import { baseEnv, installTools, plain, runExecutable, runInProcess, type ToolResult } from "./harness.js";

const ERROR = "\x1b[31mERROR: \x1b[0m";
const VERSION = "18.2.0";
const GUIDE_VERBS = ["create", "read", "update"];

let sim: Simulator;
let child: ChildHandle;
let tools: Awaited<ReturnType<typeof installTools>>;
let identity: string;

const env = () => baseEnv({ SSL_CERT_FILE: sim.env.SSL_CERT_FILE, TELEPORT_TOOLS_VERSION: "off" });
/** tctl in-process as the child's seeded bot, addressed at the child's status.domain. */
const tctl = (args: string[], input?: string, authServer = child.domain): Promise<ToolResult> =>
  runInProcess("tctl", ["-i", identity, "--auth-server", authServer, ...args], {
    env: env(),
    cwd: tools.dir,
    version: VERSION,
    ...(input !== undefined ? { input } : {}),
  });
const stored = (kind: "role" | "user", name: string) => sim.control.getResource(child.name, kind, name);
const withVerbs = async (verbs: string[], fn: () => Promise<void>) => {
  await sim.control.setChildBotVerbs(child.name, verbs);
  try {
    await fn();
  } finally {
    await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
  }
};
const roleYaml = (name: string, extra = "") =>
  `kind: role\nversion: v7\nmetadata:\n  name: ${name}\nspec:\n  allow:\n    logins: [dev]\n${extra}`;
const userYaml = (name: string, roles: string[]) =>
  `kind: user\nversion: v2\nmetadata:\n  name: ${name}\nspec:\n  roles: [${roles.join(", ")}]\n`;

beforeAll(async () => {
  [sim, tools] = await Promise.all([
    startSimulator({ delayMs: 0, mirror: false, version: VERSION }),
    installTools({ version: VERSION, edition: "ent" }),
  ]);
  child = await addChild(sim, "tsync", "tsync-bot");
  identity = await writeIdentity(tools.dir, "bot-identity", await botIdentity(sim, child));
});

afterAll(async () => {
  await sim?.stop();
  if (tools) await rm(tools.dir, { recursive: true, force: true });
});

describe("reading", () => {
  it('B7 (B7): a denied list is wrapped as getting resource "" of type "role"/"user"; exit 1, no stdout', async () => {
    for (const kind of ["role", "user"]) {
      const result = await tctl(["get", `${kind}s`, "--format=json"]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `${ERROR}getting resource "" of type "${kind}"\n\taccess denied to perform action "list" on "${kind}"\n`,
      });
    }
  });

  it("B6: several references print YAML only; the first missing one aborts before anything is printed", async () => {
    await sim.control.upsertResource(child.name, {
      kind: "role",
      version: "v7",
      metadata: { name: "many-a" },
    });
    const both = await tctl(["get", "role/many-a,role/tsync-bot"]);
    expect(both.code).toBe(0);
    expect(both.stdout.split("---\n")).toHaveLength(2);
    expect(both.stdout).toContain("name: many-a\n");
    const json = await tctl(["get", "role/many-a,role/tsync-bot", "--format=json"]);
    expect(json).toEqual({
      code: 1,
      stdout: "",
      stderr: `${ERROR}mixed resource types only support YAML formatting\n`,
    });
    const missing = await tctl(["get", "role/many-a,role/ghost,role/tsync-bot"]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: `${ERROR}getting resource "ghost" of type "role"\n\trole ghost is not found\n`,
    });
  });

  it("B33: get roles|users --format=json pages through the whole list (forced page size 7)", async () => {
    await sim.control.bulkUpsert(
      child.name,
      "user",
      Array.from({ length: 20 }, (_, i) => ({
        kind: "user",
        version: "v2",
        metadata: { name: `page-user-${i}` },
        spec: { roles: ["access"] },
      })),
    );
    await sim.control.setResourcePageSize(7);
    await sim.control.clearCalls();
    try {
      await withVerbs([...GUIDE_VERBS, "list"], async () => {
        const roles = await tctl(["get", "roles", "--format=json"]);
        expect(roles.stderr).toBe("");
        const names = (JSON.parse(roles.stdout) as SimResource[]).map((r) => r.metadata.name);
        expect(names).toEqual(child.cluster.list("role").map((r) => r.metadata.name));
        const users = await tctl(["get", "users", "--format=json"]);
        expect((JSON.parse(users.stdout) as SimResource[]).length).toBe(child.cluster.list("user").length);
      });
      const lists = (await sim.control.calls("ListResources")).filter(
        (c) => c.cluster === child.cluster.name,
      );
      expect(lists.length).toBeGreaterThan(4);
    } finally {
      await sim.control.setResourcePageSize(null);
    }
  });

  it("B37 (B37): JSON output in Go struct order, sorted labels, one-element label values as scalars", async () => {
    const created = await tctl(
      ["create"],
      roleYaml("json-1", "    node_labels:\n      env: [dev, prod]\n      az: one\n").replace(
        "  name: json-1\n",
        "  name: json-1\n  labels: {b: '2', a: '1'}\n",
      ),
    );
    expect(created).toEqual({ code: 0, stdout: 'role "json-1" has been created\n', stderr: "" });
    const got = await tctl(["get", "role/json-1", "--format=json"]);
    const revision = (await stored("role", "json-1"))!.metadata.revision!;
    const expected = [
      {
        kind: "role",
        version: "v7",
        metadata: { name: "json-1", labels: { a: "1", b: "2" }, revision },
        spec: {
          options: {
            forward_agent: false,
            max_session_ttl: "30h0m0s",
            cert_format: "standard",
            enhanced_recording: ["command", "network"],
            record_session: { desktop: true, default: "best_effort" },
            desktop_clipboard: true,
            desktop_directory_sharing: true,
            pin_source_ip: false,
            ssh_file_copy: true,
            idp: { saml: { enabled: true } },
            create_desktop_user: false,
            create_db_user: false,
          },
          allow: { logins: ["dev"], node_labels: { az: "one", env: ["dev", "prod"] } },
          deny: {},
        },
      },
    ];
    expect(got.stdout).toBe(`${JSON.stringify(expected, null, 4)}\n`);
    const me = JSON.parse((await tctl(["get", "user/bot-tsync-bot", "--format=json"])).stdout)[0];
    expect(Object.keys(me)).toEqual(["kind", "version", "metadata", "spec", "status"]);
    expect(Object.keys(me.spec)).toEqual(["roles", "status", "expires", "created_by"]);
  });

  it("B61 (B61): unknown role and user fields are dropped and never echoed; a strict decoder refuses them", async () => {
    const created = await tctl(["create"], roleYaml("unknown-1", "    bogus: 1\n  extra: true\n"));
    expect(created.code).toBe(0);
    expect(JSON.stringify(await stored("role", "unknown-1"))).not.toMatch(/bogus|extra/);
    await sim.control.setUnknownFields("reject");
    try {
      const strict = await tctl(["create", "-f"], roleYaml("unknown-1", "    bogus: 1\n"));
      expect(strict).toEqual({ code: 1, stdout: "", stderr: `${ERROR}json: unknown field "bogus"\n` });
      const user = await tctl(["create"], `${userYaml("unknown-u", ["access"])}  colour: red\n`);
      expect(user.stderr).toBe(`${ERROR}json: unknown field "colour"\n`);
    } finally {
      await sim.control.setUnknownFields("drop");
    }
  });
});

describe("writing (B40, B42, B44, B46, B2)", () => {
  it("B2: a mixed batch applies in order, a line per success; B40: a bad role version stops it client-side", async () => {
    const batch = [
      roleYaml("batch-r1"),
      userYaml("batch-u1", ["batch-r1"]),
      "kind: role\nversion: v9\nmetadata:\n  name: batch-r2\nspec: {}\n",
      roleYaml("batch-r3"),
    ].join("---\n");
    const result = await tctl(["create", "-f"], batch);
    expect(result).toEqual({
      code: 1,
      stdout: 'role "batch-r1" has been created\nuser "batch-u1" has been created\n',
      stderr: `${ERROR}role version "v9" is not supported\n`,
    });
    expect(await stored("role", "batch-r3")).toBeNull();
  });

  it("B2/B45: a user before the role it names fails with `role X is not found`; earlier documents stay", async () => {
    const batch = [roleYaml("order-r1"), userYaml("order-u1", ["order-r2"]), roleYaml("order-r2")].join(
      "---\n",
    );
    const result = await tctl(["create"], batch);
    expect(result).toEqual({
      code: 1,
      stdout: 'role "order-r1" has been created\n',
      stderr: `${ERROR}role order-r2 is not found\n`,
    });
    expect(await stored("role", "order-r1")).not.toBeNull();
    expect(await stored("user", "order-u1")).toBeNull();
    expect(await stored("role", "order-r2")).toBeNull();
  });

  it("B2: malformed YAML in the middle of a batch fails there, with the line in that document", async () => {
    const batch = [roleYaml("yaml-r1"), "kind: role\nmetadata:\n  name: [broken\n", roleYaml("yaml-r2")].join(
      "---\n",
    );
    const result = await tctl(["create"], batch);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('role "yaml-r1" has been created\n');
    // The line counts from the start of the broken document (its line 3), not of the file (line 14).
    expect(plain(result.stderr)).toMatch(/^ERROR: error converting YAML to JSON: yaml: line 3: /);
    expect(await stored("role", "yaml-r2")).toBeNull();
  });

  it("B2: an unknown kind stops the batch with creating resources of type ... is not supported", async () => {
    const batch = [roleYaml("kind-r1"), "kind: gizmo\nmetadata:\n  name: g\n", roleYaml("kind-r2")].join(
      "---\n",
    );
    const result = await tctl(["create"], batch);
    expect(result).toEqual({
      code: 1,
      stdout: 'role "kind-r1" has been created\n',
      stderr: `${ERROR}creating resources of type "gizmo" is not supported\n`,
    });
    expect(await stored("role", "kind-r2")).toBeNull();
  });

  it("B42/B44: without -f existing roles and users fail with AlreadyExists; with -f roles say created, users updated", async () => {
    await tctl(["create"], [roleYaml("exist-r"), userYaml("exist-u", ["exist-r"])].join("---\n"));
    const again = await tctl(["create"], roleYaml("exist-r"));
    expect(again.stderr).toBe(
      `${ERROR}use -f or --force flag to overwrite\n\trole "exist-r" already exists\n`,
    );
    const user = await tctl(["create"], userYaml("exist-u", ["exist-r"]));
    expect(user.stderr).toBe(
      `${ERROR}use -f or --force flag to overwrite\n\tuser "exist-u" already exists\n`,
    );
    const forced = await tctl(
      ["create", "-f"],
      [roleYaml("exist-r"), userYaml("exist-u", ["exist-r"])].join("---\n"),
    );
    expect(forced).toEqual({
      code: 0,
      stdout: 'role "exist-r" has been created\nuser "exist-u" has been updated\n',
      stderr: "",
    });
  });

  it("B44/B46 (B46): create -f of a signed-up user keeps created_by, drops password_state, new revision", async () => {
    const added = await tctl(["users", "add", "signed", "--roles", "access"]);
    expect(added.code).toBe(0);
    const signedUp = await sim.control.completeSignup(child.name, "signed", "webauthn");
    expect(signedUp.status).toEqual({ password_state: 2, mfa_weakest_device: 3 });
    const forced = await tctl(["create", "-f"], userYaml("signed", ["access"]));
    expect(forced.stdout).toBe('user "signed" has been updated\n');
    const after = (await stored("user", "signed"))!;
    expect(after.spec?.created_by).toEqual(signedUp.spec?.created_by);
    // The device is still registered, the password hash kept: only the state is lost (B46).
    expect(after.status).toEqual({ mfa_weakest_device: 3 });
    expect(after.metadata.revision).not.toBe(signedUp.metadata.revision);
  });
});

describe("invites (B48, B49, B50, B51, B52)", () => {
  it("B48/B49 (B49): users add writes all twelve trait keys and prints the invite on the child's address", async () => {
    const added = await tctl([
      "users",
      "add",
      "bob",
      "--roles",
      "access",
      "--logins",
      "bob,root",
      "--ttl",
      "2h",
    ]);
    expect(added.stderr).toBe("");
    const [token] = await sim.control.listUserTokens(child.name, "bob");
    expect(added.stdout).toMatch(
      new RegExp(
        `^User "bob" has been created but requires a password\\. Share this URL with the user to complete user setup, link is valid for (2h|1h59m5\\ds):\\n${token!.spec.url.replace(/\./g, "\\.")}\\n\\nNOTE: Make sure ${child.domain.replace(/\./g, "\\.")} points at a Teleport proxy which users can access\\.\\n$`,
      ),
    );
    expect(token!.spec.url).toBe(`https://${child.domain}/web/invite/${token!.metadata.name}`);
    const bob = JSON.parse((await tctl(["get", "user/bob", "--format=json"])).stdout)[0];
    expect(bob.spec.traits).toEqual({
      aws_role_arns: null,
      azure_identities: null,
      db_names: null,
      db_roles: null,
      db_users: null,
      gcp_service_accounts: null,
      host_user_gid: [""],
      host_user_uid: [""],
      kubernetes_groups: null,
      kubernetes_users: null,
      logins: ["bob", "root"],
      windows_logins: null,
    });
    expect(bob.status).toEqual({ password_state: 1, mfa_weakest_device: 1 });
  });

  it("B48/B52: a TTL over 48h leaves the user created without an invite; a retry is already registered", async () => {
    const first = await tctl(["users", "add", "carol", "--roles", "access", "--ttl", "49h"]);
    expect(first).toEqual({
      code: 1,
      stdout: "",
      stderr: `${ERROR}failed to create user token for reset password invite: maximum token TTL is 48h0m0s hours\n`,
    });
    expect(await stored("user", "carol")).not.toBeNull();
    expect(await sim.control.listUserTokens(child.name, "carol")).toEqual([]);
    const retry = await tctl(["users", "add", "carol", "--roles", "access"]);
    expect(retry).toEqual({
      code: 1,
      stdout:
        "NOTE: To update an existing local user:\n> tctl users update carol --set-roles access # replace roles\n",
      stderr: `${ERROR}user "carol" already registered\n`,
    });
  });

  it("B48: users add with a missing role fails client-side, nothing created", async () => {
    const result = await tctl(["users", "add", "dave", "--roles", "access,nope"]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `${ERROR}role nope is not found\n` });
    expect(await stored("user", "dave")).toBeNull();
  });

  it("B50/B51: users reset of a signed-up user locks it out until the new link; over 24h is refused", async () => {
    await tctl(["users", "add", "erin", "--roles", "access"]);
    await sim.control.completeSignup(child.name, "erin", "totp");
    const tooLong = await tctl(["users", "reset", "erin", "--ttl", "25h"]);
    expect(tooLong.stderr).toBe(
      `${ERROR}failed to create user token for reset password: maximum token TTL is 24h0m0s hours\n`,
    );
    expect((await stored("user", "erin"))!.status).toEqual({ password_state: 2, mfa_weakest_device: 2 });
    const reset = await tctl(["users", "reset", "erin"]);
    expect(reset.stdout).toMatch(
      /^User "erin" has been reset\. Share this URL with the user to complete password reset, link is valid for (8h|7h59m5\ds):\n/,
    );
    expect((await stored("user", "erin"))!.status).toEqual({ password_state: 1, mfa_weakest_device: 1 });
    expect(await sim.control.listUserTokens(child.name, "erin")).toHaveLength(1);
  });

  it("B68: users update prints Teleport's names for each change", async () => {
    await tctl(["users", "add", "fred", "--roles", "access"]);
    const result = await tctl([
      "users",
      "update",
      "fred",
      "--set-windows-logins",
      "a",
      "--set-db-roles",
      "r1,r2",
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("User fred has been updated:");
    expect(lines.slice(1, 3).sort()).toEqual(["\tNew Windows logins: a", "\tNew database roles: r1,r2"]);
  });
});

describe("pruning (B54, B55, B56)", () => {
  it("B56: with the guide's verbs rm is denied, wrapped as error deleting resource", async () => {
    const result = await tctl(["rm", "role/many-a"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `${ERROR}error deleting resource "many-a" of type "role"\n\taccess denied to perform action "delete" on "role"\n`,
    });
  });

  it("B54/B55: rm of a role in use is refused; rm user then rm role succeed", async () => {
    await tctl(["create"], [roleYaml("prune-r"), userYaml("prune-u", ["prune-r"])].join("---\n"));
    await withVerbs([...GUIDE_VERBS, "delete"], async () => {
      const inUse = await tctl(["rm", "role/prune-r"]);
      expect(inUse).toEqual({
        code: 1,
        stdout: "",
        stderr: `${ERROR}error deleting resource "prune-r" of type "role"\n\tfailed to delete a role that is still in use by a user, check the system server logs for more details\n`,
      });
      expect(await tctl(["rm", "user/prune-u"])).toEqual({
        code: 0,
        stdout: 'user "prune-u" has been deleted\n',
        stderr: "",
      });
      expect(await tctl(["rm", "role/prune-r"])).toEqual({
        code: 0,
        stdout: 'role "prune-r" has been deleted\n',
        stderr: "",
      });
      const missing = await tctl(["rm", "user/prune-u"]);
      expect(missing.stderr).toBe(
        `${ERROR}error deleting resource "prune-u" of type "user"\n\tuser "prune-u" not found\n`,
      );
    });
  });
});

describe("addresses and start-up", () => {
  it("a child's tctl works with --auth-server status.domain and https://status.domain (the port is kept)", async () => {
    for (const address of [child.domain, `https://${child.domain}`]) {
      const got = await tctl(["get", "role/tsync-bot", "--format=json"], undefined, address);
      expect(got.stderr, address).toBe("");
      expect(JSON.parse(got.stdout)[0].metadata.name).toBe("tsync-bot");
    }
    // A port-less address would be dialled on tctl's default port, where the simulator does not listen.
    const portless = await tctl(["get", "role/tsync-bot"], undefined, "127.0.0.1");
    expect(plain(portless.stderr)).toBe(
      'ERROR: Cannot connect to the auth server. Is the auth server running on "127.0.0.1:3025"?\n',
    );
  });

  it("the built tctl starts quickly (spawn to exit, `version` and a get against the child)", async () => {
    const timed = async (args: string[]) => {
      const started = performance.now();
      const result = await runExecutable(tools.tctl, args, { env: env(), cwd: tools.dir });
      return { ms: performance.now() - started, result };
    };
    const version: number[] = [];
    const get: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await timed(["version"]);
      expect(v.result.code).toBe(0);
      version.push(v.ms);
      const g = await timed([
        "-i",
        identity,
        "--auth-server",
        child.domain,
        "get",
        "role/tsync-bot",
        "--format=json",
      ]);
      expect(g.result.stderr).toBe("");
      get.push(g.ms);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `tctl stand-in start-up: version median ${median(version).toFixed(0)} ms, get median ${median(get).toFixed(0)} ms`,
    );
    expect(median(version)).toBeLessThan(2000);
  });
});

// Conformance of a child cluster's role and user store as the sync reads and writes it, over the wire as
// the seeded bot, and the control operations the sync's tests use. Facts: B33, B34,
// B35, B36, B41, B43, B45, B46, B47, B51, B52, B54, B55, B57, B59; gaps B46, B47, B51, B43, B52, B41, B59.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChild, botIdentity, type ChildHandle, childClient, rejected } from "./child-harness.js";
import { GrpcCode } from "./common/errors.js";
import { type Simulator, startSimulator } from "./index.js";
import type { UnaryClient } from "./proxy/proxy.js";
import type { SimResource } from "./proxy/wire.js";

let sim: Simulator;
let child: ChildHandle;
let bot: UnaryClient;
const clients: UnaryClient[] = [];

type One = { resource: SimResource };
const role = (name: string, extra: Partial<SimResource> = {}): SimResource => ({
  kind: "role",
  version: "v7",
  metadata: { name },
  spec: { allow: { logins: ["dev"] } },
  ...extra,
});
const user = (name: string, roles: string[], extra: Partial<SimResource> = {}): SimResource => ({
  kind: "user",
  version: "v2",
  metadata: { name },
  spec: { roles },
  ...extra,
});
const GUIDE_VERBS = ["create", "read", "update"];

/** Sets the seeded bot role's rules (as an out-of-band edit, so `where` clauses can be given). */
async function setBotRules(rules: unknown[]) {
  await sim.control.upsertResource(child.name, {
    kind: "role",
    version: "v7",
    metadata: { name: child.bot },
    spec: { allow: { rules } },
  });
}

beforeAll(async () => {
  sim = await startSimulator({ delayMs: 0, mirror: false });
  child = await addChild(sim, "sync", "sync-bot");
  bot = childClient(child, await botIdentity(sim, child));
  clients.push(bot);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim?.stop();
});

describe("reading back (B35, B36, B41, B47, B59)", () => {
  it("B35/B36 (B43/B45): the bot reads its own role and user without the read verb, nothing else", async () => {
    await sim.control.setChildBotVerbs(child.name, ["create", "update"]);
    try {
      const own = await bot.call<One>("GetResource", { kind: "role", name: "sync-bot" });
      expect(own.resource.metadata.name).toBe("sync-bot");
      const me = await bot.call<One>("GetResource", { kind: "user", name: "bot-sync-bot" });
      expect(me.resource.metadata.labels).toEqual({
        "teleport.internal/bot": "sync-bot",
        "teleport.internal/bot-generation": "0",
      });
      expect(await rejected(bot.call("GetResource", { kind: "role", name: "editor" }))).toMatchObject({
        code: GrpcCode.PERMISSION_DENIED,
        details: 'access denied to perform action "read" on "role"',
      });
      // Without read, a missing role is access denied, not not-found.
      expect((await rejected(bot.call("GetResource", { kind: "role", name: "ghost" }))).details).toBe(
        'access denied to perform action "read" on "role"',
      );
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });

  it("B59 (B59): presets carry Teleport's versions; lists in byte order; bot users labelled bot-generation", async () => {
    const roles = child.cluster.list("role");
    const version = (name: string) => roles.find((r) => r.metadata.name === name)?.version;
    expect(["editor", "access", "auditor"].map(version)).toEqual(["v7", "v7", "v7"]);
    expect(["reviewer", "requester", "group-access", "device-admin", "device-enroll"].map(version)).toEqual([
      "v6",
      "v6",
      "v6",
      "v6",
      "v6",
    ]);
    await sim.control.upsertResource(child.name, role("Zeta"));
    const names = child.cluster.list("role").map((r) => r.metadata.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.indexOf("@teleport-access-approver")).toBe(0);
    expect(names.indexOf("Zeta")).toBeLessThan(names.indexOf("access"));
    expect(names).not.toContain("default-implicit-role");
    // Bot users carry the bot and bot-generation labels; the seeded role carries none (assumption).
    expect(child.cluster.get("user", "bot-sync-bot")?.metadata.labels).toEqual({
      "teleport.internal/bot": "sync-bot",
      "teleport.internal/bot-generation": "0",
    });
    expect(child.cluster.get("role", "sync-bot")?.metadata.labels).toBeUndefined();
  });

  it("B41 (B41): an upgrade's new default shows on read without a write or a new revision", async () => {
    const before = (await bot.call<One>("GetResource", { kind: "role", name: "sync-bot" })).resource;
    const writes = child.cluster.writes;
    await sim.control.changeDefaults(child.name, { roleOptions: { client_idle_timeout: "15m" } });
    try {
      const after = (await bot.call<One>("GetResource", { kind: "role", name: "sync-bot" })).resource;
      expect(after.metadata.revision).toBe(before.metadata.revision);
      expect(child.cluster.writes).toBe(writes);
      expect((after.spec as { options: Record<string, unknown> }).options.client_idle_timeout).toBe("15m0s");
      expect({ ...after, spec: undefined }).toEqual({ ...before, spec: undefined });
      // Over HTTP too; unknown options are refused.
      const bad = await fetch(`${sim.controlUrl}/defaults/change`, {
        method: "POST",
        body: JSON.stringify({ cluster: child.name, role_options: { no_such_option: 1 } }),
      });
      expect(bad.status).toBe(400);
    } finally {
      await sim.control.changeDefaults(child.name, { roleOptions: {} });
    }
    const reset = (await bot.call<One>("GetResource", { kind: "role", name: "sync-bot" })).resource;
    expect(reset).toEqual(before);
  });
});

describe("RBAC (B33, B34, B43, B45)", () => {
  it("B33/B34: with the guide's verbs the bot can list neither roles nor users", async () => {
    expect((await rejected(bot.call("ListResources", { kind: "role" }))).details).toBe(
      'access denied to perform action "list" on "role"',
    );
    expect((await rejected(bot.call("ListResources", { kind: "user" }))).details).toBe(
      'access denied to perform action "list" on "user"',
    );
  });

  it("B33 (B43/B45): list falls back to the roles a where clause allows; none allowed is the list denial", async () => {
    await sim.control.upsertResource(
      child.name,
      role("owned-1", { metadata: { name: "owned-1", labels: { owner: "sync" } } }),
    );
    await sim.control.upsertResource(
      child.name,
      role("other-1", { metadata: { name: "other-1", labels: {} } }),
    );
    try {
      await setBotRules([
        { resources: ["role", "user"], verbs: GUIDE_VERBS },
        {
          resources: ["role"],
          verbs: ["list", "read"],
          where: 'equals(resource.metadata.labels["owner"], "sync")',
        },
      ]);
      const { resources } = await bot.call<{ resources: SimResource[] }>("ListResources", { kind: "role" });
      expect(resources.map((r) => r.metadata.name)).toEqual(["owned-1"]);
      await setBotRules([
        { resources: ["role", "user"], verbs: GUIDE_VERBS },
        {
          resources: ["role"],
          verbs: ["list", "read"],
          where: 'equals(resource.metadata.labels["owner"], "x")',
        },
      ]);
      expect((await rejected(bot.call("ListResources", { kind: "role" }))).details).toBe(
        'access denied to perform action "list" on "role"',
      );
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });

  it("B43/B45: a where clause never grants unconditionally; a clause the simulator cannot parse never grants", async () => {
    try {
      await setBotRules([
        { resources: ["role"], verbs: ["read"] },
        {
          resources: ["role"],
          verbs: ["create", "update"],
          where: 'equals(resource.metadata.labels["owner"], "sync")',
        },
      ]);
      const mine = role("where-1", { metadata: { name: "where-1", labels: { owner: "sync" } } });
      await expect(bot.call("UpsertResource", { resource: mine })).resolves.toBeDefined();
      const theirs = role("where-2", { metadata: { name: "where-2", labels: { owner: "else" } } });
      expect((await rejected(bot.call("UpsertResource", { resource: theirs }))).details).toBe(
        'access denied to perform action "create" on "role"',
      );
      // Update is checked on the old and the new role: taking someone else's role is refused.
      await sim.control.upsertResource(child.name, theirs);
      expect(
        (
          await rejected(
            bot.call("UpsertResource", {
              resource: { ...theirs, metadata: { name: "where-2", labels: { owner: "sync" } } },
            }),
          )
        ).details,
      ).toBe('access denied to perform action "update" on "role"');
      await setBotRules([{ resources: ["role"], verbs: ["read", "create"], where: "matches(what ever" }]);
      expect((await rejected(bot.call("UpsertResource", { resource: role("where-3") }))).details).toBe(
        'access denied to perform action "create" on "role"',
      );
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });

  it("B43 (B43/B45): UpsertRole needs update if the role exists, else create only", async () => {
    await sim.control.upsertResource(child.name, role("exists-1"));
    try {
      await sim.control.setChildBotVerbs(child.name, ["create", "read"]);
      await expect(bot.call("UpsertResource", { resource: role("new-1") })).resolves.toBeDefined();
      expect((await rejected(bot.call("UpsertResource", { resource: role("exists-1") }))).details).toBe(
        'access denied to perform action "update" on "role"',
      );
      await sim.control.setChildBotVerbs(child.name, ["update", "read"]);
      await expect(bot.call("UpsertResource", { resource: role("exists-1") })).resolves.toBeDefined();
      expect((await rejected(bot.call("UpsertResource", { resource: role("new-2") }))).details).toBe(
        'access denied to perform action "create" on "role"',
      );
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });

  it("B45: UpsertUser needs create and update; CreateUser create only", async () => {
    try {
      await sim.control.setChildBotVerbs(child.name, ["create", "read"]);
      expect(
        (await rejected(bot.call("UpsertResource", { resource: user("u-rbac", ["access"]) }))).details,
      ).toBe('access denied to perform action "update" on "user"');
      await expect(
        bot.call("CreateResource", { resource: user("u-rbac", ["access"]) }),
      ).resolves.toBeDefined();
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });

  it("B43: the server refuses reserved names and idp on v8", async () => {
    expect((await rejected(bot.call("UpsertResource", { resource: role("Admin") }))).details).toBe(
      "reserved role: Admin",
    );
    const v8 = role("v8-idp", { version: "v8", spec: { options: { idp: { saml: { enabled: true } } } } });
    expect(await rejected(bot.call("UpsertResource", { resource: v8 }))).toMatchObject({
      code: GrpcCode.INVALID_ARGUMENT,
      details: "idp option is only supported in role version 7 and below",
    });
  });

  it("child-bot-verbs: changes one child's seeded role at run time, with a new revision", async () => {
    const before = child.cluster.get("role", "sync-bot")!;
    const res = await fetch(`${sim.controlUrl}/child-bot-verbs`, {
      method: "POST",
      body: JSON.stringify({ cluster: child.name, verbs: "create,read,update,list,delete" }),
    });
    expect(res.status).toBe(200);
    try {
      const after = child.cluster.get("role", "sync-bot")!;
      expect(after.metadata.revision).not.toBe(before.metadata.revision);
      expect((after.spec as { allow: unknown }).allow).toEqual({
        rules: [{ resources: ["role", "user"], verbs: ["create", "read", "update", "list", "delete"] }],
      });
      await expect(bot.call("ListResources", { kind: "user" })).resolves.toBeDefined();
      expect((await fetch(`${sim.controlUrl}/child-bot-verbs?cluster=parent&verbs=read`)).status).toBe(400);
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });
});

describe("user status (B45, B46, B47)", () => {
  it("B46 (B46): CreateUser stores {1, 1}; an upsert stores the status sent (none: password_state 0)", async () => {
    const created = (await bot.call<One>("CreateResource", { resource: user("st-1", ["access"]) })).resource;
    expect(created.status).toEqual({ password_state: 1, mfa_weakest_device: 1 });
    expect(created.spec).toMatchObject({ created_by: { user: { name: "bot-sync-bot" } } });
    expect((created.spec as { created_by: { time: string } }).created_by.time).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/,
    );
    const upserted = (await bot.call<One>("UpsertResource", { resource: user("st-1", ["access"]) })).resource;
    expect(upserted.status).toEqual({ mfa_weakest_device: 1 });
    // UpsertUser sets created_by {user} without a time when the request has none (B45).
    expect((upserted.spec as { created_by: unknown }).created_by).toEqual({
      time: "0001-01-01T00:00:00Z",
      user: { name: "bot-sync-bot" },
    });
    const sent = await bot.call<One>("UpsertResource", {
      resource: user("st-1", ["access"], { status: { password_state: 2, mfa_weakest_device: 3 } }),
    });
    // The status sent is kept, mfa_weakest_device recomputed (no device: 1).
    expect(sent.resource.status).toEqual({ password_state: 2, mfa_weakest_device: 1 });
  });

  it("B47 (B47): a user without roles omits roles; no recovery_attempt_lock_expires", async () => {
    const created = (await bot.call<One>("CreateResource", { resource: user("st-2", []) })).resource;
    expect(Object.keys(created.spec ?? {})).toEqual(["status", "expires", "created_by"]);
    expect(JSON.stringify(created)).not.toContain("recovery_attempt_lock_expires");
  });

  it("B45: a user naming a missing role is refused with `role X is not found`", async () => {
    expect(await rejected(bot.call("CreateResource", { resource: user("st-3", ["nope"]) }))).toMatchObject({
      code: GrpcCode.NOT_FOUND,
      details: "role nope is not found",
    });
  });
});

describe("invite and reset links (B46, B51, B52)", () => {
  const token = (name: string, type: "invite" | "reset", ttl = 0) =>
    bot.call<{ token: { metadata: { name: string }; spec: { url: string } } }>("CreateUserToken", {
      user: name,
      type,
      ttl_seconds: ttl,
    });

  it("B46: complete-signup sets password_state 2 and the device kind, writes a revision, uses up the link", async () => {
    await bot.call("CreateResource", { resource: user("inv-1", ["access"]) });
    const before = child.cluster.get("user", "inv-1")!;
    await token("inv-1", "invite");
    expect(await sim.control.listUserTokens(child.name, "inv-1")).toHaveLength(1);
    const done = await sim.control.completeSignup(child.name, "inv-1", "webauthn");
    expect(done.status).toEqual({ password_state: 2, mfa_weakest_device: 3 });
    expect(done.metadata.revision).not.toBe(before.metadata.revision);
    expect(await sim.control.listUserTokens(child.name, "inv-1")).toEqual([]);
    // Without a live link there is nothing to complete.
    const res = await fetch(`${sim.controlUrl}/users/complete-signup`, {
      method: "POST",
      body: JSON.stringify({ cluster: child.name, name: "inv-1", mfa: "totp" }),
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FAILED_PRECONDITION");
  });

  it("B51 (B51): a new link wipes the password and MFA devices, cancels earlier links, new revision", async () => {
    await bot.call("CreateResource", { resource: user("inv-2", ["access"]) });
    await token("inv-2", "invite");
    const signedUp = await sim.control.completeSignup(child.name, "inv-2", "totp");
    expect(signedUp.status).toEqual({ password_state: 2, mfa_weakest_device: 2 });
    const first = await token("inv-2", "reset");
    const wiped = child.cluster.get("user", "inv-2")!;
    expect(wiped.status).toEqual({ password_state: 1, mfa_weakest_device: 1 });
    expect(wiped.metadata.revision).not.toBe(signedUp.metadata.revision);
    const second = await token("inv-2", "reset");
    const live = await sim.control.listUserTokens(child.name, "inv-2");
    expect(live.map((t) => t.metadata.name)).toEqual([second.token.metadata.name]);
    expect(live[0]).toMatchObject({ kind: "user_token", sub_kind: "password", spec: { user: "inv-2" } });
    expect(second.token.spec.url).toBe(`https://${child.domain}/web/reset/${second.token.metadata.name}`);
    expect(first.token.metadata.name).not.toBe(second.token.metadata.name);
    // Over HTTP.
    const listed = (await (
      await fetch(`${sim.controlUrl}/user-tokens/list?cluster=${child.name}&name=inv-2`)
    ).json()) as { tokens: unknown[] };
    expect(listed.tokens).toHaveLength(1);
  });

  it("B51: only local users may be reset", async () => {
    await sim.control.upsertResource(
      child.name,
      user("sso-1", ["access"], {
        spec: {
          roles: ["access"],
          created_by: { connector: { type: "github", id: "gh" }, user: { name: "x" } },
        },
      }),
    );
    expect(await rejected(token("sso-1", "reset"))).toMatchObject({
      code: GrpcCode.PERMISSION_DENIED,
      details: "only local users may be reset",
    });
  });

  it("B51 (B51): a link needs update on user", async () => {
    await bot.call("CreateResource", { resource: user("inv-3", ["access"]) });
    try {
      await sim.control.setChildBotVerbs(child.name, ["create", "read"]);
      expect((await rejected(token("inv-3", "invite"))).details).toBe(
        'access denied to perform action "update" on "user"',
      );
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
  });

  it("B52 (B52): TTL maxima with Teleport's texts; nothing is wiped", async () => {
    await bot.call("CreateResource", { resource: user("inv-4", ["access"]) });
    await token("inv-4", "invite");
    await sim.control.completeSignup(child.name, "inv-4");
    const before = child.cluster.get("user", "inv-4")!;
    expect(await rejected(token("inv-4", "invite", 49 * 3600))).toMatchObject({
      code: GrpcCode.INVALID_ARGUMENT,
      details: "failed to create user token for reset password invite: maximum token TTL is 48h0m0s hours",
    });
    expect((await rejected(token("inv-4", "reset", 24 * 3600 + 1))).details).toBe(
      "failed to create user token for reset password: maximum token TTL is 24h0m0s hours",
    );
    expect(child.cluster.get("user", "inv-4")).toEqual(before);
  });
});

describe("deleting (B54, B55)", () => {
  it("B55: deleting a user removes its legacy user:<name> role and its links", async () => {
    await bot.call("CreateResource", { resource: user("del-1", ["access"]) });
    await sim.control.upsertResource(child.name, role("user:del-1"));
    await token("del-1");
    await sim.control.setChildBotVerbs(child.name, [...GUIDE_VERBS, "delete"]);
    try {
      await bot.call("DeleteResource", { kind: "user", name: "del-1" });
      expect(child.cluster.get("role", "user:del-1")).toBeUndefined();
      expect(await sim.control.listUserTokens(child.name, "del-1")).toEqual([]);
    } finally {
      await sim.control.setChildBotVerbs(child.name, GUIDE_VERBS);
    }
    function token(name: string) {
      return bot.call("CreateUserToken", { user: name, type: "invite", ttl_seconds: 0 });
    }
  });
});

describe("bulk seeding", () => {
  it("resources/bulk-upsert writes 300 roles and 3000 users quickly, with the defaults of any write", async () => {
    const roles = Array.from({ length: 300 }, (_, i) => role(`bulk-role-${i}`));
    const users = Array.from({ length: 3000 }, (_, i) => user(`bulk-user-${i}`, [`bulk-role-${i % 300}`]));
    const started = Date.now();
    const post = (kind: string, resources: SimResource[]) =>
      fetch(`${sim.controlUrl}/resources/bulk-upsert`, {
        method: "POST",
        body: JSON.stringify({ cluster: child.name, kind, resources }),
      });
    expect(await (await post("role", roles)).json()).toEqual({ count: 300 });
    expect(await (await post("user", users)).json()).toEqual({ count: 3000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2000);
    const got = child.cluster.get("user", "bulk-user-7")!;
    expect(got.status).toEqual({ password_state: 1, mfa_weakest_device: 1 });
    expect(got.spec).toMatchObject({ created_by: { user: { name: "control" } } });
    expect((child.cluster.get("role", "bulk-role-7")!.spec as { options: object }).options).toMatchObject({
      cert_format: "standard",
    });
    expect((await post("role", [user("x", [])])).status).toBe(400);
  });
});

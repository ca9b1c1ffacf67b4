// How many tctl processes a child's sync costs, against the simulator with the tctl stand-in executables
// and the child bot's identity: reads ask the child over gRPC first (GetRole/GetUser, status only: B100,
// B102), so missing names cost no process, and the bot's verbs come from its own role's rules (B101).
// Counted twice: by the adapter, and by the simulator (each stand-in process pings the child once).
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildApi } from "../../src/core/access.js";
import type { DeclaredAccessObject } from "../../src/manifests/access.js";
import { createHttp } from "../../src/net/http.js";
import { liveHash } from "../../src/sync/inventory.js";
import { refsToRead } from "../../src/sync/plan.js";
import { readChild } from "../../src/sync/read.js";
import { type SyncOptions, syncChild, tctlChild } from "../../src/sync/stage.js";
import { openAccessProbe } from "../../src/teleport/child.js";
import { parseProxyAddress } from "../../src/teleport/webapi.js";
import { exec } from "../../src/util/exec.js";
import { addChild, botIdentity, type ChildHandle, writeIdentity } from "../sim/child-harness.js";
import { type Simulator, startSimulator } from "../sim/index.js";
import { baseEnv, installTools } from "../sim/tools/harness.js";

const REPOSITORY = "example-org/tenants";
const GUIDE_VERBS = ["create", "read", "update"];

let sim: Simulator;
let tools: Awaited<ReturnType<typeof installTools>>;
const apis: ChildApi[] = [];

const role = (name: string, logins = ["ubuntu"]) => ({
  kind: "role",
  version: "v7",
  metadata: { name },
  spec: { allow: { logins } },
});
const user = (name: string, roles: string[]) => ({
  kind: "user",
  version: "v2",
  metadata: { name },
  spec: { roles, traits: { logins: [name.split("@")[0]!] } },
});
type Doc = ReturnType<typeof role> | ReturnType<typeof user>;
const declared = (docs: Doc[]): DeclaredAccessObject[] =>
  docs.map((d) => ({ kind: d.kind, name: d.metadata.name, file: "x.yaml", line: 1, resource: d }));

async function joined(name: string): Promise<{ child: ChildHandle; identity: string }> {
  const child = await addChild(sim, name, `${name}-sync`);
  return {
    child,
    identity: await writeIdentity(tools.dir, `${name}-identity`, await botIdentity(sim, child)),
  };
}

/** The child's Auth API asked directly, as the sync's probe asks it. */
const probeOf = (c: { child: ChildHandle; identity: string }) =>
  openAccessProbe({
    http: createHttp({ ca: readFileSync(sim.env.SSL_CERT_FILE, "utf8") }),
    proxy: parseProxyAddress(c.child.domain),
    identityFile: c.identity,
  });

function api(c: { child: ChildHandle; identity: string }, probe = true): ChildApi {
  const a = tctlChild({
    tctlPath: tools.tctl,
    proxy: c.child.domain,
    identityFile: c.identity,
    exec,
    env: baseEnv({ SSL_CERT_FILE: sim.env.SSL_CERT_FILE, TELEPORT_TOOLS_VERSION: "off" }) as Record<
      string,
      string
    >,
    mask: () => {},
    ...(probe ? { http: createHttp({ ca: readFileSync(sim.env.SSL_CERT_FILE, "utf8") }) } : {}),
  });
  apis.push(a);
  return a;
}

/** tctl processes the simulator saw against the child: every stand-in process pings once. */
async function pings(child: ChildHandle): Promise<number> {
  return (await sim.control.calls("Ping")).filter((c) => c.cluster === child.cluster.name).length;
}

const options = (c: { child: ChildHandle }, objects: DeclaredAccessObject[]): SyncOptions => ({
  objects,
  cluster: c.child.name,
  botName: c.child.bot,
  repository: REPOSITORY,
  adopt: [],
  inviteTtl: "1h",
  prune: false,
  pruneLimit: 10,
  write: true,
  log: () => {},
});

beforeAll(async () => {
  [sim, tools] = await Promise.all([
    startSimulator({ delayMs: 0, mirror: false, version: "18.2.0" }),
    installTools({ version: "18.2.0", edition: "ent" }),
  ]);
});

afterAll(async () => {
  for (const a of apis) await a.close?.();
  await sim?.stop();
  if (tools) await rm(tools.dir, { recursive: true, force: true });
});

describe("reading 300 declared names costs at most 3 tctl processes, verbs included (B100, B101)", () => {
  it.each([0, 10, 300])("%i missing, the guide's bot (no list)", async (missing) => {
    const c = await joined(`rd${missing}`);
    const names = Array.from({ length: 300 }, (_, i) => role(`r${i}`));
    await sim.control.bulkUpsert(c.child.name, "role", names.slice(0, 300 - missing) as never);
    const a = api(c);
    const before = await pings(c.child);
    const state = await readChild(a, c.child.bot, refsToRead(declared(names)), REPOSITORY);
    expect(a.processes).toBeLessThanOrEqual(3);
    expect((await pings(c.child)) - before).toBe(a.processes);
    expect(names.filter((r) => state.live.has(`role/${r.metadata.name}`))).toHaveLength(300 - missing);
    expect([...state.verbs.role!].sort()).toEqual(["create", "read", "update"]);
    if (missing === 300) expect(a.processes).toBe(0);
  });

  it("a bot that may list reads every role and user in at most 2", async () => {
    const c = await joined("rdlist");
    await sim.control.setChildBotVerbs(c.child.name, ["list", ...GUIDE_VERBS]);
    const roles = Array.from({ length: 300 }, (_, i) => role(`r${i}`));
    const users = Array.from({ length: 300 }, (_, i) => user(`u${i}`, [`r${i}`]));
    await sim.control.bulkUpsert(c.child.name, "role", roles.slice(0, 290) as never);
    const a = api(c);
    const state = await readChild(a, c.child.bot, refsToRead(declared([...roles, ...users])), REPOSITORY);
    expect(a.processes).toBeLessThanOrEqual(2);
    expect(state.listed).toEqual({ role: true, user: true });
  });

  it("without the gRPC check, each missing name still costs a process (B6): the fallback stays correct", async () => {
    const c = await joined("rdtctl");
    const names = Array.from({ length: 20 }, (_, i) => role(`r${i}`));
    await sim.control.bulkUpsert(c.child.name, "role", names.slice(0, 17) as never);
    const a = api(c, false);
    const state = await readChild(a, c.child.bot, refsToRead(declared(names)), REPOSITORY);
    expect(names.filter((r) => state.live.has(`role/${r.metadata.name}`))).toHaveLength(17);
    // the list attempt, one abort per missing name (3 + the inventory), then the read that succeeds.
    expect(a.processes).toBe(6);
  });
});

describe("writing (B104)", () => {
  const acme = declared([role("child-auditor"), user("alice@acme.example", ["child-auditor"])]);

  it("the demo's acme child: a role and a user into a new child; a re-run with nothing changed", async () => {
    const c = await joined("acme");
    const first = api(c);
    const before = await pings(c.child);
    const result = await syncChild(first, options(c, acme));
    expect(result.error).toBeUndefined();
    expect(result.outcome?.counts).toMatchObject({ created: 2, failed: 0 });
    // One batch of the intent, the role and the user (created labelled, without -f), the read-back; the
    // invite link and the inventory's record are calls on the child's Auth API (B117, B119), not
    // processes (13 before).
    expect(first.processes).toBe(2);
    const links = await sim.control.listUserTokens(c.child.name, "alice@acme.example");
    expect(links.map((t) => t.sub_kind)).toEqual(["invite"]);
    expect(result.outcome?.invites.get("alice@acme.example")?.url).toBe(links[0]!.spec.url);
    expect((await pings(c.child)) - before).toBe(first.processes);
    // The new user has the status CreateUser gives it, which the invite leaves as it is (B46, B51).
    expect((await sim.control.getResource(c.child.name, "user", "alice@acme.example"))?.status).toEqual({
      password_state: 1,
      mfa_weakest_device: 1,
    });
    const again = api(c);
    const rerun = await syncChild(again, options(c, acme));
    expect(rerun.outcome?.counts).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
    expect(again.processes).toBeLessThanOrEqual(2);
  });

  it("a large batch goes kind after kind, each by up to three processes at once; a refused role costs only itself and its user", async () => {
    const c = await joined("spread");
    const roles = Array.from({ length: 14 }, (_, i) => role(`team-${i}`));
    // A version Teleport does not know is refused by the write (B40), in the first of three processes:
    // the two others write the roles after it, which must not be written again (a create would be refused).
    roles[2] = { ...role("team-2"), version: "v99" };
    const users = Array.from({ length: 12 }, (_, i) => user(`dev${i}@spread.example`, [`team-${i}`]));
    const first = api(c);
    const result = await syncChild(first, options(c, declared([...roles, ...users])));
    expect(result.outcome?.counts).toMatchObject({ created: 24, failed: 2 });
    const failed = [...(result.outcome?.results ?? [])].filter(([, r]) => r.status !== "written");
    expect(failed.map(([k, r]) => [k, r.status])).toEqual([
      ["role/team-2", "failed"],
      ["user/dev2@spread.example", "skipped"],
    ]);
    // Roles (and the intent) in 3 processes at once, the first stopping at team-2, beside the users' 3,
    // started ahead to connect meanwhile (B121) and stopped unused when the roles failed; the role after
    // team-2 and the 11 users in one more (fewer than spreading pays for); the read-back of the 13 roles
    // in one (the 11 users over the Auth API: B120); the inventory over the Auth API (B119): 8, where one
    // process would have written 27 documents one after another.
    expect(first.processes).toBe(8);
    for (const r of roles.filter((r) => r.version === "v7"))
      expect(await sim.control.getResource(c.child.name, "role", r.metadata.name)).toBeTruthy();
    expect(await sim.control.getResource(c.child.name, "role", "team-2")).toBeFalsy();
    // Every created user got its one invite; nothing was written twice (a second create would be refused).
    const links = await Promise.all(
      users
        .filter((u) => u.metadata.name !== "dev2@spread.example")
        .map((u) => sim.control.listUserTokens(c.child.name, u.metadata.name)),
    );
    expect(links.map((l) => l.length)).toEqual(Array(11).fill(1));
  });

  it("the users' processes connect while the roles are written and get their documents after them (B121)", async () => {
    const c = await joined("ahead");
    const roles = Array.from({ length: 12 }, (_, i) => role(`crew-${i}`));
    const users = Array.from({ length: 12 }, (_, i) => user(`m${i}@ahead.example`, [`crew-${i}`]));
    const before = await sim.control.calls();
    const result = await syncChild(api(c), options(c, declared([...roles, ...users])));
    expect(result.outcome?.counts).toMatchObject({ created: 24, failed: 0 });
    const calls = (await sim.control.calls())
      .slice(before.length)
      .filter((x) => x.cluster === c.child.cluster.name && x.wallMs !== undefined);
    const at = (pick: (x: (typeof calls)[number]) => boolean) => calls.filter(pick).map((x) => x.wallMs!);
    const roleWrites = at((x) => /^(Create|Upsert)Resource$/.test(x.method) && /^crew-/.test(x.name ?? ""));
    const userWrites = at((x) => /^(Create|Upsert)Resource$/.test(x.method) && /@ahead/.test(x.name ?? ""));
    const lastRole = Math.max(...roleWrites);
    // Every write process (3 for the roles, 3 for the users) had pinged before the last role was written.
    expect(at((x) => x.method === "Ping").filter((t) => t <= lastRole).length).toBe(6);
    // No user before its roles: a user's write needs them (B45).
    expect(Math.min(...userWrites)).toBeGreaterThan(lastRole);
  });

  it("a name created by hand between plan and apply is found, not overwritten (B100)", async () => {
    const c = await joined("race");
    const docs = declared([role("late")]);
    const plan = await syncChild(api(c), { ...options(c, docs), write: false });
    expect(plan.plan?.items.map((i) => i.action)).toEqual(["create"]);
    await sim.control.upsertResource(c.child.name, role("late", ["by-hand"]) as never);
    const applied = await syncChild(api(c), options(c, docs));
    expect(applied.plan?.items.map((i) => i.action)).toEqual(["blocked"]);
    expect(
      (
        (await sim.control.getResource(c.child.name, "role", "late"))?.spec as never as {
          allow: { logins: string[] };
        }
      ).allow.logins,
    ).toEqual(["by-hand"]);
  });

  it("an update under the sync lease reads once when nobody took the lease since the read", async () => {
    const c = await joined("leased");
    const leased = (docs: DeclaredAccessObject[]): SyncOptions => ({
      ...options(c, docs),
      holder: "run 1",
      clock: { now: Date.now, sleep: async () => {}, settle: (ms) => new Promise((r) => setTimeout(r, ms)) },
    });
    const lines: string[] = [];
    expect((await syncChild(api(c), leased(declared([role("ops")])))).outcome?.counts.created).toBe(1);
    const update = api(c);
    const result = await syncChild(update, {
      ...leased(declared([role("ops", ["root"])])),
      log: (l) => lines.push(l),
    });
    expect(result.outcome?.counts).toMatchObject({ updated: 1, failed: 0 });
    // The read of the role, the role, its read-back: the lease is taken, and the inventory recorded with the
    // release, over the Auth API with its revision check (B119), and the plan read before the take still
    // holds, so it is not read again (6 before the read was spared, 5 before the take left tctl, 4 before the
    // inventory did).
    expect(update.processes).toBe(3);
    expect(lines).toContain(
      `${c.child.name}: the child's bot may ${result.plan?.verbs}; read in 1 tctl process(es) (the sync lease taken over the Auth API)`,
    );
  });

  it("an owned object edited out of band between runs is restored on the next run", async () => {
    const c = await joined("drift");
    const docs = declared([role("kept", ["ubuntu"])]);
    expect((await syncChild(api(c), options(c, docs))).outcome?.counts.created).toBe(1);
    const live = await sim.control.getResource(c.child.name, "role", "kept");
    await sim.control.upsertResource(c.child.name, {
      ...live,
      spec: { allow: { logins: ["root"] } },
    } as never);
    const next = await syncChild(api(c), options(c, docs));
    expect(next.plan?.items.map((i) => [i.action, i.origin])).toEqual([["update", "drift"]]);
    const restored = (await sim.control.getResource(c.child.name, "role", "kept"))?.spec as {
      allow: { logins: string[] };
    };
    expect(restored.allow.logins).toEqual(["ubuntu"]);
  });
});

describe("the simulator's GetRole and GetUser refuse what Teleport refuses (B102)", () => {
  it("own role always; another role needs read (denied, not missing, without it); NotFound with it", async () => {
    const c = await joined("rbac");
    const probe = await probeOf(c);
    try {
      const refs = [
        { kind: "role", name: c.child.bot },
        { kind: "role", name: "editor" },
        { kind: "role", name: "ghost" },
        { kind: "user", name: `bot-${c.child.bot}` },
        { kind: "user", name: "nobody" },
      ];
      expect(Object.fromEntries(await probe.exists(refs))).toEqual({
        [`role/${c.child.bot}`]: "found",
        "role/editor": "found",
        "role/ghost": "missing",
        [`user/bot-${c.child.bot}`]: "found",
        "user/nobody": "missing",
      });
      await sim.control.setChildBotVerbs(c.child.name, ["create", "update"]);
      expect(Object.fromEntries(await probe.exists(refs))).toEqual({
        [`role/${c.child.bot}`]: "found",
        "role/editor": "unknown",
        "role/ghost": "unknown",
        [`user/bot-${c.child.bot}`]: "found",
        "user/nobody": "unknown",
      });
      const own = await probe.roleRules(c.child.bot);
      expect(own.spec).toEqual({
        allow: { rules: [{ resources: ["role", "user"], verbs: ["create", "update"] }] },
        deny: {},
      });
    } finally {
      probe.close();
    }
  });
});

describe("GetUser answers with the user's password state (B118)", () => {
  it("unset for a new user, set once they signed up with a link; a missing user is absent; no read, refused", async () => {
    const c = await joined("states");
    await sim.control.upsertResource(c.child.name, user("ivy", ["editor"]) as never);
    const probe = await probeOf(c);
    try {
      expect(Object.fromEntries(await probe.passwordStates(["ivy", "nobody"]))).toEqual({ ivy: 1 });
      await probe.inviteLink("ivy", 3_600_000);
      await sim.control.completeSignup(c.child.name, "ivy");
      expect(Object.fromEntries(await probe.passwordStates(["ivy"]))).toEqual({ ivy: 2 });
      await sim.control.setChildBotVerbs(c.child.name, ["create", "update"]);
      await expect(probe.passwordStates(["ivy"])).rejects.toMatchObject({ kind: "AccessDenied" });
    } finally {
      probe.close();
    }
  });
});

describe("GetUser answers the fields the action owns in a user as tctl prints them (B120)", () => {
  it("the same hash as from tctl's read, labels, description and a trait without values included; an expiring user is left to tctl", async () => {
    const c = await joined("owned");
    const ivy = {
      kind: "user",
      version: "v2",
      metadata: { name: "ivy", description: "on call", labels: { team: "db", "env/stage": "no" } },
      spec: { roles: ["editor", "access"], traits: { logins: ["ivy", "root"], db_users: [] } },
    };
    const old = { ...ivy, metadata: { name: "old", expires: "2031-01-02T03:04:05Z" } };
    await sim.control.upsertResource(c.child.name, ivy as never);
    await sim.control.upsertResource(c.child.name, old as never);
    const probe = await probeOf(c);
    try {
      const byGrpc = await probe.users(["ivy", "old", "nobody"]);
      const byTctl = await api(c, false).readMany([{ kind: "user", name: "ivy" }]);
      const tctlIvy = byTctl.get("user/ivy")!;
      expect(byGrpc.get("ivy")?.metadata).toEqual(tctlIvy.metadata);
      expect(byGrpc.get("ivy")?.spec).toMatchObject({
        roles: ["editor", "access"],
        traits: { logins: ["ivy", "root"], db_users: null },
      });
      expect(liveHash("user", byGrpc.get("ivy")!)).toBe(liveHash("user", tctlIvy));
      expect(byGrpc.get("old")).toBeUndefined();
      expect(byGrpc.get("nobody")).toBeNull();
    } finally {
      probe.close();
    }
  });
});

describe("CreateRole and UpdateRole check what Teleport's backend checks (B119)", () => {
  it("create only if absent, update only at the stored revision; RBAC; a role that grants something stays with tctl", async () => {
    const c = await joined("swaps");
    const probe = await probeOf(c);
    const lease = (description: string) => ({
      kind: "role",
      version: "v7",
      metadata: { name: "held", description, labels: { "example.com/by": "test" } },
      spec: { allow: {}, deny: {} },
    });
    try {
      const r1 = await probe.swapRole(lease("one"), null);
      const stored = await sim.control.call("resources/get", {
        cluster: c.child.name,
        kind: "role",
        name: "held",
      });
      expect(stored).toMatchObject({
        metadata: { name: "held", description: "one", labels: { "example.com/by": "test" }, revision: r1 },
      });
      await expect(probe.swapRole(lease("two"), null)).rejects.toMatchObject({
        kind: "AlreadyExists",
        message: 'key "/roles/held/params" already exists',
      });
      const r2 = await probe.swapRole(lease("two"), r1);
      expect(r2).not.toBe(r1);
      const stale = expect.stringContaining("resource revision does not match");
      await expect(probe.swapRole(lease("three"), r1)).rejects.toMatchObject({
        kind: "CompareFailed",
        message: stale,
      });
      await expect(
        probe.swapRole({ ...lease("x"), metadata: { name: "ghost" } }, "r9"),
      ).rejects.toMatchObject({
        kind: "CompareFailed",
      });
      await expect(
        probe.swapRole({ ...lease("x"), spec: { allow: { logins: ["root"] }, deny: {} } }, r2),
      ).rejects.toThrow(/grants something: write it with tctl/);
      await sim.control.setChildBotVerbs(c.child.name, ["read", "create"]);
      await expect(probe.swapRole(lease("four"), r2)).rejects.toMatchObject({ kind: "AccessDenied" });
      expect(
        (await sim.control.call("resources/get", {
          cluster: c.child.name,
          kind: "role",
          name: "held",
        })) as unknown,
      ).toMatchObject({
        metadata: { description: "two", revision: r2 },
      });
    } finally {
      probe.close();
    }
  });
});

describe("the simulator's CreateResetPasswordToken mints what `tctl users add` mints (B117, B51)", () => {
  it("an invite of the asked TTL that voids earlier links; Teleport's refusals for TTL, user and RBAC", async () => {
    const c = await joined("links");
    await sim.control.upsertResource(c.child.name, user("dana", ["editor"]) as never);
    const probe = await probeOf(c);
    try {
      const first = await probe.inviteLink("dana", 2 * 3_600_000);
      expect(first.url).toMatch(new RegExp(`^https://${c.child.domain}/web/invite/[0-9a-f]{32}$`));
      const second = await probe.inviteLink("dana", 3_600_000);
      const live = await sim.control.listUserTokens(c.child.name, "dana");
      // Each link deletes the user's others (B51): only the second works.
      expect(live.map((t) => [t.sub_kind, t.spec.url])).toEqual([["invite", second.url]]);
      expect(Date.parse(second.expires!) - Date.parse(live[0]!.spec.created)).toBe(3_600_000);
      await expect(probe.inviteLink("dana", 49 * 3_600_000)).rejects.toMatchObject({
        kind: "BadParameter",
        message: expect.stringContaining("maximum token TTL is 48h0m0s hours"),
      });
      await expect(probe.inviteLink("nobody", 3_600_000)).rejects.toMatchObject({
        kind: "NotFound",
        message: 'user "nobody" not found',
      });
      await sim.control.setChildBotVerbs(c.child.name, ["read", "create"]);
      await expect(probe.inviteLink("dana", 3_600_000)).rejects.toMatchObject({ kind: "AccessDenied" });
      expect(sim.secrets()).toEqual(expect.arrayContaining([first.url, second.url]));
    } finally {
      probe.close();
    }
  });
});

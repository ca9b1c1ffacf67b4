// Interrupted syncs through the bundled action against the simulator: a write whose answer was lost after
// Teleport committed it, the action killed (SIGKILL: a lost runner; SIGTERM: a cancelled run) right after
// the user batch (with the new users' invites in flight), a role batch or a link, and two applies at once. Each is followed by clean runs that must
// converge: every declared object as declared and owned, the inventory exact, a further run writing
// nothing, plan with fail-on-drift clean, no user with a second link, no signed-up user reset.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PARENT_CLUSTER_NAME, type Simulator } from "../sim/index.js";
import type { ActionRunner, StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";

let sim: Simulator;
const { repo, writeRepo, run, runParent } = e2eFile({ delayMs: 200 }, (s) => {
  sim = s;
});

const REPOSITORY = "example-org/tenants";
const WRITES =
  /^(Create|Update|Upsert|Delete)Resource$|^(Create|Update)Role$|^CreateUserToken$|^CreateResetPasswordToken$/;
/** The call that mints a link (B117): an invite of a new user or of one whose invite is due. */
const LINK = "CreateResetPasswordToken";
// Sleeps of the action run 20 times faster, its sync lease among them.
const FAST = { WORKLOAD_CLUSTER_ACTION_TEST_TIME_SCALE: "20" };

const role = (name: string, logins: string[]) =>
  [
    "kind: role",
    "version: v7",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  allow:",
    `    logins: [${logins.join(", ")}]`,
    "",
  ].join("\n");
const user = (name: string, roles: string[]) =>
  [
    "kind: user",
    "version: v2",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    `  roles: [${roles.join(", ")}]`,
    "",
  ].join("\n");

type Live = {
  metadata: { name: string; labels?: Record<string, string>; revision: string; description?: string };
  spec: Record<string, unknown>;
  status?: { password_state?: number };
};
const get = async (cluster: string, kind: string, name: string) =>
  (await sim.control.call("resources/get", { cluster, kind, name })) as Live | null;
const tokens = async (cluster: string, name: string) =>
  (await sim.control.listUserTokens(cluster, name)).length;
const mark = async () => (await sim.control.calls()).length;
const childWrites = async (cluster: string, since: number) =>
  (await sim.control.calls())
    .slice(since)
    .filter(
      (c) => c.cluster !== PARENT_CLUSTER_NAME && c.cluster.startsWith(cluster) && WRITES.test(c.method),
    )
    .map((c) => c.method);
const apply = (runner: ActionRunner, options: { killWhen?: Promise<NodeJS.Signals> } = {}) =>
  runParent(runner, { "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN!, mode: "apply" }, FAST, options);
const invitesOf = (step: StepResult, cluster: string): Record<string, { url: string }> =>
  step.outputs["invites-file"]
    ? (JSON.parse(fs.readFileSync(step.outputs["invites-file"], "utf8"))[cluster] ?? {})
    : {};

/**
 * Resolves with `signal` once the simulator holds the answer of a write made after the call log's `since`
 * (bounded: 60 s), and answers it half a second later as lost: the killed action never hears of it.
 */
async function held(since: number, signal: NodeJS.Signals): Promise<NodeJS.Signals> {
  for (let i = 0; i < 600; i++) {
    if ((await sim.control.calls()).slice(since).some((c) => c.held)) {
      setTimeout(() => void sim.control.release(false), 500);
      return signal;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no write was held within 60 s");
}

/** The inventory as the simulator stores it: `kind/name` -> entry. */
async function inventory(cluster: string): Promise<Record<string, { r?: string; l?: string; i?: string }>> {
  const id = createHash("sha256").update(REPOSITORY).digest("hex").slice(0, 10);
  const stored = await get(cluster, "role", `workload-cluster-action-inventory-${id}`);
  return stored ? JSON.parse(stored.metadata.description!).objects : {};
}

const leaseName = () =>
  `workload-cluster-action-lease-${createHash("sha256").update(REPOSITORY).digest("hex").slice(0, 10)}`;
async function lease(cluster: string): Promise<{ holder: string; expires: string } | undefined> {
  const stored = await get(cluster, "role", leaseName());
  return stored ? JSON.parse(stored.metadata.description!) : undefined;
}

/**
 * After a kill: SIGTERM released the sync lease; SIGKILL left it with the dead run until it ends, so the
 * test does what the log tells a person (remove the lease role) instead of waiting two minutes.
 */
async function afterKill(cluster: string, signal: NodeJS.Signals): Promise<void> {
  const left = await lease(cluster);
  if (signal === "SIGTERM") {
    expect(left).toMatchObject({ holder: "" });
    return;
  }
  expect(left!.holder).toMatch(/^a run outside GitHub Actions/);
  expect(Date.parse(left!.expires)).toBeGreaterThan(Date.now());
  await sim.control.call("resources/delete", { cluster, kind: "role", name: leaseName() });
}

interface Declared {
  roles: Record<string, string[]>;
  users: Record<string, string[]>;
}
const files = (d: Declared) => ({
  ...Object.fromEntries(Object.entries(d.roles).map(([n, l]) => [`${n}.yaml`, role(n, l)])),
  ...Object.fromEntries(Object.entries(d.users).map(([n, r]) => [`user-${n}.yaml`, user(n, r)])),
});

/**
 * The clean runs after an interruption: the apply succeeds, every declared object is as declared and owned,
 * the inventory holds exactly them at their live revisions, a further apply writes nothing, plan with
 * fail-on-drift is clean, and no user has more than one live link.
 */
async function expectConverged(runner: ActionRunner, cluster: string, d: Declared): Promise<StepResult> {
  const clean = await apply(runner);
  expect(clean.stdout).not.toContain("::error");
  expect(clean.exitCode).toBe(0);
  const entries = await inventory(cluster);
  const declared = [
    ...Object.keys(d.roles).map((n) => `role/${n}`),
    ...Object.keys(d.users).map((n) => `user/${n}`),
  ];
  expect(Object.keys(entries).sort()).toEqual(declared.sort());
  for (const [name, logins] of Object.entries(d.roles)) {
    const live = (await get(cluster, "role", name))!;
    expect(live.metadata.labels?.["workload-cluster-action/managed-by"]).toBe(REPOSITORY);
    expect((live.spec.allow as { logins: string[] }).logins).toEqual(logins);
    expect(entries[`role/${name}`]!.r).toBe(live.metadata.revision);
  }
  for (const [name, roles] of Object.entries(d.users)) {
    const live = (await get(cluster, "user", name))!;
    expect(live.metadata.labels?.["workload-cluster-action/managed-by"]).toBe(REPOSITORY);
    expect(live.spec.roles).toEqual(roles);
    // A signup writes a revision and no field the action owns (B46): only a role's revision must match.
    expect(entries[`user/${name}`]!.r).toBeTruthy();
    expect(entries[`user/${name}`]!.l).toBeUndefined();
    expect(await tokens(cluster, name)).toBeLessThanOrEqual(1);
  }
  const before = await mark();
  const again = await apply(runner);
  expect(again.exitCode).toBe(0);
  expect(await childWrites(cluster, before)).toEqual([]);
  const plan = await run(runner, "plan", { "fail-on-drift": "true" });
  expect(plan.exitCode).toBe(0);
  expect(plan.outputs.drift).toBe("{}");
  return clean;
}

describe("a write whose answer was lost", () => {
  it("is recognised as the action's own by its content: no conflict when the repository changed again", async () => {
    const first: Declared = { roles: { dev: ["ubuntu"] }, users: {} };
    const runner = repo("ir-lost", files(first));
    expect((await apply(runner)).exitCode).toBe(0);
    writeRepo(runner, "ir-lost", files({ roles: { dev: ["ubuntu", "admin"] }, users: {} }));
    await sim.control.dropResponse({ method: "UpsertResource", name: "dev" });
    const lost = await apply(runner);
    expect(lost.exitCode).toBe(1);
    expect((await get("ir-lost", "role", "dev"))!.spec.allow).toMatchObject({ logins: ["ubuntu", "admin"] });
    // The repository changes again before the next run.
    const next: Declared = { roles: { dev: ["ubuntu", "admin", "root"] }, users: {} };
    writeRepo(runner, "ir-lost", files(next));
    const clean = await expectConverged(runner, "ir-lost", next);
    expect(clean.stdout).not.toMatch(/conflict|changed outside the action/);
  });

  it("the same lost answer with the repository unchanged records the revision and writes no object", async () => {
    const runner = repo("ir-same", files({ roles: { dev: ["ubuntu"] }, users: {} }));
    expect((await apply(runner)).exitCode).toBe(0);
    const next: Declared = { roles: { dev: ["ubuntu", "admin"] }, users: {} };
    writeRepo(runner, "ir-same", files(next));
    await sim.control.dropResponse({ method: "UpsertResource", name: "dev" });
    expect((await apply(runner)).exitCode).toBe(1);
    const written = (await get("ir-same", "role", "dev"))!.metadata.revision;
    const clean = await expectConverged(runner, "ir-same", next);
    // The clean run recorded the revision and did not write the role again: it was already as declared.
    expect((await get("ir-same", "role", "dev"))!.metadata.revision).toBe(written);
    expect(clean.stdout).not.toContain("ir-same: writing");
  });
});

describe("a removal whose answer was lost", () => {
  const prune = (runner: ActionRunner) =>
    runParent(
      runner,
      { "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN!, mode: "apply", prune: "true" },
      FAST,
    );

  it("is recognised by the object's absence: removed, dropped from the inventory, nothing left to do", async () => {
    const runner = repo("ir-rm", files({ roles: { dev: ["ubuntu"], old: ["legacy"] }, users: {} }));
    expect((await apply(runner)).exitCode).toBe(0);
    const next: Declared = { roles: { dev: ["ubuntu"] }, users: {} };
    writeRepo(runner, "ir-rm", files(next));
    await sim.control.call("child-bot-verbs", {
      cluster: "ir-rm",
      verbs: ["read", "create", "update", "delete"],
    });
    await sim.control.dropResponse({ method: "DeleteResource", name: "old" });
    const step = await prune(runner);
    expect(step.stdout).toMatch(
      /removed role\/old \(no longer declared; tctl's answer was lost: .*the child no longer has it\)/,
    );
    expect(step.exitCode).toBe(0);
    expect(await get("ir-rm", "role", "old")).toBeNull();
    expect(Object.keys(await inventory("ir-rm"))).toEqual(["role/dev"]);
    await expectConverged(runner, "ir-rm", next);
  });

  it("an owned object removed by hand once it is no longer declared leaves the inventory on the next write run", async () => {
    const runner = repo("ir-gone", files({ roles: { dev: ["ubuntu"], old: ["legacy"] }, users: {} }));
    expect((await apply(runner)).exitCode).toBe(0);
    const next: Declared = { roles: { dev: ["ubuntu"] }, users: {} };
    writeRepo(runner, "ir-gone", files(next));
    await sim.control.call("resources/delete", { cluster: "ir-gone", kind: "role", name: "old" });
    const plan = await run(runner, "plan", {});
    expect(plan.stdout).toContain("No longer declared and already gone from ir-gone: role/old");
    expect(Object.keys(await inventory("ir-gone")).sort()).toEqual(["role/dev", "role/old"]);
    await expectConverged(runner, "ir-gone", next);
  });
});

describe("a signup between the plan's read and the user batch", () => {
  it("is kept: the batch writes the password state the child holds now, not the one the plan read", async () => {
    const cluster = "ir-signup";
    const runner = repo(cluster, files({ roles: { dev: ["ubuntu"] }, users: { hana: ["dev"] } }));
    expect((await apply(runner)).exitCode).toBe(0);
    const next: Declared = { roles: { dev: ["ubuntu"], ops: ["ops"] }, users: { hana: ["dev", "ops"] } };
    writeRepo(runner, cluster, files(next));
    // The lease is taken after the plan's read and before the batch: hana signs up while its write is held.
    await sim.control.hold({ method: "UpdateRole", name: leaseName() });
    const since = await mark();
    const signup = (async () => {
      for (let i = 0; i < 600; i++) {
        if ((await sim.control.calls()).slice(since).some((c) => c.held)) {
          await sim.control.completeSignup(cluster, "hana");
          await sim.control.release(true);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("the lease write was not held within 60 s");
    })();
    const step = await apply(runner);
    await signup;
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("updated");
    const hana = (await get(cluster, "user", "hana"))!;
    expect(hana.spec.roles).toEqual(["dev", "ops"]);
    expect(hana.status?.password_state).toBe(2);
    await expectConverged(runner, cluster, next);
    expect((await get(cluster, "user", "hana"))!.status?.password_state).toBe(2);
  });
});

describe("killed right after a role batch", () => {
  it.each(["SIGKILL", "SIGTERM"] as const)("%s: the next run converges", async (signal) => {
    const cluster = `ir-batch-${signal.toLowerCase()}`;
    const runner = repo(cluster, files({ roles: { dev: ["ubuntu"] }, users: {} }));
    expect((await apply(runner)).exitCode).toBe(0);
    const next: Declared = { roles: { dev: ["ubuntu", "admin"], ops: ["ops"] }, users: {} };
    writeRepo(runner, cluster, files(next));
    await sim.control.hold({ method: "UpsertResource", name: "ops" });
    const step = await apply(runner, { killWhen: held(await mark(), signal) });
    expect(step.exitCode).not.toBe(0);
    await afterKill(cluster, signal);
    await expectConverged(runner, cluster, next);
  });
});

describe("killed right after the user batch, its invites in flight", () => {
  it.each([
    "SIGKILL",
    "SIGTERM",
  ] as const)("%s: the user is the action's own from the start; the next run reports the link nobody got", async (signal) => {
    const cluster = `ir-add-${signal.toLowerCase()}`;
    const declared: Declared = { roles: { dev: ["ubuntu"] }, users: { alice: ["dev"], bob: ["dev"] } };
    const runner = repo(cluster, files(declared));
    await sim.control.hold({ method: LINK, name: "alice" });
    const killed = await apply(runner, { killWhen: held(await mark(), signal) });
    expect(killed.exitCode).not.toBe(0);
    // The batch created alice with the action's labels: there is no moment she is anyone else's.
    const made = (await get(cluster, "user", "alice"))!;
    expect(made.metadata.labels?.["workload-cluster-action/managed-by"]).toBe(REPOSITORY);
    expect((await inventory(cluster))["user/alice"]!.l).toMatch(/^a run outside GitHub Actions/);
    await afterKill(cluster, signal);

    const clean = await expectConverged(runner, cluster, declared);
    expect(clean.stdout).not.toContain("was not written by this action");
    expect(clean.stdout).toMatch(
      new RegExp(
        `::warning::${cluster}: user/alice in ${cluster}: a link issued by .* never reached an invites file`,
      ),
    );
    expect(clean.summary).toContain("user/alice");
    expect(Object.keys(invitesOf(clean, cluster)).sort()).toEqual(["alice", "bob"]);
    expect(await tokens(cluster, "alice")).toBe(1);
  });
});

describe("killed right after a link", () => {
  it("SIGKILL after a pending invite's link: the next run reports it and issues one; a signed-up user never gets another", async () => {
    const cluster = "ir-link";
    const declared: Declared = { roles: { dev: ["ubuntu"] }, users: { carol: ["dev"] } };
    const runner = repo(cluster, files(declared));
    // The invite fails after the batch created carol: the run's link mark stays in the inventory.
    await sim.control.failNext({ method: LINK, code: "UNAVAILABLE", name: "carol" });
    const failed = await apply(runner);
    expect(failed.stdout).toContain("user carol was created but its invite failed");
    expect((await inventory(cluster))["user/carol"]!.l).toMatch(/^a run outside GitHub Actions/);
    await sim.control.hold({ method: LINK, name: "carol" });
    expect((await apply(runner, { killWhen: held(await mark(), "SIGKILL") })).exitCode).not.toBe(0);
    await afterKill(cluster, "SIGKILL");
    const clean = await expectConverged(runner, cluster, declared);
    expect(clean.stdout).toMatch(/user\/carol in ir-link: a link issued by .* never reached an invites file/);
    expect(Object.keys(invitesOf(clean, cluster))).toEqual(["carol"]);
    // carol signs up with that link; runs after it never reset her.
    await sim.control.completeSignup(cluster, "carol", "totp");
    const before = await mark();
    expect((await apply(runner)).exitCode).toBe(0);
    expect(await childWrites(cluster, before)).toEqual([]);
    expect((await get(cluster, "user", "carol"))!.status?.password_state).toBe(2);
  });

  it("a link issued by a run that was killed before its invites file, to a user who signed up since, is not reissued", async () => {
    const cluster = "ir-signed";
    const declared: Declared = { roles: { dev: ["ubuntu"] }, users: { dan: ["dev"] } };
    const runner = repo(cluster, files(declared));
    await sim.control.hold({ method: LINK, name: "dan" });
    expect((await apply(runner, { killWhen: held(await mark(), "SIGKILL") })).exitCode).not.toBe(0);
    await afterKill(cluster, "SIGKILL");
    // Whoever holds the link signs up before the next run (say an admin read it from Teleport's audit).
    await sim.control.completeSignup(cluster, "dan");
    const before = await mark();
    const clean = await expectConverged(runner, cluster, declared);
    expect(clean.stdout).toMatch(/user\/dan in ir-signed: .* has signed up since; no new link is issued/);
    expect(invitesOf(clean, cluster)).toEqual({});
    const links = (await sim.control.calls()).slice(before).filter((c) => c.method === LINK);
    expect(links).toEqual([]);
    expect((await get(cluster, "user", "dan"))!.status?.password_state).toBe(2);
  });
});

describe("killed right after the inventory recorded the links delivered", () => {
  it("SIGKILL: the links are in the killed run's invites file already; the next run issues none", async () => {
    const cluster = "ir-delivered";
    const first: Declared = { roles: { dev: ["ubuntu"] }, users: {} };
    const runner = repo(cluster, files(first));
    expect((await apply(runner)).exitCode).toBe(0);
    const declared: Declared = { roles: { dev: ["ubuntu"] }, users: { erin: ["dev"] } };
    writeRepo(runner, cluster, files(declared));
    const id = createHash("sha256").update(REPOSITORY).digest("hex").slice(0, 10);
    // The run's inventory writes: the intent before the user batch (with tctl, in the batch: B104), then the
    // record after the link (over the Auth API: B119).
    await sim.control.hold({ method: "UpdateRole", name: `workload-cluster-action-inventory-${id}` });
    const killed = await apply(runner, { killWhen: held(await mark(), "SIGKILL") });
    expect(killed.exitCode).not.toBe(0);
    expect((await inventory(cluster))["user/erin"]?.l).toBeUndefined();
    const left = fs.readdirSync(runner.temp).filter((f) => /^teleport-invites-[0-9a-f]+\.json$/.test(f));
    expect(left).toHaveLength(1);
    const file = `${runner.temp}/${left[0]}`;
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const links = JSON.parse(fs.readFileSync(file, "utf8"))[cluster];
    expect(Object.keys(links)).toEqual(["erin"]);
    expect(links.erin.url).toMatch(/^https:\/\/.*\/web\/(invite|reset)\//);
    await afterKill(cluster, "SIGKILL");

    const before = await mark();
    const clean = await expectConverged(runner, cluster, declared);
    expect(clean.stdout).not.toContain("never reached an invites file");
    expect(invitesOf(clean, cluster)).toEqual({});
    expect((await sim.control.calls()).slice(before).filter((c) => c.method === LINK)).toEqual([]);
    expect(await tokens(cluster, "erin")).toBe(1);
  });
});

describe("two applies at once", () => {
  const twice = async (runner: ActionRunner) => {
    const [a, b] = await Promise.all([apply(runner), apply(runner)]);
    return [a, b] as const;
  };

  it("from a fresh child: one waits for the other's lease; nothing is lost, nobody gets two links", async () => {
    const cluster = "ir-two";
    const declared: Declared = { roles: { dev: ["ubuntu"] }, users: { erin: ["dev"], finn: ["dev"] } };
    const runner = repo(cluster, files(declared));
    const before = await mark();
    const [a, b] = await twice(runner);
    expect([a.exitCode, b.exitCode], `${a.stdout}\n${b.stdout}`).toEqual([0, 0]);
    expect(`${a.stdout}${b.stdout}`).toMatch(
      /ir-two: waiting for a run outside GitHub Actions .*, which is syncing this child/,
    );
    const links = (await sim.control.calls()).slice(before).filter((c) => c.method === LINK);
    expect(links).toHaveLength(2);
    expect({ ...invitesOf(a, cluster), ...invitesOf(b, cluster) }).toHaveProperty("erin");
    expect(Object.keys(invitesOf(a, cluster)).length + Object.keys(invitesOf(b, cluster)).length).toBe(2);
    await sim.control.completeSignup(cluster, "erin");
    await expectConverged(runner, cluster, declared);
    expect((await get(cluster, "user", "erin"))!.status?.password_state).toBe(2);
    expect(await tokens(cluster, "erin")).toBe(0);
  });

  it("from an updated repository: both converge on it, the signed-up user is never reset", async () => {
    const cluster = "ir-two-upd";
    const runner = repo(cluster, files({ roles: { dev: ["ubuntu"] }, users: { gus: ["dev"] } }));
    expect((await apply(runner)).exitCode).toBe(0);
    await sim.control.completeSignup(cluster, "gus");
    const next: Declared = {
      roles: { dev: ["ubuntu", "admin"], ops: ["ops"] },
      users: { gus: ["dev", "ops"], hal: ["ops"] },
    };
    writeRepo(runner, cluster, files(next));
    const before = await mark();
    const [a, b] = await twice(runner);
    expect([a.exitCode, b.exitCode], `${a.stdout}\n${b.stdout}`).toEqual([0, 0]);
    const links = (await sim.control.calls()).slice(before).filter((c) => c.method === LINK);
    expect(links).toHaveLength(1);
    await expectConverged(runner, cluster, next);
    expect((await get(cluster, "user", "gus"))!.status?.password_state).toBe(2);
  });
});

describe("a lease another run holds", () => {
  it("is waited for, then the run stops with an error naming that run and writes nothing", async () => {
    const cluster = "ir-held";
    const declared: Declared = { roles: { dev: ["ubuntu"] }, users: { ida: ["dev"] } };
    const runner = repo(cluster, files({ roles: { dev: ["ubuntu"] }, users: {} }));
    expect((await apply(runner)).exitCode).toBe(0);
    writeRepo(runner, cluster, files(declared));
    const other = "https://github.com/example-org/tenants/actions/runs/41 attempt 1 (job apply, 0a0b0c)";
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    await sim.control.upsertResource(cluster, {
      kind: "role",
      version: "v7",
      metadata: {
        name: leaseName(),
        description: JSON.stringify({ v: 1, holder: other, expires }),
        labels: {
          "workload-cluster-action/managed-by": REPOSITORY,
          "workload-cluster-action/inventory": "lease",
        },
      },
      spec: { allow: {}, deny: {} },
    } as never);
    // The ten-minute wait runs 20 times faster here (the test time scale): 30 s.
    const step = await apply(runner);
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain(`${cluster}: waiting for ${other}, which is syncing this child`);
    expect(step.stdout).toContain(
      `another run of ${REPOSITORY} is syncing ${cluster}: ${other} holds its lease until ${expires}`,
    );
    expect(await get(cluster, "user", "ida")).toBeNull();
    // What the message tells a person to do when that run is gone: remove the lease role.
    await sim.control.call("resources/delete", { cluster, kind: "role", name: leaseName() });
    await expectConverged(runner, cluster, declared);
  }, 120_000);
});

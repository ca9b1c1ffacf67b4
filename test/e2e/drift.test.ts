// Drift and prune through the bundled action against the simulator: out-of-band changes reported by plan
// with their fields and corrected by sync, fail-on-drift, a conflict left alone, no false drift after a
// server default change, a signup, the action's own writes or a re-run, and pruning only what the action
// owns, only when asked, behind the guard, users before roles.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PARENT_CLUSTER_NAME, type Simulator } from "../sim/index.js";
import type { StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";

let sim: Simulator;
const {
  repo,
  writeRepo: write,
  run,
} = e2eFile({ delayMs: 200 }, (s) => {
  sim = s;
});

const role = (name: string, logins = "[ubuntu]") =>
  [
    "kind: role",
    "version: v7",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  allow:",
    `    logins: ${logins}`,
    "",
  ].join("\n");
const user = (name: string, roles: string) =>
  ["kind: user", "version: v2", "metadata:", `  name: ${name}`, "spec:", `  roles: ${roles}`, ""].join("\n");

type Live = {
  kind: string;
  version: string;
  metadata: { name: string; labels?: Record<string, string>; revision: string };
  spec: Record<string, unknown>;
};
const get = async (cluster: string, kind: string, name: string) =>
  (await sim.control.call("resources/get", { cluster, kind, name })) as Live | null;
const upsert = (cluster: string, resource: unknown) =>
  sim.control.call("resources/upsert", { cluster, resource });
const drift = (step: StepResult) =>
  JSON.parse(step.outputs.drift ?? "{}") as Record<
    string,
    { kind: string; name: string; change: string; fields: string[] }[]
  >;
const counts = (step: StepResult, cluster: string) =>
  (JSON.parse(step.outputs.clusters!) as Record<string, { counts: Record<string, number> }>)[cluster]!.counts;
const mark = async () => (await sim.control.calls()).length;
const childWrites = async (cluster: string, since: number) =>
  (await sim.control.calls())
    .slice(since)
    .filter((c) => c.cluster !== PARENT_CLUSTER_NAME && c.cluster.startsWith(cluster))
    .filter((c) =>
      /^(Create|Update|Upsert|Delete)Resource$|^(Create|Update)Role$|^CreateUserToken$/.test(c.method),
    );

describe("drift", () => {
  it("out-of-band edits are reported by plan with their fields, and corrected by sync", async () => {
    const runner = repo("dr-a", {
      "dev.yaml": role("dev"),
      "ops.yaml": role("ops"),
      "lab.yaml": role("lab"),
      "erin.yaml": user("erin", "[dev]"),
    });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    // A changed field, an added allow rule, an added label, a deleted user.
    const dev = (await get("dr-a", "role", "dev"))!;
    await upsert("dr-a", {
      ...dev,
      spec: { ...dev.spec, allow: { ...(dev.spec.allow as object), logins: ["root"] } },
    });
    const ops = (await get("dr-a", "role", "ops"))!;
    const opsAllow = ops.spec.allow as Record<string, unknown>;
    await upsert("dr-a", {
      ...ops,
      spec: { ...ops.spec, allow: { ...opsAllow, rules: [{ resources: ["node"], verbs: ["read"] }] } },
    });
    const lab = (await get("dr-a", "role", "lab"))!;
    await upsert("dr-a", {
      ...lab,
      metadata: { ...lab.metadata, labels: { ...lab.metadata.labels, team: "x" } },
    });
    await sim.control.call("resources/delete", { cluster: "dr-a", kind: "user", name: "erin" });

    const plan = await run(runner, "plan");
    expect(plan.exitCode).toBe(0);
    const found = Object.fromEntries(drift(plan)["dr-a"]!.map((d) => [`${d.kind}/${d.name}`, d]));
    expect(found["role/dev"]).toMatchObject({ change: "drift", fields: ["spec.allow.logins"] });
    expect(found["role/ops"]).toMatchObject({ change: "drift" });
    expect(found["role/lab"]).toMatchObject({ change: "drift", fields: ["metadata.labels.team"] });
    expect(found["user/erin"]).toMatchObject({ change: "deleted" });
    expect(plan.stdout).toMatch(/::warning::dr-a: role\/dev: drift \(spec\.allow\.logins\)/);

    const sync = await run(runner, "sync");
    expect(sync.exitCode).toBe(0);
    expect((await get("dr-a", "role", "dev"))!.spec.allow).toMatchObject({ logins: ["ubuntu"] });
    expect((await get("dr-a", "role", "ops"))!.spec.allow).not.toHaveProperty("rules");
    expect((await get("dr-a", "role", "lab"))!.metadata.labels?.team).toBeUndefined();
    expect(await get("dr-a", "user", "erin")).not.toBeNull();
    expect(sync.summary).toContain("changed outside the action: corrected");

    const after = await run(runner, "plan");
    expect(drift(after)).toEqual({});
  });

  it("fail-on-drift fails plan with failure-reason drift, outputs set", async () => {
    const runner = repo("dr-f", { "dev.yaml": role("dev") });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    const clean = await run(runner, "plan", { "fail-on-drift": "true" });
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs.drift).toBe("{}");
    const dev = (await get("dr-f", "role", "dev"))!;
    await upsert("dr-f", { ...dev, spec: { ...dev.spec, allow: { logins: ["root"] } } });
    const step = await run(runner, "plan", { "fail-on-drift": "true" });
    expect(step.exitCode).toBe(1);
    expect(step.outputs["failure-reason"]).toBe("drift");
    expect(drift(step)["dr-f"]).toEqual([
      { kind: "role", name: "dev", change: "drift", fields: ["spec.allow.logins"] },
    ]);
    expect(step.stdout).toContain("::error::drift in 1 cluster(s): dr-f (1); fail-on-drift is on");
  });

  it("a conflict (repository and child both changed) is reported and not corrected", async () => {
    const runner = repo("dr-c", { "dev.yaml": role("dev") });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    const dev = (await get("dr-c", "role", "dev"))!;
    await upsert("dr-c", { ...dev, spec: { ...dev.spec, allow: { logins: ["root"] } } });
    write(runner, "dr-c", { "dev.yaml": role("dev", "[ubuntu, admin]") });
    const step = await run(runner, "apply");
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(
      /::error file=teleport\/access\/dev\.yaml,line=1,title=dr-c%3A role\/dev conflict::role\/dev changed in the repository and, outside the action, in the child/,
    );
    expect(step.stdout).toContain('spec.allow.logins: ["root"] -> ["ubuntu","admin"]');
    expect(drift(step)["dr-c"]).toEqual([
      { kind: "role", name: "dev", change: "conflict", fields: ["spec.allow.logins"] },
    ]);
    expect((await get("dr-c", "role", "dev"))!.spec.allow).toMatchObject({ logins: ["root"] });
  });
});

describe("never cry wolf", () => {
  it("no drift after a server default change, a signup with MFA, the action's own writes, or a re-run", async () => {
    const runner = repo("dr-w", { "dev.yaml": role("dev"), "finn.yaml": user("finn", "[dev]") });
    const first = await run(runner, "apply");
    expect(first.exitCode).toBe(0);
    expect(drift(first)).toEqual({}); // (c) its own writes
    const again = await run(runner, "plan");
    expect(drift(again)).toEqual({}); // (d) a re-run
    // A Teleport upgrade adds a role option default: applied on read, no new revision (fact B41).
    await sim.control.call("defaults/change", {
      cluster: "dr-w",
      role_options: { create_host_user_mode: "off" },
    });
    expect((await get("dr-w", "role", "dev"))!.spec.options).toMatchObject({ create_host_user_mode: "off" });
    await sim.control.call("users/complete-signup", { cluster: "dr-w", name: "finn", mfa: "webauthn" });
    const before = await mark();
    const plan = await run(runner, "plan");
    expect(plan.exitCode).toBe(0);
    expect(drift(plan)).toEqual({}); // (a) defaults, (b) signup
    const sync = await run(runner, "sync");
    expect(sync.exitCode).toBe(0);
    expect(drift(sync)).toEqual({});
    expect(await childWrites("dr-w", before)).toEqual([]);
  });
});

describe("prune", () => {
  it("off: listed and kept; on with delete: removed, users first; unowned and preset never touched", async () => {
    const runner = repo("dr-p", {
      "dev.yaml": role("dev"),
      "old.yaml": role("old"),
      "gail.yaml": user("gail", "[old]"),
    });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    await upsert("dr-p", { kind: "role", version: "v7", metadata: { name: "manual" }, spec: {} });
    write(runner, "dr-p", { "dev.yaml": role("dev") });
    const kept = await run(runner, "apply");
    expect(kept.exitCode).toBe(0);
    expect(counts(kept, "dr-p")).toMatchObject({ kept: 2, removed: 0 });
    expect(kept.summary).toMatch(
      /role\/old \| \(no longer declared\) \| 📌 kept: no longer declared \(kept: prune is off\)/,
    );
    expect(await get("dr-p", "role", "old")).not.toBeNull();

    await sim.control.call("child-bot-verbs", {
      cluster: "dr-p",
      verbs: ["read", "create", "update", "delete"],
    });
    const pruned = await run(runner, "apply", { prune: "true" });
    expect(pruned.exitCode).toBe(0);
    expect(counts(pruned, "dr-p")).toMatchObject({ removed: 2 });
    expect(pruned.stdout.indexOf("removed user/gail")).toBeLessThan(
      pruned.stdout.indexOf("removed role/old"),
    );
    expect(await get("dr-p", "user", "gail")).toBeNull();
    expect(await get("dr-p", "role", "old")).toBeNull();
    expect(await get("dr-p", "role", "manual")).not.toBeNull();
    expect(await get("dr-p", "role", "access")).not.toBeNull();
  });

  it("without delete: reports what it would remove and how to grant it, and the run succeeds", async () => {
    const runner = repo("dr-n", { "dev.yaml": role("dev"), "old.yaml": role("old") });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    write(runner, "dr-n", { "dev.yaml": role("dev") });
    const step = await run(runner, "apply", { prune: "true" });
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toMatch(
      /would remove role\/old, but the child's bot role .* lacks the delete verb on roles and users/,
    );
    expect(await get("dr-n", "role", "old")).not.toBeNull();
  });

  it("a role still in use is reported with Teleport's text and does not stop the rest", async () => {
    const runner = repo("dr-u", {
      "dev.yaml": role("dev"),
      "old.yaml": role("old"),
      "gone.yaml": role("gone"),
    });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    await sim.control.call("child-bot-verbs", {
      cluster: "dr-u",
      verbs: ["read", "create", "update", "delete"],
    });
    await upsert("dr-u", {
      kind: "user",
      version: "v2",
      metadata: { name: "holdout" },
      spec: { roles: ["old"] },
    });
    write(runner, "dr-u", { "dev.yaml": role("dev") });
    const step = await run(runner, "apply", { prune: "true" });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain("failed to delete a role that is still in use by a user");
    expect(await get("dr-u", "role", "gone")).toBeNull();
    expect(await get("dr-u", "role", "old")).not.toBeNull();
  });

  it("removes nothing in a cluster at prune-limit + 1, and says how to raise it", async () => {
    const names = ["p1", "p2", "p3", "p4"];
    const runner = repo(
      "dr-g",
      Object.fromEntries([["dev.yaml", role("dev")], ...names.map((n) => [`${n}.yaml`, role(n)])]),
    );
    expect((await run(runner, "apply")).exitCode).toBe(0);
    await sim.control.call("child-bot-verbs", {
      cluster: "dr-g",
      verbs: ["read", "create", "update", "delete"],
    });
    write(runner, "dr-g", { "dev.yaml": role("dev") });
    const step = await run(runner, "apply", { prune: "true", "prune-limit": "3" });
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain(
      "4 objects would be removed, more than prune-limit (3); none was removed. Check the list, then raise prune-limit to at least 4 for one run",
    );
    for (const n of names) expect(await get("dr-g", "role", n)).not.toBeNull();
  });
});

describe("the inventory", () => {
  it("survives a run that fails half-way: the next run still knows every owned object", async () => {
    const runner = repo("dr-i", { "a.yaml": role("ia"), "b.yaml": role("ib") });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    // The next run adds two roles and fails on the second (the cluster refuses it).
    write(runner, "dr-i", {
      "a.yaml": role("ia"),
      "b.yaml": role("ib"),
      "c.yaml": role("ic"),
      "d.yaml": role("ibad"),
    });
    await sim.control.failNext({
      method: "UpsertResource",
      code: "INVALID_ARGUMENT",
      cluster: "dr-i",
      name: "ibad",
      message: "role ibad refused by the cluster",
    });
    expect((await run(runner, "apply")).exitCode).toBe(1);
    // Everything removed from the repository: every owned object is a prune candidate, ic included.
    write(runner, "dr-i", { "x.yaml": role("ix") });
    const step = await run(runner, "plan");
    const plan = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
    const kept = plan.access["dr-i"].items
      .filter((i: { action: string }) => i.action === "keep")
      .map((i: { name: string }) => i.name);
    expect(kept.sort()).toEqual(["ia", "ib", "ic"]);
  });
});

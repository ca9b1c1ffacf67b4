// Roles and users synced into every child, through the bundled action against the simulator: the guide's
// flow from the repository, re-runs that write nothing, one changed field, signup kept, ownership and
// adoption, presets untouched, a refused document in a batch, both bots (with and without list), shared and
// per-cluster documents, mode sync, plan with no write, and no invite URL anywhere but the invites file.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCESS_CASES, CLUSTERS } from "../fixtures/access/cases.js";
import { PARENT_CLUSTER_NAME, type Simulator } from "../sim/index.js";
import { listFiles, type StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";
import { tenantYaml } from "../support/tenants.js";

const WRITES = /^(Create|Update|Upsert|Delete)Resource$|^(Create|Update)Role$|^CreateUserToken$/;

let sim: Simulator;
const {
  repo,
  writeRepo,
  run,
  runner: newRunner,
  runners,
  steps,
} = e2eFile({ delayMs: 200 }, (s) => {
  sim = s;
});

/** The writes to one child (roles, users, invite links) in the call log since `since`. */
async function childWrites(cluster: string, since: number): Promise<string[]> {
  const calls = await sim.control.calls();
  return calls
    .slice(since)
    .filter(
      (c) => c.cluster !== PARENT_CLUSTER_NAME && c.cluster.startsWith(cluster) && WRITES.test(c.method),
    )
    .map((c) => c.method);
}
const mark = async () => (await sim.control.calls()).length;

const AUDITOR = [
  "kind: role",
  "version: v7",
  "metadata:",
  "  name: child-auditor",
  "spec:",
  "  allow:",
  "    rules:",
  "      - resources: [session, event]",
  "        verbs: [list, read]",
  "",
].join("\n");

const user = (name: string, roles: string[], traits = "") =>
  [
    "kind: user",
    "version: v2",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    `  roles: [${roles.join(", ")}]`,
    ...(traits ? ["  traits:", traits] : []),
    "",
  ].join("\n");

const outputs = (step: StepResult) =>
  JSON.parse(step.outputs.clusters ?? "{}") as Record<string, { counts?: Record<string, number> }>;

async function liveObject(cluster: string, kind: string, name: string) {
  return (await sim.control.call("resources/get", { cluster, kind, name })) as {
    metadata: { labels?: Record<string, string>; revision: string };
    spec: Record<string, unknown>;
    status?: Record<string, unknown>;
  } | null;
}

describe("the guide's flow from the repository", () => {
  it("creates the role and the user with an invite that only the invites file holds; a re-run writes nothing", async () => {
    const runner = repo(["sy-guide"], {
      "auditor.yaml": AUDITOR,
      "alice.yaml": user("alice", ["child-auditor"]),
    });
    const first = await run(runner, "apply");
    expect(first.stdout).not.toContain("::error");
    expect(first.exitCode).toBe(0);
    expect(outputs(first)["sy-guide"]!.counts).toMatchObject({
      created: 2,
      updated: 0,
      blocked: 0,
      failed: 0,
    });
    const invitesFile = first.outputs["invites-file"]!;
    expect(fs.statSync(invitesFile).mode & 0o777).toBe(0o600);
    const invites = JSON.parse(fs.readFileSync(invitesFile, "utf8"));
    const url: string = invites["sy-guide"].alice.url;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/web\/invite\/\S+$/);
    // The runner consumes `::add-mask::` lines: that is how the URL is masked, and it shows nowhere.
    const shown = first.stdout.replace(/^::add-mask::.*$/gm, "");
    for (const text of [shown, first.summary, JSON.stringify(first.outputs)]) expect(text).not.toContain(url);
    expect(first.stdout).toContain(`::add-mask::${url}`);
    expect(first.summary).toMatch(
      /Invite links \(in the invites file, never shown here\) for: alice \(until /,
    );
    const role = await liveObject("sy-guide", "role", "child-auditor");
    expect(role!.metadata.labels).toMatchObject({
      "workload-cluster-action/managed-by": "example-org/tenants",
    });
    expect(role!.metadata.labels?.["teleport.dev/origin"]).toBeUndefined();

    const before = await mark();
    const again = await run(runner, "apply");
    expect(again.exitCode).toBe(0);
    expect(await childWrites("sy-guide", before)).toEqual([]);
    expect(outputs(again)["sy-guide"]!.counts).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
    expect(again.outputs["invites-file"]).toBe("");
    await runner.runPost();
    expect(fs.existsSync(invitesFile)).toBe(false);
  });
});

describe("a user with no roles", () => {
  it("is created by the batch like any user and gets an invite of the full invite-ttl, only in the invites file", async () => {
    const runner = repo(["sy-norole"], { "ivy.yaml": user("ivy", []) });
    const step = await run(runner, "apply", { "invite-ttl": "36h" });
    expect(step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    const invites = JSON.parse(fs.readFileSync(step.outputs["invites-file"]!, "utf8"));
    // An invite, minted over the child's Auth API (B117): no `users add`, so no role needed, and no 24h cap.
    expect(invites["sy-norole"].ivy.url).toMatch(/\/web\/invite\//);
    const tokens = (await sim.control.call("user-tokens/list", { cluster: "sy-norole", name: "ivy" })) as {
      tokens: { sub_kind: string; metadata: { expires: string }; spec: { created: string; url: string } }[];
    };
    expect(tokens.tokens).toHaveLength(1);
    const [token] = tokens.tokens;
    expect(token!.spec.url).toBe(invites["sy-norole"].ivy.url);
    expect(Date.parse(token!.metadata.expires) - Date.parse(token!.spec.created)).toBe(36 * 3_600_000);
    const again = await run(runner, "apply");
    expect(again.exitCode).toBe(0);
    expect(again.outputs["invites-file"]).toBe("");
  });
});

describe("updates", () => {
  it("one changed field updates exactly that object; a user who signed up keeps it and gets no new link", async () => {
    const runner = repo(["sy-upd"], {
      "roles.yaml": `${AUDITOR}---\n${AUDITOR.replace("child-auditor", "child-viewer")}`,
      "bob.yaml": user("bob", ["child-auditor"]),
    });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    await sim.control.call("users/complete-signup", { cluster: "sy-upd", name: "bob", mfa: "totp" });
    const signedUp = await liveObject("sy-upd", "user", "bob");
    expect(signedUp!.status).toMatchObject({ password_state: 2 });

    writeRepo(runner, ["sy-upd"], {
      "roles.yaml": `${AUDITOR}---\n${AUDITOR.replace("child-auditor", "child-viewer").replace("[list, read]", "[read]")}`,
      "bob.yaml": user("bob", ["child-auditor", "child-viewer"]),
    });
    const auditorBefore = (await liveObject("sy-upd", "role", "child-auditor"))!.metadata.revision;
    const before = await mark();
    const step = await run(runner, "apply");
    expect(step.exitCode).toBe(0);
    expect(outputs(step)["sy-upd"]!.counts).toMatchObject({ updated: 2, unchanged: 1 });
    expect(step.summary).toMatch(/role\/child-viewer .*✅ updated/);
    // The sync lease taken (over the Auth API, B119), the two changed objects (with tctl), the inventory
    // recording their new revisions and the lease released (over the Auth API again); nothing else.
    expect(await childWrites("sy-upd", before)).toEqual([
      "UpdateRole",
      "UpsertResource",
      "UpsertResource",
      "UpdateRole",
      "UpdateRole",
    ]);
    expect((await liveObject("sy-upd", "role", "child-auditor"))!.metadata.revision).toBe(auditorBefore);
    const bob = await liveObject("sy-upd", "user", "bob");
    expect(bob!.status).toMatchObject({ password_state: 2, mfa_weakest_device: 2 });
    expect(bob!.spec.roles).toEqual(["child-auditor", "child-viewer"]);
    const tokens = (await sim.control.call("user-tokens/list", { cluster: "sy-upd", name: "bob" })) as {
      tokens: unknown[];
    };
    expect(tokens.tokens).toEqual([]);
  });

  it("roles v3 to v8 and users with traits re-run with zero writes", async () => {
    const roles = ["v3", "v4", "v5", "v6", "v7", "v8"].map((v) =>
      [
        "kind: role",
        `version: ${v}`,
        "metadata:",
        `  name: r-${v}`,
        "spec:",
        "  allow:",
        "    logins: [ubuntu]",
        "    node_labels: {env: dev}",
        "    kubernetes_labels: {env: dev}",
        "",
      ].join("\n"),
    );
    const runner = repo(["sy-ver"], {
      "roles.yaml": roles.join("---\n"),
      "carol.yaml": user("carol", ["r-v7"], "    logins: [carol, ubuntu]\n    kubernetes_groups: [viewers]"),
    });
    const first = await run(runner, "apply");
    expect(first.stdout).not.toContain("::error");
    expect(outputs(first)["sy-ver"]!.counts).toMatchObject({ created: 7 });
    const before = await mark();
    const again = await run(runner, "apply");
    expect(again.exitCode).toBe(0);
    expect(await childWrites("sy-ver", before)).toEqual([]);
  });
});

describe("ownership", () => {
  it("an unowned existing role is blocked with the adopt entry, then adopted", async () => {
    const runner = repo(["sy-own"], { "auditor.yaml": AUDITOR });
    expect((await run(runner, "apply", { "max-parallel": "1" })).exitCode).toBe(0);
    await sim.control.call("resources/upsert", {
      cluster: "sy-own",
      resource: {
        kind: "role",
        version: "v7",
        metadata: { name: "legacy" },
        spec: { allow: { logins: ["root"] } },
      },
    });
    writeRepo(runner, ["sy-own"], {
      "auditor.yaml": AUDITOR,
      "legacy.yaml": AUDITOR.replace("child-auditor", "legacy"),
    });
    const blocked = await run(runner, "apply");
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stdout).toMatch(
      /::error file=teleport\/access\/legacy\.yaml,line=1,title=sy-own%3A role\/legacy blocked::role\/legacy exists in the child and was not written by this action. To take it over, add "sy-own:role\/legacy" to the adopt input./,
    );
    expect((await liveObject("sy-own", "role", "legacy"))!.spec).toMatchObject({
      allow: { logins: ["root"] },
    });

    const adopted = await run(runner, "apply", { adopt: "sy-own:role/legacy" });
    expect(adopted.exitCode).toBe(0);
    expect(outputs(adopted)["sy-own"]!.counts).toMatchObject({ adopted: 1 });
    const legacy = await liveObject("sy-own", "role", "legacy");
    expect(legacy!.metadata.labels?.["workload-cluster-action/managed-by"]).toBe("example-org/tenants");
  });

  it("another repository's object is blocked; presets and the seeded bot are never touched", async () => {
    const runner = repo(["sy-other"], { "auditor.yaml": AUDITOR });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    await sim.control.call("resources/upsert", {
      cluster: "sy-other",
      resource: {
        kind: "role",
        version: "v7",
        metadata: { name: "shared", labels: { "workload-cluster-action/managed-by": "other-org/other" } },
        spec: {},
      },
    });
    const presetBefore = await liveObject("sy-other", "role", "access");
    const botBefore = await liveObject("sy-other", "role", "sy-other-sync");
    writeRepo(runner, ["sy-other"], {
      "auditor.yaml": AUDITOR,
      "shared.yaml": AUDITOR.replace("child-auditor", "shared"),
    });
    const step = await run(runner, "apply");
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain("role/shared is managed by other-org/other");
    expect((await liveObject("sy-other", "role", "access"))!.metadata.revision).toBe(
      presetBefore!.metadata.revision,
    );
    expect((await liveObject("sy-other", "role", "sy-other-sync"))!.metadata.revision).toBe(
      botBefore!.metadata.revision,
    );
  });
});

describe("a batch with a document Teleport refuses", () => {
  it("reports that document with its file and line and still writes the others", async () => {
    // Every document that passes validate is one Teleport's decoder takes; a refusal at write time comes
    // from the cluster's state, here injected for this one role.
    const refused = AUDITOR.replace("child-auditor", "b-refused");
    const runner = repo(["sy-bad"], {
      "a.yaml": AUDITOR.replace("child-auditor", "a-first"),
      "b.yaml": refused,
      "c.yaml": AUDITOR.replace("child-auditor", "c-last"),
    });
    expect((await run(repo(["sy-bad"], {}), "apply")).exitCode).toBe(0);
    await sim.control.failNext({
      method: "UpsertResource",
      code: "INVALID_ARGUMENT",
      cluster: "sy-bad",
      name: "b-refused",
      message: "role b-refused refused by the cluster",
    });
    const step = await run(runner, "apply");
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(
      /::error file=teleport\/access\/b\.yaml,line=1,title=sy-bad%3A role\/b-refused not written::.*role b-refused refused by the cluster/,
    );
    expect(await liveObject("sy-bad", "role", "a-first")).not.toBeNull();
    expect(await liveObject("sy-bad", "role", "c-last")).not.toBeNull();
    expect(await liveObject("sy-bad", "role", "b-refused")).toBeNull();
  });
});

describe("scopes and bots", () => {
  it("a shared role overridden for one cluster; the list-less bot and a bot with list", async () => {
    const runner = repo(["sy-sa", "sy-sb"], {
      "auditor.yaml": AUDITOR,
      "sy-sb/auditor.yaml": AUDITOR.replace("[list, read]", "[read]"),
    });
    // sy-sb's child exists only once the cluster is active: create both first, then give sy-sb's bot list.
    expect((await run(repo(["sy-sa", "sy-sb"], {}), "apply")).exitCode).toBe(0);
    await sim.control.call("child-bot-verbs", {
      cluster: "sy-sb",
      verbs: ["list", "read", "create", "update"],
    });
    const step = await run(runner, "apply");
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toMatch(
      /sy-sa: the child's bot may role: read, create, update; user: read, create, update/,
    );
    expect(step.stdout).toMatch(
      /sy-sb: the child's bot may role: list, read, create, update; user: list, read, create, update/,
    );
    expect((await liveObject("sy-sa", "role", "child-auditor"))!.spec).toMatchObject({
      allow: { rules: [{ verbs: ["list", "read"] }] },
    });
    expect((await liveObject("sy-sb", "role", "child-auditor"))!.spec).toMatchObject({
      allow: { rules: [{ verbs: ["read"] }] },
    });
  });

  it("a folder naming no cluster is an error with the closest name, and nothing is written anywhere", async () => {
    const before = await mark();
    const runner = repo(["sy-typo"], { "sy-tpyo/auditor.yaml": AUDITOR });
    const step = await run(runner, "apply");
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/sy-tpyo.*sy-typo/);
    const calls = (await sim.control.calls()).slice(before);
    expect(calls.filter((c) => /^Create|^Upsert|^Update|^Delete/.test(c.method))).toEqual([]);
  });
});

describe("reads ask the child first over gRPC (B100)", () => {
  const processes = (step: StepResult, cluster: string) =>
    Number(new RegExp(`${cluster}: \\d+ created.*\\((\\d+) tctl processes\\)`).exec(step.stdout)?.[1]);

  it("a new child's role and user in 2 tctl processes; a name created by hand between plan and apply is found", async () => {
    const runner = repo(["sy-race"], {
      "auditor.yaml": AUDITOR,
      "alice.yaml": user("alice", ["child-auditor"]),
    });
    const first = await run(runner, "apply");
    expect(first.exitCode).toBe(0);
    // One batch of the intent, the role and the user (its invite is a call on the Auth API: B117), the
    // read-back. The lease is read and taken, and the inventory recorded with the lease's release, over the
    // Auth API (B119).
    expect(processes(first, "sy-race")).toBe(2);
    expect(first.stdout).toMatch(
      /sy-race: .*read in 0 tctl process\(es\) \(the sync lease taken over the Auth API\)/,
    );
    const late = AUDITOR.replace("child-auditor", "late");
    writeRepo(runner, ["sy-race"], {
      "auditor.yaml": AUDITOR,
      "alice.yaml": user("alice", ["child-auditor"]),
      "late.yaml": late,
    });
    const plan = await run(runner, "plan");
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain("sy-race: role/late: create");
    await sim.control.call("resources/upsert", {
      cluster: "sy-race",
      resource: {
        kind: "role",
        version: "v7",
        metadata: { name: "late" },
        spec: { allow: { logins: ["root"] } },
      },
    });
    const apply = await run(runner, "apply");
    expect(apply.exitCode).toBe(1);
    expect(apply.stdout).toContain("role/late exists in the child and was not written by this action");
    expect((await liveObject("sy-race", "role", "late"))!.spec).toMatchObject({
      allow: { logins: ["root"] },
    });
    expect(processes(apply, "sy-race")).toBeLessThanOrEqual(2);
  });
});

describe("mode sync", () => {
  it("syncs an active cluster and warns about a missing one, creating nothing on the parent", async () => {
    const runner = repo(["sy-m1"], { "auditor.yaml": AUDITOR });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    writeRepo(runner, ["sy-m1", "sy-missing"], { "auditor.yaml": AUDITOR.replace("[list, read]", "[read]") });
    const before = await mark();
    const step = await run(runner, "sync");
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toMatch(/::warning::sy-missing: not in the parent \(apply creates it\); not synced/);
    const parentWrites = (await sim.control.calls())
      .slice(before)
      .filter((c) => c.cluster === PARENT_CLUSTER_NAME && /^Create|^Delete/.test(c.method));
    expect(parentWrites).toEqual([]);
    expect(outputs(step)["sy-m1"]!.counts).toMatchObject({ updated: 1 });
  });
});

describe("secrets", () => {
  it("no invite URL or other secret in any log, output, summary or file left after the post step", async () => {
    const secrets = sim.secrets().filter((s) => s.length >= 16);
    const masked = new Set(
      steps.flatMap((s) => [...s.stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!)),
    );
    const seen = steps.map((s) =>
      [s.stdout.replace(/^::add-mask::.*$/gm, ""), s.stderr, JSON.stringify(s.outputs), s.summary].join("\n"),
    );
    for (const runner of runners) {
      await runner.runPost();
      for (const file of listFiles(runner.root))
        if (!file.includes("/workspace/")) seen.push(fs.readFileSync(file, "utf8"));
    }
    const everything = seen.join("\n");
    expect(everything).not.toMatch(/\/web\/(invite|reset)\//);
    expect([...masked].some((m) => m.includes("/web/invite/"))).toBe(true);
    for (const secret of secrets) {
      const lines = secret.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
      for (const line of lines.length ? lines : [secret])
        expect(everything.includes(line), "a secret leaked").toBe(false);
    }
  });
});

describe("plan", () => {
  it("shows the access diff of an active child and what a new cluster gets, with no write anywhere", async () => {
    const runner = repo(["sy-plan"], { "auditor.yaml": AUDITOR });
    expect((await run(runner, "apply")).exitCode).toBe(0);
    writeRepo(runner, ["sy-plan", "sy-plan-new"], {
      "auditor.yaml": AUDITOR.replace("[list, read]", "[read]"),
      "dave.yaml": user("dave", ["child-auditor"]),
    });
    const before = await mark();
    const step = await run(runner, "plan");
    expect(step.exitCode).toBe(0);
    const writes = (await sim.control.calls())
      .slice(before)
      .filter((c) => /^(Create|Update|Upsert|Delete)/.test(c.method) || c.method === "CreateUserToken");
    expect(writes).toEqual([]);
    expect(step.outputs.changes).toBe("true");
    const plan = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
    const actions = (cluster: string) =>
      plan.access[cluster].items.map(
        (i: { kind: string; name: string; action: string }) => `${i.action} ${i.kind}/${i.name}`,
      );
    expect(actions("sy-plan")).toEqual(["update role/child-auditor", "create user/dave"]);
    expect(actions("sy-plan-new")).toEqual(["create role/child-auditor", "create user/dave"]);
    expect(plan.access["sy-plan"].items[0].changes).toEqual([
      {
        path: "spec.allow.rules",
        declared: [{ resources: ["session", "event"], verbs: ["read"] }],
        live: expect.any(Array),
      },
    ]);
    expect(step.summary).toMatch(/### Roles and users: plan/);
  });
});

describe("malformed access manifests change nothing", () => {
  it.each(ACCESS_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const runner = newRunner();
    const clusters = c.clusters ?? CLUSTERS;
    const wc = path.join(runner.workspace, "teleport/workload-clusters");
    fs.mkdirSync(wc, { recursive: true });
    for (const cl of clusters) {
      fs.writeFileSync(
        path.join(wc, `${cl.name}.yaml`),
        tenantYaml(cl.name).replace(`${cl.name}-sync`, cl.botName),
      );
    }
    for (const [file, text] of Object.entries(c.files)) {
      fs.mkdirSync(path.dirname(path.join(runner.workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(runner.workspace, file), text);
    }
    const before = await mark();
    // A case with warnings only is valid: validate shows the warnings without credentials or calls.
    const step = await run(runner, c.errors.length ? "apply" : "validate");
    for (const w of c.warnings ?? []) {
      expect(step.stdout).toContain(`::warning file=${w.file},line=${w.line},`);
      expect(step.stdout).toMatch(
        new RegExp(w.message.source.replace(/^\^/, "").replace(/\$$/, ""), w.message.flags),
      );
    }
    expect((await sim.control.calls()).slice(before)).toEqual([]);
    if (!c.errors.length) {
      expect(step.exitCode).toBe(0);
      return;
    }
    expect(step.exitCode).toBe(1);
    for (const e of c.errors) {
      expect(step.stdout).toContain(
        e.line > 0 ? `::error file=${e.file},line=${e.line},` : `::error file=${e.file},`,
      );
      // The log line `file:line:col: message` carries the message whole; only the end anchor applies there.
      expect(step.stdout).toMatch(new RegExp(e.message.source.replace(/^\^/, ""), `${e.message.flags}m`));
    }
    expect(step.stdout).toMatch(
      /::error::\d+ problem\(s\) in the (workload cluster and )?access manifests; nothing was changed/,
    );
    expect((await sim.control.calls()).slice(before)).toEqual([]);
  });
});

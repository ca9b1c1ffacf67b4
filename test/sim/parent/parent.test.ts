// Conformance of the parent's WorkloadClusterService. Facts: B17 and B14.
import * as https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleRole } from "../cluster/cluster.js";
import type { IssuedIdentity } from "../cluster/identity.js";
import { resourceServiceDefinition } from "../cluster/resources.js";
import { GrpcCode } from "../common/errors.js";
import { type Simulator, startSimulator } from "../index.js";
import { createUnaryClient, type UnaryClient } from "../proxy/proxy.js";
import {
  ENTITLEMENT_DENIED,
  GRACE_PERIOD_MS,
  MFA_REQUIRED,
  ONLY_USERS,
  type WorkloadClusterMsg,
  workloadClusterServiceDefinition,
} from "./parent.js";

let sim: Simulator;
let admin: UnaryClient;
const clients: UnaryClient[] = [];

function clientFor(
  identity: IssuedIdentity,
  address = sim.parent.address,
  clusterName = sim.parent.cluster.name,
) {
  const client = createUnaryClient(workloadClusterServiceDefinition(), {
    address,
    clusterName,
    caPems: identity.tlsCaPems,
    certPem: identity.tlsCertPem,
    keyPem: identity.keyPem,
  });
  clients.push(client);
  return client;
}

const spec = (botName = "sync-bot") => ({
  regions: [{ name: "us-west-2" }],
  bot: { name: botName },
  token: {
    join_method: "iam",
    allow: [{ aws_account: "111122223333", aws_arn: "arn:aws:sts::111122223333:assumed-role/sync/*" }],
  },
});
const cluster = (name: string, s: unknown = spec()) => ({
  kind: "workload_cluster",
  version: "v1",
  metadata: { name },
  spec: s,
});

async function rejected(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: number; details: string };
  }
  throw new Error("expected the call to fail");
}

/** GET over HTTPS trusting the simulator's web CA. */
function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: sim.webCa.certPem, timeout: 3000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
      );
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

beforeAll(async () => {
  sim = await startSimulator({ delayMs: 60_000, pageSize: 2 });
  admin = clientFor(sim.admin);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim?.stop();
});

describe("RBAC and identity checks (fact: B17, B15)", () => {
  it("denies a verb the roles do not grant, naming the verb", async () => {
    sim.parent.cluster.put(ruleRole("wc-reader", ["workload_cluster"], ["read"]));
    const reader = clientFor(await sim.issueUserIdentity("parent", "bot-reader", ["wc-reader"]));
    const create = await rejected(reader.call("CreateWorkloadCluster", { cluster: cluster("rbac-1") }));
    expect(create.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(create.details).toBe('access denied to perform action "create" on "workload_cluster"');
    // list = read + list: the reader lacks "list".
    const list = await rejected(reader.call("ListWorkloadClusters", {}));
    expect(list.details).toBe('access denied to perform action "list" on "workload_cluster"');
    // upsert = create + update.
    const upsert = await rejected(reader.call("UpsertWorkloadCluster", { cluster: cluster("rbac-1") }));
    expect(upsert.details).toContain('"create"');
    const get = await rejected(reader.call("GetWorkloadCluster", { name: "missing" }));
    expect(get.code).toBe(GrpcCode.NOT_FOUND);
  });

  it("refuses every call without the WorkloadClusters entitlement", async () => {
    await sim.control.setEntitlement(false);
    try {
      const err = await rejected(admin.call("ListWorkloadClusters", {}));
      expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
      expect(err.details).toBe(ENTITLEMENT_DENIED);
    } finally {
      await sim.control.setEntitlement(true);
    }
  });

  it("answers UNAVAILABLE to identities that are not users", async () => {
    const proxyIdentity = clientFor(await sim.issueBuiltinIdentity("parent", "Proxy"));
    const err = await rejected(proxyIdentity.call("GetWorkloadCluster", { name: "x" }));
    expect(err.code).toBe(GrpcCode.UNAVAILABLE);
    expect(err.details).toBe(ONLY_USERS);
  });

  it("asks non-bot users for admin-action MFA on mutations but not on reads; bots are exempt", async () => {
    const human = clientFor(await sim.issueUserIdentity("parent", "alice", ["workload-cluster-admin"]));
    const err = await rejected(human.call("CreateWorkloadCluster", { cluster: cluster("mfa-1") }));
    expect(err.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(err.details).toBe(MFA_REQUIRED);
    await expect(human.call("ListWorkloadClusters", {})).resolves.toBeDefined();
    await sim.control.setMfaRequired(false);
    try {
      await expect(human.call("CreateWorkloadCluster", { cluster: cluster("mfa-1") })).resolves.toBeDefined();
    } finally {
      await sim.control.setMfaRequired(true);
    }
  });
});

describe("validation (fact: B14)", () => {
  it.each([
    [{ metadata: {}, spec: spec() }, "name is required"],
    [{ metadata: { name: "v" }, spec: { regions: [] } }, "regions is required"],
    [{ metadata: { name: "v" }, spec: { regions: [{ name: "" }] } }, "region name is required"],
    [
      { metadata: { name: "v", labels: { owner: "me" } }, spec: spec() },
      "only name and revision fields are supported on metadata for workload_cluster resources",
    ],
    [
      { metadata: { name: "v", description: "d" }, spec: spec() },
      "only name and revision fields are supported on metadata for workload_cluster resources",
    ],
  ])("rejects %j with %s", async (wc, text) => {
    const err = await rejected(admin.call("CreateWorkloadCluster", { cluster: wc }));
    expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(err.details).toBe(text);
  });
});

describe("lifecycle (fact: B15 server behaviour; B15 states creating/active)", () => {
  it("omits status on a fresh resource, then reports creating, then active after the delay on the clock", async () => {
    const created = await admin.call<WorkloadClusterMsg>("CreateWorkloadCluster", {
      cluster: cluster("life-1"),
    });
    expect(created.kind).toBe("workload_cluster");
    expect(created.version).toBe("v1");
    expect(created.metadata?.revision).toMatch(/\S/);
    expect(created.status).toBeUndefined();
    const first = await admin.call<WorkloadClusterMsg>("GetWorkloadCluster", { name: "life-1" });
    expect(first.status).toBeUndefined();
    const second = await admin.call<WorkloadClusterMsg>("GetWorkloadCluster", { name: "life-1" });
    expect(second.status).toEqual({ state: "creating" });
    await sim.control.advanceClock(60_000);
    const third = await admin.call<WorkloadClusterMsg>("GetWorkloadCluster", { name: "life-1" });
    expect(third.status?.state).toBe("active");
    const child = await sim.child("life-1");
    expect(third.status?.domain).toBe(child?.address);
    expect(third.status?.domain).toMatch(/^127\.0\.0\.1:\d+$/);
    // The child answers discovery at that address with its own cluster name.
    const find = await getJson(`https://${third.status?.domain}/webapi/find`);
    expect(find.body.cluster_name).toBe("life-1.teleport.sh");
  });

  it("refuses to create an existing name with ALREADY_EXISTS", async () => {
    await admin.call("CreateWorkloadCluster", { cluster: cluster("dup-1") });
    const err = await rejected(admin.call("CreateWorkloadCluster", { cluster: cluster("dup-1") }));
    expect(err.code).toBe(GrpcCode.ALREADY_EXISTS);
  });

  it("treats the spec as immutable: identical upsert is OK, any change is rejected by upsert and update (fact: B15)", async () => {
    const created = await admin.call<WorkloadClusterMsg>("UpsertWorkloadCluster", {
      cluster: cluster("imm-1"),
    });
    const again = await admin.call<WorkloadClusterMsg>("UpsertWorkloadCluster", {
      cluster: cluster("imm-1"),
    });
    expect(again.metadata?.revision).toBe(created.metadata?.revision);
    const changed = { ...spec(), regions: [{ name: "eu-west-1" }] };
    const upsert = await rejected(
      admin.call("UpsertWorkloadCluster", { cluster: cluster("imm-1", changed) }),
    );
    expect(upsert.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(upsert.details).toContain("immutable");
    const withRevision = (s: unknown) => ({
      cluster: { ...cluster("imm-1", s), metadata: { name: "imm-1", revision: created.metadata?.revision } },
    });
    const update = await rejected(admin.call("UpdateWorkloadCluster", withRevision(changed)));
    expect(update.code).toBe(GrpcCode.INVALID_ARGUMENT);
    await expect(admin.call("UpdateWorkloadCluster", withRevision(spec()))).resolves.toBeDefined();
    // A stale revision is a CompareFailed (fact: B18).
    const stale = await rejected(
      admin.call("UpdateWorkloadCluster", {
        cluster: { ...cluster("imm-1"), metadata: { name: "imm-1", revision: "old" } },
      }),
    );
    expect(stale.code).toBe(GrpcCode.FAILED_PRECONDITION);
    const missing = await rejected(admin.call("UpdateWorkloadCluster", { cluster: cluster("nope-1") }));
    expect(missing.code).toBe(GrpcCode.NOT_FOUND);
  });

  it("suspends on delete, blocks the name for the grace period, then frees it (fact: B15 delete suspends)", async () => {
    await admin.call("CreateWorkloadCluster", { cluster: cluster("del-1") });
    await admin.call("DeleteWorkloadCluster", { name: "del-1" });
    const get = await rejected(admin.call("GetWorkloadCluster", { name: "del-1" }));
    expect(get.code).toBe(GrpcCode.NOT_FOUND);
    expect(get.details).toBe('workload_cluster "del-1" doesn\'t exist');
    const again = await rejected(admin.call("DeleteWorkloadCluster", { name: "del-1" }));
    expect(again.code).toBe(GrpcCode.NOT_FOUND);
    const blocked = await rejected(admin.call("CreateWorkloadCluster", { cluster: cluster("del-1") }));
    expect(blocked.code).toBe(GrpcCode.ALREADY_EXISTS);
    expect(blocked.details).toContain("grace period");
    await sim.control.advanceClock(GRACE_PERIOD_MS);
    await expect(admin.call("CreateWorkloadCluster", { cluster: cluster("del-1") })).resolves.toBeDefined();
  });

  it("reports a forced state from the control API", async () => {
    await admin.call("CreateWorkloadCluster", { cluster: cluster("forced-1") });
    await sim.control.forceState("forced-1", "failed");
    await admin.call("GetWorkloadCluster", { name: "forced-1" });
    const got = await admin.call<WorkloadClusterMsg>("GetWorkloadCluster", { name: "forced-1" });
    expect(got.status).toEqual({ state: "failed" });
    await sim.control.forceState("forced-1", null);
  });
});

describe("paging (fact: B17 ListWorkloadClusters fields)", () => {
  it("pages with next_page_token under a forced page size and leaves total_count empty", async () => {
    for (const n of ["page-a", "page-b", "page-c"])
      await admin.call("UpsertWorkloadCluster", { cluster: cluster(n) });
    const names: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await admin.call<{
        clusters?: WorkloadClusterMsg[];
        next_page_token?: string;
        total_count?: number;
      }>("ListWorkloadClusters", { page_size: 100, page_token: token });
      expect(page.clusters?.length ?? 0).toBeLessThanOrEqual(2);
      expect(page.total_count).toBeUndefined();
      names.push(...(page.clusters ?? []).map((c) => c.metadata?.name ?? ""));
      token = page.next_page_token ?? "";
      pages++;
    } while (token && pages < 50);
    expect(pages).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["page-a", "page-b", "page-c"]));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("faults and the call log", () => {
  it("fails the next N calls of a method with the given code, without running it", async () => {
    await sim.control.failNext({
      method: "CreateWorkloadCluster",
      code: "UNAVAILABLE",
      count: 2,
      message: "try later",
    });
    for (let i = 0; i < 2; i++) {
      const err = await rejected(admin.call("CreateWorkloadCluster", { cluster: cluster("fault-1") }));
      expect(err.code).toBe(GrpcCode.UNAVAILABLE);
      expect(err.details).toBe("try later");
    }
    await rejected(admin.call("GetWorkloadCluster", { name: "fault-1" }));
    await expect(admin.call("CreateWorkloadCluster", { cluster: cluster("fault-1") })).resolves.toBeDefined();
  });

  it("commits a write and drops the response", async () => {
    await sim.control.dropResponse({ method: "CreateWorkloadCluster" });
    const err = await rejected(admin.call("CreateWorkloadCluster", { cluster: cluster("drop-1") }));
    expect(err.code).toBe(GrpcCode.UNAVAILABLE);
    await expect(admin.call("GetWorkloadCluster", { name: "drop-1" })).resolves.toBeDefined();
    const calls = await sim.control.calls("CreateWorkloadCluster");
    expect(calls.at(-1)).toMatchObject({
      committed: true,
      code: GrpcCode.UNAVAILABLE,
      caller: "bot-workload-admin",
    });
  });

  it("answers NotFound to the first Gets after a create (cache lag)", async () => {
    await sim.control.cacheLag(2);
    try {
      await admin.call("CreateWorkloadCluster", { cluster: cluster("lag-1") });
      for (let i = 0; i < 2; i++) {
        expect((await rejected(admin.call("GetWorkloadCluster", { name: "lag-1" }))).code).toBe(
          GrpcCode.NOT_FOUND,
        );
      }
      await expect(admin.call("GetWorkloadCluster", { name: "lag-1" })).resolves.toBeDefined();
    } finally {
      await sim.control.cacheLag(0);
    }
  });

  it("logs every call with service, method, caller and code", async () => {
    await sim.control.clearCalls();
    await rejected(admin.call("GetWorkloadCluster", { name: "never" }));
    const calls = await sim.control.calls();
    expect(calls).toEqual([
      expect.objectContaining({
        service: "teleport.workloadcluster.v1.WorkloadClusterService",
        method: "GetWorkloadCluster",
        caller: "bot-workload-admin",
        code: GrpcCode.NOT_FOUND,
      }),
    ]);
  });
});

describe("children (fact: B59 workload-cluster seed)", () => {
  it("seeds the bot, its IAM token and a role granting create/read/update on roles and users only", async () => {
    await admin.call("CreateWorkloadCluster", { cluster: cluster("seed-1", spec("seed-bot")) });
    await sim.control.advanceClock(60_000);
    const child = await sim.child("seed-1");
    expect(child).toBeDefined();
    const c = child!.cluster;
    expect(c.get("role", "seed-bot")?.spec).toMatchObject({
      allow: { rules: [{ resources: ["role", "user"], verbs: ["create", "read", "update"] }] },
    });
    // fact B47/B59 (B59): bot users carry the bot and bot-generation labels.
    expect(c.get("user", "bot-seed-bot")?.metadata.labels).toEqual({
      "teleport.internal/bot": "seed-bot",
      "teleport.internal/bot-generation": "0",
    });
    expect(c.get("role", "bot-seed-bot")).toBeDefined();
    expect(c.get("token", "seed-bot")?.spec).toMatchObject({
      join_method: "iam",
      bot_name: "seed-bot",
      allow: spec().token.allow,
    });
    expect(c.get("role", "editor")?.metadata.labels).toEqual({ "teleport.internal/resource-type": "preset" });

    // The bot's identity can read and create roles but not list them.
    const identity = await sim.issueUserIdentity("seed-1", "bot-seed-bot", ["seed-bot"]);
    const rs = createUnaryClient(resourceServiceDefinition(), {
      address: child!.address,
      clusterName: c.name,
      caPems: identity.tlsCaPems,
      certPem: identity.tlsCertPem,
      keyPem: identity.keyPem,
    });
    clients.push(rs);
    await expect(rs.call("GetResource", { kind: "role", name: "editor" })).resolves.toMatchObject({
      resource: { metadata: { name: "editor" } },
    });
    const list = await rejected(rs.call("ListResources", { kind: "role" }));
    expect(list.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(list.details).toBe('access denied to perform action "list" on "role"');
    const del = await rejected(rs.call("DeleteResource", { kind: "role", name: "editor" }));
    expect(del.details).toBe('access denied to perform action "delete" on "role"');
    // The parent's WorkloadClusterService is not served by a child.
    const wc = clientFor(identity, child!.address, c.name);
    expect((await rejected(wc.call("ListWorkloadClusters", {}))).code).toBe(GrpcCode.UNIMPLEMENTED);
  });

  it("can make a child active before its proxy accepts connections", async () => {
    // Long enough that the first request surely comes before the proxy opens, however loaded the machine;
    // then the test waits for the condition (bounded), not for a fixed time.
    const delayMs = 1500;
    await sim.control.childListenDelay(delayMs);
    try {
      await admin.call("CreateWorkloadCluster", { cluster: cluster("late-1") });
      await admin.call("GetWorkloadCluster", { name: "late-1" });
      await sim.control.advanceClock(60_000);
      const activeAt = Date.now();
      const got = await admin.call<WorkloadClusterMsg>("GetWorkloadCluster", { name: "late-1" });
      expect(got.status?.state).toBe("active");
      const find = () => getJson(`https://${got.status?.domain}/webapi/find`).then((r) => r.status);
      await expect(find()).rejects.toThrow(/ECONNRESET|socket hang up/);
      let status: number | undefined;
      const deadline = activeAt + delayMs + 10_000;
      while (status === undefined && Date.now() < deadline) {
        status = await find().catch(() => undefined);
        if (status === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(200);
      expect(Date.now() - activeAt).toBeGreaterThanOrEqual(delayMs - 50);
    } finally {
      await sim.control.childListenDelay(0);
    }
  });
});

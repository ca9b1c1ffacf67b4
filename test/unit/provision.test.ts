import { beforeEach, describe, expect, it } from "vitest";
import { describeStageError } from "../../src/core/outcome.js";
import type { WorkloadCluster } from "../../src/core/workload-cluster.js";
import type { DeclaredWorkloadCluster as DeclaredCluster } from "../../src/manifests/workload-cluster.js";
import { type ApplyOptions, ensureCluster as applyCluster } from "../../src/provision/apply.js";
import { diffSpec } from "../../src/provision/compare.js";
import { deleteCluster } from "../../src/provision/delete.js";
import { planClusters } from "../../src/provision/plan.js";
import { FakeClock, FakeParent } from "../support/fake-parent.js";

/** The error as the log and the annotation show it: message, then advice. */
const errorText = (o: { error?: Parameters<typeof describeStageError>[0] }) =>
  o.error ? describeStageError(o.error) : undefined;

const declared = (name: string, account = "123456789012"): DeclaredCluster => ({
  name,
  file: `teleport/workload-clusters/${name}.yaml`,
  line: 1,
  spec: {
    regions: [{ name: "us-west-2" }],
    bot: { name: `${name}-bot` },
    token: {
      join_method: "iam",
      allow: [{ aws_account: account, aws_arn: `arn:aws:sts::${account}:assumed-role/deploy/*` }],
    },
  },
});

const live = (d: DeclaredCluster, state = "active"): WorkloadCluster => ({
  kind: "workload_cluster",
  version: "v1",
  metadata: { name: d.name },
  spec: structuredClone(d.spec),
  status: { state, domain: `${d.name}.teleport.sh` },
});

let clock: FakeClock;
let parent: FakeParent;
let logs: string[];
let options: ApplyOptions;

beforeEach(() => {
  clock = new FakeClock();
  parent = new FakeParent(clock);
  logs = [];
  options = {
    clock,
    log: (m) => logs.push(m),
    waitTimeoutMs: 20 * 60_000,
    retryPolicy: { attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, deadlineMs: 60_000 },
  };
});

describe("applyCluster", () => {
  it("creates a missing cluster and waits through no status and creating until active", async () => {
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out).toMatchObject({
      action: "created",
      state: "active",
      cluster: { status: { domain: "acme.teleport.sh" } },
    });
    expect(parent.writes()).toEqual(["create acme"]);
    expect(logs).toEqual([
      "acme: creating",
      "acme: created",
      "acme: no status yet after 0 ms",
      expect.stringMatching(/^acme: creating after \d/),
      expect.stringMatching(/^acme: active after \d/),
    ]);
  });

  it("leaves an identical cluster alone: no write", async () => {
    parent.add(live(declared("acme")));
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out.action).toBe("unchanged");
    expect(parent.writes()).toEqual([]);
  });

  it("refuses a changed configuration, naming the fields, without writing", async () => {
    parent.add(live(declared("acme", "210987654321")));
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out.action).toBe("conflict");
    expect(errorText(out)).toContain(
      'spec.token.allow[0].aws_account: repository "123456789012", parent "210987654321"',
    );
    expect(errorText(out)).toContain("immutable after creation");
    expect(errorText(out)).toContain("teleport/workload-clusters/acme.yaml:1");
    expect(parent.writes()).toEqual([]);
  });

  it("resolves a lost create answer by reading the cluster back", async () => {
    parent.faults.push({ method: "create", kind: "ConnectionProblem", transient: true, commitFirst: true });
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out.action).toBe("created");
    expect(parent.writes()).toEqual(["create acme"]);
    expect(logs.join("\n")).toContain("the create's answer was lost");
  });

  it("retries a create that surely did not reach the parent", async () => {
    parent.faults.push({ method: "create", kind: "ConnectionProblem", transient: true });
    parent.faults.push({ method: "create", kind: "ConnectionProblem", transient: true });
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out.action).toBe("created");
    expect(parent.writes()).toEqual(["create acme", "create acme", "create acme"]);
  });

  it("keeps create retries within the policy's longest delay (defect: it grew without bound)", async () => {
    for (let i = 0; i < 5; i++)
      parent.faults.push({ method: "create", kind: "ConnectionProblem", transient: true });
    clock.random = () => 0.99;
    const sleeps: number[] = [];
    const sleep = clock.sleep;
    clock.sleep = async (ms: number) => {
      sleeps.push(ms);
      await sleep(ms);
    };
    const policy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 2000, deadlineMs: 600_000 };
    const out = await applyCluster(declared("acme"), parent, { ...options, retryPolicy: policy });
    expect(out.action).toBe("created");
    const createRetries = logs.filter((l) => l.includes("create failed")).length;
    expect(createRetries).toBe(5);
    expect(Math.max(...sleeps.slice(0, 5))).toBeLessThanOrEqual(2000);
  });

  it("starts no create attempt after the policy's deadline (defect: the deadline was ignored)", async () => {
    for (let i = 0; i < 5; i++)
      parent.faults.push({ method: "create", kind: "ConnectionProblem", transient: true });
    clock.random = () => 0.99;
    const policy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 10_000, deadlineMs: 5000 };
    const out = await applyCluster(declared("acme"), parent, { ...options, retryPolicy: policy });
    expect(out).toMatchObject({ action: "failed", error: { kind: "ConnectionProblem" } });
    // Delays of about 1 s and 2 s fit in 5 s; the third (about 4 s) would end after it.
    expect(parent.writes()).toEqual(["create acme", "create acme", "create acme"]);
  });

  it("does not retry access denied", async () => {
    parent.faults.push({
      method: "create",
      kind: "AccessDenied",
      message: 'access denied to perform action "create"',
    });
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out).toMatchObject({
      action: "failed",
      error: { kind: "AccessDenied", message: 'access denied to perform action "create"' },
    });
    expect(parent.writes()).toEqual(["create acme"]);
  });

  it("reports a concurrently created identical cluster as unchanged", async () => {
    const d = declared("acme");
    parent.add(live(d));
    // Another run creates it between our read and our create: our read saw nothing.
    const get = parent.get.bind(parent);
    let reads = 0;
    parent.get = async (name: string) => (reads++ === 0 ? undefined : get(name));
    const out = await applyCluster(d, parent, options);
    expect(out.action).toBe("unchanged");
    expect(logs.join("\n")).toContain("was created concurrently with the declared configuration");
  });

  it("says a name in its grace period is blocked and how to proceed", async () => {
    parent.faults.push({
      method: "create",
      kind: "AlreadyExists",
      message: 'workload_cluster "acme" already exists',
    });
    const out = await applyCluster(declared("acme"), parent, options);
    expect(out.action).toBe("blocked");
    expect(errorText(out)).toContain("grace period (14 days");
    expect(errorText(out)).toContain("Choose another name");
  });

  it("times out while creating and reports the last state", async () => {
    parent.stuckState = "creating";
    const out = await applyCluster(declared("acme"), parent, { ...options, waitTimeoutMs: 60_000 });
    expect(out).toMatchObject({ action: "failed", state: "creating" });
    expect(errorText(out)).toBe('acme is not active after 60 s; the last state seen was "creating"');
    expect(clock.t).toBeGreaterThanOrEqual(60_000);
    expect(clock.t).toBeLessThan(80_000);
  });

  it("logs an unknown state as it is and keeps waiting until the timeout", async () => {
    parent.stuckState = "provisioning_failed";
    const out = await applyCluster(declared("acme"), parent, { ...options, waitTimeoutMs: 120_000 });
    expect(out.state).toBe("provisioning_failed");
    expect(logs.filter((l) => l.includes("provisioning_failed after"))).toHaveLength(1);
    expect(parent.calls.filter((c) => c === "get acme").length).toBeGreaterThan(5);
  });
});

describe("planClusters", () => {
  it("sorts declared clusters into create, unchanged and conflict, and reports unmanaged ones", async () => {
    parent.add(live(declared("same")));
    parent.add(live(declared("changed", "999999999999")));
    parent.add(live(declared("stray")));
    const plan = await planClusters(
      [declared("new"), declared("same"), declared("changed")],
      parent,
      options,
    );
    expect(plan.items.map((i) => [i.name, i.action])).toEqual([
      ["new", "create"],
      ["same", "unchanged"],
      ["changed", "conflict"],
      ["stray", "unmanaged"],
    ]);
    expect(plan.changes).toBe(true);
    expect(parent.writes()).toEqual([]);
  });

  it("reads declared names one by one when it may not list, and says what it cannot see", async () => {
    parent.add(live(declared("same")));
    parent.add(live(declared("stray")));
    parent.faults.push({ method: "list", kind: "AccessDenied" });
    const plan = await planClusters([declared("same")], parent, options);
    expect(plan.items.map((i) => i.action)).toEqual(["unchanged"]);
    expect(plan.changes).toBe(false);
    expect(plan.notes[0]).toContain("may not list");
  });
});

describe("deleteCluster", () => {
  it("deletes and reports what the parent shows afterwards", async () => {
    parent.add(live(declared("acme")));
    const out = await deleteCluster("acme", parent, {
      clock,
      retryPolicy: options.retryPolicy,
      log: () => {},
    });
    expect(out).toEqual({ name: "acme", result: "deleted", after: "gone" });
  });

  it("reports a missing cluster without writing", async () => {
    const out = await deleteCluster("ghost", parent, {
      clock,
      retryPolicy: options.retryPolicy,
      log: () => {},
    });
    expect(out.result).toBe("not-found");
    expect(parent.writes()).toEqual([]);
  });
});

describe("diffSpec", () => {
  it("treats absent and empty fields alike, as protojson does", () => {
    expect(
      diffSpec({ regions: [{ name: "us-west-2" }], bot: { name: "" } }, { regions: [{ name: "us-west-2" }] }),
    ).toEqual([]);
  });
  it("names added regions", () => {
    expect(diffSpec({ regions: [{ name: "a" }, { name: "b" }] }, { regions: [{ name: "a" }] })).toEqual([
      { path: "spec.regions[1]", declared: { name: "b" }, live: undefined },
    ]);
  });
});

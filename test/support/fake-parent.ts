// An in-memory parent cluster for unit tests of the provisioning logic, with a fake clock. (End-to-end tests
// use the simulator in test/sim instead.)

import { TeleportApiError, type TeleportErrorKind } from "../../src/core/errors.js";
import type { WorkloadCluster } from "../../src/core/workload-cluster.js";
import type { ParentApi } from "../../src/provision/parent-api.js";
import type { RetryClock } from "../../src/util/retry.js";

export class FakeClock implements RetryClock {
  t = 0;
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += ms;
  };
  random = () => 0.5;
}

type Method = "get" | "list" | "create" | "delete";

export interface Fault {
  method: Method;
  kind: TeleportErrorKind;
  message?: string;
  transient?: boolean;
  /** Apply the write, then fail as if the answer was lost. */
  commitFirst?: boolean;
}

export class FakeParent implements ParentApi {
  readonly transport = "grpc" as const;
  readonly clusters = new Map<string, WorkloadCluster>();
  readonly calls: string[] = [];
  readonly faults: Fault[] = [];
  /** Gets after creation that show no status, then `creating`, before `active`. */
  provisioningGets = 2;
  /** When set, the state a cluster is stuck in instead of becoming active. */
  stuckState?: string;
  private readonly reads = new Map<string, number>();

  constructor(readonly clock: FakeClock) {}

  add(cluster: WorkloadCluster): void {
    this.clusters.set(cluster.metadata.name, structuredClone(cluster));
  }

  private fault(method: Method): Fault | undefined {
    const i = this.faults.findIndex((f) => f.method === method);
    return i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
  }

  private raise(f: Fault): never {
    throw new TeleportApiError(
      f.kind,
      f.message ?? `simulated ${f.kind}`,
      f.transient ?? false,
      f.commitFirst ?? false,
    );
  }

  async get(name: string) {
    this.calls.push(`get ${name}`);
    const f = this.fault("get");
    if (f) this.raise(f);
    const c = this.clusters.get(name);
    if (!c) return undefined;
    const n = (this.reads.get(name) ?? 0) + 1;
    if (this.reads.has(name)) this.reads.set(name, n);
    // Only clusters created through the fake go through provisioning; added ones keep their status.
    if (c.status?.state !== "active" && this.reads.has(name)) {
      if (this.stuckState) c.status = { state: this.stuckState };
      else if (n > this.provisioningGets) c.status = { state: "active", domain: `${name}.teleport.sh` };
      else if (n > 1) c.status = { state: "creating" };
    }
    return structuredClone(c);
  }

  async list() {
    this.calls.push("list");
    const f = this.fault("list");
    if (f) this.raise(f);
    return [...this.clusters.values()].map((c) => structuredClone(c));
  }

  async create(cluster: WorkloadCluster) {
    this.calls.push(`create ${cluster.metadata.name}`);
    const f = this.fault("create");
    if (f && !f.commitFirst) this.raise(f);
    if (this.clusters.has(cluster.metadata.name)) {
      throw new TeleportApiError(
        "AlreadyExists",
        `workload_cluster "${cluster.metadata.name}" already exists`,
        false,
      );
    }
    const stored = structuredClone(cluster);
    delete stored.status;
    this.clusters.set(cluster.metadata.name, stored);
    this.reads.set(cluster.metadata.name, 0);
    if (f) this.raise(f);
    return structuredClone(stored);
  }

  async delete(name: string) {
    this.calls.push(`delete ${name}`);
    const f = this.fault("delete");
    if (f) this.raise(f);
    if (!this.clusters.delete(name))
      throw new TeleportApiError("NotFound", `workload_cluster "${name}" doesn't exist`, false);
  }

  async close() {}

  writes(): string[] {
    return this.calls.filter((c) => c.startsWith("create") || c.startsWith("delete"));
  }
}

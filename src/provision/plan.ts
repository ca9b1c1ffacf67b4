// `mode: plan`: what apply would do, read-only. Reads the parent's clusters in one list call; with a role
// that may read but not list, it falls back to reading the declared names and says what it cannot see.

import { TeleportApiError } from "../core/errors.js";
import type { WorkloadCluster } from "../core/workload-cluster.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import type { RetryClock, RetryPolicy } from "../util/retry.js";
import { apiRetrier } from "./api-retry.js";
import { describeChanges, diffSpec, type FieldChange } from "./compare.js";
import type { ParentApi } from "./parent-api.js";

type PlanAction = "create" | "unchanged" | "conflict" | "unmanaged";

export interface PlanItem {
  name: string;
  action: PlanAction;
  file?: string;
  line?: number;
  state?: string;
  domain?: string;
  changes?: FieldChange[];
  message?: string;
}

export interface ClusterPlan {
  items: PlanItem[];
  /** true when apply would write something. */
  changes: boolean;
  notes: string[];
}

export interface PlanOptions {
  clock: RetryClock;
  retryPolicy: RetryPolicy;
  signal?: AbortSignal;
  /** Clusters declared but handled by another shard: neither planned here nor reported as unmanaged. */
  otherShards?: readonly string[];
}

export async function planClusters(
  declared: DeclaredWorkloadCluster[],
  api: ParentApi,
  options: PlanOptions,
): Promise<ClusterPlan> {
  const notes: string[] = [];
  const retrying = apiRetrier(options.retryPolicy, options.clock, options.signal);
  let live: Map<string, WorkloadCluster>;
  let listed = true;
  try {
    live = new Map((await retrying(() => api.list())).map((c) => [c.metadata.name, c]));
  } catch (error) {
    if (!(error instanceof TeleportApiError && error.kind === "AccessDenied")) throw error;
    listed = false;
    notes.push(
      "The parent identity may not list workload clusters (verb `list`), so clusters the repository does not declare cannot be reported.",
    );
    live = new Map();
    for (const d of declared) {
      const c = await retrying(() => api.get(d.name));
      if (c) live.set(d.name, c);
    }
  }
  const items: PlanItem[] = declared.map((d) => {
    const c = live.get(d.name);
    const where = { file: d.file, line: d.line };
    if (!c) return { name: d.name, action: "create", ...where };
    const status = {
      ...(c.status?.state ? { state: c.status.state } : {}),
      ...(c.status?.domain ? { domain: c.status.domain } : {}),
    };
    const changes = diffSpec(d.spec, c.spec);
    if (!changes.length) return { name: d.name, action: "unchanged", ...where, ...status };
    return {
      name: d.name,
      action: "conflict",
      ...where,
      ...status,
      changes,
      message: `configuration differs (${describeChanges(changes)}); it is immutable, so apply will refuse it`,
    };
  });
  if (listed) {
    const names = new Set([...declared.map((d) => d.name), ...(options.otherShards ?? [])]);
    for (const c of [...live.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
      if (names.has(c.metadata.name)) continue;
      items.push({
        name: c.metadata.name,
        action: "unmanaged",
        ...(c.status?.state ? { state: c.status.state } : {}),
        ...(c.status?.domain ? { domain: c.status.domain } : {}),
        message: "in the parent but not declared in the repository; reported only, never deleted",
      });
    }
  }
  notes.push(
    "A name that belongs to a recently deleted cluster shows as `create` here; apply reports it as blocked for the grace period.",
  );
  return { items, changes: items.some((i) => i.action === "create"), notes };
}

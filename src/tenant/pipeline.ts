// The per-tenant pipeline of `mode: apply` and `mode: sync` (the caller's stage list differs: sync finds
// the cluster active where apply ensures it): for every declared workload cluster, under one concurrency
// limit, the stages run in order (check the join -> ensure the cluster -> join the child -> sync its
// access), each recording its own field of the tenant's outcome. A stage that fails ends that tenant's
// pipeline; the other tenants go on. A new stage is a new field of `TenantStages` and one entry in the
// caller's stage list, not a branch here.

import { type StageError, stageError } from "../core/outcome.js";
import type { JoinStage } from "../join/child.js";
import type { PreflightStage } from "../join/preflight.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import type { ClusterStage } from "../provision/apply.js";
import type { SyncStage } from "../sync/stage.js";
import { mapLimit } from "../util/concurrency.js";
import type { RetryClock } from "../util/retry.js";

/** Every stage's result; each carries an error when that stage failed. */
interface TenantStages {
  /** Can the run's AWS identity join this child? Checked before anything is written. */
  preflight: PreflightStage;
  cluster: ClusterStage;
  join: JoinStage;
  /** The child's roles and users: the plan, and what was written. */
  sync: SyncStage;
}

type StageName = keyof TenantStages;

export interface TenantOutcome extends Partial<TenantStages> {
  name: string;
  declared: DeclaredWorkloadCluster;
  /** The stage that failed and why; absent when every stage that ran succeeded. */
  failed?: { stage: StageName; error: StageError };
  /** A stage that ended the tenant's pipeline without failing it (e.g. sync: the cluster is not active yet). */
  skipped?: { stage: StageName; reason: string };
  elapsedMs: number;
  /** How long each stage that ran took, in order: where a tenant's time went (the job summary shows it). */
  stageMs?: Partial<Record<StageName, number>>;
}

export type Stage = {
  [K in StageName]: { name: K; run: (tenant: TenantOutcome) => Promise<TenantStages[K]> };
}[StageName];

export interface PipelineOptions {
  maxParallel: number;
  clock: RetryClock;
  signal?: AbortSignal;
}

export function runTenants(
  declared: readonly DeclaredWorkloadCluster[],
  stages: readonly Stage[],
  options: PipelineOptions,
): Promise<TenantOutcome[]> {
  return mapLimit(declared, options.maxParallel, async (d) => {
    const start = options.clock.now();
    const tenant: TenantOutcome = { name: d.name, declared: d, elapsedMs: 0, stageMs: {} };
    for (const stage of stages) {
      const stageStart = options.clock.now();
      if (options.signal?.aborted) {
        tenant.failed = { stage: stage.name, error: stageError("cancelled", undefined, "Cancelled") };
        break;
      }
      let error: StageError | undefined;
      try {
        const result = await stage.run(tenant);
        Object.assign(tenant, { [stage.name]: result });
        error = result.error;
        if (!error && "skip" in result && result.skip) {
          tenant.skipped = { stage: stage.name, reason: result.skip };
          break;
        }
      } catch (thrown) {
        // A stage reports what it expects as its own result; anything thrown is still this tenant's alone.
        error = stageError(thrown);
      }
      tenant.stageMs![stage.name] = options.clock.now() - stageStart;
      if (error) {
        tenant.failed = { stage: stage.name, error };
        break;
      }
    }
    tenant.elapsedMs = options.clock.now() - start;
    return tenant;
  });
}

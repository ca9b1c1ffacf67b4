// Parent side of `mode: apply`, the first stage of a tenant's pipeline: create what is missing, leave
// identical clusters alone, refuse changed ones (the configuration is immutable), then wait until each is
// active. fact: B15 (immutability, upsert semantics, delete suspends).

import { TeleportApiError } from "../core/errors.js";
import { type StageError, stageError } from "../core/outcome.js";
import {
  KIND_WORKLOAD_CLUSTER,
  WORKLOAD_CLUSTER_VERSION,
  type WorkloadCluster,
} from "../core/workload-cluster.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { formatDuration } from "../util/log.js";
import { type RetryClock, type RetryPolicy, retry } from "../util/retry.js";
import { apiRetrier } from "./api-retry.js";
import { describeChanges, diffSpec } from "./compare.js";
import type { ParentApi } from "./parent-api.js";
import { WaitTimeoutError, waitForActive } from "./wait.js";

export type ApplyAction = "created" | "unchanged" | "conflict" | "blocked" | "failed";

/** The cluster stage of a tenant's outcome. */
export interface ClusterStage {
  action: ApplyAction;
  /** The cluster as last read from the parent. */
  cluster?: WorkloadCluster;
  /** The state seen last, also when the wait failed. */
  state?: string;
  error?: StageError;
  /** Why the tenant goes no further although nothing failed (sync mode: the cluster is not active). */
  skip?: string;
  elapsedMs: number;
}

export interface ApplyOptions {
  clock: RetryClock;
  log: (message: string) => void;
  waitTimeoutMs: number;
  /** For reads and for writes that surely did not reach the server. */
  retryPolicy: RetryPolicy;
  signal?: AbortSignal;
  /** Turns an API error into what the user should do about it (access, MFA, entitlement, tool version). */
  explain?: (error: unknown, operation: "get" | "create") => string | undefined;
}

const GRACE_PERIOD_ADVICE =
  "Deleting a workload cluster suspends it for a grace period (14 days, per Teleport's workload cluster guide), during which its name cannot be used again. Choose another name for this cluster.";

/** A name refused because a deleted cluster still holds it. Teleport's exact text is not in the facts. */
function isGraceRefusal(error: TeleportApiError): boolean {
  return /grace|suspend|recently deleted|pending deletion|cannot be reused/i.test(error.message);
}

function toResource(declared: DeclaredWorkloadCluster): WorkloadCluster {
  return {
    kind: KIND_WORKLOAD_CLUSTER,
    version: WORKLOAD_CLUSTER_VERSION,
    metadata: { name: declared.name },
    spec: declared.spec,
  };
}

type StageResult = Omit<ClusterStage, "elapsedMs">;

export async function ensureCluster(
  declared: DeclaredWorkloadCluster,
  api: ParentApi,
  options: ApplyOptions,
): Promise<ClusterStage> {
  const { clock } = options;
  const start = clock.now();
  const done = (o: StageResult): ClusterStage => ({ ...o, elapsedMs: clock.now() - start });
  const retrying = apiRetrier(options.retryPolicy, clock, options.signal);
  const read = () => retrying(() => api.get(declared.name));
  const failure = (error: unknown, operation: "get" | "create") =>
    stageError(error, options.explain?.(error, operation));
  let operation: "get" | "create" = "get";

  try {
    const existing = await read();
    let action: ApplyAction = "unchanged";
    if (existing) {
      const conflict = conflictOf(declared, existing);
      if (conflict)
        return done({
          action: "conflict",
          cluster: existing,
          state: existing.status?.state,
          error: conflict,
        });
      options.log(`${declared.name}: exists with the declared configuration; no change`);
    } else {
      operation = "create";
      const created = await create(declared, api, options, read);
      if ("stop" in created) return done(created.stop);
      action = created.outcome;
    }
    try {
      const active = await waitForActive(api, declared.name, {
        timeoutMs: options.waitTimeoutMs,
        clock,
        log: options.log,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return done({ action, cluster: active, state: active.status?.state });
    } catch (error) {
      const state = error instanceof WaitTimeoutError ? error.lastState : undefined;
      const kind = error instanceof WaitTimeoutError ? "Timeout" : undefined;
      return done({
        action: "failed",
        ...(state ? { state } : {}),
        error: kind ? stageError(error, undefined, kind) : failure(error, "get"),
      });
    }
  } catch (error) {
    return done({ action: "failed", error: failure(error, operation) });
  }
}

function conflictOf(declared: DeclaredWorkloadCluster, live: WorkloadCluster): StageError | undefined {
  const changes = diffSpec(declared.spec, live.spec);
  if (!changes.length) return undefined;
  return {
    kind: "Conflict",
    message: `${declared.name} (${declared.file}:${declared.line}) differs from the cluster in the parent: ${describeChanges(changes)}. A workload cluster's configuration is immutable after creation, so nothing was changed.`,
    advice:
      "Restore the declared configuration, or delete the cluster (mode: delete) and declare it again under another name.",
  };
}

type CreateResult = { outcome: "created" | "unchanged" } | { stop: StageResult };

/** Asks for another attempt: the create surely did not land (transient before sending, or lost and absent). */
class CreateAgain extends Error {
  constructor(readonly original: TeleportApiError) {
    super(original.message);
  }
}

async function create(
  declared: DeclaredWorkloadCluster,
  api: ParentApi,
  options: ApplyOptions,
  read: () => Promise<WorkloadCluster | undefined>,
): Promise<CreateResult> {
  const name = declared.name;
  options.log(`${name}: creating`);
  let outcomeUnknown = false;
  const attempt = async (): Promise<CreateResult> => {
    try {
      await api.create(toResource(declared));
      options.log(`${name}: created`);
      return { outcome: "created" };
    } catch (error) {
      if (!(error instanceof TeleportApiError)) throw error;
      if (error.kind === "AlreadyExists" || error.outcomeUnknown) {
        // The write may have landed (lost response), or another run created it: the parent decides.
        outcomeUnknown ||= error.outcomeUnknown;
        const live = await read();
        if (live) {
          const conflict = conflictOf(declared, live);
          if (conflict) return { stop: { action: "conflict", cluster: live, error: conflict } };
          options.log(
            `${name}: ${outcomeUnknown ? "the create's answer was lost, and the parent shows the cluster with the declared configuration" : "was created concurrently with the declared configuration"}`,
          );
          return { outcome: outcomeUnknown ? "created" : "unchanged" };
        }
        if (error.kind === "AlreadyExists") return { stop: blocked(name, error) };
        // Outcome unknown and not there: the write did not land, so creating again is safe.
        throw new CreateAgain(error);
      }
      if (isGraceRefusal(error)) return { stop: blocked(name, error) };
      throw error.transient ? new CreateAgain(error) : error;
    }
  };
  try {
    return await retry(attempt, {
      policy: options.retryPolicy,
      clock: options.clock,
      isTransient: (e) => e instanceof CreateAgain,
      ...(options.signal ? { signal: options.signal } : {}),
      onRetry: ({ attempt: n, attempts, delayMs, error }) =>
        options.log(
          `${name}: create failed (${(error as Error).message}); attempt ${n} of ${attempts}, retrying in ${formatDuration(delayMs)}`,
        ),
    });
  } catch (error) {
    throw error instanceof CreateAgain ? error.original : error;
  }
}

function blocked(name: string, error: TeleportApiError): StageResult {
  return {
    action: "blocked",
    error: {
      kind: "Blocked",
      message: `${name} cannot be created: the parent refused the name (${error.message}).`,
      advice: GRACE_PERIOD_ADVICE,
    },
  };
}

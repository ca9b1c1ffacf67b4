// Parent side of `mode: apply`: create what is missing, leave identical clusters alone, refuse changed ones
// (the configuration is immutable), then wait until each is active. One failing cluster does not stop the
// others. fact: tctl-facts.md §1 "Server rules" (immutability, upsert semantics, delete suspends).
import { formatDuration } from "../util/log.js";
import type { RetryClock, RetryPolicy } from "../util/retry.js";
import { apiRetrier } from "./api-retry.js";
import { describeChanges, diffSpec } from "./compare.js";
import type { DeclaredCluster } from "./declared.js";
import { type ParentApi, TeleportApiError, type WorkloadCluster } from "./parent-api.js";
import { WaitTimeoutError, waitForActive } from "./wait.js";

export type ApplyAction = "created" | "unchanged" | "conflict" | "blocked" | "failed";

export interface ApplyOutcome {
  name: string;
  action: ApplyAction;
  /** The cluster as last read from the parent. */
  cluster?: WorkloadCluster;
  /** The state seen last, also when the wait failed. */
  state?: string;
  error?: string;
  elapsedMs: number;
}

export interface ApplyOptions {
  clock: RetryClock;
  log: (message: string) => void;
  waitTimeoutMs: number;
  /** For reads and for writes that surely did not reach the server. */
  retryPolicy: RetryPolicy;
  signal?: AbortSignal;
  pollInitialDelayMs?: number;
  /** Turns an API error into what the user should do about it (access, MFA, entitlement, tool version). */
  explain?: (error: unknown, operation: "get" | "create") => string | undefined;
}

export const GRACE_PERIOD_ADVICE =
  "Deleting a workload cluster suspends it for a grace period (14 days, per Teleport's workload cluster guide), during which its name cannot be used again. Choose another name for this cluster.";

/** A name refused because a deleted cluster still holds it. Teleport's exact text is not in the facts. */
function isGraceRefusal(error: TeleportApiError): boolean {
  return /grace|suspend|recently deleted|pending deletion|cannot be reused/i.test(error.message);
}

export function toResource(declared: DeclaredCluster): WorkloadCluster {
  return { kind: "workload_cluster", version: "v1", metadata: { name: declared.name }, spec: declared.spec };
}

export async function applyCluster(
  declared: DeclaredCluster,
  api: ParentApi,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const { clock } = options;
  const start = clock.now();
  const name = declared.name;
  const done = (o: Omit<ApplyOutcome, "name" | "elapsedMs">): ApplyOutcome => ({
    name,
    elapsedMs: clock.now() - start,
    ...o,
  });
  const retrying = apiRetrier(options.retryPolicy, clock);
  const read = () => retrying(() => api.get(name));
  const failure = (error: unknown, operation: "get" | "create") => {
    const advice = options.explain?.(error, operation);
    return `${(error as Error).message}${advice ? `\n${advice}` : ""}`;
  };
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
      options.log(`${name}: exists with the declared configuration; no change`);
    } else {
      operation = "create";
      const created = await create(declared, api, options, read);
      if (created.outcome === "stop") return done(created.result);
      action = created.outcome;
    }
    try {
      const active = await waitForActive(api, name, {
        timeoutMs: options.waitTimeoutMs,
        clock,
        log: options.log,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.pollInitialDelayMs ? { initialDelayMs: options.pollInitialDelayMs } : {}),
      });
      return done({ action, cluster: active, state: active.status?.state });
    } catch (error) {
      const state = error instanceof WaitTimeoutError ? error.lastState : undefined;
      return done({ action: "failed", ...(state ? { state } : {}), error: failure(error, "get") });
    }
  } catch (error) {
    return done({ action: "failed", error: failure(error, operation) });
  }
}

function conflictOf(declared: DeclaredCluster, live: WorkloadCluster): string | undefined {
  const changes = diffSpec(declared.spec, live.spec);
  if (!changes.length) return undefined;
  return (
    `${declared.name} (${declared.file}:${declared.line}) differs from the cluster in the parent: ${describeChanges(changes)}. ` +
    "A workload cluster's configuration is immutable after creation, so nothing was changed. " +
    "Restore the declared configuration, or delete the cluster (mode: delete) and declare it again under another name."
  );
}

type CreateResult =
  | { outcome: "created" | "unchanged" }
  | { outcome: "stop"; result: Omit<ApplyOutcome, "name" | "elapsedMs"> };

async function create(
  declared: DeclaredCluster,
  api: ParentApi,
  options: ApplyOptions,
  read: () => Promise<WorkloadCluster | undefined>,
): Promise<CreateResult> {
  const name = declared.name;
  options.log(`${name}: creating`);
  let outcomeUnknown = false;
  for (let attempt = 1; ; attempt++) {
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
          if (conflict)
            return { outcome: "stop", result: { action: "conflict", cluster: live, error: conflict } };
          options.log(
            `${name}: ${outcomeUnknown ? "the create's answer was lost, and the parent shows the cluster with the declared configuration" : "was created concurrently with the declared configuration"}`,
          );
          return { outcome: outcomeUnknown ? "created" : "unchanged" };
        }
        if (error.kind === "AlreadyExists") return { outcome: "stop", result: blocked(name, error) };
        // Outcome unknown and not there: the write did not land, so creating again is safe.
      } else if (isGraceRefusal(error)) {
        return { outcome: "stop", result: blocked(name, error) };
      } else if (!error.transient) {
        throw error;
      }
      if (attempt >= options.retryPolicy.attempts) throw error;
      const delay = options.retryPolicy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + options.clock.random() / 2);
      options.log(
        `${name}: create failed (${error.message}); attempt ${attempt} of ${options.retryPolicy.attempts}, retrying in ${formatDuration(delay)}`,
      );
      await options.clock.sleep(delay);
    }
  }
}

function blocked(name: string, error: TeleportApiError): Omit<ApplyOutcome, "name" | "elapsedMs"> {
  return {
    action: "blocked",
    error: `${name} cannot be created: the parent refused the name (${error.message}). ${GRACE_PERIOD_ADVICE}`,
  };
}

// `mode: delete`: only the clusters named, only when confirmed (checked by the caller). Deleting suspends the
// cluster for a grace period and blocks its name meanwhile (fact: B15).

import { TeleportApiError } from "../core/errors.js";
import type { RetryClock, RetryPolicy } from "../util/retry.js";
import { apiRetrier } from "./api-retry.js";
import type { ParentApi } from "./parent-api.js";

export interface DeleteOutcome {
  name: string;
  result: "deleted" | "not-found" | "failed";
  /** What the parent shows after the delete: "gone" or the state it reports. */
  after?: string;
  error?: string;
}

export interface DeleteOptions {
  clock: RetryClock;
  retryPolicy: RetryPolicy;
  log: (message: string) => void;
  signal?: AbortSignal;
  explain?: (error: unknown) => string | undefined;
}

export async function deleteCluster(
  name: string,
  api: ParentApi,
  options: DeleteOptions,
): Promise<DeleteOutcome> {
  const retrying = apiRetrier(options.retryPolicy, options.clock, options.signal);
  try {
    const existing = await retrying(() => api.get(name));
    if (!existing) {
      options.log(`${name}: not in the parent; nothing to delete`);
      return { name, result: "not-found" };
    }
    try {
      await api.delete(name);
    } catch (error) {
      // A lost answer: the read below tells whether the delete happened.
      if (!(error instanceof TeleportApiError && error.outcomeUnknown)) throw error;
    }
    const after = await retrying(() => api.get(name));
    const shown = after ? after.status?.state || "present, no status" : "gone";
    options.log(`${name}: deleted; the parent now shows it as ${shown}`);
    return { name, result: "deleted", after: shown };
  } catch (error) {
    const advice = options.explain?.(error);
    return { name, result: "failed", error: `${(error as Error).message}${advice ? `\n${advice}` : ""}` };
  }
}

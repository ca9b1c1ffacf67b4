import { isTransientApiError } from "../core/errors.js";
import { type RetryClock, type RetryPolicy, retry } from "../util/retry.js";

/** Runs parent API calls with retries on transient errors only (never access denied or bad input). */
export function apiRetrier(policy: RetryPolicy, clock: RetryClock, signal?: AbortSignal) {
  return <T>(fn: () => Promise<T>): Promise<T> =>
    retry(fn, { policy, clock, isTransient: isTransientApiError, ...(signal ? { signal } : {}) });
}

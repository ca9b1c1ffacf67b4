import { type RetryClock, type RetryPolicy, retry } from "../util/retry.js";
import { TeleportApiError } from "./parent-api.js";

/** Worth another attempt: no connection, a deadline, or UNAVAILABLE that is not a permanent refusal. */
export const isTransientApiError = (e: unknown) => e instanceof TeleportApiError && e.transient;

/** Runs parent API calls with retries on transient errors only (never access denied or bad input). */
export function apiRetrier(policy: RetryPolicy, clock: RetryClock) {
  return <T>(fn: () => Promise<T>): Promise<T> =>
    retry(fn, { policy, clock, isTransient: isTransientApiError });
}

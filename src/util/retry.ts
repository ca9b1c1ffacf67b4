// Retries with full-jitter exponential backoff, an attempt limit and an overall deadline. Only errors the
// caller classifies as transient are retried: bad input and access denied fail at once. A cancelled run
// (the abort signal) stops waiting at once and makes no further attempt.

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Overall budget from the first attempt; no new attempt starts after it. */
  deadlineMs: number;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * The clock the bundled action runs with. `WORKLOAD_CLUSTER_ACTION_TEST_TIME_SCALE` (tests only; the e2e
 * tests set it through `FAST_WAITS` in test/support/action-runner.ts) divides every wait, so end-to-end tests
 * of backoff do not sit out real seconds. It is read here and nowhere else, and has no effect unless set to a
 * number above 1.
 */
export function runnerClock(env: NodeJS.ProcessEnv): RetryClock {
  const scale = Number(env.WORKLOAD_CLUSTER_ACTION_TEST_TIME_SCALE);
  if (!(scale > 1)) return realClock;
  return { ...realClock, sleep: (ms) => realClock.sleep(ms / scale) };
}

/** An error worth another attempt: connection failures, timeouts, throttling, 5xx. */
export class TransientError extends Error {
  override name = "TransientError";
}

/** Sleeps on `clock`, waking early (without throwing) when `signal` aborts. */
export function sleep(clock: RetryClock, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return clock.sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    void clock.sleep(ms).then(done);
  });
}

interface RetryInfo {
  attempt: number;
  attempts: number;
  delayMs: number;
  error: unknown;
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock?: RetryClock;
  isTransient?: (error: unknown) => boolean;
  onRetry?: (info: RetryInfo) => void;
  /** Stops retrying: the last error is thrown as soon as the signal aborts. */
  signal?: AbortSignal;
}

function backoffDelay(attempt: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random * ceiling);
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  const isTransient = options.isTransient ?? ((e: unknown) => e instanceof TransientError);
  const { policy, signal } = options;
  const start = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted || !isTransient(error) || attempt >= policy.attempts) throw error;
      const delayMs = backoffDelay(attempt, policy, clock.random());
      if (clock.now() + delayMs - start >= policy.deadlineMs) throw error;
      options.onRetry?.({ attempt, attempts: policy.attempts, delayMs, error });
      await sleep(clock, delayMs, signal);
      if (signal?.aborted) throw error;
    }
  }
}

// Retries with full-jitter exponential backoff, an attempt limit and an overall deadline. Only errors the
// caller classifies as transient are retried: bad input and access denied fail at once.

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

/** An error worth another attempt: connection failures, timeouts, throttling, 5xx. */
export class TransientError extends Error {
  override name = "TransientError";
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock?: RetryClock;
  isTransient?: (error: unknown) => boolean;
  onRetry?: (info: { attempt: number; attempts: number; delayMs: number; error: unknown }) => void;
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random * ceiling);
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  const isTransient = options.isTransient ?? ((e: unknown) => e instanceof TransientError);
  const { policy } = options;
  const start = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isTransient(error) || attempt >= policy.attempts) throw error;
      const delayMs = backoffDelay(attempt, policy, clock.random());
      if (clock.now() + delayMs - start >= policy.deadlineMs) throw error;
      options.onRetry?.({ attempt, attempts: policy.attempts, delayMs, error });
      await clock.sleep(delayMs);
    }
  }
}

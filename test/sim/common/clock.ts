// The simulator's controllable clock. Simulated time runs with real time plus an offset that tests move
// forward (grace periods of 14 days must pass in milliseconds). Timers fire on whichever comes first: the
// real time passing or an advance() that jumps over them.

export interface SimClock {
  now(): Date;
  nowMs(): number;
  /** How far simulated time is ahead of real time. */
  readonly offsetMs: number;
  /** Moves simulated time forward; timers that become due fire synchronously. */
  advance(ms: number): void;
  /** Runs `fn` once simulated time reaches `atMs`. Returns a cancel function. */
  at(atMs: number, fn: () => void): () => void;
  /** Resolves once simulated time reaches `atMs` (or right away when it already has, or on stop()). */
  until(atMs: number): Promise<void>;
  /** Cancels every pending timer and releases until() waiters. */
  stop(): void;
}

interface Timer {
  atMs: number;
  fn: () => void;
  handle?: NodeJS.Timeout;
}

// setTimeout's limit; longer waits are re-armed in steps.
const MAX_TIMEOUT_MS = 2_147_483_647;

export function createClock(options: { offsetMs?: number; realNow?: () => number } = {}): SimClock {
  const realNow = options.realNow ?? Date.now;
  let offsetMs = options.offsetMs ?? 0;
  const timers = new Set<Timer>();
  let stopped = false;
  // until() promises resolve on stop() too, so nothing awaits a timer that can no longer fire.
  const waiters = new Set<() => void>();

  const nowMs = () => realNow() + offsetMs;

  const fire = (timer: Timer) => {
    if (!timers.delete(timer)) return;
    if (timer.handle) clearTimeout(timer.handle);
    timer.fn();
  };

  const arm = (timer: Timer) => {
    if (timer.handle) clearTimeout(timer.handle);
    const wait = timer.atMs - nowMs();
    if (wait <= 0) {
      timer.handle = undefined;
      queueMicrotask(() => fire(timer));
      return;
    }
    timer.handle = setTimeout(
      () => {
        if (nowMs() >= timer.atMs) fire(timer);
        else arm(timer);
      },
      Math.min(wait, MAX_TIMEOUT_MS),
    );
    timer.handle.unref();
  };

  const at = (atMs: number, fn: () => void) => {
    if (stopped) return () => {};
    const timer: Timer = { atMs, fn };
    timers.add(timer);
    arm(timer);
    return () => {
      timers.delete(timer);
      if (timer.handle) clearTimeout(timer.handle);
    };
  };

  return {
    now: () => new Date(nowMs()),
    nowMs,
    get offsetMs() {
      return offsetMs;
    },
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only move forward, got ${ms}`);
      offsetMs += ms;
      const now = nowMs();
      for (const timer of [...timers].sort((a, b) => a.atMs - b.atMs)) {
        if (timer.atMs <= now) fire(timer);
        else arm(timer);
      }
    },
    at,
    until(atMs: number) {
      if (nowMs() >= atMs || stopped) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.add(resolve);
        at(atMs, () => {
          waiters.delete(resolve);
          resolve();
        });
      });
    },
    stop() {
      stopped = true;
      for (const timer of timers) if (timer.handle) clearTimeout(timer.handle);
      timers.clear();
      for (const resolve of waiters) resolve();
      waiters.clear();
    },
  };
}

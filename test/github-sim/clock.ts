// A clock for tests of the GitHub code: sleeping advances it at once and is recorded, so a test can assert
// how long the client waited (Retry-After, spacing between mutations) without waiting for real.
export interface FakeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** Every sleep asked for, in order. */
  sleeps: number[];
}

export function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5,
    sleeps,
  };
}

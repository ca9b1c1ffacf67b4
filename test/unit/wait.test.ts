import { describe, expect, it } from "vitest";
import type { WorkloadCluster } from "../../src/core/workload-cluster.js";
import type { ParentApi } from "../../src/provision/parent-api.js";
import { POLL_MAX_MS, POLL_MIN_MS, pollDelay, waitForActive } from "../../src/provision/wait.js";
import { FakeClock } from "../support/fake-parent.js";

describe("pollDelay", () => {
  it.each([
    [0, POLL_MIN_MS],
    [1000, POLL_MIN_MS],
    [5000, 500],
    [20_000, 2000],
    [30_000, POLL_MAX_MS],
    [20 * 60_000, POLL_MAX_MS],
  ])("after %i ms waited, polls again in %i ms", (elapsed, delay) => {
    expect(pollDelay(elapsed)).toBe(delay);
  });
});

/** A parent whose cluster turns active at `activeAt` on the fake clock. */
function parentActiveAt(clock: FakeClock, activeAt: number) {
  const reads: number[] = [];
  const api = {
    get: async (name: string): Promise<WorkloadCluster> => {
      reads.push(clock.t);
      const state = clock.t >= activeAt ? "active" : "creating";
      return {
        kind: "workload_cluster",
        version: "v1",
        metadata: { name },
        spec: { regions: [] },
        status: { state },
      };
    },
  } as unknown as ParentApi;
  return { api, reads };
}

describe("waitForActive", () => {
  it.each([
    3000,
    10_000,
    60_000,
    5 * 60_000,
  ])("sees a cluster that turns active at %i ms within a tenth of that, or the shortest poll", async (activeAt) => {
    const clock = new FakeClock();
    const { api, reads } = parentActiveAt(clock, activeAt);
    await waitForActive(api, "acme", { timeoutMs: 20 * 60_000, clock, log: () => {} });
    const seenAt = reads.at(-1) ?? 0;
    expect(seenAt).toBeGreaterThanOrEqual(activeAt);
    expect(seenAt - activeAt).toBeLessThanOrEqual(Math.max(POLL_MIN_MS, activeAt / 10) * 1.2);
  });

  it("reads the parent no more often than every few seconds in a long wait", async () => {
    const clock = new FakeClock();
    const { api, reads } = parentActiveAt(clock, 10 * 60_000);
    await waitForActive(api, "acme", { timeoutMs: 20 * 60_000, clock, log: () => {} });
    // Ten minutes at 3 s: about 200 reads, where a fixed 250 ms poll would make 2400.
    expect(reads.length).toBeLessThan(260);
    const gaps = reads.slice(1).map((t, i) => t - (reads[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(POLL_MAX_MS * 1.2);
  });
});

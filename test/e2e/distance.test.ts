// The simulator's distance knob through the bundled action: at 20 ms to every proxy an apply still creates,
// joins and syncs a child, a re-run still writes nothing, every tctl process against the child pays at
// least the round trips of its connection, and the run takes measurably (and boundedly) longer than the
// same run at 0 ms.
import { describe, expect, it } from "vitest";
import { childClusterName, type Simulator } from "../sim/index.js";
import type { StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";

const RTT = 20;

let sim: Simulator;
const { repo, run } = e2eFile({ delayMs: 200 }, (s) => {
  sim = s;
});

const ROLE = [
  "kind: role",
  "version: v7",
  "metadata:",
  "  name: far-auditor",
  "spec:",
  "  allow:",
  "    rules:",
  "      - resources: [session]",
  "        verbs: [read]",
  "",
].join("\n");
const USER = [
  "kind: user",
  "version: v2",
  "metadata:",
  "  name: far-alice",
  "spec:",
  "  roles: [far-auditor]",
  "",
].join("\n");

const counts = (step: StepResult, name: string) =>
  (JSON.parse(step.outputs.clusters ?? "{}") as Record<string, { counts?: Record<string, number> }>)[name]
    ?.counts;

async function applyNew(name: string) {
  const runner = repo([name], { "auditor.yaml": ROLE, "alice.yaml": USER });
  const step = await run(runner, "apply");
  expect(step.stdout).not.toContain("::error");
  expect(step.exitCode).toBe(0);
  expect(counts(step, name)).toMatchObject({ created: 2, failed: 0, blocked: 0 });
  return { runner, step };
}

describe("an apply at 20 ms RTT", () => {
  it("converges, re-runs without a write, and takes longer than at 0 ms by the round trips it pays", async () => {
    // Warm: the first apply of the file installs the tools; both measured runs find them cached.
    await applyNew("far-warm");
    // The faster of two runs at 0 ms, so that a stall of the machine does not shrink the difference.
    const nearRuns = [await applyNew("far-near-1"), await applyNew("far-near-2")];
    const near = nearRuns.sort((a, b) => a.step.durationMs - b.step.durationMs)[0]!;

    await sim.control.setDistance({ rttMs: RTT });
    try {
      const since = Date.now();
      const far = await applyNew("far-away");
      const proxy = (await sim.child("far-away"))!.address;
      const atChild = (await sim.toolInvocations()).filter(
        (t) => t.tool === "tctl" && t.server === proxy && t.startMs >= since,
      );
      expect(atChild.length).toBeGreaterThan(0);
      // The job summary says where the tenant's time went, with the sync's process count.
      expect(far.step.summary).toMatch(
        /\| far-away \|.*\| [\d.]+ (ms|s) \(.*create and wait [\d.]+ (ms|s), join [\d.]+ (ms|s), sync [\d.]+ (ms|s), \d+ tctl\) \|/,
      );
      // Each process opens its own connection to the child: TCP, TLS and at least one exchange.
      for (const t of atChild) expect(t.endMs! - t.startMs).toBeGreaterThanOrEqual(3 * RTT - 5);

      const again = await run(far.runner, "apply");
      expect(again.exitCode).toBe(0);
      expect(counts(again, "far-away")).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
      expect(sim.findCluster(childClusterName("far-away"))).toBeDefined();

      // Sequential round trips of the run: the parent's web API and tbot join, its gRPC channel, the child's
      // join and each tctl process (3 RTT each at least): well over 10. Bounded above for a busy machine.
      expect(far.step.durationMs - near.step.durationMs).toBeGreaterThanOrEqual(10 * RTT);
      expect(far.step.durationMs).toBeLessThan(near.step.durationMs + 60_000);
    } finally {
      await sim.control.setDistance({ rttMs: 0 });
    }
  });
});

// The simulator clock: grace periods of days must pass in milliseconds, and nothing may wait forever.
import { describe, expect, it } from "vitest";
import { createClock } from "./clock.js";

describe("simulator clock", () => {
  it("fires timers when advanced past them, in order, and not before", async () => {
    const clock = createClock();
    const fired: string[] = [];
    const t0 = clock.nowMs();
    clock.at(t0 + 2 * 86_400_000, () => fired.push("two days"));
    clock.at(t0 + 86_400_000, () => fired.push("one day"));
    clock.advance(3_600_000);
    expect(fired).toEqual([]);
    clock.advance(2 * 86_400_000);
    expect(fired).toEqual(["one day", "two days"]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.stop();
  });

  it("fires with real time too, and until() resolves on stop", async () => {
    const clock = createClock();
    await clock.until(clock.nowMs() + 20);
    const pending = clock.until(clock.nowMs() + 3_600_000);
    clock.stop();
    await expect(pending).resolves.toBeUndefined();
  });
});

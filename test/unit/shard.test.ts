// `shard: k/n` splits the declared clusters over the legs of a job matrix: every cluster in exactly one leg,
// a cluster never moving when others come or go, and legs of about the same size.
import { describe, expect, test } from "vitest";
import { inShard, shardOf } from "../../src/tenant/shard.js";

const names = (n: number, prefix = "tenant") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** The shard each name lands in, as the legs see it (through inShard only). */
function legs(all: string[], count: number): Map<string, number> {
  const where = new Map<string, number>();
  for (let index = 1; index <= count; index++) {
    for (const name of all) if (inShard(name, { index, count })) where.set(name, index);
  }
  return where;
}

describe("inShard", () => {
  test.each([1, 2, 3, 7, 10, 64, 256])("puts every cluster in exactly one of %i shards", (count) => {
    const all = names(300);
    for (const name of all) {
      const hits = Array.from({ length: count }, (_, i) => i + 1).filter((index) =>
        inShard(name, { index, count }),
      );
      expect(hits).toHaveLength(1);
      expect(hits[0]).toBe(shardOf(name, count));
    }
  });

  test.each([
    { count: 2, added: 1 },
    { count: 10, added: 50 },
    { count: 10, added: 400 },
    { count: 256, added: 100 },
  ])("keeps every cluster in its shard of $count when $added others are added", ({ count, added }) => {
    const before = names(100);
    const after = [...before, ...names(added, "newcomer")];
    const was = legs(before, count);
    const now = legs(after, count);
    for (const name of before) expect(now.get(name)).toBe(was.get(name));
  });

  test.each([
    { count: 3, removed: 1 },
    { count: 10, removed: 60 },
    { count: 256, removed: 99 },
  ])("keeps every cluster in its shard of $count when $removed others are removed", ({ count, removed }) => {
    const before = names(100);
    const after = before.slice(removed);
    const was = legs(before, count);
    const now = legs(after, count);
    for (const name of after) expect(now.get(name)).toBe(was.get(name));
  });

  test.each([
    { count: 2, min: 200, max: 300 },
    { count: 5, min: 70, max: 130 },
    { count: 10, min: 30, max: 70 },
  ])("splits 500 clusters roughly evenly over $count shards", ({ count, min, max }) => {
    const sizes = new Array<number>(count).fill(0);
    for (const shard of legs(names(500), count).values()) sizes[shard - 1]!++;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(500);
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual(min);
      expect(size).toBeLessThanOrEqual(max);
    }
  });

  test.each([
    { name: "acme", shards: [2, 8, 174] },
    { name: "globex", shards: [2, 6, 142] },
    { name: "initech", shards: [1, 9, 67] },
  ])("puts $name in shards $shards of 2, 10 and 256 on every runner", ({ name, shards }) => {
    // Fixed values: legs on other runners and other versions of the action must agree, and a change of the
    // hash would move every cluster of every fleet at once.
    expect([2, 10, 256].map((count) => shardOf(name, count))).toEqual(shards);
    expect(shardOf(name, 1)).toBe(1);
  });

  test.each([
    [{ index: 0, count: 3 }],
    [{ index: 4, count: 3 }],
    [{ index: 1, count: 0 }],
    [{ index: 1, count: 257 }],
    [{ index: 1.5, count: 3 }],
  ])("refuses the impossible shard %j", (shard) => {
    expect(() => inShard("acme", shard)).toThrow(RangeError);
  });
});

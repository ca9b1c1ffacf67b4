// `shard: k/n`: which declared workload clusters one job of a matrix handles. The split depends only on a
// cluster's own name and the shard count, so adding or removing other clusters never moves a cluster to
// another shard (its plan, its leg's artifact and its log stay where they were). Changing the count
// reshuffles, as any hash split does.
import { createHash } from "node:crypto";

export interface Shard {
  /** 1-based: shard `index` of `count`. */
  index: number;
  count: number;
}

/** GitHub runs at most 256 jobs of one matrix. */
const MAX_SHARDS = 256;

/**
 * The 1-based shard of `count` that `name` belongs to: the first four bytes of SHA-256(name) as an unsigned
 * big-endian integer, modulo `count`. (The modulo bias is below count / 2^32, nothing for a matrix.)
 */
export function shardOf(name: string, count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new RangeError(`shard count ${count} is not a whole number from 1 to ${MAX_SHARDS}`);
  }
  const digest = createHash("sha256").update(name, "utf8").digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Whether the cluster `name` is handled by `shard` (every name is in exactly one shard of a count). */
export function inShard(name: string, shard: Shard): boolean {
  if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new RangeError(`shard ${shard.index}/${shard.count} is not k/n with 1 <= k <= n`);
  }
  return shardOf(name, shard.count) === shard.index;
}

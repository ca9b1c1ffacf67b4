// What the action owns in a child, kept in the child itself so that it needs only the verbs the guide's bot
// has (no list: fact B56): roles that grant nothing, named after the repository, whose description holds
// the owned objects with the revision and a hash of each as last written. It is read in the same `tctl get`
// as the declared names. The revision tells whether anyone wrote since: server defaults change on read
// without one (fact B41), and a user's signup writes one but changes none of the fields the action owns
// (fact B46), which the hash shows.
import { createHash } from "node:crypto";
import { type AccessKind, type AccessRef, type Resource, refKey } from "../core/access.js";
import { canonicalJson } from "../util/canonical-json.js";
import { accessKind } from "./kinds/index.js";
import { LABEL_PREFIX, labelsOf, MANAGED_BY } from "./ownership.js";

export interface InventoryEntry {
  /** The revision right after the action's write; absent while the write is pending. */
  r?: string;
  /** Hash of the object as read back after that write (the fields the action owns). */
  h?: string;
  /** The applied hash: of the declared document last written. */
  a: string;
  /**
   * Intent, recorded by earlier versions before `tctl users add`, which created the user without our labels
   * until the full spec followed: a run finishes a user it finds unlabelled with this mark, as its own.
   * Users are now created labelled, so no run writes it any more.
   */
  i?: "add";
  /**
   * Intent, recorded before a link is issued: the run issuing it. Cleared once the link is in that run's
   * invites file; still set, it tells a later run that the link never reached anyone.
   */
  l?: string;
}

export interface Inventory {
  /** `kind/name` -> entry. */
  entries: Map<string, InventoryEntry>;
  /** How many inventory roles hold it. */
  shards: number;
}

/** Objects per inventory role: keeps each role's description far below any backend item limit. */
const PER_SHARD = 250;

function inventoryName(repository: string, shard = 0): string {
  const id = createHash("sha256").update(repository).digest("hex").slice(0, 10);
  return `workload-cluster-action-inventory-${id}${shard ? `-${shard}` : ""}`;
}

export const inventoryRef = (repository: string, shard = 0): AccessRef => ({
  kind: "role",
  name: inventoryName(repository, shard),
});

interface Stored {
  v: 1;
  shard: number;
  shards: number;
  objects: Record<string, InventoryEntry>;
}

function parseStored(role: Resource | undefined): Stored | undefined {
  const text = role?.metadata?.description;
  if (typeof text !== "string") return undefined;
  try {
    const value = JSON.parse(text) as Stored;
    return value && value.v === 1 && typeof value.objects === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** How many shards shard 0 says there are (1 when there is no inventory yet). */
export function shardCount(first: Resource | undefined): number {
  return parseStored(first)?.shards ?? 1;
}

export function readInventory(repository: string, live: Map<string, Resource>): Inventory | undefined {
  const first = parseStored(live.get(refKey(inventoryRef(repository))));
  if (!first) return undefined;
  const entries = new Map<string, InventoryEntry>();
  for (let shard = 0; shard < first.shards; shard++) {
    const stored = shard === 0 ? first : parseStored(live.get(refKey(inventoryRef(repository, shard))));
    for (const [key, entry] of Object.entries(stored?.objects ?? {})) entries.set(key, entry);
  }
  return { entries, shards: first.shards };
}

/** The inventory roles to write: they grant nothing, and carry our ownership label. */
export function inventoryDocuments(
  repository: string,
  entries: Map<string, InventoryEntry>,
  previousShards = 1,
): Resource[] {
  const keys = [...entries.keys()].sort();
  const shards = Math.max(1, Math.ceil(keys.length / PER_SHARD));
  const docs: Resource[] = [];
  // Shards beyond the new count are emptied, not removed: the guide's bot cannot delete.
  for (let shard = 0; shard < Math.max(shards, previousShards); shard++) {
    const objects = Object.fromEntries(
      keys.slice(shard * PER_SHARD, (shard + 1) * PER_SHARD).map((k) => [k, entries.get(k)!]),
    );
    const stored: Stored = { v: 1, shard, shards, objects };
    docs.push({
      kind: "role",
      version: "v7",
      metadata: {
        name: inventoryName(repository, shard),
        description: JSON.stringify(stored),
        labels: { [MANAGED_BY]: repository, [`${LABEL_PREFIX}inventory`]: "true" },
      },
      spec: { allow: {}, deny: {} },
    });
  }
  return docs;
}

/**
 * The fields of a live object the action owns, as its kind tells (for users only what the action writes,
 * never the status a signup changes), hashed; without our labels or the revision.
 */
export function liveHash(kind: AccessKind, live: Resource): string {
  const labels = Object.fromEntries(
    Object.entries(labelsOf(live)).filter(([k]) => !k.startsWith(LABEL_PREFIX)),
  );
  const { revision: _r, labels: _l, ...metadata } = live.metadata ?? {};
  const withLabels = { ...metadata, labels };
  const owned = accessKind(kind)?.ownedFields(live, withLabels) ?? { ...live, metadata: withLabels };
  return createHash("sha256").update(canonicalJson(owned)).digest("hex").slice(0, 32);
}

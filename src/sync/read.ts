// Reads what the sync needs from a child in as few tctl processes as the bot's verbs allow, for every kind
// registered. The bot's verbs come from its own role, read over gRPC when the child answers it (B101).
// With `list` (or with the verbs unknown) `tctl get roles` (JSON) returns every role, the bot's own and the
// inventory among them, in one process, and `tctl get users` (each further kind) follows when it may be
// listed too (two processes for any size of child). Without `list` (the guide's bot: facts B33, B34) the
// inventory and the declared names are read in one `tctl get` of several references, after the child said
// over gRPC which of them exist (B100), so a missing name costs nothing; then the inventory's other shards,
// and the owned objects no longer declared, in one more each: at most three processes, none for a child
// that holds none of the names. Without gRPC, each name Teleport reports missing costs a process (B6).
import {
  type AccessKind,
  type AccessRef,
  type ChildApi,
  type Resource,
  refKey,
  type TctlKindNames,
} from "../core/access.js";
import { TeleportApiError } from "../core/errors.js";
import { type Inventory, inventoryRef, readInventory, shardCount } from "./inventory.js";
import { accessKinds } from "./kinds/index.js";
import { type BotVerbs, botVerbs, canList } from "./verbs.js";

export interface ChildState {
  verbs: BotVerbs;
  /** Every object read, keyed `kind/name`. */
  live: Map<string, Resource>;
  /** Whether every object of the kind was read (a list), so absent means absent cluster-wide. */
  listed: Record<AccessKind, boolean>;
  /** What the action owns here, as it last recorded it; absent before its first write. */
  inventory?: Inventory;
}

const nameOf = (r: Resource) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");

function dedupe(refs: AccessRef[]): AccessRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function tryList(api: ChildApi, kind: TctlKindNames): Promise<Resource[] | undefined> {
  try {
    return await api.list(kind);
  } catch (error) {
    if (error instanceof TeleportApiError && error.kind === "AccessDenied") return undefined;
    throw error;
  }
}

/**
 * `ownRole`: the bot's own role asked already (readChild asks it otherwise): no other run writes it, so it
 * may be read before the lease's revision is, in the same round trip.
 */
export async function readChild(
  api: ChildApi,
  botName: string,
  wanted: AccessRef[],
  repository = "",
  ownRole?: Promise<Resource | undefined>,
): Promise<ChildState> {
  const live = new Map<string, Resource>();
  const [first, ...others] = accessKinds();
  const listed: Record<AccessKind, boolean> = Object.fromEntries(accessKinds().map((k) => [k.kind, false]));
  const inventory0 = repository ? [inventoryRef(repository)] : [];
  const ownRef = { kind: "role", name: botName };
  // The bot's own role over gRPC when the child answers it (no process); else through tctl below.
  const rules = await (ownRole ?? api.ownRole?.(botName));
  let verbs = rules ? botVerbs(rules) : undefined;
  // Without the verbs known, the roles are listed first, the bot's own among them; with them, only if allowed.
  if ((!verbs || canList(verbs, first!.kind)) && (await listInto(api, first!, live)))
    listed[first!.kind] = true;
  else {
    const refs = dedupe([...(verbs ? [] : [ownRef]), ...inventory0, ...wanted]);
    for (const [k, v] of await api.readMany(refs)) live.set(k, v);
  }
  if (!verbs) {
    const ownRole = live.get(refKey(ownRef));
    if (!ownRole) throw new Error(`cannot read role ${botName}, the role of the bot this action joined as`);
    verbs = botVerbs(ownRole);
  }
  for (const kind of others) {
    if (listed[first!.kind] && canList(verbs, kind.kind) && (await listInto(api, kind, live))) {
      listed[kind.kind] = true;
    }
  }
  await readSecondPass(api, live, listed, wanted, others, repository);
  const inventory = repository ? readInventory(repository, live) : undefined;
  if (inventory) await readOwned(api, live, listed, wanted, inventory);
  return { verbs, live, listed, ...(inventory ? { inventory } : {}) };
}

async function listInto(api: ChildApi, kind: TctlKindNames, live: Map<string, Resource>): Promise<boolean> {
  const resources = await tryList(api, kind);
  for (const r of resources ?? []) live.set(refKey({ kind: kind.kind, name: nameOf(r) }), r);
  return resources !== undefined;
}

/**
 * What only the first read could name (inventory shards, owned objects no longer declared), and, after a
 * list of the first kind, the declared objects of the kinds that could not be listed.
 */
async function readSecondPass(
  api: ChildApi,
  live: Map<string, Resource>,
  listed: Record<AccessKind, boolean>,
  wanted: AccessRef[],
  others: readonly TctlKindNames[],
  repository: string,
): Promise<void> {
  const more: AccessRef[] = [];
  if (repository) {
    const shards = shardCount(live.get(refKey(inventoryRef(repository))));
    for (let shard = 1; shard < shards; shard++) more.push(inventoryRef(repository, shard));
  }
  // Unlisted, the first read asked for every declared name already (readChild).
  const firstListed = listed[accessKinds()[0]!.kind] === true;
  for (const { kind } of others) {
    if (firstListed && !listed[kind])
      more.push(...wanted.filter((r) => r.kind === kind && !live.has(refKey(r))));
  }
  if (more.length) for (const [k, v] of await api.readMany(dedupe(more))) live.set(k, v);
}

async function readOwned(
  api: ChildApi,
  live: Map<string, Resource>,
  listed: Record<AccessKind, boolean>,
  wanted: AccessRef[],
  inventory: Inventory,
): Promise<void> {
  const owned = [...inventory.entries.keys()]
    .map((k) => ({ kind: k.split("/")[0] as AccessKind, name: k.slice(k.indexOf("/") + 1) }))
    .filter((r) => !listed[r.kind] && !live.has(refKey(r)) && !wanted.some((w) => refKey(w) === refKey(r)));
  if (owned.length) for (const [k, v] of await api.readMany(owned)) live.set(k, v);
}

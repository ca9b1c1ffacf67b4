// Reads what the sync needs from a child in as few tctl processes as the bot's verbs allow. First
// `tctl get roles` (JSON): with `list` it returns every role, the bot's own and the inventory among them,
// in one process, and `tctl get users` follows when users may be listed too (two processes for any size of
// child). Without `list` (the guide's bot: facts F4, F5) the bot's own role, the inventory and the declared
// names are read in one `tctl get` of several references (plus one process per name Teleport reports
// missing), then the inventory's other shards and the owned objects no longer declared in one more.
import { TeleportApiError } from "../teleport/errors.js";
import { type AccessKind, type AccessRef, type ChildApi, type Resource, refKey } from "./child-api.js";
import { type Inventory, inventoryRef, readInventory, shardCount } from "./inventory.js";
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

async function tryList(api: ChildApi, kind: AccessKind): Promise<Resource[] | undefined> {
  try {
    return await api.list(kind);
  } catch (error) {
    if (error instanceof TeleportApiError && error.kind === "AccessDenied") return undefined;
    throw error;
  }
}

export async function readChild(
  api: ChildApi,
  botName: string,
  wanted: AccessRef[],
  repository = "",
): Promise<ChildState> {
  const live = new Map<string, Resource>();
  const put = (kind: AccessKind, resources: Resource[]) => {
    for (const r of resources) live.set(refKey({ kind, name: nameOf(r) }), r);
  };
  const own = refKey({ kind: "role", name: botName });
  const listed = { role: false, user: false };
  const roles = await tryList(api, "role");
  const inventory0 = repository ? [inventoryRef(repository)] : [];
  if (roles) {
    put("role", roles);
    listed.role = true;
  } else {
    for (const [k, v] of await api.readMany(
      dedupe([{ kind: "role", name: botName }, ...inventory0, ...wanted]),
    )) {
      live.set(k, v);
    }
  }
  const ownRole = live.get(own);
  if (!ownRole) throw new Error(`cannot read role ${botName}, the role of the bot this action joined as`);
  const verbs = botVerbs(ownRole);
  if (listed.role && canList(verbs, "user")) {
    const users = await tryList(api, "user");
    if (users) {
      put("user", users);
      listed.user = true;
    }
  }
  // Second pass: what only the first read could name (inventory shards, owned objects no longer declared),
  // and, after a role list, the declared users.
  const more: AccessRef[] = [];
  if (repository) {
    const shards = shardCount(live.get(refKey(inventoryRef(repository))));
    for (let shard = 1; shard < shards; shard++) more.push(inventoryRef(repository, shard));
  }
  if (!listed.user) more.push(...wanted.filter((r) => r.kind === "user" && !live.has(refKey(r))));
  if (more.length) for (const [k, v] of await api.readMany(dedupe(more))) live.set(k, v);
  const inventory = repository ? readInventory(repository, live) : undefined;
  if (inventory) {
    const owned = [...inventory.entries.keys()]
      .map((k) => ({ kind: k.split("/")[0] as AccessKind, name: k.slice(k.indexOf("/") + 1) }))
      .filter((r) => !listed[r.kind] && !live.has(refKey(r)) && !wanted.some((w) => refKey(w) === refKey(r)));
    if (owned.length) for (const [k, v] of await api.readMany(owned)) live.set(k, v);
  }
  return { verbs, live, listed, ...(inventory ? { inventory } : {}) };
}

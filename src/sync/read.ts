// Reads what the sync needs from a child in as few tctl processes as the bot's verbs allow. First
// `tctl get roles` (JSON): with `list` it returns every role, the bot's own among them, in one process, and
// `tctl get users` follows when users may be listed too (two processes for any size of child). Without
// `list` (the guide's bot: fact F4, F5) the bot's own role and the declared names are read in one `tctl get`
// of several references, plus one process per name Teleport reports missing.
import { TeleportApiError } from "../teleport/errors.js";
import { type AccessKind, type AccessRef, type ChildApi, type Resource, refKey } from "./child-api.js";
import { type BotVerbs, botVerbs, canList } from "./verbs.js";

export interface ChildState {
  verbs: BotVerbs;
  /** Every object read, keyed `kind/name`. */
  live: Map<string, Resource>;
  /** Whether every object of the kind was read (a list), so absent means absent cluster-wide. */
  listed: Record<AccessKind, boolean>;
}

const nameOf = (r: Resource) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");

export async function readChild(api: ChildApi, botName: string, wanted: AccessRef[]): Promise<ChildState> {
  const live = new Map<string, Resource>();
  const ownRole: AccessRef = { kind: "role", name: botName };
  let roles: Resource[] | undefined;
  try {
    roles = await api.list("role");
  } catch (error) {
    if (!(error instanceof TeleportApiError && error.kind === "AccessDenied")) throw error;
  }
  if (roles) {
    for (const r of roles) live.set(refKey({ kind: "role", name: nameOf(r) }), r);
    const own = live.get(refKey(ownRole));
    if (!own)
      throw new Error(`the child lists no role ${botName}, the role of the bot this action joined as`);
    const verbs = botVerbs(own);
    if (canList(verbs, "user")) {
      for (const u of await api.list("user")) live.set(refKey({ kind: "user", name: nameOf(u) }), u);
      return { verbs, live, listed: { role: true, user: true } };
    }
    const users = wanted.filter((r) => r.kind === "user");
    for (const [k, v] of await api.readMany(users)) live.set(k, v);
    return { verbs, live, listed: { role: true, user: false } };
  }
  const refs = dedupe([ownRole, ...wanted]);
  for (const [k, v] of await api.readMany(refs)) live.set(k, v);
  const own = live.get(refKey(ownRole));
  if (!own) throw new Error(`cannot read role ${botName}, the role of the bot this action joined as`);
  return { verbs: botVerbs(own), live, listed: { role: false, user: false } };
}

function dedupe(refs: AccessRef[]): AccessRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// What the sync would do to each declared object of one child, of every registered kind: create, update
// (with the fields), unchanged, adopt (take over an existing object the adopt input names) or blocked (exists and is not
// ours, or belongs to Teleport). Unchanged is decided by our applied-hash label against the repository, so
// server defaults (fact B41) never cause a rewrite and a re-run writes nothing.
import { type AccessKind, type AccessRef, type Resource, refKey } from "../core/access.js";
import { type DeclaredAccessObject, PRESET_ROLES } from "../manifests/access.js";
import { describeChange, diffResource, type FieldChange } from "./diff.js";
import { type Inventory, liveHash } from "./inventory.js";
import { accessKind, accessKinds } from "./kinds/index.js";
import { APPLIED_HASH, appliedHash, LABEL_PREFIX, labelsOf, MANAGED_BY, ownershipOf } from "./ownership.js";
import type { ChildState } from "./read.js";
import { describeVerbs } from "./verbs.js";

const INVENTORY_LABEL = `${LABEL_PREFIX}inventory`;

type AccessAction = "create" | "update" | "unchanged" | "adopt" | "blocked" | "conflict" | "prune" | "keep";

/**
 * How an owned object changed since the action last wrote it: `pending` (the
 * repository changed), `drift` (the child changed), `conflict` (both), `deleted` (gone from the child).
 */
type ChangeOrigin = "pending" | "drift" | "conflict" | "deleted";

export interface AccessItem {
  kind: AccessKind;
  name: string;
  file: string;
  line: number;
  overrides?: { file: string; line: number };
  /** Where each key of the declared document is written (for the access review). */
  fieldLines?: Record<string, number>;
  action: AccessAction;
  /** update and adopt: the fields that differ (declared vs the child's). */
  changes?: FieldChange[];
  /** blocked: why; adopt: whose it was. */
  reason?: string;
  /** blocked by ownership: the adopt entry that would take it over. */
  adoptEntry?: string;
  /** A user this action created earlier whose invite could not be issued (fact B48): this run issues it. */
  invitePending?: boolean;
  /** A user an interrupted run created (`tctl users add`) before writing its labelled spec: finished now. */
  finishing?: boolean;
  /** A user's link that an interrupted run began to issue and never delivered: the run it names. */
  undelivered?: string;
  /** unchanged: the inventory lacks the revision of the action's last write (its answer was lost). */
  recordRevision?: boolean;
  /** For an owned object: who changed it since the action's last write. */
  origin?: ChangeOrigin;
  /** The declared document; for prune and keep items, the live one. */
  declared: Resource;
  live?: Resource;
}

export interface AccessPlan {
  cluster: string;
  items: AccessItem[];
  /** The inventory as read (absent before the first write here). */
  inventory?: Inventory;
  /** Whether the bot may delete objects of every kind (prune). */
  canDelete?: boolean;
  /** What the bot may do, as read from its own role. */
  verbs: string;
  notes: string[];
  /** The child's preset roles as read (only when the bot may list roles), for the access review. */
  presets?: Map<string, Resource>;
  /**
   * Inventory entries, no longer declared, whose object the child no longer holds (a removal whose answer
   * was lost, or a person removed it): a write run drops them from the inventory.
   */
  vanished: string[];
}

export interface PlanContext {
  cluster: string;
  botName: string;
  /** `owner/repo`, the value of our managed-by label. */
  repository: string;
  /** Entries of the adopt input: `kind/name` or `cluster:kind/name`. */
  adopt: readonly string[];
  /** Remove owned objects that are no longer declared (else they are listed as kept). */
  prune?: boolean;
}

/** The objects to read: the declared ones and the objects they reference that the repository does not declare. */
export function refsToRead(declared: readonly DeclaredAccessObject[]): AccessRef[] {
  const refs: AccessRef[] = declared.map((d) => ({ kind: d.kind, name: d.name }));
  const seen = new Set(refs.map(refKey));
  for (const d of declared) {
    const references = accessKind(d.kind)?.references;
    for (const name of references?.names(d.resource) ?? []) {
      const ref = { kind: references!.kind, name };
      if (seen.has(refKey(ref)) || references!.builtIn.includes(name)) continue;
      seen.add(refKey(ref));
      refs.push(ref);
    }
  }
  return refs;
}

function adopts(adopt: readonly string[], cluster: string, ref: AccessRef): boolean {
  const key = refKey(ref);
  return adopt.includes(key) || adopt.includes(`${cluster}:${key}`);
}

export function planAccess(
  declared: readonly DeclaredAccessObject[],
  state: ChildState,
  ctx: PlanContext,
): AccessPlan {
  const declaredKeys = new Set(declared.map((d) => refKey(d)));
  const items = declared.map((d) => planItem(d, state, ctx, declaredKeys));
  items.push(...pruneItems(declared, state, ctx));
  const vanished = [...(state.inventory?.entries.keys() ?? [])].filter(
    (k) => !declaredKeys.has(k) && !state.live.has(k),
  );
  return {
    cluster: ctx.cluster,
    items,
    vanished,
    verbs: describeVerbs(state.verbs),
    notes: [...planNotes(state, ctx), ...vanishedNotes(vanished, ctx)],
    canDelete: accessKinds().every((k) => state.verbs[k.kind]?.has("delete")),
    ...(state.inventory ? { inventory: state.inventory } : {}),
    presets: new Map(
      PRESET_ROLES.flatMap((name) => {
        const live = state.live.get(refKey({ kind: "role", name }));
        return live ? [[name, live] as const] : [];
      }),
    ),
  };
}

type ItemBase = Omit<AccessItem, "action">;

function planItem(
  d: DeclaredAccessObject,
  state: ChildState,
  ctx: PlanContext,
  declaredKeys: Set<string>,
): AccessItem {
  const ref = { kind: d.kind, name: d.name };
  const live = state.live.get(refKey(ref));
  const base: ItemBase = {
    kind: d.kind,
    name: d.name,
    file: d.file,
    line: d.line,
    ...(d.overrides ? { overrides: d.overrides } : {}),
    ...(d.fieldLines ? { fieldLines: d.fieldLines } : {}),
    declared: d.resource as Resource,
    ...(live ? { live } : {}),
  };
  const missing = missingReferences(d, state, ctx, declaredKeys);
  if (missing) return { ...base, action: "blocked", reason: missing };
  if (!live) {
    const deleted = state.inventory?.entries.get(refKey(ref))?.r !== undefined;
    return { ...base, action: "create", ...(deleted ? { origin: "deleted" as const } : {}) };
  }
  const owner = ownershipOf(ref, live, ctx.repository, ctx.botName);
  if (owner.owner === "teleport") {
    return {
      ...base,
      action: "blocked",
      reason: `${refKey(ref)} is ${owner.why}; the action never changes it`,
    };
  }
  const entry = state.inventory?.entries.get(refKey(ref));
  // A user `tctl users add` made for a run that stopped before its labelled spec: that run recorded the
  // intent first, so the user is finished as the action's own, not blocked.
  const finishing = owner.owner === "none" && entry?.i === "add" && entry.r === undefined;
  if (owner.owner !== "us" && !finishing) {
    const whose =
      owner.owner === "none"
        ? "exists in the child and was not written by this action"
        : `is managed by ${owner.repository}`;
    return notOurs(base, ref, live, whose, ctx);
  }
  return planOwned(base, ref, live, state, finishing);
}

/** Why Teleport would refuse the object: what it references exists neither in the repository nor the child. */
function missingReferences(
  d: DeclaredAccessObject,
  state: ChildState,
  ctx: PlanContext,
  declaredKeys: Set<string>,
): string | undefined {
  const references = accessKind(d.kind)?.references;
  if (!references) return undefined;
  const { kind } = references;
  const missing = references
    .names(d.resource)
    .filter(
      (name) =>
        !declaredKeys.has(refKey({ kind, name })) &&
        !references.builtIn.includes(name) &&
        !state.live.has(refKey({ kind, name })),
    );
  if (!missing.length) return undefined;
  const many = missing.length > 1;
  return `its ${kind}${many ? "s" : ""} ${missing.join(", ")} exist${many ? "" : "s"} neither in the repository nor in the child ${ctx.cluster}; Teleport would refuse the ${d.kind} (${kind} ${missing[0]} is not found)`;
}

/** An object the action did not write: adopted when the adopt input names it, else blocked. */
function notOurs(
  base: ItemBase,
  ref: AccessRef,
  live: Resource,
  whose: string,
  ctx: PlanContext,
): AccessItem {
  if (adopts(ctx.adopt, ctx.cluster, ref)) {
    return { ...base, action: "adopt", reason: whose, changes: diffResource(base.declared, live) };
  }
  return {
    ...base,
    action: "blocked",
    reason: `${refKey(ref)} ${whose}`,
    adoptEntry: `${ctx.cluster}:${refKey(ref)}`,
  };
}

/** An owned object: who changed it since the action's last write decides between update and conflict. */
function planOwned(
  base: ItemBase,
  ref: AccessRef,
  live: Resource,
  state: ChildState,
  finishing: boolean,
): AccessItem {
  const kind = accessKind(ref.kind);
  const entry = state.inventory?.entries.get(refKey(ref));
  // A link an earlier run began to issue and never delivered is due again, unless the user signed up
  // since: a new link would wipe their password and MFA devices (B46, B51).
  const undelivered = entry?.l;
  const labelledPending = kind?.pendingWrite?.(live) ?? false;
  const linkDue = (labelledPending || undelivered !== undefined) && !kind?.signedUp?.(live);
  const pending = labelledPending || linkDue || finishing;
  const label = labelsOf(live)[APPLIED_HASH];
  // Our own write whose answer never arrived (a kill, a lost response): only this action writes the
  // applied-hash label, so a label other than the one recorded is that write, and its revision is ours.
  const unrecorded = entry !== undefined && label !== undefined && label !== entry.a;
  const lastApplied = unrecorded ? label : (entry?.a ?? label);
  const gitChanged = lastApplied !== appliedHash(base.declared);
  const childChanged =
    !unrecorded &&
    entry?.r !== undefined &&
    live.metadata?.revision !== entry.r &&
    entry.h !== liveHash(ref.kind, live);
  const changes = diffResource(base.declared, live);
  if (gitChanged && childChanged) {
    return {
      ...base,
      action: "conflict",
      origin: "conflict",
      changes,
      reason: `${refKey(ref)} changed in the repository and, outside the action, in the child (revision ${live.metadata?.revision}); it is not overwritten. Settle it by hand: put what should stay into the repository, then run again (or restore the child's copy)`,
    };
  }
  const link = undelivered !== undefined ? { undelivered } : {};
  if (!gitChanged && !childChanged && !pending) {
    const record = unrecorded || undelivered !== undefined;
    return { ...base, action: "unchanged", ...link, ...(record ? { recordRevision: true } : {}) };
  }
  return {
    ...base,
    action: "update",
    changes,
    ...(childChanged ? { origin: "drift" as const } : gitChanged ? { origin: "pending" as const } : {}),
    ...(linkDue ? { invitePending: true } : {}),
    ...(finishing ? { finishing: true } : {}),
    ...link,
  };
}

function planNotes(state: ChildState, ctx: PlanContext): string[] {
  const notes: string[] = [];
  const unlisted = accessKinds().filter((k) => !state.listed[k.kind]);
  if (unlisted.length) {
    notes.push(
      `The child's bot may not list ${unlisted.map((k) => k.plural).join(" or ")} (verbs ${describeVerbs(state.verbs)}): only the declared names were read.`,
    );
  }
  notes.push(...undeliveredNotes(state, ctx));
  const unrecorded = [...state.live.entries()].filter(
    ([k, r]) =>
      state.listed[k.split("/")[0] as AccessKind] &&
      labelsOf(r)[MANAGED_BY] === ctx.repository &&
      labelsOf(r)[INVENTORY_LABEL] === undefined &&
      !state.inventory?.entries.has(k),
  );
  if (unrecorded.length && state.inventory) {
    notes.push(
      `Owned (labelled ${MANAGED_BY}: ${ctx.repository}) but missing from the inventory: ${unrecorded.map(([k]) => k).join(", ")}; they are recorded on the next write.`,
    );
  }
  return notes;
}

function vanishedNotes(vanished: string[], ctx: PlanContext): string[] {
  if (!vanished.length) return [];
  return [
    `No longer declared and already gone from ${ctx.cluster}: ${vanished.join(", ")} (an earlier removal whose answer was lost, or removed by hand); a write run drops them from the inventory.`,
  ];
}

/** Users whose link an interrupted run began to issue and never delivered: who, and what happens now. */
function undeliveredNotes(state: ChildState, ctx: PlanContext): string[] {
  const notes: string[] = [];
  for (const [k, entry] of state.inventory?.entries ?? []) {
    const live = state.live.get(k);
    if (entry.l === undefined || !live) continue;
    const kind = accessKind(k.split("/")[0] as AccessKind);
    const name = k.slice(k.indexOf("/") + 1);
    notes.push(
      kind?.signedUp?.(live)
        ? `${k} in ${ctx.cluster}: a link issued by ${entry.l} never reached an invites file, but the user has signed up since; no new link is issued.`
        : `${k} in ${ctx.cluster}: a link issued by ${entry.l} never reached an invites file (that run stopped first, or the link failed), so nobody has it. A write run issues a new one (which voids the old) into its invites file: send ${name} that one.`,
    );
  }
  return notes;
}

/** Owned objects no longer declared here: from the inventory, and from the ownership label where listed. */
function pruneItems(
  declared: readonly DeclaredAccessObject[],
  state: ChildState,
  ctx: PlanContext,
): AccessItem[] {
  const declaredKeys = new Set(declared.map((d) => refKey({ kind: d.kind, name: d.name })));
  const keys = new Set(state.inventory?.entries.keys() ?? []);
  for (const [k, r] of state.live) {
    if (labelsOf(r)[MANAGED_BY] === ctx.repository && labelsOf(r)[INVENTORY_LABEL] === undefined) keys.add(k);
  }
  const out: AccessItem[] = [];
  for (const key of [...keys].sort()) {
    if (declaredKeys.has(key)) continue;
    const live = state.live.get(key);
    if (!live) continue;
    const ref = { kind: key.split("/")[0] as AccessKind, name: key.slice(key.indexOf("/") + 1) };
    // Only what is ours now: a label someone changed, or a Teleport object, is never removed.
    if (ownershipOf(ref, live, ctx.repository, ctx.botName).owner !== "us") continue;
    out.push({
      ...ref,
      file: "",
      line: 0,
      action: ctx.prune ? "prune" : "keep",
      reason: ctx.prune ? "no longer declared" : "no longer declared (kept: prune is off)",
      declared: live,
      live,
    });
  }
  return out;
}

export function describeItem(item: AccessItem): string {
  const what = `${item.kind}/${item.name}`;
  switch (item.action) {
    case "update":
      return `${what}: update${item.finishing ? " (created by an interrupted run of this action: finished now)" : ""}${item.origin === "drift" ? " (changed outside the action)" : ""}${item.changes?.length ? ` (${item.changes.map(describeChange).join("; ")})` : ""}${item.invitePending ? "; its invite is issued now" : ""}`;
    case "adopt":
      return `${what}: adopt (${item.reason})`;
    case "conflict":
      return `${what}: conflict, not corrected: ${item.reason}${item.changes?.length ? ` (${item.changes.map(describeChange).join("; ")})` : ""}`;
    case "prune":
    case "keep":
      return `${what}: ${item.reason}`;
    case "blocked":
      return `${what}: blocked: ${item.reason}${item.adoptEntry ? `; to take it over, add "${item.adoptEntry}" to the adopt input` : ""}`;
    default:
      return `${what}: ${item.action}${item.overrides ? ` (overrides ${item.overrides.file}:${item.overrides.line})` : ""}`;
  }
}

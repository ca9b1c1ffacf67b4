// What the sync would do to each declared role and user of one child: create, update (with the fields),
// unchanged, adopt (take over an existing object the adopt input names) or blocked (exists and is not
// ours, or belongs to Teleport). Unchanged is decided by our applied-hash label against the repository, so
// server defaults (fact F14) never cause a rewrite and a re-run writes nothing.
import type { DeclaredAccessObject } from "../manifests/access.js";
import { PRESET_ROLES } from "../manifests/access.js";
import { type AccessKind, type AccessRef, type Resource, refKey } from "./child-api.js";
import { describeChange, diffResource, type FieldChange } from "./diff.js";
import { APPLIED_HASH, appliedHash, INVITE_PENDING, labelsOf, ownershipOf } from "./ownership.js";
import type { ChildState } from "./read.js";
import { describeVerbs } from "./verbs.js";

export type AccessAction = "create" | "update" | "unchanged" | "adopt" | "blocked";

export interface AccessItem {
  kind: AccessKind;
  name: string;
  file: string;
  line: number;
  overrides?: { file: string; line: number };
  action: AccessAction;
  /** update and adopt: the fields that differ (declared vs the child's). */
  changes?: FieldChange[];
  /** blocked: why; adopt: whose it was. */
  reason?: string;
  /** blocked by ownership: the adopt entry that would take it over. */
  adoptEntry?: string;
  /** A user this action created earlier whose invite could not be issued (fact F21): this run issues it. */
  invitePending?: boolean;
  declared: Resource;
  live?: Resource;
}

export interface AccessPlan {
  cluster: string;
  items: AccessItem[];
  /** What the bot may do, as read from its own role. */
  verbs: string;
  notes: string[];
}

export interface PlanContext {
  cluster: string;
  botName: string;
  /** `owner/repo`, the value of our managed-by label. */
  repository: string;
  /** Entries of the adopt input: `kind/name` or `cluster:kind/name`. */
  adopt: readonly string[];
}

/** The objects to read: the declared ones and the roles their users name that the repository does not declare. */
export function refsToRead(declared: readonly DeclaredAccessObject[]): AccessRef[] {
  const refs: AccessRef[] = declared.map((d) => ({ kind: d.kind, name: d.name }));
  const roles = new Set(declared.filter((d) => d.kind === "role").map((d) => d.name));
  for (const d of declared) {
    if (d.kind !== "user") continue;
    for (const role of userRoles(d.resource)) {
      if (!roles.has(role) && !PRESET_ROLES.includes(role)) {
        roles.add(role);
        refs.push({ kind: "role", name: role });
      }
    }
  }
  return refs;
}

export function userRoles(resource: Resource): string[] {
  const roles = (resource.spec as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

export function adopts(adopt: readonly string[], cluster: string, ref: AccessRef): boolean {
  const key = refKey(ref);
  return adopt.includes(key) || adopt.includes(`${cluster}:${key}`);
}

export function planAccess(
  declared: readonly DeclaredAccessObject[],
  state: ChildState,
  ctx: PlanContext,
): AccessPlan {
  const declaredRoles = new Set(declared.filter((d) => d.kind === "role").map((d) => d.name));
  const items = declared.map((d): AccessItem => {
    const ref = { kind: d.kind, name: d.name };
    const live = state.live.get(refKey(ref));
    const base = {
      kind: d.kind,
      name: d.name,
      file: d.file,
      line: d.line,
      ...(d.overrides ? { overrides: d.overrides } : {}),
      declared: d.resource as Resource,
      ...(live ? { live } : {}),
    };
    if (d.kind === "user") {
      const missing = userRoles(d.resource).filter(
        (r) =>
          !declaredRoles.has(r) &&
          !PRESET_ROLES.includes(r) &&
          !state.live.has(refKey({ kind: "role", name: r })),
      );
      if (missing.length) {
        return {
          ...base,
          action: "blocked",
          reason: `its role${missing.length > 1 ? "s" : ""} ${missing.join(", ")} exist${missing.length > 1 ? "" : "s"} neither in the repository nor in the child ${ctx.cluster}; Teleport would refuse the user (role ${missing[0]} is not found)`,
        };
      }
    }
    if (!live) return { ...base, action: "create" };
    const owner = ownershipOf(ref, live, ctx.repository, ctx.botName);
    if (owner.owner === "teleport") {
      return {
        ...base,
        action: "blocked",
        reason: `${refKey(ref)} is ${owner.why}; the action never changes it`,
      };
    }
    if (owner.owner !== "us") {
      const whose =
        owner.owner === "none"
          ? "exists in the child and was not written by this action"
          : `is managed by ${owner.repository}`;
      if (adopts(ctx.adopt, ctx.cluster, ref)) {
        return {
          ...base,
          action: "adopt",
          reason: whose,
          changes: diffResource(d.resource as Resource, live),
        };
      }
      return {
        ...base,
        action: "blocked",
        reason: `${refKey(ref)} ${whose}`,
        adoptEntry: `${ctx.cluster}:${refKey(ref)}`,
      };
    }
    const pending = d.kind === "user" && labelsOf(live)[INVITE_PENDING] !== undefined;
    if (labelsOf(live)[APPLIED_HASH] === appliedHash(d.resource as Resource) && !pending) {
      return { ...base, action: "unchanged" };
    }
    return {
      ...base,
      action: "update",
      changes: diffResource(d.resource as Resource, live),
      ...(pending ? { invitePending: true } : {}),
    };
  });
  const notes: string[] = [];
  if (!state.listed.role || !state.listed.user) {
    notes.push(
      `The child's bot may not list ${[!state.listed.role && "roles", !state.listed.user && "users"].filter(Boolean).join(" or ")} (verbs ${describeVerbs(state.verbs)}): only the declared names were read.`,
    );
  }
  return { cluster: ctx.cluster, items, verbs: describeVerbs(state.verbs), notes };
}

export function describeItem(item: AccessItem): string {
  const what = `${item.kind}/${item.name}`;
  switch (item.action) {
    case "update":
      return `${what}: update${item.changes?.length ? ` (${item.changes.map(describeChange).join("; ")})` : ""}${item.invitePending ? "; its invite is issued now" : ""}`;
    case "adopt":
      return `${what}: adopt (${item.reason})`;
    case "blocked":
      return `${what}: blocked: ${item.reason}${item.adoptEntry ? `; to take it over, add "${item.adoptEntry}" to the adopt input` : ""}`;
    default:
      return `${what}: ${item.action}${item.overrides ? ` (overrides ${item.overrides.file}:${item.overrides.line})` : ""}`;
  }
}

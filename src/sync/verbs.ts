// What the child's bot may do, learned from its own role, which it may always read (fact B35). The guide's
// bot has create, read and update on roles and users, not list or delete (facts B33, B34, B56).
import type { AccessKind, Resource } from "../core/access.js";
import { accessKinds } from "./kinds/index.js";

type Verb = "list" | "read" | "create" | "update" | "delete";
const VERBS: Verb[] = ["list", "read", "create", "update", "delete"];

export type BotVerbs = Record<AccessKind, Set<Verb>>;

interface Rule {
  resources?: unknown;
  verbs?: unknown;
  where?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

function rulesOf(resource: Resource, side: "allow" | "deny"): Rule[] {
  const conditions = (resource.spec as Record<string, { rules?: unknown }> | undefined)?.[side];
  return Array.isArray(conditions?.rules) ? (conditions.rules as Rule[]) : [];
}

function grants(rule: Rule, kind: AccessKind, verb: Verb): boolean {
  const resources = strings(rule.resources);
  const verbs = strings(rule.verbs);
  return (
    (resources.includes(kind) || resources.includes("*")) && (verbs.includes(verb) || verbs.includes("*"))
  );
}

/**
 * The verbs the role grants on each registered kind. A rule with a `where` clause grants only for the objects it
 * matches, so it is not counted (the sync must work without it); a deny rule removes a verb even with one.
 */
export function botVerbs(role: Resource): BotVerbs {
  const out: BotVerbs = Object.fromEntries(accessKinds().map((k) => [k.kind, new Set<Verb>()]));
  for (const { kind } of accessKinds()) {
    for (const verb of VERBS) {
      const allowed = rulesOf(role, "allow").some((r) => !r.where && grants(r, kind, verb));
      const denied = rulesOf(role, "deny").some((r) => grants(r, kind, verb));
      if (allowed && !denied) out[kind]!.add(verb);
    }
  }
  return out;
}

export const canList = (verbs: BotVerbs, kind: AccessKind) =>
  (verbs[kind]?.has("list") && verbs[kind]?.has("read")) ?? false;

export function describeVerbs(verbs: BotVerbs): string {
  return accessKinds()
    .map(({ kind }) => `${kind}: ${[...(verbs[kind] ?? [])].join(", ") || "none"}`)
    .join("; ");
}

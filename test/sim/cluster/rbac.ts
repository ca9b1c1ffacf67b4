// RBAC over role rules: deny rules win, allow rules grant; `where` clauses are evaluated against the
// resource acted on (an empty resource for a check on the kind as a whole), so they never grant
// unconditionally. fact: B13 (texts, order), B43/B45 (where); B1.

import type { SimResource } from "../proxy/wire.js";
import type { Json } from "./go-shape.js";
import type { CallerIdentity } from "./identity.js";
import { whereHolds } from "./where.js";

/** What rolesAllow needs from a cluster: the stored roles and users. */
export interface RuleSource {
  peek(kind: "role" | "user", name: string): SimResource | undefined;
}

interface Rule {
  resources: string[];
  verbs: string[];
  where?: string;
}

function rulesOf(role: SimResource | undefined, side: "allow" | "deny"): Rule[] {
  const conditions = (role?.spec as Json | undefined)?.[side] as Json | undefined;
  const rules = conditions?.rules;
  if (!Array.isArray(rules)) return [];
  return rules
    .filter((r): r is Json => typeof r === "object" && r !== null)
    .map((r) => ({
      resources: Array.isArray(r.resources) ? r.resources.map(String) : [],
      verbs: Array.isArray(r.verbs) ? r.verbs.map(String) : [],
      ...(typeof r.where === "string" && r.where.trim() !== "" ? { where: r.where } : {}),
    }));
}

const matches = (values: string[], wanted: string) => values.includes(wanted) || values.includes("*");

export interface AccessContext {
  /** The resource acted on; omitted for a check on the kind as a whole. */
  resource?: SimResource | Json;
  /** The caller, for `user.*` selectors. */
  caller?: CallerIdentity;
}

/**
 * Whether the roles allow `verb` on `kind`: a matching deny rule wins (a where clause the simulator
 * cannot parse counts as matching), else a matching allow rule grants (its where clause must hold).
 * Roles named in the certificate but missing from the cluster grant nothing.
 */
export function rolesAllow(
  source: RuleSource,
  roles: string[],
  kind: string,
  verb: string,
  context: AccessContext = {},
): boolean {
  const stored = roles.map((name) => source.peek("role", name));
  const caller = context.caller;
  const callerUser = caller ? source.peek("user", caller.user) : undefined;
  const ctx = {
    resource: (context.resource ?? {}) as Json,
    user: {
      kind: "user",
      metadata: { name: caller?.user ?? "" },
      spec: { roles: caller?.roles ?? roles, traits: (callerUser?.spec as Json | undefined)?.traits ?? {} },
    },
  };
  const hit = (side: "allow" | "deny") =>
    stored.some((role) =>
      rulesOf(role, side).some((r) => {
        if (!matches(r.resources, kind) || !matches(r.verbs, verb)) return false;
        if (r.where === undefined) return true;
        const holds = whereHolds(r.where, ctx);
        return side === "deny" ? holds !== false : holds === true;
      }),
    );
  return !hit("deny") && hit("allow");
}

/** Teleport's RBAC denial text (fact B13). */
export function actionDeniedMessage(verb: string, kind: string): string {
  return `access denied to perform action "${verb}" on "${kind}"`;
}

// Who gains what: each user's effective access before and after the plan, as grants (a login on the
// resources a role's selector matches, a verb on a resource, a role to impersonate or request), the
// allow grants of all their roles less what any of them denies (B105), with `{{internal.x}}` and
// `{{external.x}}` read from the user's traits (B115). Options, where clauses, label expressions and
// Kubernetes resources are not modelled here (README "Access review").
import type { Resource } from "../core/access.js";
import {
  ACCESS_ADMIN_RESOURCES,
  ALL_RESOURCES_LABELS,
  type HighRiskId,
  LABEL_FIELDS,
  LIST_FIELDS,
  PRESET_GRANTS,
} from "./fields.js";
import { normalizeRole } from "./normalize.js";
import { traitRisk } from "./user.js";
import {
  asObject,
  covered,
  describeSelector,
  isEmptySelector,
  isPattern,
  matchesAll,
  type Selector,
  selector,
  strings,
} from "./values.js";

interface Grant {
  key: string;
  text: string;
  /** The list field and value, for deny matching. */
  field: string;
  value: string;
  /** The label field whose resources the grant is on. */
  on?: string;
  /** The selector of `on`, for coverage. */
  sel?: Selector;
  highRisk?: HighRiskId;
}

/** Whether `wide` matches every resource `narrow` matches: each of its keys is in `narrow`, covering its values. */
function selectorCovers(wide: Selector, narrow: Selector): boolean {
  if (matchesAll(wide)) return true;
  if (matchesAll(narrow)) return false;
  return Object.entries(wide).every(([k, vs]) => k in narrow && narrow[k]!.every((v) => covered(v, vs)));
}

/** Whether a grant of `before` already gave what `g` gives (the same value, on at least those resources). */
export function coveredBy(g: Grant, before: Iterable<Grant>): boolean {
  for (const b of before) {
    if (b.key === g.key) return true;
    if (b.field !== g.field || b.on !== g.on) continue;
    if (g.field === "rules") {
      const [r, v] = g.value.split("|") as [string, string];
      const [br, bv] = b.value.split("|") as [string, string];
      if (covered(r, [br]) && covered(v, [bv]) && b.key.endsWith("|")) return true;
      continue;
    }
    const valueOk = g.value === b.value || (g.value !== "" && covered(g.value, [b.value]));
    if (valueOk && (!g.sel || (b.sel && selectorCovers(b.sel, g.sel)))) return true;
  }
  return false;
}

type Traits = Record<string, unknown>;

/** `{{internal.logins}}` becomes the user's `logins` values; other templates stay as written. */
function expand(value: string, traits: Traits): string[] {
  const m = /^\{\{\s*(?:internal|external)\.([\w-]+)\s*\}\}$/.exec(value);
  return m ? strings(traits[m[1]!]) : [value];
}

function listRiskOf(field: string, value: string): HighRiskId | undefined {
  if (field.startsWith("impersonate.") && isPattern(value)) return "impersonate-wildcard";
  return traitRisk(field, [value]);
}

const listAt = (cond: Record<string, unknown>, field: string) => {
  const [head, sub] = field.split(".");
  return strings(sub ? asObject(cond[head!])[sub] : cond[head!]);
};

function selectorGrants(allow: Record<string, unknown>, traits: Traits): Grant[] {
  const out: Grant[] = [];
  for (const [field, what] of Object.entries(LABEL_FIELDS)) {
    const sel = selector(allow[field]);
    if (isEmptySelector(sel)) continue;
    const on = matchesAll(sel) ? `every one of the ${what}` : `${what} matching ${describeSelector(sel)}`;
    const risk = ALL_RESOURCES_LABELS.has(field) && matchesAll(sel) ? ("all-resources" as const) : undefined;
    out.push({
      key: `${field}|${describeSelector(sel)}`,
      text: `access to ${on}`,
      field,
      value: "",
      on: field,
      sel,
      ...(risk ? { highRisk: risk } : {}),
    });
    for (const [list, spec] of Object.entries(LIST_FIELDS)) {
      if (spec.on !== field) continue;
      for (const value of listAt(allow, list).flatMap((v) => expand(v, traits))) {
        const r = listRiskOf(list, value);
        out.push({
          key: `${field}|${describeSelector(sel)}|${list}|${value}`,
          text: `${spec.what} ${value} on ${on}`,
          field: list,
          value,
          on: field,
          sel,
          ...(r ? { highRisk: r } : {}),
        });
      }
    }
  }
  return out;
}

function otherGrants(allow: Record<string, unknown>, traits: Traits): Grant[] {
  const out: Grant[] = [];
  for (const [list, spec] of Object.entries(LIST_FIELDS)) {
    if (spec.on) continue;
    for (const value of listAt(allow, list).flatMap((v) => expand(v, traits))) {
      const r = listRiskOf(list, value);
      out.push({
        key: `${list}|${value}`,
        text: `${spec.what} ${value}`,
        field: list,
        value,
        ...(r ? { highRisk: r } : {}),
      });
    }
  }
  const admin = (res: string) => res === "*" || (ACCESS_ADMIN_RESOURCES as readonly string[]).includes(res);
  for (const rule of Array.isArray(allow.rules) ? allow.rules : []) {
    const r = asObject(rule);
    const where = typeof r.where === "string" && r.where ? ` where ${r.where}` : "";
    for (const resource of strings(r.resources))
      for (const verb of strings(r.verbs)) {
        const risky = !where && admin(resource) && ["create", "update", "*"].includes(verb);
        out.push({
          key: `rules|${resource}|${verb}|${where}`,
          text: `${verb} on ${resource}${where}`,
          field: "rules",
          value: `${resource}|${verb}`,
          ...(risky ? { highRisk: "access-admin" as const } : {}),
        });
      }
  }
  return out;
}

function isDenied(g: Grant, deny: Record<string, unknown>, traits: Traits): boolean {
  if (g.on && matchesAll(selector(deny[g.on]))) return true;
  if (g.field === "rules") {
    const [resource, verb] = g.value.split("|") as [string, string];
    return (Array.isArray(deny.rules) ? deny.rules : []).some((x) => {
      const r = asObject(x);
      return covered(resource, strings(r.resources)) && covered(verb, strings(r.verbs));
    });
  }
  return (
    g.value !== "" &&
    covered(
      g.value,
      listAt(deny, g.field).flatMap((v) => expand(v, traits)),
    )
  );
}

/** The grants a set of roles gives a user with `traits`; a role that could not be read is one opaque grant. */
export function effectiveGrants(
  roleNames: readonly string[],
  roles: ReadonlyMap<string, Resource>,
  traits: Traits,
) {
  const grants = new Map<string, { grant: Grant; via: string[] }>();
  const denies: Record<string, unknown>[] = [];
  for (const name of roleNames) {
    const doc = roles.get(name);
    if (!doc) {
      const preset = PRESET_GRANTS[name];
      const text = preset
        ? `role ${name} (a preset: ${preset.text})`
        : `role ${name} (not read: what it grants is not known)`;
      grants.set(`role|${name}`, {
        grant: {
          key: `role|${name}`,
          text,
          field: "",
          value: "",
          ...(preset?.highRisk ? { highRisk: preset.highRisk } : {}),
        },
        via: [name],
      });
      continue;
    }
    const role = normalizeRole(doc);
    denies.push(role.deny);
    for (const g of [...selectorGrants(role.allow, traits), ...otherGrants(role.allow, traits)]) {
      const seen = grants.get(g.key);
      if (seen) seen.via.push(name);
      else grants.set(g.key, { grant: g, via: [name] });
    }
  }
  for (const [key, { grant }] of grants)
    if (denies.some((d) => isDenied(grant, d, traits))) grants.delete(key);
  return grants;
}

// Classifies one planned role change field by field: what the child has (with its version's defaults) against
// what the repository declares. Allow grants and deny takes away across every role a user holds (B105), so
// the same change counts the other way round under deny.
import type { Resource } from "../core/access.js";
import { canonicalJson } from "../util/canonical-json.js";
import {
  ACCESS_ADMIN_RESOURCES,
  ALL_RESOURCES_LABELS,
  type HighRiskId,
  LABEL_FIELDS,
  LIST_FIELDS,
  STRUCTURED_FIELDS,
} from "./fields.js";
import { type NormalRole, normalizeRole } from "./normalize.js";
import { optionFindings } from "./options.js";
import type { Add, Effect, ReviewItem, Side } from "./types.js";
import {
  asObject,
  covered,
  describeSelector,
  describeValues,
  isEmptySelector,
  isPattern,
  isTemplate,
  matchesAll,
  type Selector,
  selector,
  strings,
} from "./values.js";

/** Under deny, granting more to the condition takes more away (B105). */
const flip = (side: Side, e: Effect): Effect =>
  side === "allow" ? e : e === "widens" ? "narrows" : e === "narrows" ? "widens" : e;

function labelFindings(field: string, side: Side, before: Selector, after: Selector, add: Add): void {
  const what = LABEL_FIELDS[field]!;
  const path = `spec.${side}.${field}`;
  const verb = side === "allow" ? "grants" : "denies";
  const risk = (e: Effect) =>
    e === "widens" &&
    ALL_RESOURCES_LABELS.has(field) &&
    (side === "allow" ? matchesAll(after) : matchesAll(before))
      ? ("all-resources" as const)
      : undefined;
  const say = (e: Effect, reason: string) => add(path, flip(side, e), reason, risk(flip(side, e)));
  if (matchesAll(after) && !matchesAll(before)) {
    say("widens", `now ${verb} every one of the ${what} ('*': '*')`);
    return;
  }
  if (matchesAll(before) && !matchesAll(after)) {
    const rest = isEmptySelector(after) ? "none" : `only ${what} matching ${describeSelector(after)}`;
    say("narrows", `${verb} ${rest} instead of every one of the ${what}`);
    return;
  }
  if (isEmptySelector(before) && !isEmptySelector(after)) {
    say("widens", `now ${verb} ${what} matching ${describeSelector(after)}`);
    return;
  }
  if (!isEmptySelector(before) && isEmptySelector(after)) {
    say("narrows", `no longer ${verb} any of the ${what} (was ${describeSelector(before)})`);
    return;
  }
  // Both select: every key must match (B106), so a new key selects fewer and a dropped key more.
  for (const key of Object.keys(after).filter((k) => !(k in before)))
    say("narrows", `adds the condition ${key}=${after[key]!.join(",")}: fewer ${what} match`);
  for (const key of Object.keys(before).filter((k) => !(k in after)))
    say("widens", `drops the condition ${key}: more ${what} match (now ${describeSelector(after)})`);
  for (const key of Object.keys(after).filter((k) => k in before)) {
    const added = after[key]!.filter((v) => !covered(v, before[key]!));
    const removed = before[key]!.filter((v) => !covered(v, after[key]!));
    if (added.length) say("widens", `${key} also matches ${describeValues(added)}`);
    if (removed.length) say("narrows", `${key} no longer matches ${removed.join(", ")}`);
  }
}

function listRisk(field: string, values: readonly string[]): HighRiskId | undefined {
  if (field === "logins" && values.includes("root")) return "root-login";
  if (field === "kubernetes_groups" && values.includes("system:masters")) return "system-masters";
  if (field === "db_users" && values.some(isPattern)) return "any-db-user";
  if (field.startsWith("impersonate.") && values.some(isPattern)) return "impersonate-wildcard";
  return undefined;
}

function listFindings(field: string, side: Side, before: string[], after: string[], add: Add): void {
  const { what, on } = LIST_FIELDS[field]!;
  const path = `spec.${side}.${field}`;
  const added = after.filter((v) => !covered(v, before));
  const removed = before.filter((v) => !covered(v, after));
  const where = on ? ` on the ${LABEL_FIELDS[on]} the role selects` : "";
  const describe = (vs: string[]) =>
    vs.map((v) => (isTemplate(v) ? `${v} (each holder's trait values)` : describeValues([v]))).join(", ");
  if (added.length) {
    const e = flip(side, "widens");
    const reason =
      side === "allow"
        ? `grants ${what} ${describe(added)}${where}`
        : `now denies ${what} ${describe(added)}`;
    add(path, e, reason, e === "widens" ? listRisk(field, added) : undefined);
  }
  if (removed.length) {
    const e = flip(side, "narrows");
    const reason =
      side === "allow"
        ? `no longer grants ${what} ${removed.join(", ")}`
        : `no longer denies ${what} ${describe(removed)}`;
    add(path, e, reason, e === "widens" ? listRisk(field, removed) : undefined);
  }
}

interface RuleAtom {
  resource: string;
  verb: string;
  where: string;
}

function ruleAtoms(rules: unknown): RuleAtom[] {
  const out: RuleAtom[] = [];
  for (const r of Array.isArray(rules) ? rules : []) {
    const rule = asObject(r);
    const where = typeof rule.where === "string" ? rule.where : "";
    for (const resource of strings(rule.resources))
      for (const verb of strings(rule.verbs)) out.push({ resource, verb, where });
  }
  return out;
}

const atomCovered = (a: RuleAtom, set: RuleAtom[]) =>
  set.some(
    (b) =>
      (b.resource === a.resource || b.resource === "*") &&
      (b.verb === a.verb || b.verb === "*") &&
      (b.where === "" || b.where === a.where),
  );

function ruleRisk(atoms: RuleAtom[]): HighRiskId | undefined {
  const admin = (r: string) => r === "*" || (ACCESS_ADMIN_RESOURCES as readonly string[]).includes(r);
  return atoms.some((a) => admin(a.resource) && ["create", "update", "*"].includes(a.verb))
    ? "access-admin"
    : undefined;
}

function describeAtoms(atoms: RuleAtom[]): string {
  const byResource = new Map<string, string[]>();
  for (const a of atoms) {
    const key = `${a.resource}${a.where ? ` where ${a.where} (not evaluated)` : ""}`;
    byResource.set(key, [...(byResource.get(key) ?? []), a.verb]);
  }
  return [...byResource].map(([r, verbs]) => `${verbs.join(", ")} on ${r}`).join("; ");
}

function ruleFindings(side: Side, before: RuleAtom[], after: RuleAtom[], add: Add): void {
  const path = `spec.${side}.rules`;
  const added = after.filter((a) => !atomCovered(a, before));
  const removed = before.filter((a) => !atomCovered(a, after));
  if (added.length) {
    const e = flip(side, "widens");
    add(
      path,
      e,
      `${side === "allow" ? "allows" : "now denies"} ${describeAtoms(added)}`,
      e === "widens" ? ruleRisk(added) : undefined,
    );
  }
  if (removed.length) {
    const e = flip(side, "narrows");
    add(
      path,
      e,
      `${side === "allow" ? "no longer allows" : "no longer denies"} ${describeAtoms(removed)}`,
      e === "widens" ? ruleRisk(removed) : undefined,
    );
  }
}

const kubeKey = (r: unknown) => {
  const e = asObject(r);
  return {
    kind: String(e.kind ?? ""),
    api_group: String(e.api_group ?? ""),
    namespace: String(e.namespace ?? ""),
    name: String(e.name ?? ""),
    verbs: strings(e.verbs).sort(),
  };
};
type KubeEntry = ReturnType<typeof kubeKey>;
const wide = (pattern: string, value: string) => pattern === "*" || pattern === value;
const kubeCovered = (x: KubeEntry, set: KubeEntry[]) =>
  set.some(
    (e) =>
      wide(e.kind, x.kind) &&
      wide(e.namespace, x.namespace) &&
      wide(e.name, x.name) &&
      (e.api_group === x.api_group || e.api_group === "*") &&
      (e.verbs.includes("*") || x.verbs.every((v) => e.verbs.includes(v))),
  );
const describeKube = (es: KubeEntry[]) =>
  es
    .map(
      (e) =>
        `${e.kind}${e.api_group ? `.${e.api_group}` : ""} ${e.namespace || "-"}/${e.name} (${e.verbs.join(",") || "no verbs"})`,
    )
    .join("; ");

function kubeFindings(side: Side, before: unknown, after: unknown, add: Add): void {
  const b = (Array.isArray(before) ? before : []).map(kubeKey);
  const a = (Array.isArray(after) ? after : []).map(kubeKey);
  const path = `spec.${side}.kubernetes_resources`;
  const added = a.filter((x) => !kubeCovered(x, b));
  const removed = b.filter((x) => !kubeCovered(x, a));
  if (added.length)
    add(
      path,
      flip(side, "widens"),
      `${side === "allow" ? "grants" : "denies"} Kubernetes resources ${describeKube(added)}`,
    );
  if (removed.length)
    add(
      path,
      flip(side, "narrows"),
      `no longer ${side === "allow" ? "grants" : "denies"} Kubernetes resources ${describeKube(removed)}`,
    );
}

function joinAtoms(policies: unknown): string[] {
  const out: string[] = [];
  for (const p of Array.isArray(policies) ? policies : []) {
    const policy = asObject(p);
    const modes = strings(policy.modes);
    for (const role of strings(policy.roles))
      for (const mode of modes.length ? modes : ["(no mode)"]) out.push(`${role} as ${mode}`);
  }
  return out;
}

function joinFindings(side: Side, before: unknown, after: unknown, add: Add): void {
  const b = joinAtoms(before);
  const a = joinAtoms(after);
  const path = `spec.${side}.join_sessions`;
  const added = a.filter((x) => !b.includes(x) && !b.includes(`*${x.slice(x.indexOf(" as "))}`));
  const removed = b.filter((x) => !a.includes(x));
  if (added.length) add(path, flip(side, "widens"), `may join the sessions of ${added.join(", ")}`);
  if (removed.length)
    add(path, flip(side, "narrows"), `may no longer join the sessions of ${removed.join(", ")}`);
}

const listAt = (cond: Record<string, unknown>, field: string) => {
  const [head, sub] = field.split(".");
  return strings(sub ? asObject(cond[head!])[sub] : cond[head!]);
};

/** Fields of the conditions the tables know, then any other one that changed (unclassified). */
function conditionFindings(
  side: Side,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  add: Add,
): void {
  for (const field of Object.keys(LABEL_FIELDS))
    labelFindings(field, side, selector(before[field]), selector(after[field]), add);
  for (const field of Object.keys(LIST_FIELDS))
    listFindings(field, side, listAt(before, field), listAt(after, field), add);
  ruleFindings(side, ruleAtoms(before.rules), ruleAtoms(after.rules), add);
  kubeFindings(side, before.kubernetes_resources, after.kubernetes_resources, add);
  joinFindings(side, before.join_sessions, after.join_sessions, add);
  for (const [sub, keep] of [
    ["impersonate", ["users", "roles"]],
    ["request", ["roles", "search_as_roles"]],
    ["review_requests", ["roles", "preview_as_roles"]],
  ] as const) {
    const rest = (c: Record<string, unknown>) =>
      canonicalJson(
        Object.fromEntries(
          Object.entries(asObject(c[sub])).filter(([k]) => !(keep as readonly string[]).includes(k)),
        ),
      );
    if (rest(before) !== rest(after))
      add(
        `spec.${side}.${sub}`,
        "unclassified",
        `other ${sub} settings changed (e.g. where, thresholds, claims): not classified, read the diff`,
      );
  }
  const known = (k: string) => k in LABEL_FIELDS || k in LIST_FIELDS || STRUCTURED_FIELDS.has(k);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (known(key) || canonicalJson(before[key] ?? null) === canonicalJson(after[key] ?? null)) continue;
    const expression = key.endsWith("_labels_expression");
    const e: Effect =
      expression && side === "allow" && after[key] && !before[key] ? "widens" : "unclassified";
    add(
      `spec.${side}.${key}`,
      e,
      expression
        ? `the label expression changed to ${JSON.stringify(after[key] ?? "(none)")}; expressions are not evaluated`
        : "changed: not classified, read the diff",
    );
  }
}

function compareRoles(before: NormalRole, after: NormalRole, add: Add): void {
  conditionFindings("allow", before.allow, after.allow, add);
  conditionFindings("deny", before.deny, after.deny, add);
  optionFindings(before, after, add);
}

export function classifyRole(item: ReviewItem, add: Add): void {
  if (item.action === "prune") {
    add("role", "narrows", "removed from the child: its holders lose what it granted");
    return;
  }
  const declared = normalizeRole(item.declared);
  const before =
    item.action === "create"
      ? normalizeRole(undefined, declared.version)
      : normalizeRole(item.live as Resource);
  compareRoles(before, declared, add);
  if (item.action !== "create" && before.version !== declared.version) {
    add(
      "version",
      "neutral",
      `version ${before.version} -> ${declared.version}: what its defaults change is listed with the fields`,
    );
  }
  metadataFindings(item, add);
}

export function metadataFindings(item: ReviewItem, add: Add): void {
  if (item.action === "create") return;
  const b = asObject(item.live?.metadata);
  const a = asObject(item.declared.metadata);
  if ((b.description ?? "") !== (a.description ?? ""))
    add("metadata.description", "neutral", "the description changed: no effect on access");
  const labels = (m: Record<string, unknown>) =>
    canonicalJson(
      Object.fromEntries(
        Object.entries(asObject(m.labels)).filter(
          ([k]) => !k.startsWith("workload-cluster-action/") && !k.startsWith("teleport."),
        ),
      ),
    );
  if (labels(b) !== labels(a))
    add("metadata.labels", "neutral", "the labels changed: no effect on what it grants");
}

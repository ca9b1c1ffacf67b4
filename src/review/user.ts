// Classifies one planned user change: roles gained or lost, and trait values that a template of one of the
// user's roles reads (B115), which grant or deny exactly what the role's field does with them.
import type { Resource } from "../core/access.js";
import { canonicalJson } from "../util/canonical-json.js";
import { type HighRiskId, LABEL_FIELDS, LIST_FIELDS } from "./fields.js";
import { metadataFindings } from "./role.js";
import type { Add, ReviewItem, Side } from "./types.js";
import { asObject, isPattern, strings, traitsUsed } from "./values.js";

interface TraitUse {
  role: string;
  side: Side;
  field: string;
}

const listAt = (cond: Record<string, unknown>, field: string) => {
  const [head, sub] = field.split(".");
  return strings(sub ? asObject(cond[head!])[sub] : cond[head!]);
};

/** Where the role's templates read `trait`: list fields and label values of allow and deny. */
function traitUses(name: string, role: Resource | undefined, trait: string): TraitUse[] {
  const spec = asObject(role?.spec);
  const uses: TraitUse[] = [];
  for (const side of ["allow", "deny"] as const) {
    const cond = asObject(spec[side]);
    for (const field of Object.keys(LIST_FIELDS)) {
      if (listAt(cond, field).some((v) => traitsUsed(v).includes(trait)))
        uses.push({ role: name, side, field });
    }
    for (const field of Object.keys(LABEL_FIELDS)) {
      const values = Object.values(asObject(cond[field])).flatMap(strings);
      if (values.some((v) => traitsUsed(v).includes(trait))) uses.push({ role: name, side, field });
    }
  }
  return uses;
}

export function traitRisk(field: string, values: readonly string[]): HighRiskId | undefined {
  if (field === "logins" && values.includes("root")) return "root-login";
  if (field === "kubernetes_groups" && values.includes("system:masters")) return "system-masters";
  if (field === "db_users" && values.some(isPattern)) return "any-db-user";
  return undefined;
}

const userRoles = (r: Resource | undefined) => strings(asObject(r?.spec).roles);
const userTraits = (r: Resource | undefined) => asObject(asObject(r?.spec).traits);

function traitFindings(item: ReviewItem, roles: ReadonlyMap<string, Resource>, add: Add): void {
  const before = userTraits(item.action === "create" ? undefined : item.live);
  const after = userTraits(item.declared);
  const held = [...new Set([...userRoles(item.declared), ...userRoles(item.live)])];
  for (const trait of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const added = strings(after[trait]).filter((v) => !strings(before[trait]).includes(v));
    const removed = strings(before[trait]).filter((v) => !strings(after[trait]).includes(v));
    if (!added.length && !removed.length) continue;
    const field = `spec.traits.${trait}`;
    const uses = held.flatMap((r) => traitUses(r, roles.get(r), trait));
    if (!uses.length) {
      add(
        field,
        "neutral",
        `trait ${trait} changed; no role the user holds reads it${held.some((r) => !roles.has(r)) ? " (of the roles the review could read)" : ""}`,
      );
      continue;
    }
    const where = (u: TraitUse) => `role ${u.role} ${u.side}.${u.field}`;
    for (const u of uses) {
      const grants = u.side === "allow";
      if (added.length)
        add(
          field,
          grants ? "widens" : "narrows",
          `trait ${trait} gains ${added.join(", ")}, read by ${where(u)}`,
          grants ? traitRisk(u.field, added) : undefined,
        );
      if (removed.length)
        add(
          field,
          grants ? "narrows" : "widens",
          `trait ${trait} loses ${removed.join(", ")}, read by ${where(u)}`,
          grants ? undefined : traitRisk(u.field, removed),
        );
    }
  }
}

export function classifyUser(item: ReviewItem, roles: ReadonlyMap<string, Resource>, add: Add): void {
  if (item.action === "prune") {
    add("user", "narrows", "removed from the child: the user can no longer sign in");
    return;
  }
  const before = item.action === "create" ? [] : userRoles(item.live);
  const after = userRoles(item.declared);
  const gained = after.filter((r) => !before.includes(r));
  const lost = before.filter((r) => !after.includes(r));
  if (gained.length)
    add("spec.roles", "widens", `gains role${gained.length > 1 ? "s" : ""} ${gained.join(", ")}`);
  if (lost.length) add("spec.roles", "narrows", `loses role${lost.length > 1 ? "s" : ""} ${lost.join(", ")}`);
  traitFindings(item, roles, add);
  const rest = (r: Resource | undefined) => {
    const spec = asObject(r?.spec);
    return canonicalJson(
      Object.fromEntries(
        Object.entries(spec).filter(
          ([k]) => !["roles", "traits", "created_by", "status", "expires"].includes(k),
        ),
      ),
    );
  };
  if (item.action !== "create" && rest(item.live) !== rest(item.declared))
    add("spec", "unclassified", "identities or other user settings changed: not classified, read the diff");
  metadataFindings(item, add);
}

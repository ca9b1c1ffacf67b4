// The access review of one child's plan: every planned role and user change classified per field (widens,
// narrows, neutral, or not classified), the high-risk grants marked, and for each declared user whose
// effective access grows, what they gain and through which change. Reads the plan's declared and live
// documents only; nothing here talks to Teleport.
import type { Resource } from "../core/access.js";
import { coveredBy, effectiveGrants } from "./gains.js";
import { classifyRole } from "./role.js";
import type { AccessReview, Finding, Gain, ReviewItem } from "./types.js";
import { classifyUser } from "./user.js";
import { asObject, strings } from "./values.js";

export type { AccessReview, ReviewItem } from "./types.js";

/** The line of `field` in the item's document: the field's own key, else its nearest written parent. */
function lineOf(item: ReviewItem, field: string): number {
  for (let path = field; path; path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "") {
    const line = item.fieldLines?.[path];
    if (line !== undefined) return line;
  }
  return item.line;
}

/** The actions that write (or remove) the object: the only ones whose change the review reads. */
const WRITES = new Set(["create", "update", "adopt", "prune"]);

type Roles = Map<string, Resource>;

/** The child's roles before and after the plan: presets as read, then the plan's roles. */
function roleMaps(items: readonly ReviewItem[], presets: ReadonlyMap<string, Resource>) {
  const before: Roles = new Map(presets);
  const after: Roles = new Map(presets);
  for (const i of items.filter((x) => x.kind === "role")) {
    const live =
      i.action === "create" ? undefined : (i.live ?? (i.action === "unchanged" ? i.declared : undefined));
    if (live) before.set(i.name, live);
    if (i.action === "prune") continue;
    const next = WRITES.has(i.action) ? i.declared : (live ?? i.declared);
    after.set(i.name, next);
  }
  return { before, after };
}

const rolesOf = (u: Resource | undefined) => strings(asObject(u?.spec).roles);
const traitsOf = (u: Resource | undefined) => asObject(asObject(u?.spec).traits);

/** The line that made the grant: the widening finding of the object on the grant's fields, else its first. */
function gainLine(at: ReviewItem, fields: string[], findings: readonly Finding[]): number {
  const own = findings.filter((f) => f.kind === at.kind && f.name === at.name && f.effect === "widens");
  const match = own.find((f) =>
    fields.some((x) => f.field === `spec.allow.${x}` || f.field === `spec.deny.${x}`),
  );
  return (match ?? own[0])?.line ?? at.line;
}

function userGains(
  user: ReviewItem,
  items: readonly ReviewItem[],
  maps: ReturnType<typeof roleMaps>,
  findings: readonly Finding[],
): Gain[] {
  if (user.action === "prune") return [];
  const written = WRITES.has(user.action);
  const was = user.action === "create" ? undefined : (user.live ?? user.declared);
  const now = written ? user.declared : was;
  const before = effectiveGrants(rolesOf(was), maps.before, traitsOf(was));
  const after = effectiveGrants(rolesOf(now), maps.after, traitsOf(now));
  const previous = [...before.values()].map((b) => b.grant);
  const gained = [...after.values()].filter((g) => !coveredBy(g.grant, previous));
  // "logins root on X" says "access to X" already.
  const onLists = new Set(gained.filter((g) => g.grant.value && g.grant.on).map((g) => g.grant.on));
  const changedRoles = new Map(
    items.filter((i) => i.kind === "role" && WRITES.has(i.action)).map((i) => [i.name, i]),
  );
  const newRoles = rolesOf(now).filter((r) => !rolesOf(was).includes(r));
  return gained
    .filter((g) => g.grant.value || !g.grant.on || !onLists.has(g.grant.on))
    .map(({ grant, via }) => {
      const byRole = via.find((r) => changedRoles.has(r) && !newRoles.includes(r));
      const role = byRole ? changedRoles.get(byRole)! : undefined;
      const through = role
        ? `role ${role.name}`
        : `user ${user.name}${via.some((r) => newRoles.includes(r)) ? `, gains role ${via.find((r) => newRoles.includes(r))}` : ""}`;
      const at = role ?? user;
      return {
        user: user.name,
        what: grant.text,
        via: through,
        file: at.file,
        line: gainLine(at, [grant.on ?? "", grant.field], findings),
        ...(grant.highRisk ? { highRisk: grant.highRisk } : {}),
      };
    });
}

/** The review of one child's planned items; `presets` are the child's preset roles as read, when they were. */
export function reviewAccess(
  items: readonly ReviewItem[],
  presets: ReadonlyMap<string, Resource> = new Map(),
): AccessReview {
  const maps = roleMaps(items, presets);
  const known = new Map([...maps.before, ...maps.after]);
  const findings: Finding[] = [];
  for (const item of items.filter((i) => WRITES.has(i.action))) {
    const add = (field: string, effect: Finding["effect"], reason: string, highRisk?: Finding["highRisk"]) =>
      findings.push({
        kind: item.kind,
        name: item.name,
        file: item.file,
        line: lineOf(item, field),
        field,
        effect,
        reason,
        ...(highRisk ? { highRisk } : {}),
      });
    if (item.kind === "role") classifyRole(item, add);
    else if (item.kind === "user") classifyUser(item, known, add);
  }
  const gains = items.filter((i) => i.kind === "user").flatMap((u) => userGains(u, items, maps, findings));
  return { findings, gains };
}

export const widensAccess = (r: AccessReview): boolean =>
  r.findings.some((f) => f.effect === "widens") || r.gains.length > 0;

export const isHighRisk = (r: AccessReview): boolean =>
  r.findings.some((f) => f.effect === "widens" && f.highRisk) || r.gains.some((g) => g.highRisk);

// What RoleV6.CheckAndSetDefaults (api/types/role.go, v8-era source) and the auth server's validateRole
// refuse beyond types, as named checks for role-schema.ts. Teleport's error text comes first, then what
// to do. `where` clauses and templates are only logged as warnings by Teleport (lib/services/role.go
// ValidateRole), so they are not checked here.
import { isIP } from "node:net";
import type { TNode } from "./node.js";
import type { Check, CheckContext } from "./types.js";
import { elements, field, items, stringsOf, text } from "./values.js";
import { childField } from "./walk.js";

export type Side = "allow" | "deny";

/** allow-only wildcard refusals on plain string lists. */
const WILDCARD_LISTS: ReadonlyArray<readonly [string, string]> = [
  ["logins", "wildcard matcher is not allowed in logins"],
  ["aws_role_arns", "wildcard matcher is not allowed in aws_role_arns"],
  ["azure_identities", "wildcard matcher is not allowed in allow.azure_identities"],
  ["gcp_service_accounts", "wildcard matcher is not allowed in allow.gcp_service_accounts"],
  ["db_roles", "wildcard is not allowed in allow.database_roles"],
];

/** The allow selectors CheckAndSetDefaults refuses `*: <anything but *>` in. */
const WILDCARD_SELECTORS = [
  "node_labels",
  "app_labels",
  "kubernetes_labels",
  "db_labels",
  "windows_desktop_labels",
  "group_labels",
  "workload_identity_labels",
];

/** `allow`: wildcards Teleport refuses there (they would grant every login, ARN, identity or role). */
export const allowWildcards: Check = (node, path, ctx) => {
  for (const [name, message] of WILDCARD_LISTS) {
    for (const { value, at } of items(field(node, name))) {
      if (value === "*") ctx.error(at.offset, `${path}.${name}`, `${message}; name each one instead`);
    }
  }
  for (const name of WILDCARD_SELECTORS) wildcardSelector(field(node, name), `${path}.${name}`, ctx);
};

/** A selector's `*` key only means "everything" with the single value `*`. */
function wildcardSelector(selector: TNode | undefined, path: string, ctx: CheckContext, prefix = ""): void {
  if (selector?.type !== "map") return;
  for (const e of selector.entries) {
    const values = stringsOf(e.value);
    if (e.key === "*" && (values.length !== 1 || values[0] !== "*")) {
      ctx.error(
        e.keyOffset,
        childField(path, e.key),
        `${prefix}selector *:<val> is not supported; use '*': '*' to match every label`,
      );
    }
  }
}

/** `rules`: each rule needs resources and verbs. */
export const ruleChecks =
  (side: Side): Check =>
  (node, path, ctx) => {
    elements(node).forEach((rule, i) => {
      const at = rule.offset;
      const head = `failed to process '${side}' rule ${i}`;
      if (items(field(rule, "resources")).length === 0) {
        ctx.error(
          at,
          `${path}[${i}].resources`,
          `${head}: missing resources to match; list the resource kinds, e.g. [role]`,
        );
      } else if (items(field(rule, "verbs")).length === 0) {
        ctx.error(at, `${path}[${i}].verbs`, `${head}: missing verbs; list the verbs, e.g. [read, list]`);
      }
    });
  };

/** `db_permissions`: DatabasePermission.CheckAndSetDefaults, and no `*` permission under allow. */
export const dbPermissionChecks =
  (side: Side): Check =>
  (node, path, ctx) => {
    elements(node).forEach((perm, i) => {
      const head = `failed to process '${side}' db_permission #${i + 1}`;
      const where = `${path}[${i}]`;
      const permissions = items(field(perm, "permissions"));
      if (permissions.length === 0) {
        ctx.error(perm.offset, `${where}.permissions`, `${head}: database permission list cannot be empty`);
        return;
      }
      const empty = permissions.find((p) => p.value === "");
      if (empty)
        ctx.error(
          empty.at.offset,
          `${where}.permissions`,
          `${head}: individual database permissions cannot be empty strings`,
        );
      wildcardSelector(field(perm, "match"), `${where}.match`, ctx, `${head}: database permission: `);
      const star = side === "allow" ? permissions.find((p) => p.value === "*") : undefined;
      if (star) {
        ctx.error(
          star.at.offset,
          `${where}.permissions`,
          "individual database permissions cannot be wildcards strings; name the permissions",
        );
      }
    });
  };

/** `spiffe`: SPIFFERoleCondition.CheckAndSetDefaults. */
export const spiffeChecks: Check = (node, path, ctx) => {
  elements(node).forEach((cond, i) => {
    const where = `${path}[${i}]`;
    const head = `validating ${where}`;
    const spiffePath = text(cond, "path");
    const regex = spiffePath.startsWith("^") && spiffePath.endsWith("$");
    if (spiffePath === "") {
      ctx.error(
        cond.offset,
        `${where}.path`,
        `${head}: path: should be non-empty; give the SPIFFE ID path, e.g. /svc/foo`,
      );
    } else if (!spiffePath.startsWith("/") && !regex) {
      const at = field(cond, "path")?.offset ?? cond.offset;
      ctx.error(
        at,
        `${where}.path`,
        `${head}: path: should start with / or be a regex expression starting with ^ and ending with $`,
      );
    }
    items(field(cond, "ip_sans")).forEach(({ value, at }, j) => {
      if (!isCidr(value))
        ctx.error(
          at.offset,
          `${where}.ip_sans[${j}]`,
          `${head}: validating ip_sans[${j}]: invalid CIDR address: ${value}`,
        );
    });
  });
};

/** Go's net.ParseCIDR: an IPv4 or IPv6 address, a slash and a prefix length in range. */
function isCidr(value: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const version = isIP(m[1]!);
  return version !== 0 && Number(m[2]) <= (version === 4 ? 32 : 128);
}

/** `impersonate`: users need roles; deny has no `where`. */
export const impersonateChecks =
  (side: Side): Check =>
  (node, path, ctx) => {
    if (node.type !== "map") return;
    if (side === "deny" && text(node, "where") !== "") {
      ctx.error(
        field(node, "where")!.offset,
        `${path}.where`,
        "'where' is not supported in deny.impersonate conditions; remove it",
      );
    }
    if (items(field(node, "users")).length > 0 && items(field(node, "roles")).length === 0) {
      ctx.error(
        node.offset,
        `${path}.roles`,
        "please set both impersonate.users and impersonate.roles for user impersonation",
      );
    }
  };

/** `app_resources*`: the newest Teleport takes them only in roles v9 and above, and only under allow. */
export const appResourcesChecks =
  (side: Side): Check =>
  (node, path, ctx) => {
    if (node.type !== "seq" || node.items.length === 0) return;
    if (side === "allow" && ctx.version === undefined) return;
    const where = side === "deny" ? "it is not allowed under deny" : "this role's version is below v9";
    ctx.error(
      node.offset,
      path,
      `${path} is valid only in role version v9 and above, and only under allow; ${where}, so Teleport ` +
        "refuses the role (builds before v9 roles drop the field silently instead)",
    );
  };

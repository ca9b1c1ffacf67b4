// Resource kinds and references as tctl parses them on the command line, and the client-side checks tctl
// applies to resources before sending them. fact: tctl-facts.md §1, §2, §4, §5.
import { badParameter, goQuote } from "./trace.js";

export type StandInKind = "role" | "user" | "token" | "workload_cluster";

const SHORTCUTS: Record<string, StandInKind> = {
  role: "role",
  roles: "role",
  user: "user",
  users: "user",
  token: "token",
  tokens: "token",
  workload_cluster: "workload_cluster",
  workload_clusters: "workload_cluster",
};

/**
 * Kinds real tctl knows that the stand-in does not implement. assumption: for these the stand-in says so
 * plainly instead of pretending the kind does not exist.
 */
const KNOWN_UNSUPPORTED = new Set([
  "all",
  "bot",
  "bots",
  "node",
  "nodes",
  "connector",
  "connectors",
  "github",
  "oidc",
  "saml",
  "cert_authority",
  "cert_authorities",
  "cas",
  "cluster_auth_preference",
  "cap",
  "cluster_networking_config",
  "session_recording_config",
  "lock",
  "locks",
  "app",
  "apps",
  "db",
  "dbs",
  "kube_cluster",
  "kube_clusters",
  "trusted_cluster",
  "remote_cluster",
  "rc",
  "login_rule",
  "access_list",
  "ui_config",
  "windows_desktop",
  "device",
]);

/**
 * services.ParseShortcut. Singular and plural are accepted for workload_cluster (fact: tctl-facts.md §1,
 * "In builds that support it, singular and plural are both accepted on the CLI").
 */
export function parseShortcut(input: string): StandInKind {
  const lowered = input.trim().toLowerCase();
  const kind = SHORTCUTS[lowered];
  if (kind) return kind;
  if (KNOWN_UNSUPPORTED.has(lowered)) {
    throw badParameter(
      `the simulator's tctl stand-in does not support resources of kind ${goQuote(lowered)}`,
    );
  }
  throw badParameter(
    `unsupported resource: ${goQuote(input)} - resources should be expressed as 'type/name', for example 'connector/github'`,
  );
}

export interface ResourceRef {
  kind: StandInKind;
  name: string;
}

/** services.ParseRef: `kind[/name]`. */
export function parseRef(ref: string): ResourceRef {
  if (ref.trim() === "") throw badParameter("missing resource name");
  const slash = ref.indexOf("/");
  if (slash < 0) return { kind: parseShortcut(ref), name: "" };
  return { kind: parseShortcut(ref.slice(0, slash)), name: ref.slice(slash + 1) };
}

/** services.Refs: a comma-separated list of refs. */
export function parseRefs(refs: string): ResourceRef[] {
  return refs.split(",").map(parseRef);
}

/** The display name of a kind in tctl's success lines (`workload cluster "x" has been created`). */
export function kindDisplayName(kind: StandInKind): string {
  return kind === "workload_cluster" ? "workload cluster" : kind;
}

const ROLE_VERSIONS = new Set(["v3", "v4", "v5", "v6", "v7", "v8"]);

/** Role versions other than v3..v8, including none, become v8 (fact: tctl-facts.md §5 setStaticFields). */
export function normalizeRoleVersion(role: Record<string, unknown>): Record<string, unknown> {
  const version = role["version"];
  if (typeof version === "string" && ROLE_VERSIONS.has(version)) return role;
  return { ...role, version: "v8" };
}

/**
 * Metadata.CheckAndSetDefaults' name check.
 * assumption: the text is trace's `missing parameter Name`.
 */
export function requireName(resource: Record<string, unknown>): string {
  const metadata = resource["metadata"];
  const name =
    metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>)["name"] : undefined;
  if (typeof name !== "string" || name === "") throw badParameter("missing parameter Name");
  return name;
}

type Schema = { [key: string]: Schema | true };

const METADATA: Schema = {
  name: true,
  namespace: true,
  description: true,
  labels: true,
  expires: true,
  revision: true,
};

/** UserV2's JSON field names (fact: tctl-facts.md §5 "User (api/types UserV2)"). */
const USER_SCHEMA: Schema = {
  kind: true,
  sub_kind: true,
  version: true,
  metadata: METADATA,
  spec: {
    oidc_identities: true,
    saml_identities: true,
    github_identities: true,
    roles: true,
    traits: true,
    status: {
      is_locked: true,
      locked_message: true,
      locked_time: true,
      lock_expires: true,
      recovery_attempt_lock_expires: true,
    },
    expires: true,
    created_by: { connector: { type: true, id: true, identity: true }, time: true, user: { name: true } },
    local_auth: true,
    trusted_device_ids: true,
  },
  status: { password_state: true, mfa_weakest_device: true },
};

/**
 * encoding/json with DisallowUnknownFields (tctl decodes users with DisallowUnknown; fact: tctl-facts.md §1):
 * field names match case-insensitively like Go, are rewritten to their canonical spelling, and an unknown
 * field fails. assumption: the error text is Go's `json: unknown field "x"`; nested free-form values
 * (identities, local_auth, traits) are not checked field by field.
 */
export function strictUser(user: Record<string, unknown>): Record<string, unknown> {
  const walk = (value: unknown, schema: Schema): unknown => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const canonical = Object.keys(schema).find((name) => name.toLowerCase() === key.toLowerCase());
      if (!canonical) throw badParameter(`json: unknown field ${JSON.stringify(key)}`);
      const sub = schema[canonical]!;
      out[canonical] = sub === true ? inner : walk(inner, sub);
    }
    return out;
  };
  const checked = walk(user, USER_SCHEMA) as Record<string, unknown>;
  const spec = checked["spec"] as Record<string, unknown> | undefined;
  const roles = spec?.["roles"];
  if (
    roles !== undefined &&
    roles !== null &&
    (!Array.isArray(roles) || roles.some((r) => typeof r !== "string"))
  ) {
    throw badParameter(
      `json: cannot unmarshal ${Array.isArray(roles) ? "number" : typeof roles} into Go struct field UserSpecV2.spec.roles of type []string`,
    );
  }
  // assumption: UnmarshalUser accepts only version v2, with this text.
  if (checked["version"] !== "v2") {
    throw badParameter(`user resource version ${String(checked["version"] ?? "")} is not supported`);
  }
  return checked;
}

/** api/utils Strings: one value marshals as a scalar, so read both forms. */
export function stringsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

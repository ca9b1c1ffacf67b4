// Resource kinds and references as tctl parses them on the command line, and the client-side checks tctl
// applies to resources before sending them. fact: B1, B5, B10, B69.
import type { UnknownFields } from "../../cluster/go-shape.js";
import {
  applyRoleDefaults,
  checkRoleVersion,
  shapeRole,
  supportedRoleVersions,
  validateRoleSpec,
} from "../../cluster/role-model.js";
import { checkHeader, fastUnmarshal, ROLE_TYPE, USER_TYPE } from "../../cluster/teleport-types.js";
import { checkUserVersion, shapeUser } from "../../cluster/user-model.js";
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
 * services.ParseShortcut. Singular and plural are accepted for workload_cluster (fact: B16,
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
  /** The optional middle part of `kind/sub_kind/name` (tctl ignores it for roles and users). */
  subKind?: string;
  name: string;
}

/**
 * services.ParseRef (fact B8, lib/services/resource.go): the reference is split into fields on space,
 * tab and `/` (empty fields dropped, as strings.FieldsFunc does) into kind, optional sub-kind and name;
 * four or more fields fail with `failed to parse '<ref>'`. So `role/Dev Team` is kind role, sub-kind
 * Dev, name Team.
 */
export function parseRef(ref: string): ResourceRef {
  if (ref === "") throw badParameter("missing value");
  const parts = ref.split(/[ \t/]/).filter((part) => part !== "");
  switch (parts.length) {
    case 1:
      return { kind: parseShortcut(parts[0]!), name: "" };
    case 2:
      return { kind: parseShortcut(parts[0]!), name: parts[1]! };
    case 3:
      return { kind: parseShortcut(parts[0]!), subKind: parts[1]!, name: parts[2]! };
    default:
      throw badParameter(`failed to parse '${ref}'`);
  }
}

/**
 * services.ParseRefs (fact B8): split on commas not escaped by a backslash (`\,` stays a comma; empty
 * fields dropped), after trimming spaces; each field is a ParseRef.
 */
export function parseRefs(refs: string): ResourceRef[] {
  const fields: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of refs.trim()) {
    let isBreak = false;
    if (ch === ",") {
      isBreak = !escaped;
      escaped = false;
    } else if (ch === "\\") escaped = !escaped;
    else escaped = false;
    if (isBreak) {
      if (current !== "") fields.push(current);
      current = "";
    } else current += ch;
  }
  if (current !== "") fields.push(current);
  return fields.map((field) => parseRef(field.replaceAll("\\,", ",")));
}

/** The display name of a kind in tctl's success lines (`workload cluster "x" has been created`). */
export function kindDisplayName(kind: StandInKind): string {
  return kind === "workload_cluster" ? "workload cluster" : kind;
}

/**
 * services.UnmarshalRole as tctl runs it on each document: the version switch (BadParameter `role version
 * "<v>" is not supported`, before anything is sent; fact B40), the decode (unknown fields dropped, or
 * refused when the server's setting says the decoder is strict; B61), then CheckAndSetDefaults: the name,
 * the defaults and the validation (B38, B39, B63).
 */
export function decodeRole(
  value: Record<string, unknown>,
  teleportVersion: string,
  unknown: UnknownFields,
  text: string = JSON.stringify(value),
): Record<string, unknown> {
  // UnmarshalRoleV6: the header with encoding/json, the version switch, FastUnmarshal (B71, B72, B61, B73, B62, B64), then
  // ValidateRole -> CheckAndSetDefaults (B62).
  checkHeader(value);
  checkRoleVersion(value["version"], supportedRoleVersions(teleportVersion));
  const decoded = shapeRole(fastUnmarshal(text, ROLE_TYPE, unknown));
  requireName(decoded);
  const role = applyRoleDefaults(decoded);
  validateRoleSpec(role);
  return role;
}

/**
 * Metadata.CheckAndSetDefaults' name check (fact B58: `missing parameter Name`).
 */
export function requireName(resource: Record<string, unknown>): string {
  const metadata = resource["metadata"];
  const name =
    metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>)["name"] : undefined;
  if (typeof name !== "string" || name === "") throw badParameter("missing parameter Name");
  return name;
}

/**
 * services.UnmarshalUser: UserV2's fields, matched case-insensitively like encoding/json and rewritten to
 * their canonical spelling; unknown fields dropped, or refused as `json: unknown field "x"` when the
 * server's setting says the decoder is strict (fact B61).
 */
export function decodeUser(
  user: Record<string, unknown>,
  unknown: UnknownFields,
  text: string = JSON.stringify(user),
): Record<string, unknown> {
  // UnmarshalUser: the header, the version, FastUnmarshal into UserV2 (roles []string, traits
  // map[string][]string: fact B73), unknown fields dropped (B61).
  checkHeader(user);
  checkUserVersion(user["version"]);
  return shapeUser(fastUnmarshal(text, USER_TYPE, unknown));
}

/** api/utils Strings: one value marshals as a scalar, so read both forms. */
export function stringsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

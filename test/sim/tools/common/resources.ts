// Resource kinds and references as tctl parses them on the command line, and the client-side checks tctl
// applies to resources before sending them. fact: tctl-facts.md §1, §2, §4, §5.
import type { UnknownFields } from "../../go-shape.js";
import {
  applyRoleDefaults,
  checkRoleVersion,
  shapeRole,
  supportedRoleVersions,
  validateRoleSpec,
} from "../../role-model.js";
import { checkUserVersion, shapeUser } from "../../user-model.js";
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

/**
 * services.UnmarshalRole as tctl runs it on each document: the version switch (BadParameter `role version
 * "<v>" is not supported`, before anything is sent; fact F13), the decode (unknown fields dropped, or
 * refused when the server's setting says the decoder is strict; F34), then CheckAndSetDefaults: the name,
 * the defaults and the validation (F11, F12, G15).
 */
export function decodeRole(
  value: Record<string, unknown>,
  teleportVersion: string,
  unknown: UnknownFields,
): Record<string, unknown> {
  checkRoleVersion(value["version"], supportedRoleVersions(teleportVersion));
  const decoded = shapeRole(value, unknown);
  requireName(decoded);
  const role = applyRoleDefaults(decoded);
  validateRoleSpec(role);
  return role;
}

/**
 * Metadata.CheckAndSetDefaults' name check (fact F32: `missing parameter Name`).
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
 * server's setting says the decoder is strict (fact F34, tctl-facts.md (c) 5).
 */
export function decodeUser(user: Record<string, unknown>, unknown: UnknownFields): Record<string, unknown> {
  const checked = shapeUser(user, unknown);
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
  checkUserVersion(checked["version"]);
  return checked;
}

/** api/utils Strings: one value marshals as a scalar, so read both forms. */
export function stringsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

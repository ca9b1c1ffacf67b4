// Roles as Teleport decodes, defaults, validates and prints them (RoleV6), shared by the simulator's
// server and its tctl stand-in (tctl runs the same decode and CheckAndSetDefaults on the client).
// fact: child-sync-facts.md F10 (JSON shape), F11 (option defaults, hidden namespaces), F12 (version
// defaults, v8 refuses idp), F13 (supported versions), F14 (defaults on read), F16 (reserved names),
// F34 (unknown fields); G15 texts (wildcards, selectors).
import { badParameter } from "./errors.js";
import {
  type Field,
  isObject,
  type Json,
  opt,
  req,
  type Shape,
  shapeValue,
  type UnknownFields,
} from "./go-shape.js";

// assumption: the declaration order of RoleOptions, RoleConditions, Rule and KubernetesResource is
// remembered from Teleport's generated types, not read; the facts only say "Go struct order". Nested
// structures the simulator does not model (request, impersonate, db_permissions, ...) keep the caller's
// order.
const RULE: Shape = {
  struct: [opt("resources"), opt("verbs"), opt("where"), opt("actions")],
};
const KUBE_RESOURCE: Shape = {
  struct: [opt("kind"), opt("namespace"), opt("name"), opt("verbs"), opt("api_group")],
};

const CONDITIONS: Shape = {
  struct: [
    opt("logins"),
    opt("node_labels", "labels"),
    opt("rules", { list: RULE }),
    opt("kubernetes_groups"),
    opt("request"),
    opt("kubernetes_users"),
    opt("app_labels", "labels"),
    opt("cluster_labels", "labels"),
    opt("kubernetes_labels", "labels"),
    opt("db_labels", "labels"),
    opt("db_names"),
    opt("db_users"),
    opt("impersonate"),
    opt("review_requests"),
    opt("aws_role_arns"),
    opt("windows_desktop_logins"),
    opt("windows_desktop_labels", "labels"),
    opt("require_session_join"),
    opt("join_sessions"),
    opt("host_groups"),
    opt("host_sudoers"),
    opt("azure_identities"),
    opt("kubernetes_resources", { list: KUBE_RESOURCE }),
    opt("gcp_service_accounts"),
    opt("db_service_labels", "labels"),
    opt("group_labels", "labels"),
    opt("desktop_groups"),
    opt("db_roles"),
    opt("node_labels_expression"),
    opt("app_labels_expression"),
    opt("cluster_labels_expression"),
    opt("kubernetes_labels_expression"),
    opt("db_labels_expression"),
    opt("db_service_labels_expression"),
    opt("windows_desktop_labels_expression"),
    opt("group_labels_expression"),
    opt("db_permissions"),
    opt("spiffe"),
    opt("account_assignments"),
    opt("github_permissions"),
    opt("workload_identity_labels", "labels"),
    opt("workload_identity_labels_expression"),
  ],
};

const OPTION_FIELDS: Field[] = [
  req("forward_agent"),
  opt("max_session_ttl", "duration"),
  opt("port_forwarding"),
  req("cert_format"),
  opt("client_idle_timeout", "duration"),
  opt("disconnect_expired_cert"),
  opt("enhanced_recording"),
  opt("permit_x11_forwarding"),
  opt("max_connections"),
  opt("max_sessions"),
  opt("request_access"),
  opt("request_prompt"),
  opt("lock"),
  opt("record_session", { struct: [req("desktop"), opt("default"), opt("ssh")] }),
  req("desktop_clipboard"),
  opt("cert_extensions"),
  opt("max_kubernetes_connections"),
  req("desktop_directory_sharing"),
  opt("create_host_user"),
  req("pin_source_ip"),
  req("ssh_file_copy"),
  opt("require_session_mfa"),
  opt("device_trust_mode"),
  opt("idp", { struct: [opt("saml", { struct: [req("enabled")] })] }),
  req("create_desktop_user"),
  req("create_db_user"),
  opt("create_host_user_mode"),
  opt("create_db_user_mode"),
  opt("mfa_verification_interval", "duration"),
  opt("create_host_user_default_shell"),
  opt("ssh_port_forwarding"),
];

export const METADATA: Shape = {
  // `namespace` is `json:"-"`: never read or printed (fact F10).
  struct: [req("name"), opt("description"), opt("labels", "map"), opt("expires"), opt("revision")],
};

const ROLE: Shape = {
  struct: [
    req("kind"),
    opt("sub_kind"),
    req("version"),
    req("metadata", METADATA),
    req("spec", {
      struct: [req("options", { struct: OPTION_FIELDS }), req("allow", CONDITIONS), req("deny", CONDITIONS)],
    }),
  ],
};

/** RoleOptions keys, in declaration order. */
export const ROLE_OPTION_KEYS = OPTION_FIELDS.map((f) => f.json);

/** The role as Teleport would print it: Go field order, sorted maps, no empty `omitempty` or unknown fields. */
export function shapeRole<T extends object = Json>(role: T, unknown: UnknownFields = "drop"): T {
  return shapeValue(role, ROLE, unknown) as T;
}

// ---------------------------------------------------------------------------------------------------
// Versions (fact F13).

const V3_TO_V7 = ["v3", "v4", "v5", "v6", "v7"];

/**
 * The role versions a Teleport build decodes. assumption: v8 arrived with Teleport 18, so builds from
 * 18.0.0 on accept it (the facts say "plus v8 in v8-era builds").
 */
export function supportedRoleVersions(teleportVersion: string): string[] {
  const major = Number(/^v?(\d+)/.exec(teleportVersion)?.[1] ?? "0");
  return major >= 18 ? [...V3_TO_V7, "v8"] : [...V3_TO_V7];
}

/** UnmarshalRoleV6's version switch: BadParameter `role version "<v>" is not supported` (fact F13). */
export function checkRoleVersion(version: unknown, supported: readonly string[]): string {
  const text =
    typeof version === "string" ? version : version === undefined || version === null ? "" : String(version);
  if (!supported.includes(text)) throw badParameter(`role version ${JSON.stringify(text)} is not supported`);
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Defaults (facts F11, F12). Applied on every write and, as Teleport's UnmarshalRoleV6 does, on every
// read (F14), so they must be idempotent.

const absent = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === "" ||
  v === 0 ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);
const isNil = (v: unknown) => v === undefined || v === null;

function conditions(spec: Json, side: "allow" | "deny"): Json {
  if (!isObject(spec[side])) spec[side] = {};
  return spec[side] as Json;
}

function hasKubeMatchers(allow: Json): boolean {
  return !absent(allow.kubernetes_labels) || !absent(allow.kubernetes_labels_expression);
}

/**
 * Fills Teleport's defaults into a (decoded) role of a supported version, then shapes it for printing.
 * `extraOptions`: RoleOptions a simulated upgrade made server defaults (control op `defaults/change`).
 */
export function applyRoleDefaults<T extends object = Json>(input: T, extraOptions: Json = {}): T {
  // Decoding first: canonical field names, no unknown fields, no namespaces.
  const role = shapeRole(structuredClone(input) as Json);
  const version = String(role.version);
  const spec: Json = isObject(role.spec) ? role.spec : {};
  role.spec = spec;
  const options: Json = isObject(spec.options) ? spec.options : {};
  spec.options = options;
  if (isNil(options.forward_agent)) options.forward_agent = false;
  if (absent(options.cert_format)) options.cert_format = "standard";
  if (absent(options.max_session_ttl)) options.max_session_ttl = "30h0m0s";
  if (absent(options.enhanced_recording)) options.enhanced_recording = ["command", "network"];
  if (isNil(options.record_session)) options.record_session = { desktop: true, default: "best_effort" };
  if (isNil(options.desktop_clipboard)) options.desktop_clipboard = true;
  if (isNil(options.desktop_directory_sharing)) options.desktop_directory_sharing = true;
  if (isNil(options.create_desktop_user)) options.create_desktop_user = false;
  if (isNil(options.create_db_user)) options.create_db_user = false;
  if (isNil(options.ssh_file_copy)) options.ssh_file_copy = true;
  if (isNil(options.pin_source_ip)) options.pin_source_ip = false;
  // assumption: only a missing idp gets the default (not an idp without saml).
  if (V3_TO_V7.includes(version) && isNil(options.idp)) options.idp = { saml: { enabled: true } };

  const allow = conditions(spec, "allow");
  conditions(spec, "deny");
  if (version === "v3") {
    if (isNil(allow.node_labels)) allow.node_labels = absent(allow.logins) ? {} : { "*": "*" };
    for (const key of ["app_labels", "kubernetes_labels", "db_labels"]) {
      if (isNil(allow[key])) allow[key] = { "*": "*" };
    }
  }
  const kube = allow.kubernetes_resources;
  if (["v3", "v4", "v5"].includes(version) && isNil(kube) && hasKubeMatchers(allow)) {
    allow.kubernetes_resources = [{ kind: "pod", namespace: "*", name: "*" }];
  }
  if (["v3", "v4", "v5", "v6"].includes(version) && Array.isArray(allow.kubernetes_resources)) {
    // assumption: the v6 verbs default applies to the allow side only.
    for (const entry of allow.kubernetes_resources) {
      if (isObject(entry) && absent(entry.verbs)) entry.verbs = ["*"];
    }
  }
  if ((version === "v7" || version === "v8") && absent(kube) && hasKubeMatchers(allow)) {
    allow.kubernetes_resources = [
      { kind: "*", namespace: "*", name: "*", verbs: ["*"], ...(version === "v8" ? { api_group: "*" } : {}) },
    ];
  }
  // Server defaults a simulated upgrade added (control op `defaults/change`), on roles that lack them.
  for (const [key, value] of Object.entries(extraOptions)) {
    if (isNil(options[key])) options[key] = structuredClone(value);
  }
  return shapeRole(role) as T;
}

// ---------------------------------------------------------------------------------------------------
// Validation in CheckAndSetDefaults (client and server; G15 texts).

const WILDCARD_CHECKS: [string, string][] = [
  ["logins", "wildcard matcher is not allowed in logins"],
  ["aws_role_arns", "wildcard matcher is not allowed in aws_role_arns"],
  ["azure_identities", "wildcard matcher is not allowed in allow.azure_identities"],
  ["gcp_service_accounts", "wildcard matcher is not allowed in allow.gcp_service_accounts"],
  ["db_roles", "wildcard is not allowed in allow.database_roles"],
];

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** The checks that refuse a role whatever the caller (fact F11 validation, gap G15). */
export function validateRoleSpec(role: object): void {
  const r = role as Json;
  const spec = isObject(r.spec) ? r.spec : {};
  const allow = isObject(spec.allow) ? spec.allow : {};
  // assumption: the checks run in this order and only on allow.
  for (const [key, text] of WILDCARD_CHECKS) {
    if (asList(allow[key]).includes("*")) throw badParameter(text);
  }
  for (const side of ["allow", "deny"]) {
    const conditions = isObject(spec[side]) ? (spec[side] as Json) : {};
    for (const [key, labels] of Object.entries(conditions)) {
      if (!key.endsWith("_labels") || !isObject(labels) || !("*" in labels)) continue;
      const values = asList(labels["*"]);
      if (!(values.length === 1 && values[0] === "*")) {
        throw badParameter("selector *:<val> is not supported");
      }
    }
  }
}

/**
 * System role names ValidateRoleName refuses with `reserved role: <name>` (fact F16).
 * assumption: the list is Teleport's builtin system roles as remembered.
 */
export const SYSTEM_ROLE_NAMES = [
  "Auth",
  "Node",
  "Proxy",
  "Admin",
  "ProvisionToken",
  "TrustedCluster",
  "Signup",
  "Nop",
  "RemoteProxy",
  "Kube",
  "App",
  "Db",
  "WindowsDesktop",
  "Bot",
  "Okta",
  "Discovery",
  "MDM",
  "Instance",
];

export const DOWNGRADED_LABEL = "teleport.internal/downgraded";

/** The server's validateRole after RBAC (fact F12 v8 idp, F16 reserved names and downgraded label). */
export function validateRoleOnServer(input: object): void {
  const role = input as Json;
  const name = isObject(role.metadata) ? String(role.metadata.name ?? "") : "";
  if (SYSTEM_ROLE_NAMES.includes(name)) throw badParameter(`reserved role: ${name}`);
  const labels = isObject(role.metadata) && isObject(role.metadata.labels) ? role.metadata.labels : {};
  if (DOWNGRADED_LABEL in labels) {
    // assumption: the text; the facts only say such roles cannot be upserted.
    throw badParameter(`roles with the label "${DOWNGRADED_LABEL}" cannot be created or updated`);
  }
  const options = isObject(role.spec) && isObject(role.spec.options) ? role.spec.options : {};
  if (role.version === "v8" && !isNil(options.idp)) {
    throw badParameter("idp option is only supported in role version 7 and below");
  }
}

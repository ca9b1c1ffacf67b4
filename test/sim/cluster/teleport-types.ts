// The field types of Teleport's role and user resources, written for the simulator from
// (B71, B61, B73, B62, B64) and from the field names and types of Teleport's types.proto /
// api/types (RoleV6, RoleSpecV6, RoleOptions, RoleConditions, Rule, KubernetesResource, UserV2, ...),
// and a decoder that behaves like the one Teleport uses for them: utils.FastUnmarshal, which is
// json-iterator's ConfigFastest (case-insensitive field names, unknown fields skipped, B61), with the
// custom UnmarshalJSON of the types that have one (utils.Strings, Bool, BoolOption, Duration,
// CreateHostUserMode, CreateDatabaseUserMode, RequireMFAType, time.Time).
//
// Errors read as json-iterator writes them: `<op>: <msg>, error found in #N byte of ...|<20 bytes>|...,
// bigger context ...|<100 bytes>|...`, wrapped on the way out by each slice (`[]string: `), struct field
// (`Logins: `) and struct (`types.RoleConditions.`) decoder, exactly as its decoders do, including the
// extra wraps a decoder that stayed in step adds for every later field. Teleport returns the text as a
// BadParameter (UnmarshalRoleV6, UnmarshalUser). The header (kind, version, metadata) is decoded first
// with encoding/json (`json: cannot unmarshal bool into Go struct field Metadata.metadata.name of type
// string`), see `decodeHeader`.
import { badParameter } from "../common/errors.js";
import { formatDurationNs, isObject, type Json, type UnknownFields } from "./go-shape.js";

// ---------------------------------------------------------------------------------------------------
// The type table

export type CustomType =
  | "Strings"
  | "Bool"
  | "BoolOption"
  | "Duration"
  | "CreateHostUserMode"
  | "CreateDatabaseUserMode"
  | "RequireMFAType"
  | "CertExtensionEnum"
  | "Time";

export type GoType =
  | { k: "string" }
  | { k: "bool" }
  | { k: "int"; bits: 32 | 64; unsigned?: boolean }
  | { k: "slice"; name: string; elem: GoType }
  | { k: "map"; elem: GoType }
  | { k: "ptr"; elem: GoType }
  | { k: "struct"; name: string; fields: GoField[] }
  | { k: "custom"; name: CustomType }
  /** Not modelled field by field: skipped by the decoder and kept as given. */
  | { k: "any" };

export interface GoField {
  go: string;
  json: string;
  omitempty: boolean;
  type: GoType;
  /** Read but never printed (fact B47: recovery_attempt_lock_expires). */
  hidden?: boolean;
}

const STRING: GoType = { k: "string" };
const BOOL: GoType = { k: "bool" };
const INT64: GoType = { k: "int", bits: 64 };
const INT32: GoType = { k: "int", bits: 32 };
const UINT32: GoType = { k: "int", bits: 32, unsigned: true };
const ANY: GoType = { k: "any" };
const STRINGS: GoType = { k: "slice", name: "[]string", elem: STRING };
const custom = (name: CustomType): GoType => ({ k: "custom", name });
/** types.Labels: map[string]utils.Strings (fact B73). */
const LABELS: GoType = { k: "map", elem: custom("Strings") };
/** wrappers.Traits: map[string][]string (fact B73). */
const TRAITS: GoType = { k: "map", elem: STRINGS };
const ptr = (elem: GoType): GoType => ({ k: "ptr", elem });
const sliceOf = (name: string, elem: GoType): GoType => ({ k: "slice", name, elem });
const struct = (name: string, fields: GoField[]): GoType & { k: "struct" } => ({ k: "struct", name, fields });
/** `json:"name,omitempty"` */
const o = (go: string, json: string, type: GoType): GoField => ({ go, json, omitempty: true, type });
/** `json:"name"` */
const r = (go: string, json: string, type: GoType): GoField => ({ go, json, omitempty: false, type });

const BOOL_OPTION = ptr(custom("BoolOption"));

export const METADATA_TYPE = struct("types.Metadata", [
  r("Name", "name", STRING),
  // Namespace is `json:"-"` (fact B37): not a field for either decoder.
  o("Description", "description", STRING),
  o("Labels", "labels", { k: "map", elem: STRING }),
  o("Expires", "expires", ptr(custom("Time"))),
  o("Revision", "revision", STRING),
]);

const RULE = struct("types.Rule", [
  o("Resources", "resources", STRINGS),
  o("Verbs", "verbs", STRINGS),
  o("Where", "where", STRING),
  o("Actions", "actions", STRINGS),
]);

const KUBE_RESOURCE = struct("types.KubernetesResource", [
  o("Kind", "kind", STRING),
  o("Namespace", "namespace", STRING),
  o("Name", "name", STRING),
  o("Verbs", "verbs", STRINGS),
  o("APIGroup", "api_group", STRING),
]);

const CLAIM_MAPPING = struct("types.ClaimMapping", [
  r("Claim", "claim", STRING),
  r("Value", "value", STRING),
  r("Roles", "roles", STRINGS),
]);

// assumption: the nested access-request and review structures keep the field order remembered from
// types.proto; their field names and types are in the facts' sources (docs of the role resource).
const ACCESS_REQUEST_CONDITIONS = struct("types.AccessRequestConditions", [
  o("Roles", "roles", STRINGS),
  o("ClaimsToRoles", "claims_to_roles", sliceOf("[]types.ClaimMapping", CLAIM_MAPPING)),
  o("Annotations", "annotations", TRAITS),
  o(
    "Thresholds",
    "thresholds",
    sliceOf(
      "[]types.AccessReviewThreshold",
      struct("types.AccessReviewThreshold", [
        o("Name", "name", STRING),
        o("Filter", "filter", STRING),
        o("Approve", "approve", UINT32),
        o("Deny", "deny", UINT32),
      ]),
    ),
  ),
  o("SuggestedReviewers", "suggested_reviewers", STRINGS),
  o("SearchAsRoles", "search_as_roles", STRINGS),
  o("MaxDuration", "max_duration", custom("Duration")),
  o(
    "KubernetesResources",
    "kubernetes_resources",
    sliceOf(
      "[]types.RequestKubernetesResource",
      struct("types.RequestKubernetesResource", [
        o("Kind", "kind", STRING),
        o("APIGroup", "api_group", STRING),
      ]),
    ),
  ),
  o("Reason", "reason", ptr(struct("types.AccessRequestConditionsReason", [o("Mode", "mode", STRING)]))),
]);

const ACCESS_REVIEW_CONDITIONS = struct("types.AccessReviewConditions", [
  o("Roles", "roles", STRINGS),
  o("ClaimsToRoles", "claims_to_roles", sliceOf("[]types.ClaimMapping", CLAIM_MAPPING)),
  o("Where", "where", STRING),
  o("PreviewAsRoles", "preview_as_roles", STRINGS),
]);

const IMPERSONATE = struct("types.ImpersonateConditions", [
  o("Users", "users", STRINGS),
  o("Roles", "roles", STRINGS),
  o("Where", "where", STRING),
]);

const SESSION_REQUIRE_POLICY = struct("types.SessionRequirePolicy", [
  r("Name", "name", STRING),
  r("Filter", "filter", STRING),
  r("Kinds", "kinds", STRINGS),
  r("Count", "count", INT32),
  r("Modes", "modes", STRINGS),
  r("OnLeave", "on_leave", STRING),
]);

const SESSION_JOIN_POLICY = struct("types.SessionJoinPolicy", [
  r("Name", "name", STRING),
  r("Roles", "roles", STRINGS),
  r("Kinds", "kinds", STRINGS),
  r("Modes", "modes", STRINGS),
]);

/** RoleConditions in declaration order (field numbers 1-45 of types.proto, then mcp and newer). */
export const CONDITIONS_TYPE = struct("types.RoleConditions", [
  o("Logins", "logins", STRINGS),
  o("NodeLabels", "node_labels", LABELS),
  o("Rules", "rules", sliceOf("[]types.Rule", RULE)),
  o("KubeGroups", "kubernetes_groups", STRINGS),
  o("Request", "request", ptr(ACCESS_REQUEST_CONDITIONS)),
  o("KubeUsers", "kubernetes_users", STRINGS),
  o("AppLabels", "app_labels", LABELS),
  o("ClusterLabels", "cluster_labels", LABELS),
  o("KubernetesLabels", "kubernetes_labels", LABELS),
  o("DatabaseLabels", "db_labels", LABELS),
  o("DatabaseNames", "db_names", STRINGS),
  o("DatabaseUsers", "db_users", STRINGS),
  o("Impersonate", "impersonate", ptr(IMPERSONATE)),
  o("ReviewRequests", "review_requests", ptr(ACCESS_REVIEW_CONDITIONS)),
  o("AWSRoleARNs", "aws_role_arns", STRINGS),
  o("WindowsDesktopLogins", "windows_desktop_logins", STRINGS),
  o("WindowsDesktopLabels", "windows_desktop_labels", LABELS),
  o(
    "RequireSessionJoin",
    "require_session_join",
    sliceOf("[]*types.SessionRequirePolicy", ptr(SESSION_REQUIRE_POLICY)),
  ),
  o("JoinSessions", "join_sessions", sliceOf("[]*types.SessionJoinPolicy", ptr(SESSION_JOIN_POLICY))),
  o("HostGroups", "host_groups", STRINGS),
  o("HostSudoers", "host_sudoers", STRINGS),
  o("AzureIdentities", "azure_identities", STRINGS),
  o("KubernetesResources", "kubernetes_resources", sliceOf("[]types.KubernetesResource", KUBE_RESOURCE)),
  o("GCPServiceAccounts", "gcp_service_accounts", STRINGS),
  o("DatabaseServiceLabels", "db_service_labels", LABELS),
  o("GroupLabels", "group_labels", LABELS),
  o("DesktopGroups", "desktop_groups", STRINGS),
  o("DatabaseRoles", "db_roles", STRINGS),
  o("NodeLabelsExpression", "node_labels_expression", STRING),
  o("AppLabelsExpression", "app_labels_expression", STRING),
  o("ClusterLabelsExpression", "cluster_labels_expression", STRING),
  o("KubernetesLabelsExpression", "kubernetes_labels_expression", STRING),
  o("DatabaseLabelsExpression", "db_labels_expression", STRING),
  o("DatabaseServiceLabelsExpression", "db_service_labels_expression", STRING),
  o("WindowsDesktopLabelsExpression", "windows_desktop_labels_expression", STRING),
  o("GroupLabelsExpression", "group_labels_expression", STRING),
  o(
    "DatabasePermissions",
    "db_permissions",
    sliceOf(
      "[]types.DatabasePermission",
      struct("types.DatabasePermission", [
        o("Permissions", "permissions", STRINGS),
        o("Match", "match", LABELS),
      ]),
    ),
  ),
  o(
    "SPIFFE",
    "spiffe",
    sliceOf(
      "[]*types.SPIFFERoleCondition",
      ptr(
        struct("types.SPIFFERoleCondition", [
          o("Path", "path", STRING),
          o("DNSSANs", "dns_sans", STRINGS),
          o("IPSANs", "ip_sans", STRINGS),
        ]),
      ),
    ),
  ),
  o(
    "AccountAssignments",
    "account_assignments",
    sliceOf(
      "[]types.IdentityCenterAccountAssignment",
      struct("types.IdentityCenterAccountAssignment", [
        o("PermissionSet", "permission_set", STRING),
        o("Account", "account", STRING),
      ]),
    ),
  ),
  o(
    "GitHubPermissions",
    "github_permissions",
    sliceOf(
      "[]types.GitHubPermission",
      struct("types.GitHubPermission", [o("Organizations", "orgs", STRINGS)]),
    ),
  ),
  o("WorkloadIdentityLabels", "workload_identity_labels", LABELS),
  o("WorkloadIdentityLabelsExpression", "workload_identity_labels_expression", STRING),
  // RoleConditions.mcp (MCPPermissions{tools}) is in the v18 role reference and api/types/role.go.
  o("MCP", "mcp", ptr(struct("types.MCPPermissions", [o("Tools", "tools", STRINGS)]))),
  // assumption: delegation_profile_labels is a label map (Teleport's delegation-profile RFD and its
  // access check use `allow.delegation_profile_labels`); its Go name and position after mcp are guesses.
  o("DelegationProfileLabels", "delegation_profile_labels", LABELS),
]);

const PORT_FORWARDING_SIDE = (name: string) => ptr(struct(name, [o("Enabled", "enabled", BOOL_OPTION)]));

/** RoleOptions in declaration order (types.proto fields 1-32). */
export const OPTIONS_TYPE = struct("types.RoleOptions", [
  r("ForwardAgent", "forward_agent", custom("Bool")),
  o("MaxSessionTTL", "max_session_ttl", custom("Duration")),
  o("PortForwarding", "port_forwarding", BOOL_OPTION),
  r("CertificateFormat", "cert_format", STRING),
  o("ClientIdleTimeout", "client_idle_timeout", custom("Duration")),
  o("DisconnectExpiredCert", "disconnect_expired_cert", custom("Bool")),
  o("BPF", "enhanced_recording", STRINGS),
  o("PermitX11Forwarding", "permit_x11_forwarding", custom("Bool")),
  o("MaxConnections", "max_connections", INT64),
  o("MaxSessions", "max_sessions", INT64),
  o("RequestAccess", "request_access", STRING),
  o("RequestPrompt", "request_prompt", STRING),
  o("Lock", "lock", STRING),
  r(
    "RecordSession",
    "record_session",
    ptr(
      struct("types.RecordSession", [
        r("Desktop", "desktop", BOOL_OPTION),
        o("Default", "default", STRING),
        o("SSH", "ssh", STRING),
      ]),
    ),
  ),
  r("DesktopClipboard", "desktop_clipboard", BOOL_OPTION),
  o(
    "CertExtensions",
    "cert_extensions",
    sliceOf(
      "[]*types.CertExtension",
      ptr(
        struct("types.CertExtension", [
          r("Type", "type", custom("CertExtensionEnum")),
          r("Mode", "mode", custom("CertExtensionEnum")),
          r("Name", "name", STRING),
          r("Value", "value", STRING),
        ]),
      ),
    ),
  ),
  o("MaxKubernetesConnections", "max_kubernetes_connections", INT64),
  r("DesktopDirectorySharing", "desktop_directory_sharing", BOOL_OPTION),
  o("CreateHostUser", "create_host_user", BOOL_OPTION),
  r("PinSourceIP", "pin_source_ip", custom("Bool")),
  r("SSHFileCopy", "ssh_file_copy", BOOL_OPTION),
  o("RequireMFAType", "require_session_mfa", custom("RequireMFAType")),
  o("DeviceTrustMode", "device_trust_mode", STRING),
  o(
    "IDP",
    "idp",
    ptr(
      struct("types.IdPOptions", [
        o("SAML", "saml", ptr(struct("types.IdPSAMLOptions", [r("Enabled", "enabled", BOOL_OPTION)]))),
      ]),
    ),
  ),
  r("CreateDesktopUser", "create_desktop_user", BOOL_OPTION),
  r("CreateDatabaseUser", "create_db_user", BOOL_OPTION),
  o("CreateHostUserMode", "create_host_user_mode", custom("CreateHostUserMode")),
  o("CreateDatabaseUserMode", "create_db_user_mode", custom("CreateDatabaseUserMode")),
  // google.protobuf.Duration with stdduration and nullable=false: a time.Duration, which JSON carries as
  // an integer of nanoseconds. assumption: no custom JSON, so a string such as "8h" is refused.
  o("MFAVerificationInterval", "mfa_verification_interval", INT64),
  o("CreateHostUserDefaultShell", "create_host_user_default_shell", STRING),
  o(
    "SSHPortForwarding",
    "ssh_port_forwarding",
    ptr(
      struct("types.SSHPortForwarding", [
        o("Local", "local", PORT_FORWARDING_SIDE("types.SSHLocalPortForwarding")),
        o("Remote", "remote", PORT_FORWARDING_SIDE("types.SSHRemotePortForwarding")),
      ]),
    ),
  ),
]);

export const ROLE_TYPE = struct("types.RoleV6", [
  r("Kind", "kind", STRING),
  o("SubKind", "sub_kind", STRING),
  r("Version", "version", STRING),
  r("Metadata", "metadata", METADATA_TYPE),
  r(
    "Spec",
    "spec",
    struct("types.RoleSpecV6", [
      o("Options", "options", OPTIONS_TYPE),
      o("Allow", "allow", CONDITIONS_TYPE),
      o("Deny", "deny", CONDITIONS_TYPE),
    ]),
  ),
]);

const TIME = custom("Time");

/**
 * UserV2. assumption: the external identities, local_auth and the connector reference are not modelled
 * field by field (kept as given, not type-checked).
 */
export const USER_TYPE = struct("types.UserV2", [
  r("Kind", "kind", STRING),
  o("SubKind", "sub_kind", STRING),
  r("Version", "version", STRING),
  r("Metadata", "metadata", METADATA_TYPE),
  r(
    "Spec",
    "spec",
    struct("types.UserSpecV2", [
      o("OIDCIdentities", "oidc_identities", ANY),
      o("SAMLIdentities", "saml_identities", ANY),
      o("GithubIdentities", "github_identities", ANY),
      o("Roles", "roles", STRINGS),
      o("Traits", "traits", TRAITS),
      r(
        "Status",
        "status",
        struct("types.LoginStatus", [
          r("IsLocked", "is_locked", BOOL),
          o("LockedMessage", "locked_message", STRING),
          r("LockedTime", "locked_time", TIME),
          r("LockExpires", "lock_expires", TIME),
          { ...r("RecoveryAttemptLockExpires", "recovery_attempt_lock_expires", TIME), hidden: true },
        ]),
      ),
      r("Expires", "expires", TIME),
      r(
        "CreatedBy",
        "created_by",
        struct("types.CreatedBy", [
          o("Connector", "connector", ANY),
          r("Time", "time", TIME),
          r("User", "user", struct("types.UserRef", [o("Name", "name", STRING)])),
        ]),
      ),
      o("LocalAuth", "local_auth", ANY),
      o("TrustedDeviceIDs", "trusted_device_ids", STRINGS),
    ]),
  ),
  r(
    "Status",
    "status",
    struct("types.UserStatusV2", [
      o("PasswordState", "password_state", INT32),
      o("MFAWeakestDevice", "mfa_weakest_device", INT32),
    ]),
  ),
]);

// ---------------------------------------------------------------------------------------------------
// Go's encoding/json, for the custom UnmarshalJSON methods (they call json.Unmarshal on their bytes)

const jsonKind = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "object"
        ? "object"
        : typeof v === "boolean"
          ? "bool"
          : typeof v;

/** `%T` of a value json.Unmarshal put into an interface{}. */
const goTypeName = (v: unknown): string =>
  v === null
    ? "<nil>"
    : Array.isArray(v)
      ? "[]interface {}"
      : typeof v === "object"
        ? "map[string]interface {}"
        : typeof v === "boolean"
          ? "bool"
          : typeof v === "number"
            ? "float64"
            : "string";

const unmarshalInto = (v: unknown, type: string) =>
  `json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}`;

/** utils.ParseBool. */
function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (["yes", "yeah", "y", "true", "1", "on"].includes(lower)) return true;
  if (["no", "nope", "n", "false", "0", "off"].includes(lower)) return false;
  return undefined;
}

/** Bool.UnmarshalJSON: a bool, or a string utils.ParseBool reads (anything else: false). */
function unmarshalBool(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  if (v === null) return false;
  if (typeof v !== "string") throw new Error(unmarshalInto(v, "string"));
  return parseBool(v) ?? false;
}

const NS = { ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n } as const;
const UNITS: Record<string, bigint> = {
  ...NS,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  mo: 30n * 86_400_000_000_000n,
  y: 365n * 86_400_000_000_000n,
};
const MAX_INT64 = (1n << 63n) - 1n;

/** types.Duration's parser (api/types/duration.go): Go's units plus d, mo and y (fact B64). */
export function parseTeleportDuration(text: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || (s[0]! >= "0" && s[0]! <= "9"))) throw invalid();
    const whole = /^[0-9]*/.exec(s)![0];
    s = s.slice(whole.length);
    let fraction = "";
    if (s.startsWith(".")) {
      fraction = /^[0-9]*/.exec(s.slice(1))![0];
      s = s.slice(1 + fraction.length);
    }
    if (whole === "" && fraction === "") throw invalid();
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === "") throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
    s = s.slice(unitText.length);
    const unit = UNITS[unitText];
    if (unit === undefined) throw new Error(`time: unknown unit in duration ${JSON.stringify(text)}`);
    let v = BigInt(whole || "0");
    if (v > MAX_INT64 / unit) throw invalid();
    v *= unit;
    if (fraction !== "") {
      v += BigInt(Math.trunc(Number(`0.${fraction}`) * Number(unit)));
      if (v > MAX_INT64) throw invalid();
    }
    total += v;
    if (total > MAX_INT64) throw invalid();
  }
  return negative ? -total : total;
}

/** Duration.UnmarshalJSON: a string; `never` is 0 (fact B64). */
function unmarshalDuration(v: unknown): string {
  if (v !== null && typeof v !== "string") throw new Error(unmarshalInto(v, "string"));
  const text = v ?? "";
  if (text === "never") return formatDurationNs(0n);
  return formatDurationNs(parseTeleportDuration(text));
}

/** utils.Strings.UnmarshalJSON: one string or a list of strings (fact B73). null is [""]. */
function unmarshalStrings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (v === null) return [""];
  if (!Array.isArray(v)) throw new Error(unmarshalInto(v, "[]string"));
  for (const item of v) {
    if (item !== null && typeof item !== "string") throw new Error(unmarshalInto(item, "string"));
  }
  return v.map((item) => (item === null ? "" : item));
}

/** CreateHostUserMode.UnmarshalJSON: `drop` becomes `insecure-drop` (fact B62). */
function unmarshalHostUserMode(v: unknown): string {
  const names = ["", "off", "drop", "keep", "insecure-drop"];
  if (typeof v === "number") {
    const n = Math.trunc(v) === 2 ? 4 : Math.trunc(v);
    if (!(n >= 0 && n < names.length)) throw new Error(`invalid host user mode ${Math.trunc(v)}`);
    return names[n]!;
  }
  if (typeof v === "boolean") {
    if (v) throw new Error("create_host_user_mode cannot be true, got true");
    return "off";
  }
  if (typeof v !== "string") throw new Error(`bad value type ${goTypeName(v)}, expected string or int`);
  if (v === "drop" || v === "insecure-drop") return "insecure-drop";
  if (v === "" || v === "off" || v === "keep") return v;
  throw new Error(`invalid host user mode ${v}`);
}

function unmarshalDbUserMode(v: unknown): string {
  const names = ["", "off", "keep", "best_effort_drop"];
  if (typeof v === "number") {
    const n = Math.trunc(v);
    if (!(n >= 0 && n < names.length)) throw new Error(`invalid database user creation mode ${n}`);
    return names[n]!;
  }
  if (typeof v === "boolean") {
    if (v) throw new Error("create_database_user_mode cannot be true, got true");
    return "off";
  }
  if (typeof v !== "string") throw new Error(`bad value type ${goTypeName(v)}, expected string`);
  if (names.includes(v)) return v;
  throw new Error(`invalid database user mode ${v}`);
}

/**
 * RequireMFAType.UnmarshalJSON, printed as its MarshalJSON does: OFF false, SESSION true, the hardware
 * key modes by name. assumption: the encoding (only the decoder was read).
 */
const MFA_NAMES: (boolean | string)[] = [
  false,
  true,
  "hardware_key",
  "hardware_key_touch",
  "hardware_key_pin",
  "hardware_key_touch_and_pin",
];
function unmarshalRequireMfa(v: unknown): boolean | string {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") {
    const n = Math.trunc(v);
    if (!(n >= 0 && n < MFA_NAMES.length)) throw new Error(`invalid required mfa mode ${n}`);
    return MFA_NAMES[n]!;
  }
  if (typeof v !== "string") throw new Error(`RequireMFAType invalid type ${goTypeName(v)}`);
  if (v === "") return false;
  if (MFA_NAMES.includes(v)) return v;
  const b = parseBool(v);
  if (b === undefined) throw new Error(`RequireMFAType invalid value ${v}`);
  return b;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * time.Time.UnmarshalJSON (RFC 3339). assumption: the parse error is shortened to Go's first line.
 */
function unmarshalTime(v: unknown): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== "string") throw new Error("Time.UnmarshalJSON: input is not a JSON string");
  if (!RFC3339.test(v) || Number.isNaN(Date.parse(v))) {
    throw new Error(
      `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`,
    );
  }
  return v;
}

function unmarshalCustom(name: CustomType, v: unknown): unknown {
  switch (name) {
    case "Strings":
      return unmarshalStrings(v);
    case "Bool":
    case "BoolOption":
      return unmarshalBool(v);
    case "Duration":
      return unmarshalDuration(v);
    case "CreateHostUserMode":
      return unmarshalHostUserMode(v);
    case "CreateDatabaseUserMode":
      return unmarshalDbUserMode(v);
    case "RequireMFAType":
      return unmarshalRequireMfa(v);
    case "Time":
      return unmarshalTime(v);
    case "CertExtensionEnum":
      return unmarshalCertExtensionEnum(v);
  }
}

/**
 * CertExtensionType / CertExtensionMode (each has one value, 0: `ssh`, `extension`). Teleport's role
 * reference writes them as `type: ssh`, `mode: extension`. assumption: a number or either name in any
 * case is accepted and the value prints as its lower-case name; other values are refused with this text.
 */
function unmarshalCertExtensionEnum(v: unknown): string {
  if (v === 0 || v === null) return "ssh";
  if (typeof v === "string" && ["ssh", "extension"].includes(v.toLowerCase())) return v.toLowerCase();
  throw new Error(`invalid cert extension value ${JSON.stringify(v)}`);
}

// ---------------------------------------------------------------------------------------------------
// json-iterator's Iterator, on the document's bytes

class JsonIterError extends Error {}

class Iter {
  head = 0;
  error: string | null = null;
  constructor(
    readonly buf: Buffer,
    readonly unknownFields: UnknownFields,
  ) {}

  nextToken(): number {
    while (this.head < this.buf.length) {
      const c = this.buf[this.head++]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return c;
    }
    return 0;
  }

  unreadByte(): void {
    this.head--;
  }

  readByte(): number {
    return this.head < this.buf.length ? this.buf[this.head++]! : 0;
  }

  reportError(operation: string, message: string): void {
    if (this.error !== null) return;
    const peekStart = Math.max(0, this.head - 10);
    const peekEnd = Math.min(this.buf.length, this.head + 10);
    const contextStart = Math.max(0, this.head - 50);
    const contextEnd = Math.min(this.buf.length, this.head + 50);
    const parsing = this.buf.subarray(peekStart, peekEnd).toString("utf8");
    const context = this.buf.subarray(contextStart, contextEnd).toString("utf8");
    this.error = `${operation}: ${message}, error found in #${this.head - peekStart} byte of ...|${parsing}|..., bigger context ...|${context}|...`;
  }

  wrap(prefix: string): void {
    if (this.error !== null) this.error = `${prefix}${this.error}`;
  }

  static char(c: number): string {
    return String.fromCharCode(c);
  }

  skipBytes(expected: string): void {
    for (const ch of expected) {
      if (this.readByte() !== ch.charCodeAt(0)) {
        this.reportError("skipBytes", `expect ${expected}`);
        return;
      }
    }
  }

  readNil(): boolean {
    const c = this.nextToken();
    if (c === 0x6e) {
      this.skipBytes("ull");
      return true;
    }
    this.unreadByte();
    return false;
  }

  /** The rest of a string whose opening quote was read; null when unterminated. */
  stringBody(): string | null {
    const start = this.head - 1;
    let i = this.head;
    while (i < this.buf.length) {
      const c = this.buf[i]!;
      if (c === 0x5c) i += 2;
      else if (c === 0x22) {
        this.head = i + 1;
        try {
          return JSON.parse(this.buf.subarray(start, i + 1).toString("utf8")) as string;
        } catch {
          return this.buf.subarray(start + 1, i).toString("utf8");
        }
      } else i++;
    }
    this.head = this.buf.length;
    this.reportError("readStringSlowPath", "unexpected end of input");
    return null;
  }

  readString(): string {
    const c = this.nextToken();
    if (c === 0x22) return this.stringBody() ?? "";
    if (c === 0x6e) {
      this.skipBytes("ull");
      return "";
    }
    this.reportError("ReadString", `expects " or n, but found ${Iter.char(c)}`);
    return "";
  }

  readBool(): boolean {
    const c = this.nextToken();
    if (c === 0x74) {
      this.skipBytes("rue");
      return true;
    }
    if (c === 0x66) {
      this.skipBytes("alse");
      return false;
    }
    this.reportError("ReadBool", `expect t or f, but found ${Iter.char(c)}`);
    return false;
  }

  /**
   * ReadInt64 / ReadUint32 and friends. assumption: the texts for a non-number and for a fraction
   * (`readUint64: unexpected character: \xff`, printed with U+FFFD; `assertInteger: can not decode float
   * as int`) are json-iterator's as remembered.
   */
  readInt(bits: 32 | 64, unsigned: boolean): number {
    let c = this.nextToken();
    let negative = false;
    if (c === 0x2d && !unsigned) {
      negative = true;
      c = this.readByte();
    }
    const op = bits === 32 ? "readUint32" : "readUint64";
    if (c < 0x30 || c > 0x39) {
      this.reportError(op, "unexpected character: \ufffd");
      return 0;
    }
    let digits = Iter.char(c);
    while (this.head < this.buf.length && this.buf[this.head]! >= 0x30 && this.buf[this.head]! <= 0x39) {
      digits += Iter.char(this.buf[this.head++]!);
    }
    if (this.head < this.buf.length && this.buf[this.head] === 0x2e) {
      this.reportError("assertInteger", "can not decode float as int");
      return 0;
    }
    const limit = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - (negative ? 0n : 1n);
    if (BigInt(digits) > limit) {
      this.reportError(op, "overflow");
      return 0;
    }
    return negative ? -Number(digits) : Number(digits);
  }

  skipNumber(): void {
    while (this.head < this.buf.length && /[0-9eE+\-.]/.test(Iter.char(this.buf[this.head]!))) this.head++;
  }

  /** Skips one value. */
  skip(): void {
    const c = this.nextToken();
    switch (c) {
      case 0x22:
        this.stringBody();
        return;
      case 0x6e:
        this.skipBytes("ull");
        return;
      case 0x74:
        this.skipBytes("rue");
        return;
      case 0x66:
        this.skipBytes("alse");
        return;
      case 0x5b:
      case 0x7b: {
        let depth = 1;
        while (this.head < this.buf.length && depth > 0) {
          const b = this.buf[this.head++]!;
          if (b === 0x22) this.stringBody();
          else if (b === 0x5b || b === 0x7b) depth++;
          else if (b === 0x5d || b === 0x7d) depth--;
        }
        return;
      }
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          this.skipNumber();
          return;
        }
        this.reportError("Skip", `do not know how to skip: ${c}`);
    }
  }

  /** SkipAndReturnBytes, for the custom decoders. */
  skipAndReturn(): unknown {
    this.nextToken();
    this.unreadByte();
    const start = this.head;
    this.skip();
    try {
      return JSON.parse(this.buf.subarray(start, this.head).toString("utf8"));
    } catch {
      return undefined;
    }
  }

  readObjectStart(): boolean {
    const c = this.nextToken();
    if (c === 0x7b) {
      const next = this.nextToken();
      if (next === 0x7d) return false;
      this.unreadByte();
      return true;
    }
    if (c === 0x6e) {
      this.skipBytes("ull");
      return false;
    }
    this.reportError("readObjectStart", `expect { or n, but found ${Iter.char(c)}`);
    return false;
  }

  isObjectEnd(): boolean {
    const c = this.nextToken();
    if (c === 0x2c) return false;
    if (c === 0x7d) return true;
    this.reportError("isObjectEnd", `object ended prematurely, unexpected char ${Iter.char(c)}`);
    return true;
  }

  /** readFieldHash: the lower-cased field name (the hash stands for it) and the `:` after it. */
  readFieldName(): string | null {
    const c = this.nextToken();
    if (c !== 0x22) {
      this.reportError("readFieldHash", `expect ", but found ${Iter.char(c)}`);
      return null;
    }
    const name = this.stringBody();
    const colon = this.nextToken();
    if (colon !== 0x3a) {
      this.reportError("readFieldHash", `expect :, but found ${Iter.char(colon)}`);
      return null;
    }
    return name === null ? null : name.toLowerCase();
  }
}

// ---------------------------------------------------------------------------------------------------
// The decoders

function unknownField(iter: Iter, name: string): void {
  // The simulator's `unknown-fields: reject` setting (B61 say Teleport drops them).
  if (iter.unknownFields === "reject" && iter.error === null) {
    throw new JsonIterError(`json: unknown field ${JSON.stringify(name)}`);
  }
}

function decodeStruct(iter: Iter, type: GoType & { k: "struct" }): Json {
  const out: Json = {};
  const byName = new Map(type.fields.map((f) => [f.json.toLowerCase(), f]));
  const decodeField = (field: GoField) => {
    const value = decodeValue(iter, field.type);
    if (value !== undefined) out[field.json] = value;
    else delete out[field.json];
    iter.wrap(`${field.go}: `);
  };
  if (!iter.readObjectStart()) return out;
  if (type.fields.length > 10) {
    // generalStructDecoder: ReadStringAsSlice, exact then lower-case lookup.
    let c = 0x2c;
    for (; c === 0x2c; c = iter.nextToken()) {
      const q = iter.nextToken();
      let name = "";
      if (q === 0x22) name = iter.stringBody() ?? "";
      else iter.reportError("ReadStringAsSlice", `expects " or n, but found ${Iter.char(q)}`);
      const field = byName.get(name.toLowerCase());
      const colon = iter.nextToken();
      if (colon !== 0x3a)
        iter.reportError("ReadObject", `expect : after object field, but found ${Iter.char(colon)}`);
      if (!field) {
        unknownField(iter, name);
        iter.skip();
        continue;
      }
      decodeField(field);
    }
    iter.wrap(`${type.name}.`);
    if (c !== 0x7d) iter.reportError("struct Decode", `expect }, but found ${Iter.char(c)}`);
    return out;
  }
  for (;;) {
    const name = iter.readFieldName();
    const field = name === null ? undefined : byName.get(name);
    if (field) decodeField(field);
    else {
      if (name !== null) unknownField(iter, name);
      iter.skip();
    }
    if (iter.isObjectEnd()) break;
  }
  iter.wrap(`${type.name}.`);
  return out;
}

function decodeSlice(iter: Iter, type: GoType & { k: "slice" }): unknown[] | null | undefined {
  const c = iter.nextToken();
  let out: unknown[] | null | undefined;
  if (c === 0x6e) {
    iter.skipBytes("ull");
    out = null;
  } else if (c !== 0x5b) {
    iter.reportError("decode slice", `expect [ or n, but found ${Iter.char(c)}`);
  } else if (iter.nextToken() === 0x5d) {
    out = [];
  } else {
    iter.unreadByte();
    out = [decodeValue(iter, type.elem) ?? null];
    let next = iter.nextToken();
    for (; next === 0x2c; next = iter.nextToken()) out.push(decodeValue(iter, type.elem) ?? null);
    if (next !== 0x5d) iter.reportError("decode slice", `expect ], but found ${Iter.char(next)}`);
  }
  iter.wrap(`${type.name}: `);
  return out;
}

function decodeMap(iter: Iter, type: GoType & { k: "map" }): Json | null {
  const c = iter.nextToken();
  if (c === 0x6e) {
    iter.skipBytes("ull");
    return null;
  }
  const out: Json = {};
  if (c !== 0x7b) {
    iter.reportError("ReadMapCB", `expect { or n, but found ${Iter.char(c)}`);
    return out;
  }
  if (iter.nextToken() === 0x7d) return out;
  iter.unreadByte();
  let next = 0x2c;
  for (; next === 0x2c; next = iter.nextToken()) {
    const key = iter.readString();
    const colon = iter.nextToken();
    if (colon !== 0x3a) {
      iter.reportError("ReadMapCB", `expect : after object field, but found ${Iter.char(colon)}`);
      return out;
    }
    const value = decodeValue(iter, type.elem);
    out[key] = value === undefined ? null : value;
  }
  if (next !== 0x7d) iter.reportError("ReadMapCB", `expect }, but found ${Iter.char(next)}`);
  return out;
}

function decodeValue(iter: Iter, type: GoType): unknown {
  switch (type.k) {
    case "string":
      return iter.readString();
    case "bool":
      return iter.readNil() ? false : iter.readBool();
    case "int":
      return iter.readNil() ? 0 : iter.readInt(type.bits, type.unsigned ?? false);
    case "any":
      return iter.skipAndReturn();
    case "slice":
      return decodeSlice(iter, type);
    case "map":
      return decodeMap(iter, type);
    case "struct":
      return decodeStruct(iter, type);
    case "ptr":
      return iter.readNil() ? undefined : decodeValue(iter, type.elem);
    case "custom": {
      const value = iter.skipAndReturn();
      try {
        return unmarshalCustom(type.name, value);
      } catch (err) {
        iter.reportError("unmarshalerDecoder", (err as Error).message);
        return undefined;
      }
    }
  }
}

/**
 * utils.FastUnmarshal(bytes, &v) for a role or user: the decoded value with canonical field names
 * (unknown fields dropped), or BadParameter with json-iterator's text (fact B71, B61, B73, B62, B64).
 */
export function fastUnmarshal(text: string, type: GoType, unknownFields: UnknownFields = "drop"): Json {
  const iter = new Iter(Buffer.from(text, "utf8"), unknownFields);
  let value: unknown;
  try {
    value = decodeValue(iter, type);
  } catch (err) {
    if (err instanceof JsonIterError) throw badParameter(err.message);
    throw err;
  }
  if (iter.error !== null) throw badParameter(iter.error);
  return isObject(value) ? value : {};
}

// ---------------------------------------------------------------------------------------------------
// encoding/json for the resource header (kind, sub_kind, version, metadata)

const HEADER_FIELDS: [string, string][] = [
  ["kind", "string"],
  ["sub_kind", "string"],
  ["version", "string"],
];

/**
 * json.Unmarshal(raw, &types.ResourceHeader), which tctl runs on every document (UnknownResource) and
 * UnmarshalRoleV6 / UnmarshalUser run again: Go's UnmarshalTypeError text. Field names match
 * case-insensitively. assumption: a bad label value names the field `metadata.labels` (no map key).
 */
export function checkHeader(value: Json): void {
  const fail = (v: unknown, struct: string, field: string, type: string) => {
    throw badParameter(
      `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${field} of type ${type}`,
    );
  };
  const get = (obj: Json, name: string) => {
    const key =
      Object.keys(obj).find((k) => k === name) ?? Object.keys(obj).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : obj[key];
  };
  // Go decodes in document order; the documents tctl gets from YAML have their keys sorted.
  for (const key of Object.keys(value)) {
    const lower = key.toLowerCase();
    const v = value[key];
    if (v === null) continue;
    const header = HEADER_FIELDS.find(([name]) => name === lower);
    if (header && typeof v !== "string") fail(v, "ResourceHeader", header[0], "string");
    if (lower !== "metadata") continue;
    if (!isObject(v)) fail(v, "ResourceHeader", "metadata", "types.Metadata");
    const metadata = v as Json;
    for (const mkey of Object.keys(metadata)) {
      const mlower = mkey.toLowerCase();
      const mv = get(metadata, mkey);
      if (mv === null) continue;
      if (["name", "description", "revision"].includes(mlower) && typeof mv !== "string") {
        fail(mv, "Metadata", `metadata.${mlower}`, "string");
      }
      if (mlower === "labels") {
        if (!isObject(mv)) fail(mv, "Metadata", "metadata.labels", "map[string]string");
        for (const label of Object.values(mv as Json)) {
          if (label !== null && typeof label !== "string")
            fail(label, "Metadata", "metadata.labels", "string");
        }
      }
      if (mlower === "expires") {
        try {
          unmarshalTime(mv);
        } catch (err) {
          throw badParameter((err as Error).message);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Encoding (Go field order, omitempty, hidden fields; lenient with values of the wrong type)

function isEmptyValue(value: unknown, type: GoType): boolean {
  if (value === null || value === undefined) return true;
  // A types.Duration is an int64: zero (`never`, `0s`) is empty.
  if (type.k === "custom" && type.name === "Duration" && value === "0s") return true;
  if (type.k === "struct") return false;
  if (type.k === "ptr") return false;
  if (value === "" || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

function sortedKeys(obj: Json): string[] {
  return Object.keys(obj).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * The value as Teleport prints it: struct fields in declaration order (matched case-insensitively),
 * unknown fields dropped (or refused), maps sorted, a one-value utils.Strings as a scalar. Values of the
 * wrong type are kept (control-API writes; the tctl path has already refused them).
 */
export function encodeGo(value: unknown, type: GoType, unknown: UnknownFields = "drop"): unknown {
  if (value === undefined) return undefined;
  switch (type.k) {
    case "ptr":
      return encodeGo(value, type.elem, unknown);
    case "slice":
      return Array.isArray(value) ? value.map((item) => encodeGo(item, type.elem, unknown)) : value;
    case "map": {
      if (!isObject(value)) return value;
      const out: Json = {};
      for (const key of sortedKeys(value)) {
        if (value[key] !== undefined) out[key] = encodeGo(value[key], type.elem, unknown);
      }
      return out;
    }
    case "custom":
      if (type.name === "Strings") return Array.isArray(value) && value.length === 1 ? value[0] : value;
      if (type.name === "Duration") {
        if (typeof value === "number") return formatDurationNs(BigInt(Math.trunc(value)));
        if (typeof value === "string") {
          try {
            return unmarshalDuration(value);
          } catch {
            return value;
          }
        }
      }
      if (type.name === "CreateHostUserMode" && value === "drop") return "insecure-drop";
      return value;
    case "struct": {
      if (!isObject(value)) return value;
      const given = new Map<GoField, unknown>();
      for (const [key, inner] of Object.entries(value)) {
        const field =
          type.fields.find((f) => f.json === key) ??
          type.fields.find((f) => f.json.toLowerCase() === key.toLowerCase());
        if (!field) {
          if (unknown === "reject") throw badParameter(`json: unknown field ${JSON.stringify(key)}`);
          continue;
        }
        given.set(field, inner);
      }
      const out: Json = {};
      for (const field of type.fields) {
        if (!given.has(field) || field.hidden) continue;
        const encoded = encodeGo(given.get(field), field.type, unknown);
        if (encoded === undefined || (field.omitempty && isEmptyValue(encoded, field.type))) continue;
        out[field.json] = encoded;
      }
      return out;
    }
    default:
      return value;
  }
}

/** The JSON field names of a struct type, in declaration order. */
export const fieldNames = (type: GoType): string[] =>
  type.k === "struct" ? type.fields.map((f) => f.json) : [];

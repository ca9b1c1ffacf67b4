// What each role and user field means for access, as tables: which condition fields are label selectors
// (and of which resources), which are lists of granted values, how each option relaxes or tightens a
// control and its default per role version, and the high-risk grants a reviewer must see first. The
// semantics are Teleport's (docs/teleport-behaviour.md B105-B116); README "Access review" lists them.

/** Label selectors of a role's conditions, with the resources they select (B106). */
export const LABEL_FIELDS: Record<string, string> = {
  node_labels: "nodes",
  app_labels: "apps",
  kubernetes_labels: "Kubernetes clusters",
  db_labels: "databases",
  db_service_labels: "database services",
  windows_desktop_labels: "Windows desktops",
  cluster_labels: "trusted clusters",
  group_labels: "user groups",
};

/**
 * Lists of granted values, with the label selector whose resources they apply to (B105: a role grants
 * its logins only on the resources its own selector matches).
 */
export const LIST_FIELDS: Record<string, { on?: string; what: string }> = {
  logins: { on: "node_labels", what: "logins" },
  windows_desktop_logins: { on: "windows_desktop_labels", what: "Windows logins" },
  kubernetes_groups: { on: "kubernetes_labels", what: "Kubernetes groups" },
  kubernetes_users: { on: "kubernetes_labels", what: "Kubernetes users" },
  db_names: { on: "db_labels", what: "database names" },
  db_users: { on: "db_labels", what: "database users" },
  db_roles: { on: "db_labels", what: "database roles" },
  aws_role_arns: { on: "app_labels", what: "AWS role ARNs" },
  azure_identities: { on: "app_labels", what: "Azure identities" },
  gcp_service_accounts: { on: "app_labels", what: "GCP service accounts" },
  host_groups: { on: "node_labels", what: "host groups" },
  host_sudoers: { on: "node_labels", what: "sudoers entries" },
  desktop_groups: { on: "windows_desktop_labels", what: "desktop groups" },
  "impersonate.users": { what: "impersonation of users" },
  "impersonate.roles": { what: "impersonation of roles" },
  "request.roles": { what: "access requests for roles" },
  "request.search_as_roles": { what: "resource requests searching as roles" },
  "review_requests.roles": { what: "reviews of requests for roles" },
  "review_requests.preview_as_roles": { what: "request previews as roles" },
};

/** Condition fields the classifier reads itself (not as unclassified), besides the two tables above. */
export const STRUCTURED_FIELDS = new Set([
  "rules",
  "kubernetes_resources",
  "join_sessions",
  "namespaces",
  "impersonate",
  "request",
  "review_requests",
]);

/** Who gets which option value: the version's default when the role leaves it out (B108). */
type OptionKind =
  /** true relaxes the control (e.g. ssh_file_copy). */
  | { type: "allows"; default: boolean }
  /** true enforces the control (e.g. pin_source_ip). */
  | { type: "enforces"; default: boolean }
  /** Ranked values: a lower rank relaxes the control. */
  | { type: "rank"; default: string; ranks: Record<string, number> }
  /** A longer duration relaxes the control. */
  | { type: "duration"; default: string }
  /** A higher limit relaxes the control; 0 or absent is no limit. */
  | { type: "limit" };

export interface OptionRule {
  kind: OptionKind;
  /** What the option controls, in plain words. */
  what: string;
  /** Only these versions have the default (idp: v3-v7, B39). */
  versions?: readonly string[];
}

// require_session_mfa: YAML 1.1 booleans (B70) and the named modes; a lower rank needs less (B110).
const MFA_RANKS: Record<string, number> = {
  false: 0,
  no: 0,
  off: 0,
  true: 1,
  yes: 1,
  session: 1,
  session_and_hardware_key: 2,
  hardware_key_touch: 3,
  hardware_key_pin: 3,
  hardware_key_touch_and_pin: 4,
};

export const OPTIONS: Record<string, OptionRule> = {
  require_session_mfa: {
    kind: { type: "rank", default: "false", ranks: MFA_RANKS },
    what: "per-session MFA",
  },
  max_session_ttl: {
    kind: { type: "duration", default: "30h" },
    what: "the longest session (certificate TTL)",
  },
  disconnect_expired_cert: {
    kind: { type: "enforces", default: false },
    what: "disconnecting sessions when the certificate expires",
  },
  pin_source_ip: {
    kind: { type: "enforces", default: false },
    what: "pinning certificates to the source IP",
  },
  lock: {
    // "" is the cluster's locking mode, best_effort unless the cluster says strict (B111).
    kind: { type: "rank", default: "", ranks: { best_effort: 0, "": 1, strict: 2 } },
    what: "the locking mode",
  },
  "record_session.default": {
    kind: { type: "rank", default: "best_effort", ranks: { best_effort: 0, strict: 1 } },
    what: "session recording (strict refuses sessions it cannot record)",
  },
  "record_session.ssh": {
    kind: { type: "rank", default: "best_effort", ranks: { best_effort: 0, strict: 1 } },
    what: "SSH session recording",
  },
  "record_session.desktop": { kind: { type: "enforces", default: true }, what: "desktop session recording" },
  port_forwarding: { kind: { type: "allows", default: true }, what: "SSH port forwarding" },
  "ssh_port_forwarding.local.enabled": {
    kind: { type: "allows", default: true },
    what: "local SSH port forwarding",
  },
  "ssh_port_forwarding.remote.enabled": {
    kind: { type: "allows", default: true },
    what: "remote SSH port forwarding",
  },
  ssh_file_copy: { kind: { type: "allows", default: true }, what: "file copy over SSH (scp, sftp)" },
  forward_agent: { kind: { type: "allows", default: false }, what: "SSH agent forwarding" },
  permit_x11_forwarding: { kind: { type: "allows", default: false }, what: "X11 forwarding" },
  desktop_clipboard: { kind: { type: "allows", default: true }, what: "the desktop clipboard" },
  desktop_directory_sharing: { kind: { type: "allows", default: true }, what: "desktop directory sharing" },
  device_trust_mode: {
    // "" is the cluster's device trust mode (B112).
    kind: {
      type: "rank",
      default: "",
      ranks: { off: 0, optional: 1, "": 1, "required-for-humans": 2, required: 3 },
    },
    what: "device trust",
  },
  create_host_user_mode: {
    // Inverted: a higher mode creates more, so the rank is negated (keep relaxes most, B113).
    kind: { type: "rank", default: "", ranks: { "": 0, off: 0, "insecure-drop": -1, drop: -1, keep: -2 } },
    what: "host user creation",
  },
  create_host_user: { kind: { type: "allows", default: false }, what: "host user creation (legacy option)" },
  create_db_user_mode: {
    kind: { type: "rank", default: "", ranks: { "": 0, off: 0, best_effort_drop: -1, keep: -2 } },
    what: "database user creation",
  },
  create_db_user: {
    kind: { type: "allows", default: false },
    what: "database user creation (legacy option)",
  },
  create_desktop_user: { kind: { type: "allows", default: false }, what: "desktop user creation" },
  max_connections: { kind: { type: "limit" }, what: "the number of connections" },
  max_sessions: { kind: { type: "limit" }, what: "the number of sessions per connection" },
  max_kubernetes_connections: { kind: { type: "limit" }, what: "the number of Kubernetes connections" },
  "idp.saml.enabled": {
    kind: { type: "allows", default: true },
    what: "access to the SAML identity provider",
    versions: ["v3", "v4", "v5", "v6", "v7"],
  },
};

/** Resources whose create or update lets the holder change access itself (B114). */
export const ACCESS_ADMIN_RESOURCES = [
  "role",
  "user",
  "token",
  "bot",
  "github",
  "oidc",
  "saml",
  "cluster_auth_preference",
] as const;

/**
 * The high-risk grants, each marked apart in the review (README "Access review" shows this table).
 * `id` names the rule in findings; `text` is what the README and the comment say.
 */
export const HIGH_RISK = [
  {
    id: "access-admin",
    grant:
      "`create`, `update` or `*` on `role`, `user`, `token`, `bot`, an auth connector (`github`, `oidc`, `saml`) or `cluster_auth_preference`, or on `*`",
    text: "lets the holder change access itself",
  },
  {
    id: "impersonate-wildcard",
    grant: "`impersonate` with `*` (or a regex) in `users` or `roles`",
    text: "lets the holder act as any user or role",
  },
  { id: "root-login", grant: "`logins` containing `root`", text: "root on the matched nodes" },
  {
    id: "system-masters",
    grant: "`kubernetes_groups` containing `system:masters`",
    text: "cluster-admin on the matched Kubernetes clusters",
  },
  {
    id: "all-resources",
    grant: "`'*': '*'` in `node_labels`, `kubernetes_labels`, `app_labels` or `db_labels`",
    text: "every node, Kubernetes cluster, app or database",
  },
  { id: "any-db-user", grant: "`*` (or a regex) in `db_users`", text: "any database user" },
  {
    id: "mfa-off",
    grant: "`require_session_mfa` turned off (from a mode that required it)",
    text: "sessions without MFA",
  },
] as const;

export type HighRiskId = (typeof HIGH_RISK)[number]["id"];

/** Labels whose `'*': '*'` is high-risk (B106). */
export const ALL_RESOURCES_LABELS = new Set(["node_labels", "kubernetes_labels", "app_labels", "db_labels"]);

/**
 * What the presets grant, for a child whose preset roles were not read (the bot may not list roles):
 * editor manages users, roles, auth connectors and tokens; access reaches every node, app, Kubernetes
 * cluster and database with the user's own traits (B116).
 */
export const PRESET_GRANTS: Record<string, { text: string; highRisk?: HighRiskId }> = {
  editor: { text: "create and update users, roles, tokens and auth connectors", highRisk: "access-admin" },
  access: {
    text: "every node, app, Kubernetes cluster and database, with the user's own traits",
    highRisk: "all-resources",
  },
  auditor: { text: "read sessions and the audit log" },
};

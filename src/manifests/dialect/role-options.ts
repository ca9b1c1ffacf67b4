// `spec.options` of a role: RoleOptions and the types it holds. Field names and Go types from
// api/proto/teleport/legacy/types/types.proto (message RoleOptions, RecordSession, CertExtension,
// SSHPortForwarding, IdPOptions) and the newest operator CRD (resources.teleport.dev_rolesv9.yaml) for
// fields added since; checks from RoleV6.CheckAndSetDefaults (api/types/role.go).
import {
  certExtensionMode,
  certExtensionType,
  createDbUserMode,
  createHostUserMode,
  requireMfaType,
  webTerminalClipboardMode,
} from "./enums.js";
import { expressionShape } from "./expressions.js";
import {
  boolOption,
  type Check,
  duration,
  goDuration,
  int,
  list,
  object,
  string,
  strings,
  traits,
} from "./types.js";
import { field, items } from "./values.js";

const ENHANCED_RECORDING = ["command", "disk", "network"];
const LOCKING_MODES = ["", "best_effort", "strict"];

const enhancedRecording: Check = (node, path, ctx) => {
  for (const { value, at } of items(node)) {
    if (!ENHANCED_RECORDING.includes(value)) {
      ctx.error(
        at.offset,
        path,
        `invalid value for role option enhanced_recording: ${value}; use command, disk or network`,
      );
    }
  }
};

const lockMode: Check = (node, path, ctx) => {
  if (node.type === "scalar" && typeof node.value === "string" && !LOCKING_MODES.includes(node.value)) {
    ctx.error(
      node.offset,
      path,
      `invalid value for role option lock: ${node.value}; use strict or best_effort`,
    );
  }
};

/** lib/auth/auth_with_roles.go validateRole (B39): v8 moved IdP access to app_labels. */
const idpBelowV8: Check = (node, path, ctx) => {
  const idp = field(node, "idp");
  if (ctx.version === "v8" && idp) {
    ctx.error(
      idp.offset,
      `${path}.idp`,
      "idp option is only supported in role version 7 and below; grant SAML IdP access with app_labels instead",
    );
  }
};

/**
 * Strings CheckAndSetDefaults does not check (from the constants Teleport compares them with): a value
 * outside these is stored but means nothing, so it is a warning.
 */
const knownWords =
  (...known: string[]): Check =>
  (node, path, ctx) => {
    if (node.type !== "scalar" || typeof node.value !== "string" || node.value === "") return;
    if (known.includes(node.value)) return;
    ctx.warn(
      node.offset,
      path,
      `${path} is ${JSON.stringify(node.value)}, which Teleport stores without checking but knows only as ${known.join(", ")}`,
    );
  };

const enabled = (goType: string) => object(goType, { enabled: boolOption() });

export const roleOptions = object(
  "RoleOptions",
  {
    forward_agent: boolOption("types.Bool"),
    max_session_ttl: duration(),
    port_forwarding: boolOption(),
    cert_format: string(knownWords("standard", "oldssh")),
    client_idle_timeout: duration(),
    disconnect_expired_cert: boolOption("types.Bool"),
    enhanced_recording: strings(enhancedRecording),
    permit_x11_forwarding: boolOption("types.Bool"),
    max_connections: int(),
    max_sessions: int(),
    request_access: string(knownWords("optional", "note", "reason", "always")),
    request_prompt: string(),
    lock: string(lockMode),
    record_session: object("RecordSession", {
      desktop: boolOption(),
      default: string(knownWords("best_effort", "strict")),
      ssh: string(knownWords("best_effort", "strict")),
    }),
    desktop_clipboard: boolOption(),
    cert_extensions: list(
      object("CertExtension", {
        type: certExtensionType(),
        mode: certExtensionMode(),
        name: string(),
        value: string(),
      }),
    ),
    max_kubernetes_connections: int(),
    desktop_directory_sharing: boolOption(),
    create_host_user: boolOption(),
    pin_source_ip: boolOption("types.Bool"),
    ssh_file_copy: boolOption(),
    require_session_mfa: requireMfaType(),
    device_trust_mode: string(knownWords("off", "optional", "required", "required-for-humans")),
    idp: object("IdPOptions", { saml: enabled("IdPSAMLOptions") }),
    create_desktop_user: boolOption(),
    create_db_user: boolOption(),
    create_host_user_mode: createHostUserMode(),
    create_db_user_mode: createDbUserMode(),
    mfa_verification_interval: goDuration(),
    create_host_user_default_shell: string(),
    ssh_port_forwarding: object("SSHPortForwarding", {
      local: enabled("SSHLocalPortForwarding"),
      remote: enabled("SSHRemotePortForwarding"),
    }),
    web_terminal_clipboard_mode: webTerminalClipboardMode(),
  },
  idpBelowV8,
);

const REASON_MODES = ["", "required", "optional"];
const reasonMode: Check = (node, path, ctx) => {
  const mode = node.type === "scalar" && typeof node.value === "string" ? node.value : "";
  if (!REASON_MODES.includes(mode)) {
    ctx.warn(
      node.offset,
      path,
      `${path} is ${JSON.stringify(mode)}; Teleport knows only required and optional`,
    );
  }
};

const claimMapping = object("ClaimMapping", { claim: string(), value: string(), roles: strings() });

/** AccessRequestConditions (types.proto) plus `reason.prompt` from the newest CRD. */
export const requestConditions = (kubeChecks: readonly Check[]) =>
  object("AccessRequestConditions", {
    roles: strings(),
    claims_to_roles: list(claimMapping),
    annotations: traits(),
    thresholds: list(
      object("AccessReviewThreshold", {
        name: string(),
        filter: string(),
        approve: int("int32"),
        deny: int("int32"),
      }),
    ),
    suggested_reviewers: strings(),
    search_as_roles: strings(),
    max_duration: duration(),
    kubernetes_resources: list(
      object("RequestKubernetesResource", { kind: string(), api_group: string() }),
      ...kubeChecks,
    ),
    reason: object("AccessRequestConditionsReason", { mode: string(reasonMode), prompt: string() }),
  });

/** AccessReviewConditions (types.proto) plus `submit_for_users` from the newest CRD. */
export const reviewConditions = object("AccessReviewConditions", {
  roles: strings(),
  claims_to_roles: list(claimMapping),
  where: string(expressionShape("'where' condition")),
  preview_as_roles: strings(),
  submit_for_users: strings(),
});

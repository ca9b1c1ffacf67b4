// Roles as Teleport decodes, defaults, validates and prints them (RoleV6), shared by the simulator's
// server and its tctl stand-in (tctl runs the same decode and CheckAndSetDefaults on the client).
// fact: B37 (JSON shape), B38 (option defaults, hidden namespaces), B39 (version
// defaults, v8 refuses idp), B40 (supported versions), B41 (defaults on read), B43 (reserved names),
// B61 (unknown fields); B63 texts (wildcards, selectors).
import { badParameter } from "../common/errors.js";
import { isObject, type Json, type UnknownFields } from "./go-shape.js";
import { encodeGo, fieldNames, METADATA_TYPE, OPTIONS_TYPE, ROLE_TYPE } from "./teleport-types.js";

// The field types, names and declaration order live in teleport-types.ts (RoleV6 and its parts).
export const METADATA = METADATA_TYPE;

/** RoleOptions keys, in declaration order. */
export const ROLE_OPTION_KEYS = fieldNames(OPTIONS_TYPE);

/** The role as Teleport would print it: Go field order, sorted maps, no empty `omitempty` or unknown fields. */
export function shapeRole<T extends object = Json>(role: T, unknown: UnknownFields = "drop"): T {
  return encodeGo(role, ROLE_TYPE, unknown) as T;
}

// ---------------------------------------------------------------------------------------------------
// Versions (fact B40).

const V3_TO_V7 = ["v3", "v4", "v5", "v6", "v7"];

/**
 * The role versions a Teleport build decodes. assumption: v8 arrived with Teleport 18, so builds from
 * 18.0.0 on accept it (the facts say "plus v8 in v8-era builds").
 */
export function supportedRoleVersions(teleportVersion: string): string[] {
  const major = Number(/^v?(\d+)/.exec(teleportVersion)?.[1] ?? "0");
  return major >= 18 ? [...V3_TO_V7, "v8"] : [...V3_TO_V7];
}

/** UnmarshalRoleV6's version switch: BadParameter `role version "<v>" is not supported` (fact B40). */
export function checkRoleVersion(version: unknown, supported: readonly string[]): string {
  const text =
    typeof version === "string" ? version : version === undefined || version === null ? "" : String(version);
  if (!supported.includes(text)) throw badParameter(`role version ${JSON.stringify(text)} is not supported`);
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Defaults (facts B38, B39). Applied on every write and, as Teleport's UnmarshalRoleV6 does, on every
// read (B41), so they must be idempotent.

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
  if (["v3", "v4", "v5", "v6"].includes(version)) {
    // setDefaultKubernetesVerbs: allow and deny (api/types/role.go).
    for (const side of [allow, conditions(spec, "deny")]) {
      for (const entry of Array.isArray(side.kubernetes_resources) ? side.kubernetes_resources : []) {
        if (isObject(entry) && absent(entry.verbs)) entry.verbs = ["*"];
      }
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
// Validation in CheckAndSetDefaults (client and server; B63 texts).

const WILDCARD_CHECKS: [string, string][] = [
  ["logins", "wildcard matcher is not allowed in logins"],
  ["aws_role_arns", "wildcard matcher is not allowed in aws_role_arns"],
  ["azure_identities", "wildcard matcher is not allowed in allow.azure_identities"],
  ["gcp_service_accounts", "wildcard matcher is not allowed in allow.gcp_service_accounts"],
  ["db_roles", "wildcard is not allowed in allow.database_roles"],
];

/** The allow-side label maps CheckAndSetDefaults checks for `*:<val>` (api/types/role.go). */
const WILDCARD_SELECTOR_LABELS = [
  "node_labels",
  "app_labels",
  "kubernetes_labels",
  "db_labels",
  "windows_desktop_labels",
  "group_labels",
  "workload_identity_labels",
];

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const q = (v: unknown) => JSON.stringify(String(v ?? ""));
const goList = (items: readonly string[]) => `[${items.join(" ")}]`;

// assumption: the Kubernetes constants of api/types (verbs, v7 kinds, cluster-wide kinds, v8 core kinds)
// are as remembered; the checks and their texts are read from api/types/role.go validateKubeResources.
const KUBE_VERBS = [
  "get",
  "create",
  "update",
  "patch",
  "delete",
  "list",
  "watch",
  "deletecollection",
  "exec",
  "portforward",
];
const KUBE_V7_KINDS = [
  "pod",
  "secret",
  "configmap",
  "namespace",
  "service",
  "serviceaccount",
  "kube_node",
  "persistentvolume",
  "persistentvolumeclaim",
  "deployment",
  "replicaset",
  "statefulset",
  "daemonset",
  "clusterrole",
  "kube_role",
  "clusterrolebinding",
  "rolebinding",
  "cronjob",
  "job",
  "certificatesigningrequest",
  "ingress",
];
const KUBE_CLUSTER_WIDE_KINDS = [
  "namespace",
  "kube_node",
  "persistentvolume",
  "clusterrole",
  "clusterrolebinding",
  "certificatesigningrequest",
];
const KUBE_CORE_KINDS = [
  "*",
  "pods",
  "secrets",
  "configmaps",
  "namespaces",
  "services",
  "serviceaccounts",
  "nodes",
  "persistentvolumes",
  "persistentvolumeclaims",
  "events",
  "endpoints",
  "limitranges",
  "replicationcontrollers",
  "resourcequotas",
  "podtemplates",
  "bindings",
  "componentstatuses",
];

/** validateKubeResources (fact B62: v3-v6 pods with verb `*` only, v7 kinds, v8 api_group; a name). */
function validateKubeResources(version: string, resources: unknown): void {
  for (const entry of Array.isArray(resources) ? resources : []) {
    const k = isObject(entry) ? entry : {};
    const kind = String(k.kind ?? "");
    const verbs = asList(k.verbs).map(String);
    const apiGroup = String(k.api_group ?? "");
    for (const verb of verbs) {
      if (!KUBE_VERBS.includes(verb) && verb !== "*" && !verb.includes("{{")) {
        throw badParameter(
          `KubernetesResource verb ${q(verb)} is invalid or unsupported; Supported: ${goList(KUBE_VERBS)}`,
        );
      }
      if (verb === "*" && verbs.length > 1) {
        throw badParameter(`KubernetesResource verb ${q(verb)} cannot be used with other verbs`);
      }
    }
    if (["v3", "v4", "v5", "v6"].includes(version)) {
      if (kind !== "pod") {
        throw badParameter(
          `KubernetesResource kind ${q(kind)} is not supported in role version ${q(version)}. Upgrade the role version to "v8"`,
        );
      }
      if (verbs.length !== 1 || verbs[0] !== "*") {
        throw badParameter(
          `Role version ${q(version)} only supports "*" verb. Upgrade the role version to "v8"`,
        );
      }
    }
    if (["v3", "v4", "v5", "v6", "v7"].includes(version)) {
      if (apiGroup !== "") {
        throw badParameter(
          `API Group ${q(apiGroup)} is not supported in role version ${q(version)}. Upgrade the role version to "v8"`,
        );
      }
      if (kind !== "*" && !KUBE_V7_KINDS.includes(kind)) {
        throw badParameter(
          `KubernetesResource kind ${q(kind)} is invalid or unsupported; Supported: ${goList(["*", ...KUBE_V7_KINDS])}`,
        );
      }
      if (String(k.namespace ?? "") === "" && !KUBE_CLUSTER_WIDE_KINDS.includes(kind)) {
        throw badParameter(`KubernetesResource kind ${q(kind)} must include Namespace`);
      }
    } else if (version === "v8") {
      if (kind === "")
        throw badParameter(`KubernetesResource kind ${q(kind)} is required in role version ${q(version)}`);
      if (KUBE_V7_KINDS.includes(kind) && apiGroup === "*") {
        throw badParameter(
          `KubernetesResource kind ${q(kind)} is invalid. Please use plural name for role version ${q(version)}`,
        );
      }
      if (apiGroup === "" && !KUBE_CORE_KINDS.includes(kind)) {
        throw badParameter(
          `KubernetesResource api_group is required for resource ${q(kind)} in role version ${q(version)}`,
        );
      }
      // assumption: the best-effort "must include Namespace" check of v8 is not modelled.
    }
    if (String(k.name ?? "") === "") throw badParameter("KubernetesResource must include Name");
  }
}

/** SPIFFERoleCondition.CheckAndSetDefaults (api/types/role.go). */
function spiffeProblem(entry: Json): string | undefined {
  const path = String(entry.path ?? "");
  if (path === "") return "path: should be non-empty";
  const isRegex = path.startsWith("^") && path.endsWith("$");
  if (!path.startsWith("/") && !isRegex) {
    return "path: should start with / or be a regex expression starting with ^ and ending with $";
  }
  const sans = asList(entry.ip_sans).map(String);
  for (let i = 0; i < sans.length; i++) {
    if (!/^[0-9.]+\/\d{1,2}$|^[0-9a-fA-F:.]+\/\d{1,3}$/.test(sans[i]!)) {
      return `validating ip_sans[${i}]: invalid CIDR address: ${sans[i]}`;
    }
  }
  return undefined;
}

/**
 * The checks of RoleV6.CheckAndSetDefaults after the defaults, in its order (fact B62; B63 texts):
 * kubernetes_resources per version (allow, then deny), enhanced_recording and lock values, wildcards,
 * `*:<val>` selectors, rules, impersonation. `where` and template errors are not checked here: Teleport
 * only logs them (B62).
 */
export function validateRoleSpec(role: object): void {
  const r = role as Json;
  const version = String(r.version ?? "");
  const spec = isObject(r.spec) ? r.spec : {};
  const allow = isObject(spec.allow) ? spec.allow : {};
  const deny = isObject(spec.deny) ? spec.deny : {};
  const options = isObject(spec.options) ? spec.options : {};
  validateKubeResources(version, allow.kubernetes_resources);
  validateKubeResources(version, deny.kubernetes_resources);
  for (const opt of asList(options.enhanced_recording)) {
    if (!["command", "disk", "network"].includes(String(opt))) {
      throw badParameter(`invalid value for role option enhanced_recording: ${String(opt)}`);
    }
  }
  if (!["", "best_effort", "strict", undefined].includes(options.lock as string | undefined)) {
    throw badParameter(`invalid value for role option lock: ${String(options.lock)}`);
  }
  for (const [key, text] of WILDCARD_CHECKS) {
    if (asList(allow[key]).includes("*")) throw badParameter(text);
  }
  for (const key of WILDCARD_SELECTOR_LABELS) {
    const labels = allow[key];
    if (!isObject(labels) || !("*" in labels)) continue;
    const values = asList(labels["*"]);
    if (!(values.length === 1 && values[0] === "*")) throw badParameter("selector *:<val> is not supported");
  }
  for (const perm of Array.isArray(allow.db_permissions) ? allow.db_permissions : []) {
    if (isObject(perm) && asList(perm.permissions).includes("*")) {
      throw badParameter("individual database permissions cannot be wildcards strings");
    }
  }
  for (const [side, conditions] of [
    ["allow", allow],
    ["deny", deny],
  ] as const) {
    (Array.isArray(conditions.spiffe) ? conditions.spiffe : []).forEach((entry, i) => {
      const problem = spiffeProblem(isObject(entry) ? entry : {});
      // assumption: trace.Wrap(err, "validating spec.allow.spiffe[i]") prints as "<message>\n\t<cause>".
      if (problem) throw badParameter(`validating spec.${side}.spiffe[${i}]\n\t${problem}`);
    });
  }
  for (const [side, conditions] of [
    ["allow", allow],
    ["deny", deny],
  ] as const) {
    const rules = Array.isArray(conditions.rules) ? conditions.rules : [];
    rules.forEach((rule, i) => {
      const rr = isObject(rule) ? rule : {};
      if (asList(rr.resources).length === 0) {
        throw badParameter(`failed to process '${side}' rule ${i}: missing resources to match`);
      }
      if (asList(rr.verbs).length === 0)
        throw badParameter(`failed to process '${side}' rule ${i}: missing verbs`);
    });
  }
  const impersonate = (c: Json) => (isObject(c.impersonate) ? c.impersonate : undefined);
  const checkImpersonate = (i: Json | undefined) => {
    if (i && asList(i.users).length > 0 && asList(i.roles).length === 0) {
      throw badParameter("please set both impersonate.users and impersonate.roles for user impersonation");
    }
  };
  checkImpersonate(impersonate(allow));
  const denyImpersonate = impersonate(deny);
  if (denyImpersonate && String(denyImpersonate.where ?? "") !== "") {
    throw badParameter("'where' is not supported in deny.impersonate conditions");
  }
  checkImpersonate(denyImpersonate);
}

/**
 * System role names ValidateRoleName refuses with `reserved role: <name>` (fact B43, B65: only these,
 * in exact case, so `admin` or `Dev Team` are valid role names).
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

/** The server's validateRole after RBAC (fact B39 v8 idp, B43 reserved names and downgraded label). */
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

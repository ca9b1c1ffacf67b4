// A role as Teleport applies it: the defaults of its version filled in (B107, B108), so that a role the
// repository writes and the copy the child prints (with server defaults, B38) compare equal when they grant
// the same, and a version change shows what its defaults change.
import type { Resource } from "../core/access.js";
import { OPTIONS } from "./fields.js";
import { asObject, isEmptySelector, selector } from "./values.js";

export interface NormalRole {
  version: string;
  allow: Record<string, unknown>;
  deny: Record<string, unknown>;
  /** Every option of the OPTIONS table at its effective value (the version's default when absent). */
  options: Record<string, unknown>;
  /** The options as written, for the ones the table does not know. */
  rawOptions: Record<string, unknown>;
  /** Options written on this side (derived defaults are compared only when one side writes them). */
  written: Set<string>;
}

const WILDCARD = { "*": ["*"] };

function at(obj: Record<string, unknown>, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split(".")) v = asObject(v)[part];
  return v;
}

/** B107: v3 grants every app, Kubernetes cluster and database, and every node when it has logins. */
function v3Labels(allow: Record<string, unknown>): void {
  if (allow.node_labels === undefined || allow.node_labels === null) {
    allow.node_labels = Array.isArray(allow.logins) && allow.logins.length ? WILDCARD : {};
  }
  for (const field of ["app_labels", "kubernetes_labels", "db_labels"]) {
    if (allow[field] === undefined || allow[field] === null) allow[field] = WILDCARD;
  }
}

/** B39, B107: the Kubernetes resources a role grants when it lists none but selects clusters. */
function kubeDefaults(version: string, allow: Record<string, unknown>): void {
  const resources = Array.isArray(allow.kubernetes_resources) ? allow.kubernetes_resources : [];
  const selects =
    !isEmptySelector(selector(allow.kubernetes_labels)) ||
    typeof allow.kubernetes_labels_expression === "string";
  if (!resources.length && selects) {
    const any = { kind: "*", namespace: "*", name: "*", verbs: ["*"] };
    if (["v3", "v4", "v5"].includes(version)) allow.kubernetes_resources = [{ ...any, kind: "pod" }];
    else if (version === "v7") allow.kubernetes_resources = [any];
    else if (version === "v8") allow.kubernetes_resources = [{ ...any, api_group: "*" }];
  }
  if (["v3", "v4", "v5", "v6"].includes(version) && Array.isArray(allow.kubernetes_resources)) {
    allow.kubernetes_resources = allow.kubernetes_resources.map((r) => {
      const entry = asObject(r);
      return Array.isArray(entry.verbs) && entry.verbs.length ? entry : { ...entry, verbs: ["*"] };
    });
  }
}

function effectiveOptions(version: string, raw: Record<string, unknown>) {
  const options: Record<string, unknown> = {};
  const written = new Set<string>();
  for (const [path, rule] of Object.entries(OPTIONS)) {
    const value = at(raw, path);
    if (value !== undefined && value !== null) written.add(path);
    if (rule.versions && !rule.versions.includes(version)) continue;
    const kind = rule.kind;
    const fallback = kind.type === "limit" ? 0 : kind.default;
    options[path] = value ?? fallback;
  }
  // B108: the newer per-direction switches fall back to port_forwarding, ssh recording to the default mode.
  for (const dir of ["local", "remote"]) {
    const path = `ssh_port_forwarding.${dir}.enabled`;
    if (!written.has(path)) options[path] = options.port_forwarding;
  }
  if (!written.has("record_session.ssh")) options["record_session.ssh"] = options["record_session.default"];
  return { options, written };
}

/** The role's version, conditions and options with its version's defaults applied; empty for no role. */
export function normalizeRole(role: Resource | undefined, fallbackVersion = "v7"): NormalRole {
  const version = typeof role?.version === "string" ? role.version : fallbackVersion;
  const spec = asObject(role?.spec);
  const allow = structuredClone(asObject(spec.allow));
  const deny = structuredClone(asObject(spec.deny));
  if (role) {
    if (version === "v3") v3Labels(allow);
    kubeDefaults(version, allow);
  }
  const rawOptions = asObject(spec.options);
  return { version, allow, deny, rawOptions, ...effectiveOptions(version, rawOptions) };
}

// A simulated Teleport cluster: its certificate authorities and its resource stores (roles, users,
// tokens, bots) with revisions, seeded like a fresh Teleport Cloud tenant.
import { randomUUID } from "node:crypto";
import {
  createSshCertificateAuthority,
  type IdentityIssuer,
  type SshCertificateAuthority,
} from "./identity.js";
import { type CertificateAuthority, createCertificateAuthority, type KeyAlgorithm } from "./pki.js";
import type { SimResource, SimResourceKind } from "./wire.js";

export const RESOURCE_TYPE_LABEL = "teleport.internal/resource-type";
export const BOT_LABEL = "teleport.internal/bot";

export interface ClusterOptions {
  name: string;
  version: string;
  keyAlgorithm?: KeyAlgorithm;
  now?: () => Date;
}

/** `signature_algorithm_suite` as /webapi/find spells it (Teleport marshals the enum as e.g. `balanced-v1`). */
export function signatureAlgorithmSuite(alg: KeyAlgorithm): string {
  // assumption: an ECDSA cluster runs balanced-v1, an RSA cluster the legacy suite.
  return alg === "ecdsa" ? "balanced-v1" : "legacy";
}

export interface SimCluster extends IdentityIssuer {
  name: string;
  version: string;
  keyAlgorithm: KeyAlgorithm;
  hostCa: CertificateAuthority;
  userCa: CertificateAuthority;
  sshHostCa: SshCertificateAuthority;
  sshUserCa: SshCertificateAuthority;
  /** `127.0.0.1:<port>` once the proxy listens. */
  proxyAddress: string;
  get(kind: SimResourceKind, name: string): SimResource | undefined;
  list(kind: SimResourceKind): SimResource[];
  /** Stores a copy with a fresh revision and returns a copy of what was stored. */
  put(resource: SimResource): SimResource;
  delete(kind: SimResourceKind, name: string): boolean;
  /** Every write bumps this; tests use it to prove nothing was written. */
  readonly writes: number;
}

const clone = <T>(v: T): T => structuredClone(v);

export async function createCluster(options: ClusterOptions): Promise<SimCluster> {
  const keyAlgorithm = options.keyAlgorithm ?? "ecdsa";
  const [hostCa, userCa, sshHostCa, sshUserCa] = await Promise.all([
    createCertificateAuthority(options.name, { algorithm: keyAlgorithm, organization: "host" }),
    createCertificateAuthority(options.name, { algorithm: keyAlgorithm, organization: "user" }),
    createSshCertificateAuthority(keyAlgorithm),
    createSshCertificateAuthority(keyAlgorithm),
  ]);
  const stores = new Map<string, Map<string, SimResource>>();
  const storeOf = (kind: string) => {
    let store = stores.get(kind);
    if (!store) {
      store = new Map();
      stores.set(kind, store);
    }
    return store;
  };
  let writes = 0;
  const cluster: SimCluster = {
    name: options.name,
    clusterName: options.name,
    version: options.version,
    keyAlgorithm,
    hostCa,
    userCa,
    sshHostCa,
    sshUserCa,
    proxyAddress: "",
    get: (kind, name) => {
      const found = storeOf(kind).get(name);
      return found ? clone(found) : undefined;
    },
    list: (kind) =>
      [...storeOf(kind).values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map(clone),
    put: (resource) => {
      const stored = clone(resource);
      // assumption: revisions are opaque UUIDs, as Teleport's backend produces.
      stored.metadata.revision = randomUUID();
      storeOf(stored.kind).set(stored.metadata.name, stored);
      writes++;
      return clone(stored);
    },
    delete: (kind, name) => {
      const deleted = storeOf(kind).delete(name);
      if (deleted) writes++;
      return deleted;
    },
    get writes() {
      return writes;
    },
  };
  seedPresets(cluster);
  return cluster;
}

// ---------------------------------------------------------------------------------------------------
// Server-side defaults, so stored objects look like what `tctl get --format=json` prints.

const ROLE_VERSIONS = new Set(["v3", "v4", "v5", "v6", "v7", "v8"]);
const ZERO_TIME = "0001-01-01T00:00:00Z";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** utils.Strings with one element marshal as a scalar (fact: tctl-facts.md §2 "Roles"). */
function scalarizeLabels(conditions: Json): void {
  for (const [key, value] of Object.entries(conditions)) {
    if (!key.endsWith("_labels") || !isObject(value)) continue;
    for (const [label, values] of Object.entries(value)) {
      if (Array.isArray(values) && values.length === 1) value[label] = values[0];
    }
  }
}

/** Role defaults by version. fact: tctl-facts.md §5 "Role". */
export function applyRoleDefaults(input: SimResource): SimResource {
  const role = clone(input);
  if (!ROLE_VERSIONS.has(role.version ?? "")) role.version = "v8";
  const spec: Json = isObject(role.spec) ? role.spec : {};
  role.spec = spec;
  const options: Json = isObject(spec.options) ? spec.options : {};
  spec.options = {
    certificate_format: "standard",
    max_session_ttl: "30h0m0s",
    // assumption: the default enhanced-recording events are command and network.
    enhanced_recording: ["command", "network"],
    record_session: { desktop: true, default: "best_effort" },
    desktop_clipboard: true,
    desktop_directory_sharing: true,
    ssh_file_copy: true,
    create_desktop_user: false,
    create_db_user: false,
    ...options,
  };
  for (const side of ["allow", "deny"] as const) {
    const conditions: Json = isObject(spec[side]) ? (spec[side] as Json) : {};
    spec[side] = conditions;
    if (!Array.isArray(conditions.namespaces) || conditions.namespaces.length === 0)
      conditions.namespaces = ["default"];
    if (side === "allow") {
      if (role.version === "v3") {
        for (const key of ["app_labels", "kubernetes_labels", "db_labels"]) {
          if (!isObject(conditions[key])) conditions[key] = { "*": "*" };
        }
        if (
          Array.isArray(conditions.logins) &&
          conditions.logins.length > 0 &&
          !isObject(conditions.node_labels)
        ) {
          conditions.node_labels = { "*": "*" };
        }
      }
      const kubeLabels = conditions.kubernetes_labels;
      const hasKube = isObject(kubeLabels) && Object.keys(kubeLabels).length > 0;
      if (hasKube && !Array.isArray(conditions.kubernetes_resources)) {
        if (role.version === "v7") {
          conditions.kubernetes_resources = [{ kind: "*", namespace: "*", name: "*", verbs: ["*"] }];
        } else if (role.version === "v8") {
          conditions.kubernetes_resources = [
            { kind: "*", namespace: "*", name: "*", verbs: ["*"], api_group: "*" },
          ];
        }
      }
    }
    scalarizeLabels(conditions);
  }
  return role;
}

/** User defaults. fact: tctl-facts.md §5 "User" and §2 "Users". */
export function applyUserDefaults(
  input: SimResource,
  createdBy: string,
  now: Date,
  existing?: SimResource,
): SimResource {
  const user = clone(input);
  user.version = "v2";
  const spec: Json = isObject(user.spec) ? user.spec : {};
  user.spec = spec;
  if (!Array.isArray(spec.roles)) spec.roles = [];
  if (!isObject(spec.traits)) delete spec.traits;
  if (!isObject(spec.created_by)) {
    const previous = existing?.spec?.created_by;
    spec.created_by = isObject(previous) ? previous : { time: now.toISOString(), user: { name: createdBy } };
  }
  if (typeof spec.expires !== "string") spec.expires = ZERO_TIME;
  spec.status = {
    is_locked: false,
    locked_time: ZERO_TIME,
    lock_expires: ZERO_TIME,
    recovery_attempt_lock_expires: ZERO_TIME,
    ...(isObject(spec.status) ? spec.status : {}),
  };
  // assumption: enum numbers; 1 = password unset, 0 = no MFA device.
  user.status = existing?.status ? clone(existing.status) : { password_state: 1, mfa_weakest_device: 0 };
  return user;
}

// ---------------------------------------------------------------------------------------------------
// Presets and seeds.

function rule(resources: string[], verbs: string[]) {
  return { resources, verbs };
}

function presetRole(name: string, spec: Json, type: "preset" | "system" = "preset"): SimResource {
  return applyRoleDefaults({
    kind: "role",
    version: "v7",
    metadata: { name, description: `${name} preset role`, labels: { [RESOURCE_TYPE_LABEL]: type } },
    spec,
  });
}

/** Preset and system roles a fresh Cloud cluster carries (fact: tctl-facts.md §5 "Preset / system names"). */
export function presetRoles(): SimResource[] {
  const all = ["*"];
  return [
    presetRole("editor", {
      allow: { rules: [rule(["role", "user", "token", "bot", "workload_cluster"], all)] },
    }),
    presetRole("access", { allow: { logins: ["{{internal.logins}}"], node_labels: { "*": "*" } } }),
    presetRole("auditor", { allow: { rules: [rule(["session", "event"], ["list", "read"])] } }),
    presetRole("reviewer", { allow: { review_requests: { roles: ["*"] } } }),
    presetRole("requester", { allow: { request: { roles: ["*"] } } }),
    presetRole("group-access", { allow: {} }),
    presetRole("device-admin", { allow: { rules: [rule(["device"], all)] } }),
    presetRole("device-enroll", { allow: { rules: [rule(["device"], ["enroll"])] } }),
    presetRole("require-trusted-device", { options: { device_trust_mode: "required" } }),
    presetRole("terraform-provider", { allow: { rules: [rule(["role", "user", "token"], all)] } }),
    presetRole("wildcard-workload-identity-issuer", { allow: { workload_identity_labels: { "*": "*" } } }),
    presetRole("@teleport-access-approver", { allow: { review_requests: { roles: ["*"] } } }, "system"),
  ];
}

function seedPresets(cluster: SimCluster): void {
  for (const role of presetRoles()) cluster.put(role);
  cluster.put(
    applyUserDefaults(
      {
        kind: "user",
        metadata: { name: "@teleport-access-approval-bot", labels: { [RESOURCE_TYPE_LABEL]: "system" } },
        spec: { roles: ["@teleport-access-approver"] },
      },
      "system",
      new Date(),
    ),
  );
}

export interface SeedBotOptions {
  /** The bot's name without the `bot-` prefix. */
  name: string;
  /** Roles the bot's identities carry. */
  roles: string[];
  now?: Date;
}

/**
 * A Machine ID bot: user and role both named `bot-<name>`, labelled `teleport.internal/bot`, plus the
 * bot resource. fact: tctl-facts.md §5 "Bots".
 */
export function seedBot(cluster: SimCluster, options: SeedBotOptions): { user: string } {
  const userName = `bot-${options.name.replace(/ /g, "-")}`;
  const labels = { [BOT_LABEL]: options.name };
  cluster.put(
    applyRoleDefaults({
      kind: "role",
      version: "v7",
      metadata: {
        name: userName,
        description: `Automatically generated role for bot ${options.name}`,
        labels,
      },
      spec: {
        allow: {
          impersonate: { roles: options.roles },
          rules: [rule(["cert_authority"], ["readnosecrets"])],
        },
      },
    }),
  );
  cluster.put(
    applyUserDefaults(
      { kind: "user", metadata: { name: userName, labels }, spec: { roles: [userName] } },
      "system",
      options.now ?? new Date(),
    ),
  );
  cluster.put({
    kind: "bot",
    version: "v1",
    metadata: { name: options.name },
    spec: { roles: options.roles, traits: [] },
    status: { user_name: userName, role_name: userName },
  });
  return { user: userName };
}

export interface SimIamAllow {
  aws_account?: string;
  aws_arn?: string;
}

/** An IAM join token for a bot. */
export function iamBotToken(name: string, botName: string, allow: SimIamAllow[]): SimResource {
  return {
    kind: "token",
    version: "v2",
    metadata: { name },
    spec: { roles: ["Bot"], join_method: "iam", bot_name: botName, allow: clone(allow) },
  };
}

/** A GitHub join token for a bot (fact: teleport-connection.md §4.6). */
export function githubBotToken(name: string, botName: string, allow: Json[]): SimResource {
  return {
    kind: "token",
    version: "v2",
    metadata: { name },
    spec: { roles: ["Bot"], join_method: "github", bot_name: botName, github: { allow: clone(allow) } },
  };
}

/** A role whose allow rules grant `verbs` on `kinds`. */
export function ruleRole(
  name: string,
  kinds: string[],
  verbs: string[],
  labels?: Record<string, string>,
): SimResource {
  return applyRoleDefaults({
    kind: "role",
    version: "v7",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { allow: { rules: [rule(kinds, verbs)] } },
  });
}

// ---------------------------------------------------------------------------------------------------
// RBAC over resource rules.

function rulesOf(
  role: SimResource | undefined,
  side: "allow" | "deny",
): { resources: string[]; verbs: string[] }[] {
  const conditions = isObject(role?.spec) ? (role.spec as Json)[side] : undefined;
  const rules = isObject(conditions) ? conditions.rules : undefined;
  if (!Array.isArray(rules)) return [];
  return rules.filter(isObject).map((r) => ({
    resources: Array.isArray(r.resources) ? r.resources.map(String) : [],
    verbs: Array.isArray(r.verbs) ? r.verbs.map(String) : [],
  }));
}

const matches = (values: string[], wanted: string) => values.includes(wanted) || values.includes("*");

/**
 * Whether the roles allow `verb` on `kind`: any deny rule wins, else any allow rule grants.
 * Roles named in the certificate but missing from the cluster grant nothing.
 */
export function rolesAllow(cluster: SimCluster, roles: string[], kind: string, verb: string): boolean {
  const stored = roles.map((name) => cluster.get("role", name));
  const hit = (side: "allow" | "deny") =>
    stored.some((role) =>
      rulesOf(role, side).some((r) => matches(r.resources, kind) && matches(r.verbs, verb)),
    );
  return !hit("deny") && hit("allow");
}

/** Teleport's RBAC denial text (lib/services: "access denied to perform action %q on %q"). */
export function actionDeniedMessage(verb: string, kind: string): string {
  return `access denied to perform action "${verb}" on "${kind}"`;
}

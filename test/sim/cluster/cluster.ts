// A simulated Teleport cluster: its certificate authorities and its resource stores (roles, users,
// tokens, bots) with revisions, seeded like a fresh Teleport Cloud tenant. Roles and users are stored
// the way Teleport's backend keeps them and read back with the server's defaults applied again
// (B41, B46, B59).
import { randomUUID } from "node:crypto";
import { type CertificateAuthority, createCertificateAuthority, type KeyAlgorithm } from "../common/pki.js";
import type { SimResource, SimResourceKind } from "../proxy/wire.js";
import { byteOrder, goTime, type Json } from "./go-shape.js";
import {
  createSshCertificateAuthority,
  type IdentityIssuer,
  type SshCertificateAuthority,
} from "./identity.js";
import { applyRoleDefaults, supportedRoleVersions } from "./role-model.js";
import { applyUserDefaults, type MfaKind, PASSWORD_STATE, shapeUser, weakestDevice } from "./user-model.js";

export const RESOURCE_TYPE_LABEL = "teleport.internal/resource-type";
export const BOT_LABEL = "teleport.internal/bot";
export const BOT_GENERATION_LABEL = "teleport.internal/bot-generation";

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

/** A live invite or reset link (`tctl users add` / `users reset`). */
export interface SimUserToken {
  kind: "user_token";
  sub_kind: string;
  version: "v3";
  metadata: { name: string; expires: string };
  spec: { user: string; url: string; created: string };
}

/**
 * What Teleport keeps beside the user object: password hashes, MFA devices and user tokens (fact B46,
 * B51). The simulator keeps only whether a password is set and the kind of each device.
 */
export interface SimAccounts {
  passwords: Set<string>;
  devices: Map<string, MfaKind[]>;
  tokens: Map<string, SimUserToken>;
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
  /**
   * A copy as a read returns it: roles and users get the server's defaults again on every read, as
   * Teleport's unmarshal does (fact B41), without a new revision.
   */
  get(kind: SimResourceKind, name: string): SimResource | undefined;
  /** Every resource of a kind, read like get(), in backend key (byte) order (fact B59). */
  list(kind: SimResourceKind): SimResource[];
  /** The stored object itself, no copy, no read-time defaults (RBAC and existence checks). */
  peek(kind: SimResourceKind, name: string): SimResource | undefined;
  /** The stored objects of a kind in byte order, no copies (to filter and page before reading). */
  peekAll(kind: SimResourceKind): SimResource[];
  /** A stored object as a read returns it (a copy with the read-time defaults). */
  read(resource: SimResource): SimResource;
  /**
   * Stores a copy with a fresh revision and returns it as a read would. Roles get the server defaults (an
   * unsupported version becomes v8: only control-API and seed writes get here with one); users get the
   * spec defaults and a recomputed `mfa_weakest_device`; their `status.password_state` is kept as given.
   */
  put(resource: SimResource): SimResource;
  delete(kind: SimResourceKind, name: string): boolean;
  accounts: SimAccounts;
  /** Server defaults a simulated Teleport upgrade added (control op `defaults/change`; fact B41). */
  serverDefaults: { roleOptions: Record<string, unknown> };
  /** The seeded bot of a workload cluster's child: bot, token and role named `spec.bot.name`. */
  seededBot?: string;
  /** Every write bumps this; tests use it to prove nothing was written. */
  readonly writes: number;
}

const clone = <T>(v: T): T => structuredClone(v);

/** Role versions the server stores; the control-API fallback for any other is v8 (gap B40). */
const SERVER_ROLE_VERSIONS = supportedRoleVersions("18.0.0");

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
  const accounts: SimAccounts = { passwords: new Set(), devices: new Map(), tokens: new Map() };
  const serverDefaults = { roleOptions: {} as Record<string, unknown> };
  const read = (resource: SimResource): SimResource => {
    if (resource.kind === "role") {
      return applyRoleDefaults(
        resource as unknown as Json,
        serverDefaults.roleOptions,
      ) as unknown as SimResource;
    }
    if (resource.kind === "user")
      return applyUserDefaults(resource as unknown as Json) as unknown as SimResource;
    return clone(resource);
  };
  const write = (resource: SimResource): SimResource => {
    if (resource.kind === "role") {
      const version = SERVER_ROLE_VERSIONS.includes(String(resource.version)) ? resource.version : "v8";
      return applyRoleDefaults({ ...resource, version }, serverDefaults.roleOptions);
    }
    if (resource.kind === "user") {
      const user = applyUserDefaults(resource);
      const devices = accounts.devices.get(user.metadata.name) ?? [];
      user.status = { ...user.status, mfa_weakest_device: weakestDevice(devices) };
      return shapeUser(user);
    }
    return clone(resource);
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
    accounts,
    serverDefaults,
    get: (kind, name) => {
      const found = storeOf(kind).get(name);
      return found ? read(found) : undefined;
    },
    list: (kind) =>
      [...storeOf(kind).values()].sort((a, b) => byteOrder(a.metadata.name, b.metadata.name)).map(read),
    peek: (kind, name) => storeOf(kind).get(name),
    peekAll: (kind) =>
      [...storeOf(kind).values()].sort((a, b) => byteOrder(a.metadata.name, b.metadata.name)),
    read,
    put: (resource) => {
      const stored = write(resource);
      // assumption: revisions are opaque UUIDs, as Teleport's backend produces.
      stored.metadata.revision = randomUUID();
      storeOf(stored.kind).set(stored.metadata.name, stored);
      writes++;
      return read(stored);
    },
    delete: (kind, name) => {
      const deleted = storeOf(kind).delete(name);
      if (deleted) writes++;
      if (deleted && kind === "user") {
        accounts.passwords.delete(name);
        accounts.devices.delete(name);
        for (const [id, token] of accounts.tokens) if (token.spec.user === name) accounts.tokens.delete(id);
      }
      return deleted;
    },
    get writes() {
      return writes;
    },
  };
  seedPresets(cluster);
  return cluster;
}

/** The status CreateUser stores: no password (1) unless one was given (2), devices computed (fact B46). */
export function createdUserStatus(cluster: SimCluster, name: string): Record<string, number> {
  return {
    password_state: cluster.accounts.passwords.has(name) ? PASSWORD_STATE.set : PASSWORD_STATE.unset,
    mfa_weakest_device: weakestDevice(cluster.accounts.devices.get(name) ?? []),
  };
}

// ---------------------------------------------------------------------------------------------------
// Presets and seeds.

function rule(resources: string[], verbs: string[]) {
  return { resources, verbs };
}

function presetRole(
  name: string,
  spec: Json,
  version: "v6" | "v7" = "v7",
  type: "preset" | "system" = "preset",
): SimResource {
  // assumption: generic descriptions and simplified specs; the versions follow fact B59.
  return applyRoleDefaults({
    kind: "role",
    version,
    metadata: { name, description: `${name} preset role`, labels: { [RESOURCE_TYPE_LABEL]: type } },
    spec,
  });
}

/** Preset and system roles a fresh Cloud cluster carries (fact: B59). */
export function presetRoles(): SimResource[] {
  const all = ["*"];
  return [
    presetRole("editor", {
      allow: { rules: [rule(["role", "user", "token", "bot", "workload_cluster"], all)] },
    }),
    presetRole("access", { allow: { logins: ["{{internal.logins}}"], node_labels: { "*": "*" } } }),
    presetRole("auditor", { allow: { rules: [rule(["session", "event"], ["list", "read"])] } }),
    presetRole("reviewer", { allow: { review_requests: { roles: ["*"] } } }, "v6"),
    presetRole("requester", { allow: { request: { roles: ["*"] } } }, "v6"),
    presetRole("group-access", { allow: {} }, "v6"),
    presetRole("device-admin", { allow: { rules: [rule(["device"], all)] } }, "v6"),
    presetRole("device-enroll", { allow: { rules: [rule(["device"], ["enroll"])] } }, "v6"),
    presetRole("require-trusted-device", { options: { device_trust_mode: "required" } }),
    presetRole("terraform-provider", { allow: { rules: [rule(["role", "user", "token"], all)] } }),
    presetRole("wildcard-workload-identity-issuer", { allow: { workload_identity_labels: { "*": "*" } } }),
    presetRole("@teleport-access-approver", { allow: { review_requests: { roles: ["*"] } } }, "v7", "system"),
  ];
}

/**
 * A user as CreateUser stores it: `created_by {time, user}` and the CreateUser status (fact B45/B46).
 * assumption: seeded users are created by `system`.
 */
export function seedUser(cluster: SimCluster, user: SimResource, createdBy = "system", now = new Date()) {
  const spec = { ...(user.spec ?? {}), created_by: { time: goTime(now), user: { name: createdBy } } };
  return cluster.put({ ...user, spec, status: createdUserStatus(cluster, user.metadata.name) });
}

function seedPresets(cluster: SimCluster): void {
  for (const role of presetRoles()) cluster.put(role);
  seedUser(cluster, {
    kind: "user",
    version: "v2",
    metadata: { name: "@teleport-access-approval-bot", labels: { [RESOURCE_TYPE_LABEL]: "system" } },
    spec: { roles: ["@teleport-access-approver"] },
  });
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
 * bot resource. fact: B59.
 */
export function seedBot(cluster: SimCluster, options: SeedBotOptions): { user: string } {
  const userName = `bot-${options.name.replace(/ /g, "-")}`;
  const labels = { [BOT_LABEL]: options.name };
  // assumption: a new bot's generation counter starts at "0" (fact B47 names the label, not its value).
  const userLabels = { ...labels, [BOT_GENERATION_LABEL]: "0" };
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
  seedUser(
    cluster,
    {
      kind: "user",
      version: "v2",
      metadata: { name: userName, labels: userLabels },
      spec: { roles: [userName] },
    },
    "system",
    options.now ?? new Date(),
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

/** A GitHub join token for a bot (fact: B29). */
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

export { actionDeniedMessage, rolesAllow } from "./rbac.js";

// What the ResourceService checks before it writes: Teleport's texts, metadata rules, the request's
// decoding (role versions, unknown fields, defaults) and RBAC in Teleport's order of verbs.
// fact: B13 (texts and order of verbs), B35/B36/B54/B55 (not-found texts), B40 (versions),
// B58 (labels); B4 (AlreadyExists), B58 (origin values).

import { accessDenied, alreadyExists, badParameter, notFound, type SimError } from "../common/errors.js";
import { MFA_REQUIRED } from "../parent/parent.js";
import type { SimResource, SimResourceKind } from "../proxy/wire.js";
import type { SimCluster } from "./cluster.js";
import type { CallerIdentity } from "./identity.js";
import { type AccessContext, actionDeniedMessage, rolesAllow } from "./rbac.js";
import {
  applyRoleDefaults,
  checkRoleVersion,
  supportedRoleVersions,
  validateRoleSpec,
} from "./role-model.js";
import { applyUserDefaults } from "./user-model.js";

export const KINDS: readonly SimResourceKind[] = ["role", "user", "token", "bot"];

export const roleNotFound = (name: string) => notFound(`role ${name} is not found`);
const roleNotFoundQuoted = (name: string) => notFound(`role "${name}" is not found`);
export const userNotFound = (name: string) => notFound(`user "${name}" not found`);

export function notFoundFor(kind: SimResourceKind, name: string, forDelete = false): SimError {
  switch (kind) {
    case "role":
      return forDelete ? roleNotFoundQuoted(name) : roleNotFound(name);
    case "user":
      return userNotFound(name);
    // assumption: texts for tokens and bots, which the facts do not give.
    case "token":
      return notFound(`token "${name}" not found`);
    case "bot":
      return notFound(`bot "${name}" not found`);
  }
}

export function alreadyExistsFor(kind: SimResourceKind, name: string): SimError {
  switch (kind) {
    case "role":
      return alreadyExists(`role "${name}" already exists`);
    case "user":
      return alreadyExists(`user "${name}" already registered`);
    // assumption: token and bot texts.
    case "token":
      return alreadyExists(`token "${name}" already exists`);
    case "bot":
      return alreadyExists(`bot "${name}" already exists`);
  }
}

// fact: B58 "teleport.dev/origin"; B58.
const ORIGIN_LABEL = "teleport.dev/origin";
const ORIGINS = [
  "defaults",
  "config-file",
  "dynamic",
  "cloud",
  "kubernetes",
  "okta",
  "scim",
  "discovery-kubernetes",
  "entra-id",
  "aws-identity-center",
  "sailpoint",
];
const LABEL_KEY = /^[a-zA-Z/.0-9_:*-]+$/;

export function checkKind(kind: unknown): SimResourceKind {
  if (typeof kind === "string" && (KINDS as readonly string[]).includes(kind)) return kind as SimResourceKind;
  // assumption: the private wire refuses kinds it does not store.
  throw badParameter(`unsupported resource kind "${String(kind)}"`);
}

/** Metadata.CheckAndSetDefaults (fact B58). */
export function checkMetadata(resource: SimResource): void {
  const name = resource.metadata?.name;
  if (typeof name !== "string" || name === "") throw badParameter("missing parameter Name");
  for (const [key, value] of Object.entries(resource.metadata.labels ?? {})) {
    if (!LABEL_KEY.test(key)) throw badParameter(`invalid label key: "${key}"`);
    if (key === ORIGIN_LABEL && !ORIGINS.includes(value)) {
      throw badParameter(`invalid origin value "${value}", must be one of [${ORIGINS.join(" ")}]`);
    }
  }
}

const SERVER_ROLE_VERSIONS = supportedRoleVersions("18.0.0");

/**
 * A role as the server decodes it from a request: unknown fields dropped, the version checked (only
 * control-API writes fall back to v8, gap B40), metadata and CheckAndSetDefaults' checks, the defaults.
 * assumption: the server refuses an unsupported version with the client's text.
 */
export function decodeRoleRequest(cluster: SimCluster, input: SimResource): SimResource {
  checkRoleVersion(input.version, SERVER_ROLE_VERSIONS);
  checkMetadata(input);
  const { revision: _revision, ...metadata } = input.metadata;
  const role = applyRoleDefaults({ ...input, metadata }, cluster.serverDefaults.roleOptions);
  validateRoleSpec(role);
  return role;
}

/** A user as the server decodes it: unknown fields dropped, metadata checked, spec defaults. */
export function decodeUserRequest(input: SimResource): SimResource {
  checkMetadata(input);
  const { revision: _revision, ...metadata } = input.metadata;
  return applyUserDefaults({ ...input, version: "v2", metadata });
}

/** ValidateUserRoles: every role must exist; NotFound `role X is not found` (fact B45). */
export function checkUserRoles(cluster: SimCluster, user: SimResource): void {
  const roles = user.spec?.roles;
  for (const role of Array.isArray(roles) ? roles : []) {
    if (!cluster.peek("role", String(role))) throw roleNotFound(String(role));
  }
}

export interface Authorizer {
  /**
   * ServerWithRoles' order (B13): the verbs one after the other, the first missing one is the error.
   * Then admin-action MFA for mutations by non-bots.
   */
  inOrder(
    caller: CallerIdentity,
    kind: string,
    verbs: string[],
    mutation: boolean,
    context?: AccessContext,
  ): void;
  /**
   * authz.Context.CheckAccessToKind(kind, verb, extra...) (B13): the extras first, then the verb; every
   * missing verb joins one aggregate error. assumption: trace's aggregate joins the texts with ", ".
   */
  toKind(caller: CallerIdentity, kind: string, verb: string, extras: string[], mutation: boolean): void;
  /** Admin-action MFA (bots are exempt; B12). */
  mfa(caller: CallerIdentity): void;
}

export function authorizer(cluster: SimCluster, mfaRequired: () => boolean): Authorizer {
  const allowed = (caller: CallerIdentity, kind: string, verb: string, context: AccessContext = {}) =>
    rolesAllow(cluster, caller.roles, kind, verb, { ...context, caller });
  const mfa = (caller: CallerIdentity) => {
    if (mfaRequired() && !caller.bot) throw accessDenied(MFA_REQUIRED);
  };
  return {
    inOrder(caller, kind, verbs, mutation, context) {
      for (const verb of verbs) {
        if (!allowed(caller, kind, verb, context)) throw accessDenied(actionDeniedMessage(verb, kind));
      }
      if (mutation) mfa(caller);
    },
    toKind(caller, kind, verb, extras, mutation) {
      const missing = [...extras, verb].filter((v) => !allowed(caller, kind, v));
      if (missing.length > 0) throw accessDenied(missing.map((v) => actionDeniedMessage(v, kind)).join(", "));
      if (mutation) mfa(caller);
    },
    mfa,
  };
}

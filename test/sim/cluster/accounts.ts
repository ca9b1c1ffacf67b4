// Invite and reset links and what they do to a user, and a user finishing signup.
// fact: B46 (password state, new revision), B50 (TTL defaults and maxima), B51 (a link
// wipes the password and MFA devices and deletes the user's other links; only local users), B52 (TTL
// texts), B53 (URL and sub_kind).
import { randomBytes } from "node:crypto";
import type { SimClock } from "../common/clock.js";
import { accessDenied, badParameter, notFound, SimError } from "../common/errors.js";
import type { SimResource } from "../proxy/wire.js";
import type { SimCluster, SimUserToken } from "./cluster.js";
import { goTime } from "./go-shape.js";
import { type MfaKind, PASSWORD_STATE } from "./user-model.js";

export const USER_TOKEN_TYPES = {
  invite: {
    defaultSeconds: 3600,
    maxSeconds: 48 * 3600,
    subKind: "invite",
    path: "invite",
    tooLong: "failed to create user token for reset password invite: maximum token TTL is 48h0m0s hours",
  },
  reset: {
    defaultSeconds: 8 * 3600,
    maxSeconds: 24 * 3600,
    subKind: "password",
    path: "reset",
    tooLong: "failed to create user token for reset password: maximum token TTL is 24h0m0s hours",
  },
} as const;

export type UserTokenType = keyof typeof USER_TOKEN_TYPES;

const userNotFound = (name: string) => notFound(`user "${name}" not found`);

/**
 * assumption: a user is local unless `spec.created_by.connector` names an SSO connector (the facts only
 * say "only local users").
 */
function isLocal(user: SimResource): boolean {
  const createdBy = user.spec?.created_by as { connector?: unknown } | undefined;
  return !createdBy?.connector;
}

/** Rewrites the stored user with a new password state (UpsertPassword/DeletePassword: a new revision). */
function writePasswordState(cluster: SimCluster, name: string, state: number): SimResource {
  const stored = cluster.get("user", name);
  if (!stored) throw userNotFound(name);
  return cluster.put({ ...stored, status: { ...(stored.status ?? {}), password_state: state } });
}

/**
 * CreateResetPasswordToken after RBAC: TTL, the user, local only, then wipe the password and every MFA
 * device, delete the user's other links, and mint the new one.
 * assumption: the TTL is checked first; wiping writes one new revision of the user.
 */
export function createUserToken(
  cluster: SimCluster,
  clock: SimClock,
  secrets: Set<string>,
  request: { user: string; type: string; ttlSeconds: number },
): SimUserToken {
  const kind = USER_TOKEN_TYPES[request.type as UserTokenType];
  // assumption: the private wire's text for a type tctl never sends.
  if (!kind) throw badParameter(`unsupported user token type "${request.type}"`);
  const ttl = request.ttlSeconds > 0 ? request.ttlSeconds : kind.defaultSeconds;
  if (ttl > kind.maxSeconds) throw badParameter(kind.tooLong);
  const user = cluster.peek("user", request.user);
  if (!user) throw userNotFound(request.user);
  if (!isLocal(user)) throw accessDenied("only local users may be reset");
  const { accounts } = cluster;
  accounts.passwords.delete(request.user);
  accounts.devices.delete(request.user);
  for (const [id, token] of accounts.tokens) if (token.spec.user === request.user) accounts.tokens.delete(id);
  writePasswordState(cluster, request.user, PASSWORD_STATE.unset);

  const id = randomBytes(16).toString("hex");
  const now = clock.now();
  const url = `https://${cluster.proxyAddress}/web/${kind.path}/${id}`;
  secrets.add(id);
  secrets.add(url);
  const token: SimUserToken = {
    kind: "user_token",
    sub_kind: kind.subKind,
    version: "v3",
    metadata: { name: id, expires: goTime(new Date(now.getTime() + ttl * 1000)) },
    spec: { user: request.user, url, created: goTime(now) },
  };
  accounts.tokens.set(id, token);
  return structuredClone(token);
}

/** The links of a user (or of every user) that have not expired on the simulated clock. */
export function liveUserTokens(cluster: SimCluster, clock: SimClock, user?: string): SimUserToken[] {
  const now = clock.nowMs();
  return [...cluster.accounts.tokens.values()]
    .filter((t) => (!user || t.spec.user === user) && Date.parse(t.metadata.expires) > now)
    .sort((a, b) => Date.parse(a.spec.created) - Date.parse(b.spec.created))
    .map((t) => structuredClone(t));
}

/**
 * A user completes an invite or reset: the password is set (password_state 2), an MFA device is
 * registered when `mfa` is given, and the user's links are used up. Teleport writes the password
 * through a compare-and-swap of the user, so the user gets a new revision (fact B46, gap B46).
 * assumption: one new revision for the whole signup; a user without a live link cannot sign up.
 */
export function completeSignup(
  cluster: SimCluster,
  clock: SimClock,
  name: string,
  mfa?: MfaKind,
): SimResource {
  if (!cluster.peek("user", name)) throw userNotFound(name);
  if (liveUserTokens(cluster, clock, name).length === 0) {
    throw new SimError(
      "CompareFailed",
      `control: user "${name}" has no live invite or reset link to complete`,
    );
  }
  const { accounts } = cluster;
  for (const [id, token] of accounts.tokens) if (token.spec.user === name) accounts.tokens.delete(id);
  accounts.passwords.add(name);
  accounts.devices.set(name, mfa ? [mfa] : []);
  return writePasswordState(cluster, name, PASSWORD_STATE.set);
}

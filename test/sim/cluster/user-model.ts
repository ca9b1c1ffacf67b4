// Users as Teleport decodes, defaults and prints them (UserV2), shared by the simulator's server and its
// tctl stand-in. fact: B37 (JSON shape), B46 (status), B47 (read-back shape),
// B49 (the twelve trait keys), B61 (unknown fields).
import { badParameter } from "../common/errors.js";
import { isObject, type Json, type UnknownFields, ZERO_TIME } from "./go-shape.js";
import { encodeGo, USER_TYPE } from "./teleport-types.js";

/** The user as Teleport would print it: Go field order, sorted maps, no empty or unknown fields. */
export function shapeUser<T extends object = Json>(user: T, unknown: UnknownFields = "drop"): T {
  return encodeGo(user, USER_TYPE, unknown) as T;
}

/**
 * The trait keys `tctl users add` always writes, in its order (fact B49). Unset lists are nil (JSON
 * null); host_user_uid and host_user_gid are `[""]`.
 */
export const USERS_ADD_TRAITS = [
  "logins",
  "windows_logins",
  "kubernetes_users",
  "kubernetes_groups",
  "db_users",
  "db_names",
  "db_roles",
  "aws_role_arns",
  "azure_identities",
  "gcp_service_accounts",
  "host_user_uid",
  "host_user_gid",
] as const;

/** UserStatusV2 enums (fact B46/B47). */
export const PASSWORD_STATE = { unspecified: 0, unset: 1, set: 2 } as const;
export const MFA_DEVICE_KIND = { unspecified: 0, unset: 1, totp: 2, webauthn: 3 } as const;
export type MfaKind = "totp" | "webauthn";

/** The weakest MFA device kind: UNSET (1) without devices, else TOTP (2) before WebAuthn (3). */
export function weakestDevice(devices: readonly MfaKind[]): number {
  if (devices.length === 0) return MFA_DEVICE_KIND.unset;
  return Math.min(...devices.map((d) => MFA_DEVICE_KIND[d]));
}

/**
 * UnmarshalUser's version check. assumption: only v2 is accepted, with this text (the facts give none).
 */
export function checkUserVersion(version: unknown): void {
  if (version !== "v2") throw badParameter(`user resource version ${String(version ?? "")} is not supported`);
}

/**
 * ValidateUser / CheckAndSetDefaults: the spec's login status and zero times. Applied on every write and
 * every read (fact B41). `created_by` and `status` are the callers' business (they differ by API).
 */
export function applyUserDefaults<T extends object = Json>(input: T): T {
  const user = shapeUser(structuredClone(input) as Json);
  user.version = "v2";
  const spec: Json = isObject(user.spec) ? user.spec : {};
  user.spec = spec;
  const status: Json = isObject(spec.status) ? spec.status : {};
  spec.status = {
    is_locked: false,
    locked_time: ZERO_TIME,
    lock_expires: ZERO_TIME,
    ...status,
  };
  if (typeof spec.expires !== "string") spec.expires = ZERO_TIME;
  if (!isObject(spec.created_by)) spec.created_by = { time: ZERO_TIME, user: {} };
  const createdBy = spec.created_by as Json;
  if (typeof createdBy.time !== "string") createdBy.time = ZERO_TIME;
  if (!isObject(createdBy.user)) createdBy.user = {};
  if (!isObject(user.status)) user.status = {};
  return shapeUser(user) as T;
}

/** The roles a user names (an invalid `roles` value names none). */
export function userRoles(user: { spec?: Json }): string[] {
  const roles = user.spec?.roles;
  return Array.isArray(roles) ? roles.map(String) : [];
}

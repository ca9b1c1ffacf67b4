// The few messages of a child's Auth API that the sync asks it directly: GetRole of Teleport's legacy
// AuthService and GetUser of its users service, both for existence (the status code) and, for the bot's own
// role, the rules that decide its verbs; CreateRole and UpdateRole for the action's own roles that grant
// nothing (its sync lease), whose revision check tctl does not offer; and CreateResetPasswordToken, the call
// behind every invite link tctl prints. Only the fields read here are listed; the codec skips the rest of a RoleV6, UserV2 or
// UserTokenV3 as every protobuf reader skips fields it does not know.
// fact: B100 (services, methods, request fields), B118 (UserV2's status), B120 (UserV2's roles and traits), B101 (RoleV6 -> spec -> allow/deny -> rules field numbers;
// Metadata's Description is 3), B117 (CreateResetPasswordToken, its request and UserTokenV3).
import type { FieldDef } from "./schema.js";

const AUTH_SERVICE = "proto.AuthService";
const USERS_SERVICE = "teleport.users.v1.UsersService";

export const ACCESS_MESSAGES: Record<string, FieldDef[]> = {
  "proto.GetRoleRequest": [{ name: "Name", no: 1, type: "string" }],
  "teleport.users.v1.GetUserRequest": [
    { name: "name", no: 1, type: "string" },
    // current_user = 2 and with_secrets = 3 stay false: the sync never asks for secrets.
  ],
  "teleport.users.v1.GetUserResponse": [{ name: "user", no: 1, type: "message", message: "types.UserV2" }],
  // The fields the action owns in a user (B120) and the status: whether the user finished signup, which a
  // write of the user must carry over (B46).
  "types.UserV2": [
    { name: "kind", no: 1, type: "string" },
    { name: "version", no: 3, type: "string" },
    { name: "metadata", no: 4, type: "message", message: "types.Metadata" },
    { name: "spec", no: 5, type: "message", message: "types.UserSpecV2" },
    { name: "status", no: 6, type: "message", message: "types.UserStatusV2" },
  ],
  "types.UserSpecV2": [
    { name: "roles", no: 4, type: "string", repeated: true },
    { name: "traits", no: 5, type: "message", message: "wrappers.LabelValues" },
  ],
  // A protobuf map on the wire is a repeated entry message (key 1, value 2); map<string, StringValues>.
  "wrappers.LabelValues": [
    { name: "Values", no: 1, type: "message", message: "wrappers.LabelValues.ValuesEntry", repeated: true },
  ],
  "wrappers.LabelValues.ValuesEntry": [
    { name: "key", no: 1, type: "string" },
    { name: "value", no: 2, type: "message", message: "wrappers.StringValues" },
  ],
  "wrappers.StringValues": [{ name: "Values", no: 1, type: "string", repeated: true }],
  // An enum on the wire is a varint, read as int32: 0 unspecified, 1 unset, 2 set.
  "types.UserStatusV2": [{ name: "password_state", no: 1, type: "int32" }],
  "proto.CreateResetPasswordTokenRequest": [
    { name: "Name", no: 1, type: "string" },
    { name: "Type", no: 2, type: "string" },
    // A Go time.Duration: nanoseconds.
    { name: "TTL", no: 3, type: "int64" },
  ],
  "types.UserTokenV3": [
    { name: "kind", no: 1, type: "string" },
    { name: "sub_kind", no: 2, type: "string" },
    { name: "metadata", no: 4, type: "message", message: "types.Metadata" },
    { name: "spec", no: 5, type: "message", message: "types.UserTokenSpecV3" },
  ],
  "types.UserTokenSpecV3": [
    { name: "user", no: 1, type: "string" },
    { name: "url", no: 2, type: "string" },
  ],
  // fact B119: the role to create, or to replace only at its metadata.revision.
  "proto.CreateRoleRequest": [{ name: "Role", no: 1, type: "message", message: "types.RoleV6" }],
  "proto.UpdateRoleRequest": [{ name: "Role", no: 1, type: "message", message: "types.RoleV6" }],
  "types.Metadata": [
    { name: "name", no: 1, type: "string" },
    // The description holds the state of the action's own roles (its sync lease: sync/lease.ts).
    { name: "description", no: 3, type: "string" },
    { name: "labels", no: 5, type: "map" },
    // google.protobuf.Timestamp is in schema.ts's table.
    { name: "expires", no: 6, type: "message", message: "google.protobuf.Timestamp" },
    { name: "revision", no: 8, type: "string" },
  ],
  "types.RoleV6": [
    { name: "kind", no: 1, type: "string" },
    { name: "version", no: 3, type: "string" },
    { name: "metadata", no: 4, type: "message", message: "types.Metadata" },
    { name: "spec", no: 5, type: "message", message: "types.RoleSpecV6" },
  ],
  "types.RoleSpecV6": [
    { name: "allow", no: 2, type: "message", message: "types.RoleConditions" },
    { name: "deny", no: 3, type: "message", message: "types.RoleConditions" },
  ],
  "types.RoleConditions": [{ name: "rules", no: 4, type: "message", message: "types.Rule", repeated: true }],
  "types.Rule": [
    { name: "resources", no: 1, type: "string", repeated: true },
    { name: "verbs", no: 2, type: "string", repeated: true },
    { name: "where", no: 3, type: "string" },
  ],
};

export const ACCESS_METHODS = {
  role: { path: `/${AUTH_SERVICE}/GetRole`, request: "proto.GetRoleRequest", response: "types.RoleV6" },
  user: {
    path: `/${USERS_SERVICE}/GetUser`,
    request: "teleport.users.v1.GetUserRequest",
    response: "teleport.users.v1.GetUserResponse",
  },
  createRole: {
    path: `/${AUTH_SERVICE}/CreateRole`,
    request: "proto.CreateRoleRequest",
    response: "types.RoleV6",
  },
  updateRole: {
    path: `/${AUTH_SERVICE}/UpdateRole`,
    request: "proto.UpdateRoleRequest",
    response: "types.RoleV6",
  },
  link: {
    path: `/${AUTH_SERVICE}/CreateResetPasswordToken`,
    request: "proto.CreateResetPasswordTokenRequest",
    response: "types.UserTokenV3",
  },
} as const;

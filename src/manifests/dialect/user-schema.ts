// Teleport's user (UserV2, version v2) as a field-type table. Field names and Go types from
// api/proto/teleport/legacy/types/types.proto (messages UserV2, UserSpecV2, UserStatusV2, LoginStatus,
// CreatedBy, ConnectorRef, UserRef, ExternalIdentity, LocalAuthSecrets); checks from
// UserV2.CheckAndSetDefaults (api/types/user.go) and ValidateUser (lib/services/user.go).
import { metadata } from "./common-schema.js";
import {
  bool,
  type Check,
  int,
  list,
  object,
  opaque,
  skip,
  string,
  strings,
  timestamp,
  traits,
} from "./types.js";
import { elements, text } from "./values.js";

const externalIdentity = object("ExternalIdentity", {
  connector_id: string(),
  username: string(),
  samlSingleLogoutUrl: string(),
  user_id: string(),
});

/** UserV2.CheckAndSetDefaults runs ExternalIdentity.Check on OIDC identities only. */
const oidcIdentityChecks: Check = (node, path, ctx) => {
  elements(node).forEach((identity, i) => {
    if (text(identity, "connector_id") === "") {
      ctx.error(
        identity.offset,
        `${path}[${i}].connector_id`,
        "ConnectorID: missing value; give the OIDC connector's name",
      );
    } else if (text(identity, "username") === "") {
      ctx.error(
        identity.offset,
        `${path}[${i}].username`,
        "Username: missing value; give the user's name at the identity provider",
      );
    }
  });
};

/** spec.local_auth holds password hashes and MFA secrets; ValidateLocalAuthSecrets checks them (not read). */
const localAuthNote: Check = (node, path, ctx) => {
  if (node.type === "scalar" && node.value === null) return;
  ctx.warn(
    node.offset,
    path,
    `${path} holds password hashes and MFA secrets, which do not belong in git; it is not checked here`,
  );
};

const userSpec = object("UserSpecV2", {
  oidc_identities: list(externalIdentity, oidcIdentityChecks),
  saml_identities: list(externalIdentity),
  github_identities: list(externalIdentity),
  roles: skip(),
  traits: traits(),
  status: object("LoginStatus", {
    is_locked: bool(),
    locked_message: string(),
    locked_time: timestamp(),
    lock_expires: timestamp(),
  }),
  expires: timestamp(),
  created_by: object("CreatedBy", {
    connector: object("ConnectorRef", { type: string(), id: string(), identity: string() }),
    time: timestamp(),
    user: object("UserRef", { name: string() }),
  }),
  local_auth: { ...opaque("LocalAuthSecrets"), checks: [localAuthNote] },
  trusted_device_ids: strings(),
});

/** The whole user document; `status` holds proto enums, which Go's JSON decoder reads as numbers. */
export const userDocument = object("UserV2", {
  kind: skip(),
  sub_kind: string(),
  version: skip(),
  metadata,
  spec: userSpec,
  status: object("UserStatusV2", {
    password_state: int("types.PasswordState"),
    mfa_weakest_device: int("types.MFADeviceKind"),
  }),
});

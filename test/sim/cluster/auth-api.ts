// Teleport's own GetRole (proto.AuthService) and GetUser (teleport.users.v1.UsersService) on a cluster's Auth
// gRPC API, with the same RBAC and error codes as the reads tctl makes (readAuthorized: B35, B36): NotFound
// (5) for a missing object the caller may read, PermissionDenied (7) without `read` (B18, B102).
// CreateResetPasswordToken (proto.AuthService) mints an invite or reset link exactly as the private wire's
// CreateUserToken that the tctl stand-in's `users add` and `users reset` use (accounts.ts), under the same
// RBAC (update on user, then admin MFA: B51), with Teleport's request and answer (B117).
// CreateRole and UpdateRole write a role with Teleport's RBAC (create; update on the old and the new role)
// and its backend's checks (B119): AlreadyExists for a role that exists, CompareFailed for a missing one or
// one whose stored revision is not the request's.
// assumption: the messages carry only kind, version, metadata (name, description, labels, expiry, revision),
// a role's allow and deny rules, and a user's roles, traits and password state (proto/sim-types.proto);
// Teleport sends the whole RoleV6 or UserV2. The sync reads nothing else, and writes this way only roles
// that grant nothing (its lease).
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { alreadyExists, badParameter, compareFailed } from "../common/errors.js";
import type { CallGate } from "../control/control.js";
import { PROTO_DIR } from "../parent/parent.js";
import type { SimResource } from "../proxy/wire.js";
import { createUserToken, type UserTokenType } from "./accounts.js";
import type { Json } from "./go-shape.js";
import { authorizer, decodeRoleRequest } from "./resource-rules.js";
import { type ResourceServiceOptions, readAuthorized } from "./resources.js";
import { validateRoleOnServer } from "./role-model.js";

const load = (file: string) =>
  protoLoader.loadSync(file, { includeDirs: [PROTO_DIR], keepCase: true, longs: String, defaults: false });

const metadata = (r: SimResource) => ({
  Name: r.metadata.name,
  Description: typeof r.metadata.description === "string" ? r.metadata.description : "",
  Labels: (r.metadata.labels as Record<string, string> | undefined) ?? {},
  Revision: r.metadata.revision ?? "",
});

/** A user's roles and traits as UserSpecV2 carries them (B120): each trait's list as StringValues. */
function userSpec(user: SimResource) {
  const spec = (user.spec ?? {}) as { roles?: unknown; traits?: unknown };
  const traits = (spec.traits ?? {}) as Record<string, unknown>;
  return {
    Roles: Array.isArray(spec.roles) ? spec.roles : [],
    Traits: {
      Values: Object.fromEntries(
        Object.entries(traits).map(([k, v]) => [k, { Values: Array.isArray(v) ? v : [] }]),
      ),
    },
  };
}

function expiresOf(r: SimResource) {
  const expires = r.metadata.expires;
  if (typeof expires !== "string" || !expires) return {};
  const ms = Date.parse(expires);
  return Number.isNaN(ms) ? {} : { Expires: timestamp(expires) };
}

interface RoleMessage {
  Kind?: string;
  Version?: string;
  Metadata?: { Name?: string; Description?: string; Labels?: Record<string, string>; Revision?: string };
  Spec?: { Allow?: { Rules?: RuleMessage[] }; Deny?: { Rules?: RuleMessage[] } };
}
interface RuleMessage {
  Resources?: string[];
  Verbs?: string[];
  Where?: string;
}

const ruleList = (rules: RuleMessage[] | undefined) =>
  (rules ?? []).map((r) => ({
    resources: r.Resources ?? [],
    verbs: r.Verbs ?? [],
    ...(r.Where ? { where: r.Where } : {}),
  }));
const conditions = (c: { Rules?: RuleMessage[] } | undefined) =>
  c?.Rules?.length ? { rules: ruleList(c.Rules) } : {};

/** A RoleV6 message as the JSON resource the simulator stores (only the fields sim-types.proto carries). */
function fromRoleV6(message: RoleMessage | undefined): SimResource {
  const m = message?.Metadata ?? {};
  return {
    kind: message?.Kind || "role",
    version: message?.Version ?? "",
    metadata: {
      name: m.Name ?? "",
      ...(m.Description ? { description: m.Description } : {}),
      ...(m.Labels && Object.keys(m.Labels).length ? { labels: m.Labels } : {}),
      ...(m.Revision ? { revision: m.Revision } : {}),
    },
    spec: { allow: conditions(message?.Spec?.Allow), deny: conditions(message?.Spec?.Deny) },
  };
}

function rules(conditions: unknown) {
  const list = (conditions as Json | undefined)?.rules;
  return {
    Rules: (Array.isArray(list) ? list : []).map((r) => ({
      Resources: ((r as Json).resources as string[] | undefined) ?? [],
      Verbs: ((r as Json).verbs as string[] | undefined) ?? [],
      Where: typeof (r as Json).where === "string" ? ((r as Json).where as string) : "",
    })),
  };
}

function roleV6(role: SimResource) {
  const spec = (role.spec ?? {}) as Json;
  return {
    Kind: role.kind,
    Version: role.version ?? "",
    Metadata: metadata(role),
    Spec: { Allow: rules(spec.allow), Deny: rules(spec.deny) },
  };
}

/** fact B117: Teleport's token types as the request names them, and the simulator's name for each. */
const TOKEN_TYPES: Record<string, UserTokenType> = { invite: "invite", password: "reset" };

/** A Go time.Duration (nanoseconds, as a decimal string) in whole seconds, rounded as tctl prints TTLs. */
const durationSeconds = (ns: string | undefined) => Math.round(Number(BigInt(ns ?? "0") / 1_000_000n) / 1000);

const timestamp = (goTime: string) => {
  const ms = Date.parse(goTime);
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
};

interface TokenRequest {
  Name?: string;
  Type?: string;
  TTL?: string;
}

/** Adds both services to a cluster's Auth gRPC server. */
export function addAuthApi(server: grpc.Server, options: ResourceServiceOptions, gate: CallGate): void {
  const { cluster, settings } = options;
  const auth = authorizer(cluster, () => settings.mfaRequired);
  const authService = load("sim-auth.proto")["proto.AuthService"] as grpc.ServiceDefinition;
  const usersService = load("sim-users.proto")["teleport.users.v1.UsersService"] as grpc.ServiceDefinition;
  server.addService(authService, {
    GetRole: gate.unary<{ Name?: string }, unknown>(
      cluster,
      "proto.AuthService",
      "GetRole",
      async (req, caller) => roleV6(readAuthorized(cluster, auth, caller, "role", req.Name ?? "")),
    ),
    // fact B119: CreateRole refuses a role that exists; UpdateRole a missing one, and one whose stored
    // revision is not the request's (the backend's conditional update), with the RBAC of B43.
    CreateRole: gate.unary<{ Role?: RoleMessage }, unknown>(
      cluster,
      "proto.AuthService",
      "CreateRole",
      async (req, caller) => {
        const role = decodeRoleRequest(cluster, fromRoleV6(req.Role));
        auth.inOrder(caller, "role", ["create"], true, { resource: role });
        validateRoleOnServer(role);
        // fact B119: the backend's text (the memory backend's; others word it their own way).
        if (cluster.peek("role", role.metadata.name)) {
          throw alreadyExists(`key "/roles/${role.metadata.name}/params" already exists`);
        }
        return roleV6(cluster.put(role));
      },
    ),
    UpdateRole: gate.unary<{ Role?: RoleMessage }, unknown>(
      cluster,
      "proto.AuthService",
      "UpdateRole",
      async (req, caller) => {
        const asked = fromRoleV6(req.Role);
        const role = decodeRoleRequest(cluster, asked);
        const existing = cluster.get("role", role.metadata.name);
        if (existing) auth.inOrder(caller, "role", ["update"], false, { resource: existing });
        auth.inOrder(caller, "role", ["update"], true, { resource: role });
        validateRoleOnServer(role);
        // fact B119: a missing role, an empty revision and another one fail alike, as the backend's
        // conditional update does.
        if (!existing || !asked.metadata.revision || asked.metadata.revision !== existing.metadata.revision) {
          throw compareFailed(
            "resource revision does not match, it may have been concurrently created|modified|deleted; please work from the latest state, or use --force to overwrite",
          );
        }
        return roleV6(cluster.put(role));
      },
    ),
    CreateResetPasswordToken: gate.unary<TokenRequest, unknown>(
      cluster,
      "proto.AuthService",
      "CreateResetPasswordToken",
      async (req, caller) => {
        auth.toKind(caller, "user", "update", [], true);
        const type = TOKEN_TYPES[req.Type ?? ""];
        if (!type) throw badParameter(`unknown user token request type(${req.Type ?? ""})`);
        const token = createUserToken(cluster, options.clock, options.secrets, {
          user: req.Name ?? "",
          type,
          ttlSeconds: durationSeconds(req.TTL),
        });
        return {
          Kind: token.kind,
          SubKind: token.sub_kind,
          Version: token.version,
          Metadata: { Name: token.metadata.name, Expires: timestamp(token.metadata.expires) },
          Spec: { User: token.spec.user, URL: token.spec.url, Created: timestamp(token.spec.created) },
        };
      },
    ),
  });
  server.addService(usersService, {
    GetUser: gate.unary<{ name?: string }, unknown>(
      cluster,
      "teleport.users.v1.UsersService",
      "GetUser",
      async (req, caller) => {
        const user = readAuthorized(cluster, auth, caller, "user", req.name ?? "");
        const state = (user.status as { password_state?: number } | undefined)?.password_state ?? 0;
        return {
          user: {
            Kind: user.kind,
            Version: user.version ?? "",
            Metadata: { ...metadata(user), ...expiresOf(user) },
            Spec: userSpec(user),
            Status: { password_state: state },
          },
        };
      },
    ),
  });
}

// Teleport's own GetRole (proto.AuthService) and GetUser (teleport.users.v1.UsersService) on a cluster's Auth
// gRPC API, with the same RBAC and error codes as the reads tctl makes (readAuthorized: B35, B36): NotFound
// (5) for a missing object the caller may read, PermissionDenied (7) without `read` (B18, B102).
// CreateResetPasswordToken (proto.AuthService) mints an invite or reset link exactly as the private wire's
// CreateUserToken that the tctl stand-in's `users add` and `users reset` use (accounts.ts), under the same
// RBAC (update on user, then admin MFA: B51), with Teleport's request and answer (B117).
// assumption: the answers carry only kind, version, metadata name, description and revision, and a role's allow and deny
// rules (proto/sim-types.proto); Teleport sends the whole RoleV6 or UserV2. The sync reads nothing else.
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { badParameter } from "../common/errors.js";
import type { CallGate } from "../control/control.js";
import { PROTO_DIR } from "../parent/parent.js";
import type { SimResource } from "../proxy/wire.js";
import { createUserToken, type UserTokenType } from "./accounts.js";
import type { Json } from "./go-shape.js";
import { authorizer } from "./resource-rules.js";
import { type ResourceServiceOptions, readAuthorized } from "./resources.js";

const load = (file: string) =>
  protoLoader.loadSync(file, { includeDirs: [PROTO_DIR], keepCase: true, longs: String, defaults: false });

const metadata = (r: SimResource) => ({
  Name: r.metadata.name,
  Description: typeof r.metadata.description === "string" ? r.metadata.description : "",
  Revision: r.metadata.revision ?? "",
});

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
            Metadata: metadata(user),
            Status: { password_state: state },
          },
        };
      },
    ),
  });
}

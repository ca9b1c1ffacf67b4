// Teleport's own GetRole (proto.AuthService) and GetUser (teleport.users.v1.UsersService) on a cluster's Auth
// gRPC API, with the same RBAC and error codes as the reads tctl makes (readAuthorized: B35, B36): NotFound
// (5) for a missing object the caller may read, PermissionDenied (7) without `read` (B18, B102).
// assumption: the answers carry only kind, version, metadata name, description and revision, and a role's allow and deny
// rules (proto/sim-types.proto); Teleport sends the whole RoleV6 or UserV2. The sync reads nothing else.
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { CallGate, SimSettings } from "../control/control.js";
import { PROTO_DIR } from "../parent/parent.js";
import type { SimResource } from "../proxy/wire.js";
import type { SimCluster } from "./cluster.js";
import type { Json } from "./go-shape.js";
import { authorizer } from "./resource-rules.js";
import { readAuthorized } from "./resources.js";

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

/** Adds both services to a cluster's Auth gRPC server. */
export function addAuthApi(
  server: grpc.Server,
  cluster: SimCluster,
  settings: SimSettings,
  gate: CallGate,
): void {
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
  });
  server.addService(usersService, {
    GetUser: gate.unary<{ name?: string }, unknown>(
      cluster,
      "teleport.users.v1.UsersService",
      "GetUser",
      async (req, caller) => {
        const user = readAuthorized(cluster, auth, caller, "user", req.name ?? "");
        return { user: { Kind: user.kind, Version: user.version ?? "", Metadata: metadata(user) } };
      },
    ),
  });
}

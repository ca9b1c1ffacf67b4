// The simulator-private JSON ResourceService of wire.ts: roles, users, tokens and bots with Teleport's
// RBAC, revisions, server-side defaults, user status rules and error texts.
// fact: B33/B34 (list RBAC), B35/B36 (own role and user), B43 (UpsertRole), B45
// (Create/UpsertUser), B46 (stored status), B51 (user tokens), B54/B55 (delete), B57 (revisions);
// B4 (AlreadyExists texts), B5 (not-found texts).
import type * as grpc from "@grpc/grpc-js";
import type { SimClock } from "../common/clock.js";
import { accessDenied, badParameter, compareFailed } from "../common/errors.js";
import type { CallGate, SimSettings } from "../control/control.js";
import {
  RESOURCE_SERVICE,
  type ResourceServiceMethod,
  type ResourceServiceMethods,
  type SimResource,
  type SimResourceKind,
} from "../proxy/wire.js";
import { createUserToken } from "./accounts.js";
import { createdUserStatus, type SimCluster } from "./cluster.js";
import { goTime } from "./go-shape.js";
import type { CallerIdentity } from "./identity.js";
import { actionDeniedMessage, rolesAllow } from "./rbac.js";
import {
  type Authorizer,
  alreadyExistsFor,
  authorizer,
  checkKind,
  checkUserRoles,
  decodeRoleRequest,
  decodeUserRequest,
  notFoundFor,
  roleNotFound,
  userNotFound,
} from "./resource-rules.js";
import { validateRoleOnServer } from "./role-model.js";
import { userRoles } from "./user-model.js";

/** grpc-js definition of the JSON ResourceService: unary, UTF-8 JSON on the gRPC frame. */
export function resourceServiceDefinition(): grpc.ServiceDefinition {
  const methods: ResourceServiceMethod[] = [
    "GetResource",
    "ListResources",
    "CreateResource",
    "UpdateResource",
    "UpsertResource",
    "DeleteResource",
    "CreateUserToken",
    "Ping",
  ];
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");
  const decode = (bytes: Buffer) => {
    try {
      return JSON.parse(bytes.toString("utf8")) as unknown;
    } catch {
      // grpc-js turns a throwing deserializer into INTERNAL; the text says why.
      throw new Error("request is not valid JSON");
    }
  };
  return Object.fromEntries(
    methods.map((m) => [
      m,
      {
        path: `/${RESOURCE_SERVICE}/${m}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: encode,
        requestDeserialize: decode,
        responseSerialize: encode,
        responseDeserialize: decode,
      },
    ]),
  ) as grpc.ServiceDefinition;
}

/**
 * One object as GetRole / GetUser return it, with their RBAC: the caller may always read the roles it holds
 * (B35) and its own user (B36), else it needs `read`, and without it a missing object is AccessDenied, not
 * NotFound. Shared by the private GetResource and Teleport's own GetRole and GetUser (auth-api.ts).
 */
export function readAuthorized(
  cluster: SimCluster,
  auth: Authorizer,
  caller: CallerIdentity,
  kind: SimResourceKind,
  name: string,
): SimResource {
  if (kind === "role") {
    if (!caller.roles.includes(name)) auth.inOrder(caller, "role", ["read"], false);
  } else if (kind === "user") {
    if (caller.user !== name) auth.toKind(caller, "user", "read", [], false);
  } else auth.inOrder(caller, kind, ["read"], false);
  const found = cluster.get(kind, name);
  if (!found) throw notFoundFor(kind, name);
  return found;
}

export interface ResourceServiceOptions {
  cluster: SimCluster;
  clock: SimClock;
  settings: SimSettings;
  /** Every secret handed out (user-token URLs), for no-leak checks. */
  secrets: Set<string>;
}

type Req<M extends ResourceServiceMethod> = ResourceServiceMethods[M]["request"];
type Res<M extends ResourceServiceMethod> = ResourceServiceMethods[M]["response"];

/** A page of stored `items` (byte-ordered by name) from the name `token` on, read back. */
function page(cluster: SimCluster, items: SimResource[], size: number, token: string) {
  const start = token ? items.findIndex((r) => r.metadata.name >= token) : 0;
  const from = start < 0 ? items.length : start;
  const slice = size > 0 ? items.slice(from, from + size) : items.slice(from);
  const next = items[from + slice.length];
  return { resources: slice.map(cluster.read), ...(next ? { next_page_token: next.metadata.name } : {}) };
}

export function resourceServiceHandlers(
  options: ResourceServiceOptions,
  gate: CallGate,
): grpc.UntypedServiceImplementation {
  const { cluster, clock, settings } = options;
  const auth = authorizer(cluster, () => settings.mfaRequired);
  const inUse = (role: string) => cluster.peekAll("user").some((u) => userRoles(u).includes(role));

  const unary = <M extends ResourceServiceMethod>(
    method: M,
    impl: (req: Req<M>, caller: CallerIdentity) => Promise<Res<M>>,
  ) => gate.unary<Req<M>, Res<M>>(cluster, RESOURCE_SERVICE, method, impl);

  /** ListRoles (B33): everything with list+read, else the roles each allowed by list+read rules. */
  const listRoles = (caller: CallerIdentity): { roles: SimResource[]; denied?: Error } => {
    const all = cluster.peekAll("role");
    const verbs = ["list", "read"];
    const missing = verbs.find((v) => !rolesAllow(cluster, caller.roles, "role", v, { caller }));
    if (!missing) return { roles: all };
    const visible = all.filter((role) =>
      verbs.every((v) => rolesAllow(cluster, caller.roles, "role", v, { caller, resource: role })),
    );
    return { roles: visible, denied: accessDenied(actionDeniedMessage(missing, "role")) };
  };

  /** UpsertRole / UpdateRole RBAC (B43): update on the old and the new role, or create. */
  const authorizeRoleWrite = (
    caller: CallerIdentity,
    role: SimResource,
    existing: SimResource | undefined,
  ) => {
    if (existing) {
      auth.inOrder(caller, "role", ["update"], false, { resource: existing });
      auth.inOrder(caller, "role", ["update"], true, { resource: role });
    } else {
      auth.inOrder(caller, "role", ["create"], true, { resource: role });
    }
    validateRoleOnServer(role);
  };

  /** Create/Upsert/UpdateUser after RBAC (B45/B46): validation, roles, created_by, status. */
  const prepareUser = (req: SimResource, caller: CallerIdentity, create: boolean): SimResource => {
    const user = decodeUserRequest(req);
    checkUserRoles(cluster, user);
    const spec = { ...(user.spec ?? {}) };
    const createdBy = spec.created_by as { user?: { name?: string } } | undefined;
    if (!createdBy?.user?.name) {
      spec.created_by = create
        ? { time: goTime(clock.now()), user: { name: caller.user } }
        : { user: { name: caller.user } };
    }
    const localAuth = spec.local_auth as { password_hash?: unknown } | undefined;
    // assumption: a supplied password hash only marks the password set; local_auth itself is not kept.
    if (localAuth?.password_hash) cluster.accounts.passwords.add(user.metadata.name);
    delete spec.local_auth;
    const status = create ? createdUserStatus(cluster, user.metadata.name) : (req.status ?? {});
    return { ...user, spec, status };
  };

  return {
    Ping: unary("Ping", async (_req, caller) => ({
      cluster_name: cluster.name,
      server_version: cluster.version,
      user: caller.user,
      roles: caller.roles,
      unknown_fields: settings.unknownFields,
    })),
    GetResource: unary("GetResource", async (req, caller) => ({
      resource: readAuthorized(cluster, auth, caller, checkKind(req.kind), req.name),
    })),
    ListResources: unary("ListResources", async (req, caller) => {
      const kind = checkKind(req.kind);
      const forced = settings.resourcePageSize ?? 0;
      const requested = req.page_size ?? 0;
      const size = forced > 0 && (requested === 0 || requested > forced) ? forced : requested;
      const token = req.page_token ?? "";
      if (kind === "role") {
        const { roles, denied } = listRoles(caller);
        const result = page(cluster, roles, size, token);
        if (denied && !token && result.resources.length === 0) throw denied;
        return result;
      }
      if (kind === "user") auth.toKind(caller, "user", "list", ["read"], false);
      else auth.inOrder(caller, kind, ["list", "read"], false);
      return page(cluster, cluster.peekAll(kind), size, token);
    }),
    CreateResource: unary("CreateResource", async (req, caller) => {
      const kind = checkKind(req.resource?.kind);
      if (kind === "role") {
        const role = decodeRoleRequest(cluster, req.resource);
        auth.inOrder(caller, "role", ["create"], true, { resource: role });
        validateRoleOnServer(role);
        if (cluster.peek("role", role.metadata.name)) throw alreadyExistsFor("role", role.metadata.name);
        return { resource: cluster.put(role) };
      }
      if (kind === "user") {
        auth.toKind(caller, "user", "create", [], true);
        const user = prepareUser(req.resource, caller, true);
        if (cluster.peek("user", user.metadata.name)) throw alreadyExistsFor("user", user.metadata.name);
        return { resource: cluster.put(user) };
      }
      auth.inOrder(caller, kind, ["create"], true);
      if (cluster.peek(kind, req.resource.metadata?.name ?? "")) {
        throw alreadyExistsFor(kind, req.resource.metadata.name);
      }
      return { resource: cluster.put(req.resource) };
    }),
    UpdateResource: unary("UpdateResource", async (req, caller) => {
      const kind = checkKind(req.resource?.kind);
      const name = req.resource.metadata?.name ?? "";
      const existing = name ? cluster.get(kind, name) : undefined;
      let next: SimResource = req.resource;
      if (kind === "role") {
        next = decodeRoleRequest(cluster, req.resource);
        if (existing) authorizeRoleWrite(caller, next, existing);
        else auth.inOrder(caller, "role", ["update"], true);
      } else if (kind === "user") {
        auth.toKind(caller, "user", "update", [], true);
      } else auth.inOrder(caller, kind, ["update"], true);
      if (name && !existing) throw notFoundFor(kind, name);
      const revision = req.resource.metadata?.revision;
      if (revision && existing && revision !== existing.metadata.revision) {
        // assumption: Teleport's backend text for a conditional update that lost a race.
        throw compareFailed(
          `${kind} "${name}" revision does not match, it may have been concurrently modified`,
        );
      }
      if (kind === "user") next = prepareUser(req.resource, caller, false);
      return { resource: cluster.put(next) };
    }),
    UpsertResource: unary("UpsertResource", async (req, caller) => {
      const kind = checkKind(req.resource?.kind);
      if (kind === "role") {
        const role = decodeRoleRequest(cluster, req.resource);
        authorizeRoleWrite(caller, role, cluster.get("role", role.metadata.name));
        return { resource: cluster.put(role) };
      }
      if (kind === "user") {
        auth.toKind(caller, "user", "create", ["update"], true);
        return { resource: cluster.put(prepareUser(req.resource, caller, false)) };
      }
      auth.inOrder(caller, kind, ["create", "update"], true);
      return { resource: cluster.put(req.resource) };
    }),
    DeleteResource: unary("DeleteResource", async (req, caller) => {
      const kind = checkKind(req.kind);
      const existing = cluster.get(kind, req.name);
      if (kind === "user") auth.toKind(caller, "user", "delete", [], true);
      else auth.inOrder(caller, kind, ["delete"], true, existing ? { resource: existing } : {});
      if (!existing) throw notFoundFor(kind, req.name, true);
      if (kind === "role" && inUse(req.name)) {
        // fact B54 (BadParameter in newer builds).
        throw badParameter(
          "failed to delete a role that is still in use by a user, check the system server logs for more details",
        );
      }
      cluster.delete(kind, req.name);
      // The legacy per-user role goes with the user (B55).
      if (kind === "user") cluster.delete("role", `user:${req.name}`);
      return {};
    }),
    CreateUserToken: unary("CreateUserToken", async (req, caller) => {
      // fact B51: update on user, then admin MFA.
      auth.toKind(caller, "user", "update", [], true);
      const token = createUserToken(cluster, clock, options.secrets, {
        user: req.user,
        type: req.type,
        ttlSeconds: req.ttl_seconds,
      });
      return { token };
    }),
  };
}

export { roleNotFound, userNotFound };

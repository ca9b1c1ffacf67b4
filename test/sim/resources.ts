// The simulator-private JSON ResourceService of wire.ts: roles, users, tokens and bots with Teleport's
// RBAC verbs, revisions, server-side defaults and error texts.
// fact: reference/tctl-facts.md §1 (AlreadyExists texts), §2 (not-found texts), §3 (user tokens),
// §4 (delete texts), §5 (resource formats, origin label).
import { randomBytes } from "node:crypto";
import type * as grpc from "@grpc/grpc-js";
import type { SimClock } from "./clock.js";
import {
  actionDeniedMessage,
  applyRoleDefaults,
  applyUserDefaults,
  rolesAllow,
  type SimCluster,
} from "./cluster.js";
import type { CallGate, SimSettings } from "./control.js";
import {
  accessDenied,
  alreadyExists,
  badParameter,
  compareFailed,
  notFound,
  type SimError,
} from "./errors.js";
import type { CallerIdentity } from "./identity.js";
import { MFA_REQUIRED } from "./parent.js";
import {
  RESOURCE_SERVICE,
  type ResourceServiceMethod,
  type ResourceServiceMethods,
  type SimResource,
  type SimResourceKind,
} from "./wire.js";

const KINDS: readonly SimResourceKind[] = ["role", "user", "token", "bot"];

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

// Texts. fact: tctl-facts.md §2 and §4 unless marked.
const roleNotFound = (name: string) => notFound(`role ${name} is not found`);
const roleNotFoundQuoted = (name: string) => notFound(`role "${name}" is not found`);
const userNotFound = (name: string) => notFound(`user "${name}" not found`);
// assumption: texts for tokens and bots, which the facts do not give.
const tokenNotFound = (name: string) => notFound(`token "${name}" not found`);
const botNotFound = (name: string) => notFound(`bot "${name}" not found`);

function notFoundFor(kind: SimResourceKind, name: string, forDelete = false): SimError {
  switch (kind) {
    case "role":
      return forDelete ? roleNotFoundQuoted(name) : roleNotFound(name);
    case "user":
      return userNotFound(name);
    case "token":
      return tokenNotFound(name);
    case "bot":
      return botNotFound(name);
  }
}

function alreadyExistsFor(kind: SimResourceKind, name: string): SimError {
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

// fact: tctl-facts.md §5 "teleport.dev/origin".
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

function checkKind(kind: unknown): SimResourceKind {
  if (typeof kind === "string" && (KINDS as readonly string[]).includes(kind)) return kind as SimResourceKind;
  // assumption: the private wire refuses kinds it does not store.
  throw badParameter(`unsupported resource kind "${String(kind)}"`);
}

function checkMetadata(resource: SimResource): void {
  const name = resource.metadata?.name;
  // assumption: Teleport's Metadata.CheckAndSetDefaults text.
  if (typeof name !== "string" || name === "") throw badParameter("missing parameter Name");
  for (const [key, value] of Object.entries(resource.metadata.labels ?? {})) {
    // assumption: the label-key text.
    if (!LABEL_KEY.test(key)) throw badParameter(`invalid label key: "${key}"`);
    if (key === ORIGIN_LABEL && !ORIGINS.includes(value)) {
      throw badParameter(`invalid origin value "${value}", must be one of [${ORIGINS.join(" ")}]`);
    }
  }
}

const WILDCARD_FORBIDDEN = [
  "logins",
  "aws_role_arns",
  "azure_identities",
  "gcp_service_accounts",
  "db_roles",
];

function checkRole(role: SimResource): void {
  const allow = (role.spec as { allow?: Record<string, unknown> } | undefined)?.allow ?? {};
  for (const key of WILDCARD_FORBIDDEN) {
    const values = allow[key];
    // fact: `*` is rejected there (tctl-facts.md §5); assumption: the text.
    if (Array.isArray(values) && values.includes("*"))
      throw badParameter(`wildcard matcher is not allowed in ${key}`);
  }
}

// fact: tctl-facts.md §3 (invite default 1h max 48h; reset default 8h max 24h).
const USER_TOKEN = {
  invite: {
    defaultSeconds: 3600,
    maxSeconds: 48 * 3600,
    subKind: "invite",
    path: "invite",
    maxText: "48h0m0s",
  },
  // assumption: the reset token's sub_kind is Teleport's "password" type.
  reset: {
    defaultSeconds: 8 * 3600,
    maxSeconds: 24 * 3600,
    subKind: "password",
    path: "reset",
    maxText: "24h0m0s",
  },
} as const;

export interface ResourceServiceOptions {
  cluster: SimCluster;
  clock: SimClock;
  settings: SimSettings;
  /** Every secret handed out (user-token URLs), for no-leak checks. */
  secrets: Set<string>;
}

type Req<M extends ResourceServiceMethod> = ResourceServiceMethods[M]["request"];
type Res<M extends ResourceServiceMethod> = ResourceServiceMethods[M]["response"];

export function resourceServiceHandlers(
  options: ResourceServiceOptions,
  gate: CallGate,
): grpc.UntypedServiceImplementation {
  const { cluster, clock, settings } = options;

  const authorize = (caller: CallerIdentity, kind: string, verbs: string[], mutation: boolean) => {
    for (const verb of verbs) {
      if (!rolesAllow(cluster, caller.roles, kind, verb)) throw accessDenied(actionDeniedMessage(verb, kind));
    }
    if (mutation && settings.mfaRequired && !caller.bot) throw accessDenied(MFA_REQUIRED);
  };

  /** Defaults and checks before a write; `existing` is the stored object for updates. */
  const prepare = (resource: SimResource, caller: CallerIdentity, existing?: SimResource): SimResource => {
    checkMetadata(resource);
    const kind = checkKind(resource.kind);
    const { revision: _ignored, ...metadata } = resource.metadata;
    const clean: SimResource = { ...structuredClone(resource), metadata };
    if (kind === "role") {
      checkRole(clean);
      return applyRoleDefaults(clean);
    }
    if (kind === "user") {
      const roles = (clean.spec as { roles?: unknown } | undefined)?.roles;
      // assumption: the server refuses users whose roles do not exist, with the role's not-found text.
      for (const role of Array.isArray(roles) ? roles : []) {
        if (!cluster.get("role", String(role))) throw roleNotFound(String(role));
      }
      return applyUserDefaults(clean, caller.user, clock.now(), existing);
    }
    return clean;
  };

  const unary = <M extends ResourceServiceMethod>(
    method: M,
    impl: (req: Req<M>, caller: CallerIdentity) => Promise<Res<M>>,
  ) => gate.unary<Req<M>, Res<M>>(cluster, RESOURCE_SERVICE, method, impl);

  return {
    Ping: unary("Ping", async (_req, caller) => ({
      cluster_name: cluster.name,
      server_version: cluster.version,
      user: caller.user,
      roles: caller.roles,
    })),
    GetResource: unary("GetResource", async (req, caller) => {
      const kind = checkKind(req.kind);
      authorize(caller, kind, ["read"], false);
      return { resource: await getChecked(kind, req.name) };
    }),
    ListResources: unary("ListResources", async (req, caller) => {
      const kind = checkKind(req.kind);
      authorize(caller, kind, ["list", "read"], false);
      return { resources: cluster.list(kind) };
    }),
    CreateResource: unary("CreateResource", async (req, caller) => {
      const kind = checkKind(req.resource?.kind);
      authorize(caller, kind, ["create"], true);
      const resource = prepare(req.resource, caller);
      if (cluster.get(kind, resource.metadata.name)) throw alreadyExistsFor(kind, resource.metadata.name);
      return { resource: cluster.put(resource) };
    }),
    UpdateResource: unary("UpdateResource", async (req, caller) => {
      const kind = checkKind(req.resource?.kind);
      authorize(caller, kind, ["update"], true);
      const name = req.resource.metadata?.name ?? "";
      const existing = name ? cluster.get(kind, name) : undefined;
      if (name && !existing) throw notFoundFor(kind, name);
      const revision = req.resource.metadata?.revision;
      if (revision && existing && revision !== existing.metadata.revision) {
        // assumption: Teleport's backend text for a conditional update that lost a race.
        throw compareFailed(
          `${kind} "${name}" revision does not match, it may have been concurrently modified`,
        );
      }
      return { resource: cluster.put(prepare(req.resource, caller, existing)) };
    }),
    UpsertResource: unary("UpsertResource", async (req, caller) => {
      const kind = checkKind(req.resource?.kind);
      authorize(caller, kind, ["create", "update"], true);
      const existing = req.resource.metadata?.name
        ? cluster.get(kind, req.resource.metadata.name)
        : undefined;
      return { resource: cluster.put(prepare(req.resource, caller, existing)) };
    }),
    DeleteResource: unary("DeleteResource", async (req, caller) => {
      const kind = checkKind(req.kind);
      authorize(caller, kind, ["delete"], true);
      if (!cluster.get(kind, req.name)) throw notFoundFor(kind, req.name, true);
      if (kind === "role") {
        const inUse = cluster
          .list("user")
          .some((u) => ((u.spec as { roles?: string[] } | undefined)?.roles ?? []).includes(req.name));
        // fact: tctl-facts.md §4; assumption: BadParameter.
        if (inUse) {
          throw badParameter(
            "failed to delete a role that is still in use by a user, check the system server logs for more details",
          );
        }
      }
      cluster.delete(kind, req.name);
      return {};
    }),
    CreateUserToken: unary("CreateUserToken", async (req, caller) => {
      authorize(caller, "user", ["create"], true);
      const kind = USER_TOKEN[req.type];
      if (!kind) throw badParameter(`unsupported user token type "${String(req.type)}"`);
      if (!cluster.get("user", req.user)) throw userNotFound(req.user);
      const ttl = req.ttl_seconds > 0 ? req.ttl_seconds : kind.defaultSeconds;
      if (ttl > kind.maxSeconds) {
        // assumption: Teleport's text, with its Go duration formatting.
        throw badParameter(`failed to create user token: maximum token TTL is ${kind.maxText} hours`);
      }
      const id = randomBytes(16).toString("hex");
      const now = clock.now();
      const url = `https://${cluster.proxyAddress}/web/${kind.path}/${id}`;
      options.secrets.add(id);
      options.secrets.add(url);
      return {
        token: {
          kind: "user_token",
          sub_kind: kind.subKind,
          version: "v3",
          metadata: { name: id, expires: new Date(now.getTime() + ttl * 1000).toISOString() },
          spec: { user: req.user, url, created: now.toISOString() },
        },
      };
    }),
  };

  async function getChecked(kind: SimResourceKind, name: string): Promise<SimResource> {
    const found = cluster.get(kind, name);
    if (!found) throw notFoundFor(kind, name);
    return found;
  }
}

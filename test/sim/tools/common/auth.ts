// tctl's connection to the Auth API: identity file, `/webapi/find` for the cluster name, then the
// TLS-routed mutual-TLS gRPC channel. fact: B10 (global flags, "Cannot connect" error,
// expired credentials); B23 (the recipe).
import { readFileSync } from "node:fs";
import { status } from "@grpc/grpc-js";
import type { UnknownFields } from "../../cluster/go-shape.js";
import type { SimResource, SimResourceKind } from "../../proxy/wire.js";
import { RESOURCE_SERVICE } from "../../proxy/wire.js";
import { AuthClient, isRpcFailure } from "./channel.js";
import { decodeIdentityFile, type IdentityFile, tlsCertNotAfter } from "./identity.js";
import { decodeToProtoJson, encodeMessage, WORKLOAD_CLUSTER_SERVICE } from "./proto.js";
import { asTrace, badParameter, connectionProblem, isKind, type TraceError, traceError } from "./trace.js";
import { findProxy } from "./web.js";

/** Go's text for a failed open(2), as trace.ConvertSystemError keeps it. */
export function goOpenError(path: string, err: unknown): TraceError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return traceError("NotFound", `open ${path}: no such file or directory`);
  if (code === "EACCES") return traceError("AccessDenied", `open ${path}: permission denied`);
  if (code === "EISDIR") return badParameter(`read ${path}: is a directory`);
  return asTrace(err);
}

export function readIdentityFile(path: string, nowMs: number): IdentityFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw goOpenError(path, err);
  }
  const identity = decodeIdentityFile(text);
  // assumption: the expiry check looks at the TLS certificate's NotAfter, with this kind and text
  // (fact: B10 "your credentials have expired, please login using `tsh login`").
  if (tlsCertNotAfter(identity).getTime() <= nowMs) {
    throw traceError("AccessDenied", "your credentials have expired, please login using `tsh login`");
  }
  return identity;
}

/**
 * utils.ParseAddr: `host:port`, a bare host (given the default port), or a URL such as
 * `https://host[:port]` (its scheme's port by default).
 * assumption: tctl's default is the auth port 3025; IPv6 literals are not handled by the stand-ins.
 */
export function normalizeAddr(addr: string, defaultPort = 3025): string {
  const trimmed = addr.trim();
  if (trimmed === "") throw badParameter("missing parameter address");
  if (trimmed.includes("://")) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw badParameter(`invalid address ${JSON.stringify(addr)}`);
    }
    const schemePort = url.protocol === "https:" ? 443 : url.protocol === "http:" ? 80 : defaultPort;
    return `${url.hostname}:${url.port || schemePort}`;
  }
  if (/^[^:]+:\d+$/.test(trimmed)) return trimmed;
  if (/^[^:]+$/.test(trimmed)) return `${trimmed}:${defaultPort}`;
  throw badParameter(`invalid address ${JSON.stringify(addr)}`);
}

export interface ConnectOptions {
  authServers: string[];
  identityPath: string;
  insecure: boolean;
  env: Readonly<Record<string, string | undefined>>;
  clientVersion: string;
  nowMs: number;
  callTimeoutMs?: number;
}

const RESOURCE_PREFIX = `/${RESOURCE_SERVICE}/`;
/** defaults.DefaultChunkSize, tctl's page size for lists. */
const DEFAULT_CHUNK_SIZE = 1000;
const WC_PREFIX = `/${WORKLOAD_CLUSTER_SERVICE}/`;
const WC = "teleport.workloadcluster.v1";

function rethrow(err: unknown): never {
  if (isRpcFailure(err)) throw err.trace;
  throw err;
}

/** The Auth API as tctl uses it: the simulator's ResourceService and the real WorkloadClusterService. */
export class AuthApi {
  constructor(
    private readonly client: AuthClient,
    readonly clusterName: string,
    readonly addr: string,
  ) {}

  private resource<T>(method: string, request: unknown): Promise<T> {
    return this.client.json<T>(RESOURCE_PREFIX + method, request).catch(rethrow);
  }

  /** How the decoder treats unknown role and user fields (the simulator's setting, from Ping). */
  unknownFields: UnknownFields = "drop";

  /** Ping; rejects with the raw RpcFailure so the caller can tell transport failures apart. */
  async ping() {
    const pong = await this.client.json<{
      cluster_name: string;
      server_version: string;
      user: string;
      roles: string[];
      unknown_fields?: UnknownFields;
    }>(`${RESOURCE_PREFIX}Ping`, {});
    this.unknownFields = pong.unknown_fields === "reject" ? "reject" : "drop";
    return pong;
  }
  async getResource(kind: SimResourceKind, name: string, withSecrets = false): Promise<SimResource> {
    return (
      await this.resource<{ resource: SimResource }>("GetResource", { kind, name, with_secrets: withSecrets })
    ).resource;
  }
  /** The resource, or undefined when the server says NotFound. */
  async findResource(kind: SimResourceKind, name: string): Promise<SimResource | undefined> {
    try {
      return await this.getResource(kind, name);
    } catch (err) {
      if (isKind(err, "NotFound")) return undefined;
      throw err;
    }
  }
  /**
   * Every page of the list, DefaultChunkSize (1000) at a time, as the newest tctl pages through ListRoles
   * (fact B33). Bounded, in case a server keeps returning a token.
   */
  async listResources(kind: SimResourceKind, withSecrets = false): Promise<SimResource[]> {
    const all: SimResource[] = [];
    let pageToken = "";
    for (let page = 0; page < 100_000; page++) {
      const response = await this.resource<{ resources: SimResource[]; next_page_token?: string }>(
        "ListResources",
        { kind, with_secrets: withSecrets, page_size: DEFAULT_CHUNK_SIZE, page_token: pageToken },
      );
      all.push(...response.resources);
      pageToken = response.next_page_token ?? "";
      if (pageToken === "") return all;
    }
    throw badParameter("ListResources did not finish paging");
  }
  async createResource(resource: SimResource): Promise<SimResource> {
    return (await this.resource<{ resource: SimResource }>("CreateResource", { resource })).resource;
  }
  async upsertResource(resource: SimResource): Promise<SimResource> {
    return (await this.resource<{ resource: SimResource }>("UpsertResource", { resource })).resource;
  }
  async deleteResource(kind: SimResourceKind, name: string): Promise<void> {
    await this.resource("DeleteResource", { kind, name });
  }
  async createUserToken(user: string, type: "invite" | "reset", ttlSeconds: number) {
    return (
      await this.resource<{
        token: { metadata: { name: string; expires: string }; spec: { user: string; url: string } } & Record<
          string,
          unknown
        >;
      }>("CreateUserToken", { user, type, ttl_seconds: ttlSeconds })
    ).token;
  }

  private wc(method: string, requestType: string, request: Record<string, unknown>, responseType: string) {
    return this.client
      .unary(
        WC_PREFIX + method,
        request,
        (value) => encodeMessage(`${WC}.${requestType}`, value),
        (bytes) => (responseType === "" ? {} : decodeToProtoJson(responseType, bytes)),
      )
      .catch(rethrow);
  }

  getWorkloadCluster(name: string) {
    return this.wc("GetWorkloadCluster", "GetWorkloadClusterRequest", { name }, `${WC}.WorkloadCluster`);
  }
  createWorkloadCluster(cluster: Record<string, unknown>) {
    return this.wc(
      "CreateWorkloadCluster",
      "CreateWorkloadClusterRequest",
      { cluster },
      `${WC}.WorkloadCluster`,
    );
  }
  upsertWorkloadCluster(cluster: Record<string, unknown>) {
    return this.wc(
      "UpsertWorkloadCluster",
      "UpsertWorkloadClusterRequest",
      { cluster },
      `${WC}.WorkloadCluster`,
    );
  }
  async deleteWorkloadCluster(name: string): Promise<void> {
    await this.wc("DeleteWorkloadCluster", "DeleteWorkloadClusterRequest", { name }, "");
  }
  /** Every page of ListWorkloadClusters (bounded, in case a server keeps returning a token). */
  async listWorkloadClusters(): Promise<Record<string, unknown>[]> {
    const clusters: Record<string, unknown>[] = [];
    let pageToken = "";
    for (let page = 0; page < 10_000; page++) {
      const response = (await this.wc(
        "ListWorkloadClusters",
        "ListWorkloadClustersRequest",
        { page_size: 0, page_token: pageToken },
        `${WC}.ListWorkloadClustersResponse`,
      )) as { clusters?: Record<string, unknown>[]; next_page_token?: string };
      clusters.push(...(response.clusters ?? []));
      pageToken = response.next_page_token ?? "";
      if (pageToken === "") return clusters;
    }
    throw badParameter("ListWorkloadClusters did not finish paging");
  }

  close(): void {
    this.client.close();
  }
}

/**
 * Connects like tctl with an identity file. Any failure to reach the cluster (discovery, TCP, TLS,
 * the first call) becomes `Cannot connect to the auth server. Is the auth server running on "<addr>"?`
 * (fact: B10). Errors the server itself answers (e.g. access denied) pass through.
 * assumption: every --auth-server is tried in order; the message names the first one.
 */
export async function connectAuth(options: ConnectOptions): Promise<AuthApi> {
  const identity = readIdentityFile(options.identityPath, options.nowMs);
  const addrs = options.authServers.map((addr) => normalizeAddr(addr));
  const failures: string[] = [];
  for (const addr of addrs) {
    let clusterName: string;
    try {
      clusterName = (
        await findProxy(addr, { env: options.env, insecure: options.insecure, timeoutMs: 15_000 })
      ).cluster_name;
    } catch (err) {
      failures.push(`${addr}: ${asTrace(err).message}`);
      continue;
    }
    const client = new AuthClient({
      addr,
      clusterName,
      keyPem: identity.privateKeyPem,
      certPem: identity.tlsCertPem,
      caPems: identity.tlsCaPems,
      clientVersion: options.clientVersion,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
    });
    const api = new AuthApi(client, clusterName, addr);
    try {
      await api.ping();
      return api;
    } catch (err) {
      api.close();
      if (isRpcFailure(err) && (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED)) {
        failures.push(`${addr}: ${err.details}`);
        continue;
      }
      rethrow(err);
    }
  }
  throw connectionProblem(
    `Cannot connect to the auth server. Is the auth server running on ${JSON.stringify(addrs[0] ?? "")}?`,
    failures.join("\n"),
  );
}

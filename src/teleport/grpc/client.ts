// ParentApi over the direct gRPC WorkloadClusterService client (transport "grpc"), the TypeScript
// counterpart of the Go SDK: TLS-routing channel (channel.ts), hand-written protobuf codec (codec.ts).
// fact: B17 (methods, paging), B19 (metadata `version`), B18 (errors).
import { Client, Metadata, type ServiceError } from "@grpc/grpc-js";
import { TeleportApiError } from "../../core/errors.js";
import type { WorkloadCluster } from "../../core/workload-cluster.js";
import { toWireCluster, toWorkloadCluster } from "../../core/workload-cluster.js";
import { formatProxyAddress, type ProxyAddress } from "../webapi.js";
import { TlsRoutingCredentials, waitForConnection } from "./channel.js";
import { decodeMessage, encodeMessage, type ProtoObject } from "./codec.js";
import { fromGrpcStatus } from "./errors.js";
import { METHODS, type MethodName, methodPath } from "./schema.js";

export interface GrpcParentOptions {
  proxy: ProxyAddress;
  /** The parent's cluster name (`/webapi/find` cluster_name), encoded into the ALPN protocol. */
  clusterName: string;
  identity: { keyPem: string; certPem: string; caPems: string[] };
  /** Sent as gRPC metadata `version` when set (fact: B19). */
  clientVersion?: string;
  /** For the first connection (connect()). Default 15 s. */
  connectTimeoutMs?: number;
  /** Deadline of each call. Default 30 s. */
  callTimeoutMs?: number;
  /** page_size of ListWorkloadClusters. Default 500. */
  pageSize?: number;
  /** Cancels pending calls (the action was cancelled). */
  signal?: AbortSignal;
}

/** A server that keeps handing out page tokens is a bug; stop long before memory runs out. */
const MAX_PAGES = 10_000;

export class GrpcParentApi {
  readonly transport = "grpc" as const;
  readonly address: string;
  private readonly client: Client;
  private readonly credentials: TlsRoutingCredentials;
  private readonly callTimeoutMs: number;

  constructor(private readonly options: GrpcParentOptions) {
    this.address = formatProxyAddress(options.proxy);
    this.credentials = new TlsRoutingCredentials({
      clusterName: options.clusterName,
      keyPem: options.identity.keyPem,
      certPem: options.identity.certPem,
      caPems: options.identity.caPems,
    });
    this.client = new Client(this.address, this.credentials, {
      // Reconnect soon after a dropped connection, so a caller's retry does not wait out a long backoff.
      "grpc.initial_reconnect_backoff_ms": 500,
      "grpc.max_reconnect_backoff_ms": 5000,
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_timeout_ms": 10_000,
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
    });
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
  }

  /**
   * Opens the connection without calling any method. Rejects with ConnectFailure (channel.ts) when no
   * connection could be made: the caller decides whether to fall back.
   */
  connect(): Promise<void> {
    return waitForConnection(
      this.client,
      this.credentials,
      this.options.proxy,
      this.options.connectTimeoutMs ?? 15_000,
    );
  }

  private call(method: MethodName, request: ProtoObject, write: boolean): Promise<ProtoObject> {
    const { request: requestType, response: responseType } = METHODS[method];
    const metadata = new Metadata();
    if (this.options.clientVersion) metadata.set("version", this.options.clientVersion);
    const { signal } = this.options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new Error("cancelled"));
        return;
      }
      const onAbort = () => call.cancel();
      const call = this.client.makeUnaryRequest<ProtoObject, ProtoObject>(
        methodPath(method),
        (value) => encodeMessage(requestType, value),
        (bytes) => decodeMessage(responseType, bytes),
        request,
        metadata,
        { deadline: Date.now() + this.callTimeoutMs },
        (error: ServiceError | null, response?: ProtoObject) => {
          signal?.removeEventListener("abort", onAbort);
          if (error && signal?.aborted) reject(signal.reason ?? error);
          else if (error) reject(fromGrpcStatus(error, { write, address: this.address }));
          else resolve(response ?? {});
        },
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  async get(name: string): Promise<WorkloadCluster | undefined> {
    try {
      return toWorkloadCluster(await this.call("GetWorkloadCluster", { name }, false));
    } catch (error) {
      if (error instanceof TeleportApiError && error.kind === "NotFound") return undefined;
      throw error;
    }
  }

  async list(): Promise<WorkloadCluster[]> {
    const clusters: WorkloadCluster[] = [];
    const seen = new Set<string>();
    let pageToken = "";
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.call(
        "ListWorkloadClusters",
        { page_size: this.options.pageSize ?? 500, page_token: pageToken },
        false,
      );
      const items = Array.isArray(response.clusters) ? response.clusters : [];
      for (const item of items) clusters.push(toWorkloadCluster(item));
      pageToken = typeof response.next_page_token === "string" ? response.next_page_token : "";
      if (!pageToken) return clusters;
      if (seen.has(pageToken)) {
        throw new TeleportApiError(
          "Unknown",
          `ListWorkloadClusters returned page token ${JSON.stringify(pageToken)} twice`,
          false,
        );
      }
      seen.add(pageToken);
    }
    throw new TeleportApiError(
      "Unknown",
      `ListWorkloadClusters did not finish within ${MAX_PAGES} pages`,
      false,
    );
  }

  async create(cluster: WorkloadCluster): Promise<WorkloadCluster> {
    return toWorkloadCluster(
      await this.call("CreateWorkloadCluster", { cluster: toWireCluster(cluster) }, true),
    );
  }

  async delete(name: string): Promise<void> {
    await this.call("DeleteWorkloadCluster", { name }, true);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

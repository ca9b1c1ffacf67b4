// The Auth API connection through a TLS-routing proxy: one mutual-TLS handshake with SNI
// `teleport.cluster.local`, ALPN [`teleport-auth@<hex(cluster)>.teleport.cluster.local`, `h2`], the
// identity's certificate and key, trusting only the identity's TLS CA blocks; then gRPC on that socket.
// fact: B20, B21, B23.
import * as tls from "node:tls";
import {
  CallCredentials,
  ChannelCredentials,
  Client,
  Metadata,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { fromGrpc, type TraceError } from "./trace.js";

export const AUTH_SERVER_NAME = "teleport.cluster.local";

/** api/utils EncodeClusterName: hex of the UTF-8 name plus `.teleport.cluster.local`. */
export function encodeClusterName(clusterName: string): string {
  return `${Buffer.from(clusterName, "utf8").toString("hex")}.${AUTH_SERVER_NAME}`;
}

export function authAlpnProtocols(clusterName: string): string[] {
  return [`teleport-auth@${encodeClusterName(clusterName)}`, "h2"];
}

export interface AuthTlsOptions {
  clusterName: string;
  keyPem: string;
  certPem: string;
  caPems: string[];
}

type ConnectorArgs = Parameters<ChannelCredentials["_createSecureConnector"]>;
type SecureConnector = ReturnType<ChannelCredentials["_createSecureConnector"]>;

/**
 * grpc-js credentials whose connector performs Teleport's auth ClientHello on the raw TCP socket.
 * assumption: like grpc-go (which requires a negotiated ALPN protocol), the handshake must select
 * some ALPN protocol; the stand-in does not insist on `h2` specifically.
 */
export class TeleportAuthCredentials extends ChannelCredentials {
  constructor(private readonly options: AuthTlsOptions) {
    super();
  }

  override _isSecure(): boolean {
    return true;
  }

  override _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  override _createSecureConnector(...[, , callCredentials]: ConnectorArgs): SecureConnector {
    const { clusterName, keyPem, certPem, caPems } = this.options;
    const credentials = callCredentials ?? CallCredentials.createEmpty();
    return {
      connect: (socket) =>
        new Promise((resolve, reject) => {
          const tlsSocket = tls.connect({
            socket,
            servername: AUTH_SERVER_NAME,
            ALPNProtocols: authAlpnProtocols(clusterName),
            key: keyPem,
            cert: certPem,
            ca: caPems,
            rejectUnauthorized: true,
            // The auth certificate must be valid for teleport.cluster.local whatever address was dialled.
            checkServerIdentity: (_host, cert) => tls.checkServerIdentity(AUTH_SERVER_NAME, cert),
          });
          const onError = (err: Error) => {
            tlsSocket.destroy();
            reject(err);
          };
          tlsSocket.once("error", onError);
          tlsSocket.once("secureConnect", () => {
            tlsSocket.removeListener("error", onError);
            if (!tlsSocket.alpnProtocol) {
              tlsSocket.destroy();
              reject(new Error("credentials: cannot check peer: missing selected ALPN property"));
              return;
            }
            resolve({ socket: tlsSocket, secure: true });
          });
        }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => credentials,
      destroy: () => {},
    };
  }
}

export interface AuthClientOptions extends AuthTlsOptions {
  /** host:port of the proxy (or auth server) to dial. */
  addr: string;
  /** Sent as gRPC metadata `version` like Teleport's API client (fact: B19). */
  clientVersion: string;
  callTimeoutMs?: number;
}

/** A gRPC error plus the transport detail behind it (for --debug). */
export interface RpcFailure {
  trace: TraceError;
  code: number;
  details: string;
}

export class AuthClient {
  private readonly client: Client;
  private readonly callTimeoutMs: number;
  private readonly clientVersion: string;

  constructor(options: AuthClientOptions) {
    this.client = new Client(options.addr, new TeleportAuthCredentials(options), {
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      // One attempt per call: tctl reports a failed connection rather than retrying for long.
      "grpc.enable_retries": 0,
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 1000,
    });
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.clientVersion = options.clientVersion;
  }

  /** A unary call; gRPC failures are rejected as RpcFailure with the trace error of the status. */
  unary<Req, Res>(
    path: string,
    request: Req,
    serialize: (value: Req) => Buffer,
    deserialize: (bytes: Buffer) => Res,
  ): Promise<Res> {
    const metadata = new Metadata();
    metadata.set("version", this.clientVersion);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        serialize,
        deserialize,
        request,
        metadata,
        { deadline: Date.now() + this.callTimeoutMs },
        (err: ServiceError | null, response?: Res) => {
          if (err) {
            const failure: RpcFailure = {
              trace: fromGrpc(err.code ?? status.UNKNOWN, err.details ?? err.message),
              code: err.code ?? status.UNKNOWN,
              details: err.details ?? err.message,
            };
            reject(failure);
            return;
          }
          resolve(response as Res);
        },
      );
    });
  }

  /** A unary call with JSON-encoded messages (the simulator's private ResourceService, wire.ts). */
  json<Res>(path: string, request: unknown): Promise<Res> {
    return this.unary(
      path,
      request,
      (value) => Buffer.from(JSON.stringify(value), "utf8"),
      (bytes) => JSON.parse(bytes.toString("utf8")) as Res,
    );
  }

  close(): void {
    this.client.close();
  }
}

export function isRpcFailure(err: unknown): err is RpcFailure {
  return typeof err === "object" && err !== null && "trace" in err && "code" in err && "details" in err;
}

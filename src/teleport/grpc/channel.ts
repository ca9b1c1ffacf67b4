// The TLS-routing connection to a Teleport cluster's Auth gRPC API through its proxy port:
// one mutual-TLS handshake with SNI `teleport.cluster.local`, ALPN
// [`teleport-auth@<hex(cluster name)>.teleport.cluster.local`, `h2`], the identity's client certificate and
// key, and only the identity's TLS CA blocks (the cluster's Host CA) as trust roots.
// fact: B20 (ALPN and SNI values), B21 (the proxy forwards the raw TLS bytes, so
// the handshake is with the Auth server itself), B23 (the recipe), B23 (client cert and CA pool).
//
// grpc-js's stock secure credentials always offer ALPN [`h2`] only and take SNI from the target, so this
// module supplies its own ChannelCredentials whose `_createSecureConnector` runs tls.connect itself.
// `_createSecureConnector` and the SecureConnector shape ({connect(socket), waitForReady(),
// getCallCredentials(), destroy()}) are grpc-js internals outside its semver promise; that is why
// package.json pins @grpc/grpc-js to exactly 1.14.7 (this approach was tried on 1.14 / Node 20),
// and a version bump must run the e2e tests against the simulator before it lands.
import * as net from "node:net";
import * as tls from "node:tls";
import { CallCredentials, ChannelCredentials, type Client, connectivityState } from "@grpc/grpc-js";

/** fact: B20: `APIDomain`, on every Auth server certificate. */
const AUTH_SERVER_NAME = "teleport.cluster.local";
const AUTH_ALPN_PREFIX = "teleport-auth@";

/** `EncodeClusterName`: hex of the UTF-8 name + `.teleport.cluster.local` (fact: B20, `a.b` -> `612e62...`). */
export function encodeClusterName(clusterName: string): string {
  return `${Buffer.from(clusterName, "utf8").toString("hex")}.${AUTH_SERVER_NAME}`;
}

/** The ALPN list of the TLS-routing ClientHello, auth protocol first (fact: B20 "prepends", then `h2`). */
export function authAlpnProtocols(clusterName: string): string[] {
  return [`${AUTH_ALPN_PREFIX}${encodeClusterName(clusterName)}`, "h2"];
}

export interface TlsRoutingOptions {
  clusterName: string;
  keyPem: string;
  certPem: string;
  /** Trust roots: the identity file's TLS CA blocks, nothing else. */
  caPems: string[];
}

type ConnectorArgs = Parameters<ChannelCredentials["_createSecureConnector"]>;
type SecureConnector = ReturnType<ChannelCredentials["_createSecureConnector"]>;

/** What the connector saw, so a failed connection can be explained (grpc-js keeps its reason internal). */
export interface ConnectionDiagnostics {
  /** TCP connections grpc-js handed to the connector. */
  attempts: number;
  /** Handshakes that completed with `h2` negotiated. */
  handshakes: number;
  lastError?: { message: string; code?: string; afterHandshake: boolean };
}

/** TLS failures that another attempt will not cure (trust, names, ALPN refusal). */
const PERMANENT_TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED",
  "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
  "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
  "ALPN_REFUSED",
]);

function isPermanentTlsFailure(code: string | undefined): boolean {
  return code !== undefined && PERMANENT_TLS_CODES.has(code);
}

export class TlsRoutingCredentials extends ChannelCredentials {
  readonly diagnostics: ConnectionDiagnostics = { attempts: 0, handshakes: 0 };

  constructor(private readonly options: TlsRoutingOptions) {
    super();
  }

  override _isSecure(): boolean {
    return true;
  }

  override _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  override _createSecureConnector(...[, , callCredentials]: ConnectorArgs): SecureConnector {
    const credentials = callCredentials ?? CallCredentials.createEmpty();
    return {
      connect: (socket) => this.handshake(socket),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => credentials,
      destroy: () => {},
    };
  }

  private record(error: Error & { code?: string }, afterHandshake: boolean): void {
    this.diagnostics.lastError = {
      message: describeTlsError(error, this.options.clusterName),
      ...(error.code ? { code: error.code } : {}),
      afterHandshake,
    };
  }

  private handshake(socket: net.Socket): Promise<{ socket: net.Socket; secure: boolean }> {
    const { clusterName, keyPem, certPem, caPems } = this.options;
    this.diagnostics.attempts++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const tlsSocket = tls.connect({
        socket,
        servername: AUTH_SERVER_NAME,
        ALPNProtocols: authAlpnProtocols(clusterName),
        key: keyPem,
        cert: certPem,
        ca: caPems,
        rejectUnauthorized: true,
        minVersion: "TLSv1.2",
        // The Auth certificate names teleport.cluster.local, whatever host or IP the proxy was dialled at.
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(AUTH_SERVER_NAME, cert),
      });
      const fail = (error: Error & { code?: string }) => {
        this.record(error, false);
        if (settled) return;
        settled = true;
        tlsSocket.destroy();
        reject(error);
      };
      // Stays attached for the socket's life: grpc-js adds its own listeners after the handshake, and an
      // 'error' in between must not become an uncaught exception. Later errors (e.g. a TLS 1.3 alert
      // for a refused client certificate) are kept for the diagnosis.
      tlsSocket.on("error", (error: Error & { code?: string }) => {
        if (settled) this.record(error, true);
        else fail(error);
      });
      tlsSocket.once("close", () => {
        if (!settled) fail(new Error("the connection closed during the TLS handshake"));
      });
      tlsSocket.once("secureConnect", () => {
        if (tlsSocket.alpnProtocol !== "h2") {
          // Something answered that is not Teleport's TLS-routing proxy (or an L7 load balancer that
          // strips ALPN): gRPC cannot run on this connection.
          const error = Object.assign(
            new Error(
              `the server did not accept ALPN ${authAlpnProtocols(clusterName)[0]} with h2 (selected: ${tlsSocket.alpnProtocol || "none"})`,
            ),
            { code: "ALPN_REFUSED" },
          );
          fail(error);
          return;
        }
        settled = true;
        this.diagnostics.handshakes++;
        resolve({ socket: tlsSocket, secure: true });
      });
    });
  }
}

/**
 * OpenSSL's text (`80EC...:error:0A000460:SSL routines:ssl3_read_bytes:tlsv1 alert no application
 * protocol:../deps/...`) shortened to its reason, with what it usually means for a Teleport proxy.
 */
function describeTlsError(error: Error & { code?: string }, clusterName: string): string {
  const reason = error.message.match(/:SSL routines:[^:]*:([^:]+):/)?.[1] ?? error.message.split("\n")[0]!;
  switch (error.code) {
    case "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL":
      return `the proxy refused ALPN ${authAlpnProtocols(clusterName)[0]} (${reason}): it does not serve cluster "${clusterName}" through TLS routing`;
    case "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE":
    case "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA":
    case "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED":
    case "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED":
      return `the Auth server refused the identity's client certificate (${reason})`;
    default:
      return reason;
  }
}

/** Opens a TCP connection and closes it, to name the reason when grpc-js could not connect. */
function tcpCheck(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no TCP connection within ${Math.round(timeoutMs / 1000)} s`));
    socket.once("connect", () => done(undefined));
    socket.once("error", (error: Error & { code?: string }) => done(error.code ?? error.message));
  });
}

export class ConnectFailure extends Error {
  override name = "ConnectFailure";
  constructor(
    message: string,
    /** Another attempt may succeed (network), as opposed to a trust or protocol mismatch. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/**
 * Waits until the channel has a live HTTP/2 session with the Auth server (grpc-js only reports READY after
 * the server's SETTINGS frame), or explains why not. Never sends an RPC, so it leaves no trace in audit logs.
 */
export async function waitForConnection(
  client: Client,
  credentials: TlsRoutingCredentials,
  target: { host: string; port: number },
  timeoutMs: number,
): Promise<void> {
  const channel = client.getChannel();
  const deadline = Date.now() + timeoutMs;
  let state = channel.getConnectivityState(true);
  while (state !== connectivityState.READY) {
    if (state === connectivityState.SHUTDOWN) throw new ConnectFailure("the gRPC channel is closed", false);
    if (state === connectivityState.TRANSIENT_FAILURE) break;
    const changed = await new Promise<boolean>((resolve) =>
      channel.watchConnectivityState(state, deadline, (error) => resolve(!error)),
    );
    if (!changed) break;
    state = channel.getConnectivityState(true);
  }
  if (state === connectivityState.READY) return;
  throw await explain(credentials, target, state === connectivityState.TRANSIENT_FAILURE, timeoutMs);
}

async function explain(
  credentials: TlsRoutingCredentials,
  target: { host: string; port: number },
  failed: boolean,
  timeoutMs: number,
): Promise<ConnectFailure> {
  const { attempts, handshakes, lastError } = credentials.diagnostics;
  if (lastError && !lastError.afterHandshake) {
    const code = lastError.code && !lastError.message.includes(lastError.code) ? ` (${lastError.code})` : "";
    return new ConnectFailure(
      `TLS handshake failed: ${lastError.message}${code}`,
      !isPermanentTlsFailure(lastError.code),
    );
  }
  if (handshakes > 0) {
    const detail = lastError ? `: ${lastError.message}` : "";
    return new ConnectFailure(
      `the server closed the connection after the TLS handshake, before the gRPC session started${detail} (was the client certificate refused?)`,
      !isPermanentTlsFailure(lastError?.code),
    );
  }
  if (attempts === 0) {
    const reason = await tcpCheck(target.host, target.port, Math.min(5000, timeoutMs));
    return new ConnectFailure(
      reason ? `TCP connection failed: ${reason}` : "no TCP connection could be made through gRPC",
      true,
    );
  }
  return new ConnectFailure(
    failed ? "the connection failed" : `no connection within ${Math.round(timeoutMs / 1000)} s`,
    true,
  );
}

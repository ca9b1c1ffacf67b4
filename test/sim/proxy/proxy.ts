// A cluster's proxy: one TLS port on 127.0.0.1 that routes by ALPN like Teleport's TLS-routing proxy.
// fact: B20 (ALPN strings, SNI), B21 (teleport-auth@ is one mutual-TLS
// handshake with the Auth server: Host CA certificate with SAN teleport.cluster.local, client certificate
// from the identity), B23 (the minimum client recipe).
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import * as net from "node:net";
import * as tls from "node:tls";
import * as grpc from "@grpc/grpc-js";
import type { SimCluster } from "../cluster/cluster.js";
import { issuedBy } from "../cluster/identity.js";
import { relayAtDistance, resetAtDistance } from "../common/distance.js";
import { type IssuedCertificate, issueCertificate } from "../common/pki.js";

export const APIDOMAIN = "teleport.cluster.local";
export const ALPN_AUTH_PREFIX = "teleport-auth@";

/** `EncodeClusterName`: hex of the UTF-8 name + `.teleport.cluster.local` (fact: B20). */
export function encodeClusterName(name: string): string {
  return `${Buffer.from(name, "utf8").toString("hex")}.${APIDOMAIN}`;
}

/** The ALPN protocol a client offers first to reach `clusterName`'s Auth API (fact: B20). */
export function authAlpnProtocol(clusterName: string): string {
  return `${ALPN_AUTH_PREFIX}${encodeClusterName(clusterName)}`;
}

export type Route = "auth" | "web";

/**
 * The route for an offered ALPN list, or undefined to refuse the handshake.
 * - `teleport-auth@<hex(this cluster)>.teleport.cluster.local` first, with `h2` offered: the Auth gRPC API.
 * - `http/1.1` offered (and no auth protocol first): the web API. No ALPN at all also reaches the web API
 *   (Node does not call the ALPN callback then).
 * assumption: everything else is refused with a no_application_protocol alert: another cluster's (or an
 * undecodable) name, `h2` alone, and unknown protocols. Teleport would try a leaf cluster for another name;
 * the simulator has no leaf clusters.
 */
export function routeFor(clusterName: string, protocols: string[]): Route | undefined {
  const first = protocols[0] ?? "";
  if (first.startsWith(ALPN_AUTH_PREFIX)) {
    return first === authAlpnProtocol(clusterName) && protocols.includes("h2") ? "auth" : undefined;
  }
  return protocols.includes("http/1.1") ? "web" : undefined;
}

export interface ClusterProxy {
  port: number;
  /** `127.0.0.1:<port>` */
  address: string;
  /** While false, new TCP connections are reset at once (a proxy whose address is not serving yet). */
  accepting: boolean;
  /** Auth connections refused after the handshake (no or foreign client certificate). */
  readonly refused: number;
  close(): Promise<void>;
}

export interface StartProxyOptions {
  cluster: SimCluster;
  /** Certificate from the simulator-wide web CA for 127.0.0.1 / localhost. */
  webCert: IssuedCertificate;
  /** The cluster's Auth gRPC server; the proxy owns it from now on and shuts it down on close. */
  grpcServer: grpc.Server;
  web: http.RequestListener;
  accepting?: boolean;
  /** The round-trip time between the runner and this proxy, read per new connection (default 0). */
  rttMs?: () => number;
}

export async function issueHostCertificate(cluster: SimCluster): Promise<IssuedCertificate> {
  // assumption: Auth's certificate also names the encoded cluster, as tsh sometimes sends it as SNI (B20).
  return issueCertificate(cluster.hostCa, {
    subject: `CN=${cluster.name}, O=Admin`,
    dnsNames: [APIDOMAIN, encodeClusterName(cluster.name), `*.${APIDOMAIN}`],
    server: true,
    algorithm: cluster.keyAlgorithm,
  });
}

export async function startClusterProxy(options: StartProxyOptions): Promise<ClusterProxy> {
  const { cluster } = options;
  const hostCert = await issueHostCertificate(options.cluster);
  // Client certificates of this cluster only: its User CA (users, bots) and Host CA (builtin identities).
  const clientCas = [cluster.userCa.certPem, cluster.hostCa.certPem];
  const hostContext = tls.createSecureContext({
    cert: hostCert.certPem,
    key: hostCert.keyPem,
    ca: clientCas,
  });
  const webContext = tls.createSecureContext({
    cert: options.webCert.certPem,
    key: options.webCert.keyPem,
    ca: clientCas,
  });
  const sockets = new Set<Socket>();
  const injector = options.grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const web = http.createServer(options.web);
  let refused = 0;

  const server = tls.createServer({
    cert: options.webCert.certPem,
    key: options.webCert.keyPem,
    ca: clientCas,
    requestCert: true,
    // Web clients have no certificate; the auth route checks it after the handshake.
    rejectUnauthorized: false,
    SNICallback: (servername, cb) => {
      cb(null, servername === APIDOMAIN || servername.endsWith(`.${APIDOMAIN}`) ? hostContext : webContext);
    },
    ALPNCallback: ({ protocols }) => {
      const route = routeFor(cluster.name, protocols);
      if (route === "auth") return "h2";
      if (route === "web") return "http/1.1";
      return undefined;
    },
  });

  const proxy: ClusterProxy = {
    port: 0,
    address: "",
    accepting: options.accepting ?? true,
    get refused() {
      return refused;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        let open = 2;
        const one = () => --open === 0 && resolve();
        front.close(one);
        server.close(one);
        // Bounded: every socket is destroyed below, so this only guards against surprises.
        setTimeout(resolve, 2000).unref();
      });
      web.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      injector.destroy();
      options.grpcServer.forceShutdown();
      await closed;
    },
  };

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  };
  // The public port. At distance, each connection is relayed to the TLS server's own loopback port
  // through common/distance.ts; at 0 ms it is handed to the TLS server directly.
  const front = net.createServer((socket) => {
    const rttMs = options.rttMs?.() ?? 0;
    if (!proxy.accepting) {
      resetAtDistance(socket, rttMs);
      return;
    }
    track(socket);
    if (rttMs > 0) track(relayAtDistance(socket, inner.port, rttMs));
    else server.emit("connection", socket);
  });
  server.on("connection", track);
  server.on("tlsClientError", () => {});
  server.on("secureConnection", (socket: tls.TLSSocket) => {
    socket.on("error", () => {});
    if (socket.alpnProtocol === "h2") {
      const peer = socket.getPeerCertificate();
      // assumption: a missing or foreign client certificate ends the connection right after the handshake.
      if (!socket.authorized || !peer?.raw || !issuedBy(peer.raw, [cluster.userCa, cluster.hostCa])) {
        refused++;
        socket.destroy();
        return;
      }
      injector.injectConnection(socket);
      return;
    }
    web.emit("connection", socket);
  });

  const listen = (s: net.Server) =>
    new Promise<number>((resolve, reject) => {
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        s.off("error", reject);
        resolve((s.address() as AddressInfo).port);
      });
    });
  const inner = { port: await listen(server) };
  proxy.port = await listen(front);
  proxy.address = `127.0.0.1:${proxy.port}`;
  return proxy;
}

// ---------------------------------------------------------------------------------------------------
// Client side, for tests and the stand-ins: the TLS-routing connection of B23 under a grpc-js channel.

export interface TlsRoutingOptions {
  clusterName: string;
  /** Trusted Host CA PEMs (identity file block 5). */
  caPems: string[];
  certPem?: string;
  keyPem?: string;
  /** Defaults to [`teleport-auth@<hex>.teleport.cluster.local`, `h2`]. */
  alpn?: string[];
  /** Defaults to `teleport.cluster.local`. */
  servername?: string;
}

/** grpc-js channel credentials that dial with SNI `teleport.cluster.local` and the Auth ALPN. */
export class TlsRoutingCredentials extends grpc.ChannelCredentials {
  constructor(private readonly options: TlsRoutingOptions) {
    super();
  }
  _isSecure(): boolean {
    return true;
  }
  _equals(other: grpc.ChannelCredentials): boolean {
    return other === this;
  }
  _createSecureConnector(
    _target: unknown,
    _options: unknown,
    callCredentials?: grpc.CallCredentials,
  ): ReturnType<grpc.ChannelCredentials["_createSecureConnector"]> {
    const o = this.options;
    return {
      connect: (socket: Socket) =>
        new Promise((resolve, reject) => {
          const tlsSocket = tls.connect(
            {
              socket,
              servername: o.servername ?? APIDOMAIN,
              ALPNProtocols: o.alpn ?? [authAlpnProtocol(o.clusterName), "h2"],
              ca: o.caPems,
              ...(o.certPem ? { cert: o.certPem } : {}),
              ...(o.keyPem ? { key: o.keyPem } : {}),
            },
            () => resolve({ socket: tlsSocket, secure: true }),
          );
          tlsSocket.on("error", reject);
        }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => callCredentials ?? grpc.credentials.createEmpty(),
      destroy: () => {},
    };
  }
}

export interface AuthClientOptions extends TlsRoutingOptions {
  /** `127.0.0.1:<port>` of the cluster's proxy. */
  address: string;
  /** Per-call deadline (default 5 s). */
  timeoutMs?: number;
}

export interface UnaryClient {
  call<Res = unknown>(method: string, request: unknown): Promise<Res>;
  close(): void;
}

/** A promise-based unary client for any service definition over the TLS-routing connection. */
export function createUnaryClient(
  definition: grpc.ServiceDefinition,
  options: AuthClientOptions,
): UnaryClient {
  const Client = grpc.makeGenericClientConstructor(definition as grpc.ServiceDefinition, "SimClient");
  const client = new Client(options.address, new TlsRoutingCredentials(options)) as unknown as Record<
    string,
    (req: unknown, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void
  > &
    grpc.Client;
  return {
    call: <Res>(method: string, request: unknown) =>
      new Promise<Res>((resolve, reject) => {
        const fn = client[method];
        if (typeof fn !== "function") {
          reject(new Error(`no method ${method}`));
          return;
        }
        fn.call(client, request, { deadline: Date.now() + (options.timeoutMs ?? 5000) }, (err, res) =>
          err ? reject(err) : resolve(res as Res),
        );
      }),
    close: () => client.close(),
  };
}

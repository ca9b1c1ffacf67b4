// The stand-ins' Auth API channel against a minimal TLS-routing listener: checks the ClientHello that
// real Teleport clients send. fact: B20, B21, B23 (SNI teleport.cluster.local,
// ALPN [teleport-auth@<hex(cluster)>.teleport.cluster.local, h2], mutual TLS with the identity's cert).
import * as tls from "node:tls";
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueCertificate } from "../common/pki.js";
import { AuthClient, authAlpnProtocols, encodeClusterName, isRpcFailure } from "./common/channel.js";

interface Seen {
  servername: string | undefined;
  protocols: string[];
  peerCn: string | undefined;
}

describe("TLS-routing auth channel", () => {
  const seen: Seen[] = [];
  let server: tls.Server;
  let grpcServer: Server;
  let port = 0;
  let client: { keyPem: string; certPem: string; caPems: string[] };
  let strangerCa: string;

  beforeAll(async () => {
    const hostCa = await createCertificateAuthority("sim.example");
    const userCa = await createCertificateAuthority("sim.example user");
    const host = await issueCertificate(hostCa, {
      subject: "CN=auth",
      dnsNames: ["teleport.cluster.local"],
      server: true,
    });
    const user = await issueCertificate(userCa, { subject: "CN=alice", client: true });
    client = { keyPem: user.keyPem, certPem: user.certPem, caPems: [hostCa.certPem] };
    strangerCa = (await createCertificateAuthority("stranger")).certPem;

    grpcServer = new Server();
    grpcServer.register(
      "/sim.auth.v1.ResourceService/Ping",
      (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const version = call.metadata.get("version")[0];
        if (version !== "17.3.4") {
          callback({ code: status.INVALID_ARGUMENT, details: `bad version ${String(version)}` });
          return;
        }
        callback(null, { cluster_name: "sim.example", user: "alice", roles: [], server_version: "17.3.4" });
      },
      (value: unknown) => Buffer.from(JSON.stringify(value)),
      (bytes: Buffer) => JSON.parse(bytes.toString()),
      "unary",
    );
    const injector = grpcServer.createConnectionInjector(ServerCredentials.createInsecure());
    server = tls.createServer(
      {
        key: host.keyPem,
        cert: host.certPem,
        ca: [userCa.certPem],
        requestCert: true,
        rejectUnauthorized: true,
        ALPNCallback: ({ servername, protocols }) => {
          seen.push({ servername, protocols, peerCn: undefined });
          return protocols.includes("h2") ? "h2" : undefined;
        },
      },
      (socket) => {
        const last = seen[seen.length - 1];
        if (last) last.peerCn = socket.getPeerCertificate().subject?.CN as string | undefined;
        injector.injectConnection(socket);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    grpcServer.forceShutdown();
    await new Promise((resolve) => server.close(resolve));
  });

  it("encodes the cluster name in the ALPN protocol (fact: B20 'a.b' -> 612e62)", () => {
    expect(encodeClusterName("a.b")).toBe("612e62.teleport.cluster.local");
    expect(authAlpnProtocols("a.b")).toEqual(["teleport-auth@612e62.teleport.cluster.local", "h2"]);
  });

  it("sends SNI teleport.cluster.local, the auth ALPN first, the client certificate and version metadata", async () => {
    const auth = new AuthClient({
      addr: `127.0.0.1:${port}`,
      clusterName: "sim.example",
      clientVersion: "17.3.4",
      ...client,
    });
    try {
      const pong = await auth.json<{ cluster_name: string }>("/sim.auth.v1.ResourceService/Ping", {});
      expect(pong.cluster_name).toBe("sim.example");
    } finally {
      auth.close();
    }
    const hello = seen[seen.length - 1]!;
    expect(hello.servername).toBe("teleport.cluster.local");
    expect(hello.protocols).toEqual([
      `teleport-auth@${Buffer.from("sim.example").toString("hex")}.teleport.cluster.local`,
      "h2",
    ]);
    expect(hello.peerCn).toBe("alice");
  });

  it("refuses an auth server whose certificate is not from the identity's CAs", async () => {
    const auth = new AuthClient({
      addr: `127.0.0.1:${port}`,
      clusterName: "sim.example",
      clientVersion: "17.3.4",
      ...client,
      caPems: [strangerCa],
    });
    try {
      const failure = await auth.json("/sim.auth.v1.ResourceService/Ping", {}).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isRpcFailure(failure) && failure.code).toBe(status.UNAVAILABLE);
    } finally {
      auth.close();
    }
  });
});

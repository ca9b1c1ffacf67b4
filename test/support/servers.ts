// Small loopback servers used by installer tests: a `/webapi/find` endpoint and an HTTP CONNECT proxy.
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import * as net from "node:net";
import { type CertificateAuthority, issueLoopbackServerCertificate } from "../sim/common/pki.js";

export interface Stoppable {
  stop(): Promise<void>;
}

function trackSockets(server: net.Server): () => void {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return () => {
    for (const s of sockets) s.destroy();
  };
}

/** A proxy that answers `/webapi/find` with the given JSON (field names: B22). */
export async function startFindServer(
  ca: CertificateAuthority,
  find: () => unknown,
): Promise<Stoppable & { address: string; requests: string[] }> {
  const cert = await issueLoopbackServerCertificate(ca);
  const requests: string[] = [];
  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/webapi/find") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(find()));
    } else {
      res.writeHead(404).end();
    }
  });
  const destroy = trackSockets(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    requests,
    stop: async () => {
      destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An HTTP CONNECT proxy that sends every tunnel to 127.0.0.1, whatever host the client named. */
export async function startConnectProxy(): Promise<Stoppable & { url: string; connects: string[] }> {
  const connects: string[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client: Socket, head) => {
    connects.push(req.url ?? "");
    const port = Number((req.url ?? "").split(":").pop());
    const upstream = net.connect(port, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
  });
  const destroy = trackSockets(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    stop: async () => {
      destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

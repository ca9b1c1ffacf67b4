// The proxy's ALPN routing and the web API's discovery JSON.
// Facts: B20 (ALPN/SNI strings), B21 (one mutual-TLS handshake with
// Auth, Host CA certificate with SAN teleport.cluster.local), B22 (find/ping JSON), B23 (client recipe).
import * as net from "node:net";
import * as tls from "node:tls";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster, type SimCluster } from "../cluster/cluster.js";
import { type IssuedIdentity, issueIdentity } from "../cluster/identity.js";
import { resourceServiceDefinition, resourceServiceHandlers } from "../cluster/resources.js";
import { createClock } from "../common/clock.js";
import { GrpcCode } from "../common/errors.js";
import {
  type CertificateAuthority,
  createCertificateAuthority,
  issueLoopbackServerCertificate,
} from "../common/pki.js";
import { CallGate, type SimSettings } from "../control/control.js";
import {
  authAlpnProtocol,
  type ClusterProxy,
  createUnaryClient,
  encodeClusterName,
  routeFor,
  startClusterProxy,
} from "./proxy.js";
import { createWebApi, pingResponse } from "./webapi.js";

const clock = createClock();
const settings: SimSettings = {
  delayMs: 0,
  entitlement: true,
  mfaRequired: false,
  childBotVerbs: [],
  childListenDelayMs: 0,
  unknownFields: "drop",
  cacheLagGets: 0,
  distance: { rttMs: 0, tctlStartupMs: 0, tbotStartupMs: 0 },
};
let webCa: CertificateAuthority;
let a: SimCluster;
let b: SimCluster;
let proxy: ClusterProxy;
let identityA: IssuedIdentity;
let identityB: IssuedIdentity;

async function start(cluster: SimCluster): Promise<ClusterProxy> {
  const server = new grpc.Server();
  server.addService(
    resourceServiceDefinition(),
    resourceServiceHandlers({ cluster, clock, settings, secrets: new Set() }, new CallGate(clock)),
  );
  const p = await startClusterProxy({
    cluster,
    webCert: await issueLoopbackServerCertificate(webCa),
    grpcServer: server,
    web: createWebApi(cluster),
  });
  cluster.proxyAddress = p.address;
  return p;
}

beforeAll(async () => {
  webCa = await createCertificateAuthority("test web CA");
  [a, b] = await Promise.all([
    createCluster({ name: "alpha.teleport.sh", version: "18.2.0" }),
    createCluster({ name: "beta.teleport.sh", version: "18.2.0" }),
  ]);
  proxy = await start(a);
  [identityA, identityB] = await Promise.all([
    issueIdentity(a, { user: "bot-alpha", roles: ["editor"] }),
    issueIdentity(b, { user: "bot-beta", roles: ["editor"] }),
  ]);
});

afterAll(async () => {
  await proxy?.close();
  clock.stop();
});

interface Handshake {
  alpn: string | false | null;
  peer: tls.PeerCertificate;
  authorized: boolean;
}

function handshake(options: tls.ConnectionOptions, port = proxy.port): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, ...options }, () => {
      const result = {
        alpn: socket.alpnProtocol,
        peer: socket.getPeerCertificate(),
        authorized: socket.authorized,
      };
      socket.destroy();
      resolve(result);
    });
    socket.setTimeout(3000, () => socket.destroy(new Error("timeout")));
    socket.on("error", reject);
  });
}

/** A plain HTTP/1.1 GET over TLS; trusts the web CA. */
function httpGet(
  path: string,
  alpn?: string[],
): Promise<{ status: number; body: string; alpn: string | false | null }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: "127.0.0.1", port: proxy.port, ca: webCa.certPem, ...(alpn ? { ALPNProtocols: alpn } : {}) },
      () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      const [head = "", body = ""] = text.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), body, alpn: socket.alpnProtocol });
    });
    socket.setTimeout(3000, () => socket.destroy(new Error("timeout")));
    socket.on("error", reject);
  });
}

const authOptions = (
  identity?: IssuedIdentity,
  alpn = [authAlpnProtocol(a.name), "h2"],
): tls.ConnectionOptions => ({
  servername: "teleport.cluster.local",
  ALPNProtocols: alpn,
  ca: a.hostCa.certPem,
  ...(identity ? { cert: identity.tlsCertPem, key: identity.keyPem } : {}),
});

function pingClient(identity: IssuedIdentity | undefined) {
  return createUnaryClient(resourceServiceDefinition(), {
    address: proxy.address,
    clusterName: a.name,
    caPems: [a.hostCa.certPem],
    ...(identity ? { certPem: identity.tlsCertPem, keyPem: identity.keyPem } : {}),
    timeoutMs: 3000,
  });
}

describe("ALPN names (fact: B20)", () => {
  it("encodes cluster names as hex + .teleport.cluster.local", () => {
    expect(encodeClusterName("a.b")).toBe("612e62.teleport.cluster.local");
    expect(authAlpnProtocol("a.b")).toBe("teleport-auth@612e62.teleport.cluster.local");
  });

  it("routes only this cluster's auth protocol offered first with h2", () => {
    expect(routeFor("a.b", ["teleport-auth@612e62.teleport.cluster.local", "h2"])).toBe("auth");
    expect(routeFor("a.b", ["h2", "teleport-auth@612e62.teleport.cluster.local"])).toBeUndefined();
    expect(routeFor("a.b", ["teleport-auth@612e62.teleport.cluster.local"])).toBeUndefined();
    expect(routeFor("a.b", ["teleport-auth@teleport.cluster.local", "h2"])).toBeUndefined();
    expect(routeFor("a.b", ["http/1.1"])).toBe("web");
    expect(routeFor("a.b", ["h2", "http/1.1"])).toBe("web");
  });
});

describe("auth route: one mutual-TLS handshake with Auth (fact: B21, B23)", () => {
  it("serves the Host CA certificate for teleport.cluster.local and negotiates h2", async () => {
    const hs = await handshake(authOptions(identityA));
    expect(hs.authorized).toBe(true);
    expect(hs.alpn).toBe("h2");
    expect(hs.peer.subjectaltname).toContain("DNS:teleport.cluster.local");
  });

  it("carries gRPC with the caller taken from the client certificate", async () => {
    const client = pingClient(identityA);
    try {
      await expect(client.call("Ping", {})).resolves.toEqual({
        cluster_name: "alpha.teleport.sh",
        server_version: "18.2.0",
        user: "bot-alpha",
        roles: ["editor"],
        unknown_fields: "drop",
      });
    } finally {
      client.close();
    }
  });

  it("refuses a connection without a client certificate", async () => {
    const before = proxy.refused;
    const client = pingClient(undefined);
    try {
      await expect(client.call("Ping", {})).rejects.toMatchObject({ code: GrpcCode.UNAVAILABLE });
    } finally {
      client.close();
    }
    expect(proxy.refused).toBeGreaterThan(before);
  });

  it("refuses a client certificate from another cluster's CA", async () => {
    const before = proxy.refused;
    const client = pingClient(identityB);
    try {
      await expect(client.call("Ping", {})).rejects.toMatchObject({ code: GrpcCode.UNAVAILABLE });
    } finally {
      client.close();
    }
    expect(proxy.refused).toBeGreaterThan(before);
  });

  it("refuses another cluster's encoded name in the handshake", async () => {
    await expect(handshake(authOptions(identityA, [authAlpnProtocol(b.name), "h2"]))).rejects.toThrow(
      /no application protocol/,
    );
  });

  it("refuses h2 alone and unknown protocols", async () => {
    await expect(handshake(authOptions(identityA, ["h2"]))).rejects.toThrow(/no application protocol/);
    await expect(handshake(authOptions(identityA, ["spdy/3"]))).rejects.toThrow(/no application protocol/);
  });
});

describe("web route (fact: B22)", () => {
  it("serves the web certificate for 127.0.0.1 and /webapi/find with Teleport's field names", async () => {
    const hs = await handshake({ ca: webCa.certPem, ALPNProtocols: ["http/1.1"] });
    expect(hs.authorized).toBe(true);
    expect(hs.peer.subjectaltname).toContain("IP Address:127.0.0.1");
    const res = await httpGet("/webapi/find", ["http/1.1"]);
    expect(res.status).toBe(200);
    expect(res.alpn).toBe("http/1.1");
    const find = JSON.parse(res.body);
    expect(Object.keys(find).sort()).toEqual(
      [
        "auth",
        "auto_update",
        "cluster_name",
        "edition",
        "fips",
        "min_client_version",
        "proxy",
        "server_version",
      ].sort(),
    );
    expect(find.auth).toEqual({ signature_algorithm_suite: "balanced-v1" });
    expect(find.cluster_name).toBe("alpha.teleport.sh");
    expect(find.edition).toBe("ent");
    expect(find.fips).toBe(false);
    expect(find.server_version).toBe("18.2.0");
    expect(find.proxy.tls_routing_enabled).toBe(true);
    expect(find.proxy.ssh.public_addr).toBe(proxy.address);
    expect(Object.keys(find.auto_update).sort()).toEqual(
      [
        "agent_auto_update",
        "agent_update_jitter_seconds",
        "agent_version",
        "tools_auto_update",
        "tools_version",
      ].sort(),
    );
    expect(find.auto_update.tools_version).toBe("18.2.0");
  });

  it("serves /webapi/ping with the full auth block, also without ALPN", async () => {
    const res = await httpGet("/webapi/ping");
    expect(res.alpn).toBe(false);
    const ping = JSON.parse(res.body);
    expect(ping.auth.signature_algorithm_suite).toBe("balanced-v1");
    expect(ping.auth.second_factor).toBeDefined();
    expect(ping.automatic_upgrades).toBe(true);
  });

  it("reports the legacy suite for an RSA cluster and the oldest supported client", () => {
    const rsa = { ...a, keyAlgorithm: "rsa", version: "17.5.1" } as SimCluster;
    expect(pingResponse(rsa, false)).toMatchObject({
      auth: { signature_algorithm_suite: "legacy" },
      min_client_version: "16.0.0",
    });
  });
});

describe("lifecycle (everything on loopback, torn down by the test)", () => {
  it("resets connections while not accepting and refuses them after close", async () => {
    const p = await start(b);
    p.accepting = false;
    await expect(handshake({ ca: webCa.certPem }, p.port)).rejects.toThrow(/ECONNRESET|socket disconnected/);
    p.accepting = true;
    await expect(handshake({ ca: webCa.certPem }, p.port)).resolves.toMatchObject({ authorized: true });
    // An open connection does not keep close() waiting; it is destroyed.
    const open = net.connect(p.port, "127.0.0.1");
    await new Promise((r) => open.once("connect", r));
    const closed = new Promise((r) => open.once("close", r));
    await p.close();
    await closed;
    await expect(handshake({ ca: webCa.certPem }, p.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

// A cluster's web API on the proxy's `http/1.1` route: discovery (`/webapi/find`, `/webapi/ping`), the
// automatic-upgrades channel, and the simulator's join endpoints.
// fact: B22 and B75.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type SimCluster, signatureAlgorithmSuite } from "../cluster/cluster.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The oldest client a server accepts: one major version back. */
export function minClientVersion(version: string): string {
  const major = Number.parseInt(version, 10);
  return Number.isFinite(major) && major > 0 ? `${major - 1}.0.0` : "0.0.0";
}

/**
 * The PingResponse JSON. `find` carries only `signature_algorithm_suite` under `auth`; `ping` has the full
 * auth block and `automatic_upgrades`. fact: B22.
 */
export function pingResponse(cluster: SimCluster, full: boolean): Record<string, unknown> {
  const addr = cluster.proxyAddress;
  const suite = signatureAlgorithmSuite(cluster.keyAlgorithm);
  const auth = full
    ? {
        // assumption: a Cloud tenant's local auth settings with MFA on.
        type: "local",
        second_factor: "on",
        preferred_local_mfa: "webauthn",
        allow_passwordless: true,
        allow_headless: true,
        local: { name: "" },
        webauthn: { rp_id: addr.replace(/:\d+$/, "") },
        private_key_policy: "none",
        device_trust: { disabled: false, auto_enroll: false },
        has_motd: false,
        load_all_cas: false,
        default_session_ttl: 43_200_000_000_000,
        signature_algorithm_suite: suite,
      }
    : { signature_algorithm_suite: suite };
  return {
    auth,
    proxy: {
      kube: { enabled: false },
      ssh: {
        listen_addr: "0.0.0.0:3023",
        tunnel_listen_addr: "0.0.0.0:3024",
        web_listen_addr: "0.0.0.0:3080",
        public_addr: addr,
        ssh_public_addr: addr,
        ssh_tunnel_public_addr: addr,
      },
      db: {},
      tls_routing_enabled: true,
    },
    server_version: cluster.version,
    min_client_version: minClientVersion(cluster.version),
    cluster_name: cluster.name,
    ...(full ? { automatic_upgrades: true } : {}),
    edition: "ent",
    fips: false,
    auto_update: {
      tools_version: cluster.version,
      tools_auto_update: true,
      agent_version: cluster.version,
      agent_auto_update: false,
      agent_update_jitter_seconds: 60,
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

const UPGRADES = /^\/v1\/webapi\/automaticupgrades\/channel\/(.+)\/(version|critical)$/;

export function createWebApi(cluster: SimCluster, extra: RouteHandler[] = []): RequestListener {
  return (req, res) => {
    for (const handle of extra) if (handle(req, res)) return;
    const path = new URL(req.url ?? "/", "https://127.0.0.1").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendJson(res, 405, { error: { message: `method ${req.method} not allowed` } });
    }
    if (path === "/webapi/find") return sendJson(res, 200, pingResponse(cluster, false));
    if (path === "/webapi/ping" || path.startsWith("/webapi/ping/"))
      return sendJson(res, 200, pingResponse(cluster, true));
    if (path.startsWith("/v1/webapi/automaticupgrades/")) {
      const m = UPGRADES.exec(path);
      if (!m) {
        return sendText(
          res,
          400,
          "path format should be /webapi/automaticupgrades/channel/<channel>/{version,critical}",
        );
      }
      // assumption: every channel serves the cluster version and nothing is critical.
      return sendText(res, 200, m[2] === "version" ? `v${cluster.version}` : "no");
    }
    // assumption: Teleport's web API answers unknown paths with 404 and a JSON error.
    return sendJson(res, 404, { error: { message: "not found" } });
  };
}

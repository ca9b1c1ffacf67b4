// HTTPS the way a Go program does it: trust comes from SSL_CERT_FILE / SSL_CERT_DIR or the system bundle
// (Go ignores NODE_EXTRA_CA_CERTS, so the stand-ins do too), and failures read like Go's net/http errors.
// The web port is reached with ALPN `http/1.1` (wire.ts: "Transport for joining").
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as https from "node:https";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { badParameter, connectionProblem, fromCodeName, type TraceError, traceError } from "./trace.js";

// Go's crypto/x509 root locations on Linux, in its order.
const GO_CERT_FILES = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem",
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

function readDirCerts(dir: string): string[] {
  try {
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => {
        try {
          return statSync(path).isFile();
        } catch {
          return false;
        }
      })
      .map((path) => readFileSync(path, "utf8"))
      .filter((text) => text.includes("-----BEGIN CERTIFICATE-----"));
  } catch {
    return [];
  }
}

/**
 * The root CAs Go's SystemCertPool would load. With SSL_CERT_FILE set, only that file (plus SSL_CERT_DIR);
 * otherwise the first system bundle that exists.
 * assumption: without SSL_CERT_FILE and without any system bundle the stand-in falls back to Node's
 * bundled Mozilla roots, and it does not scan the default certificate directories.
 */
export function goSystemRoots(env: Readonly<Record<string, string | undefined>>): string[] {
  const roots: string[] = [];
  const file = env["SSL_CERT_FILE"];
  if (file) {
    try {
      roots.push(readFileSync(file, "utf8"));
    } catch {
      // Go skips an unreadable SSL_CERT_FILE and ends up with no roots from it.
    }
  } else {
    const found = GO_CERT_FILES.find((path) => existsSync(path));
    if (found) roots.push(readFileSync(found, "utf8"));
    else roots.push(...rootCertificates);
  }
  for (const dir of (env["SSL_CERT_DIR"] ?? "").split(":").filter((d) => d !== ""))
    roots.push(...readDirCerts(dir));
  // An empty list trusts nothing (Node only falls back to its own store when `ca` is absent).
  return roots;
}

/** Go's text for a TLS/socket failure, as net/http wraps it: `Get "URL": <cause>`. */
export function goTransportError(method: string, url: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException & { host?: string; reason?: string };
  const { hostname, port } = new URL(url);
  const addr = `${hostname}:${port || "443"}`;
  let cause: string;
  switch (e.code) {
    case "ECONNREFUSED":
      cause = `dial tcp ${addr}: connect: connection refused`;
      break;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      cause = `dial tcp: lookup ${hostname}: no such host`;
      break;
    case "ECONNRESET":
      cause = "read: connection reset by peer";
      break;
    case "ETIMEDOUT":
    case "SIM_TIMEOUT":
      cause = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
      break;
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      cause = "tls: failed to verify certificate: x509: certificate signed by unknown authority";
      break;
    case "CERT_HAS_EXPIRED":
    case "CERT_NOT_YET_VALID":
      cause = "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
      break;
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      cause = `tls: failed to verify certificate: x509: ${e.reason ?? "certificate is not valid for this host"}`;
      break;
    default:
      cause = e.message ?? String(err);
  }
  const verb = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
  return `${verb} "${url}": ${cause}`;
}

export interface WebClientOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Skip verification of the server certificate (tctl --insecure, tbot `insecure: true`). */
  insecure?: boolean;
  timeoutMs?: number;
}

export interface WebResponse {
  status: number;
  body: string;
}

/** One HTTPS request; transport failures are ConnectionProblem errors with Go's wording. */
export function webRequest(
  method: "GET" | "POST",
  url: string,
  options: WebClientOptions & { headers?: Record<string, string>; body?: string },
): Promise<WebResponse> {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:") {
    return Promise.reject(
      badParameter(`unsupported protocol scheme ${JSON.stringify(parsed.protocol.slice(0, -1))}`),
    );
  }
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => reject(connectionProblem(goTransportError(method, url, err), String(err)));
    const requestOptions: https.RequestOptions & { ALPNProtocols: string[] } = {
      method,
      headers: {
        "User-Agent": "Go-http-client/1.1",
        ...(options.body !== undefined ? { "Content-Length": String(Buffer.byteLength(options.body)) } : {}),
        ...options.headers,
      },
      ca: options.insecure ? undefined : goSystemRoots(options.env),
      rejectUnauthorized: !options.insecure,
      ALPNProtocols: ["http/1.1"],
      agent: false,
      timeout: options.timeoutMs ?? 30_000,
    };
    const req = https.request(url, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", fail);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "SIM_TIMEOUT" })));
    req.on("error", fail);
    req.end(options.body);
  });
}

/**
 * An error answer from a Teleport web endpoint: `{"error":{"code","message"}}` (wire.ts WebErrorBody),
 * or trace's older `{"error":{"message"}}` shape; anything else keeps the HTTP status text.
 */
export function webError(response: WebResponse): TraceError {
  try {
    const body = JSON.parse(response.body) as {
      error?: { code?: string; message?: string } | string;
      message?: string;
    };
    if (body.error && typeof body.error === "object" && body.error.message) {
      if (body.error.code) return fromCodeName(body.error.code, body.error.message);
      return traceError(kindOfHttpStatus(response.status), body.error.message);
    }
    if (typeof body.message === "string") return traceError(kindOfHttpStatus(response.status), body.message);
  } catch {
    // not JSON
  }
  return traceError(
    kindOfHttpStatus(response.status),
    `unexpected status code ${response.status}: ${response.body.trim()}`,
  );
}

/** trace.ReadError's status mapping. */
function kindOfHttpStatus(status: number): TraceError["kind"] {
  if (status === 400) return "BadParameter";
  if (status === 401 || status === 403) return "AccessDenied";
  if (status === 404) return "NotFound";
  if (status === 409) return "AlreadyExists";
  if (status === 412) return "CompareFailed";
  if (status === 429) return "LimitExceeded";
  if (status === 501) return "NotImplemented";
  if (status === 502 || status === 503 || status === 504) return "ConnectionProblem";
  return "Unknown";
}

/** The parts of the PingResponse of `/webapi/find` the stand-ins use (fact: B22). */
export interface FindResponse {
  cluster_name: string;
  server_version?: string;
  edition?: string;
  fips?: boolean;
  auth?: { signature_algorithm_suite?: string | number };
  proxy?: { tls_routing_enabled?: boolean };
}

/** webclient.Find: `GET https://<proxy>/webapi/find`. */
export async function findProxy(addr: string, options: WebClientOptions): Promise<FindResponse> {
  const response = await webRequest("GET", `https://${addr}/webapi/find`, options);
  if (response.status !== 200) throw webError(response);
  let parsed: FindResponse;
  try {
    parsed = JSON.parse(response.body) as FindResponse;
  } catch (err) {
    throw badParameter(`invalid character in /webapi/find response: ${(err as Error).message}`);
  }
  if (typeof parsed.cluster_name !== "string" || parsed.cluster_name === "") {
    throw badParameter("/webapi/find response has no cluster_name");
  }
  return parsed;
}

/** POST of a JSON body to a web endpoint; answers with the parsed JSON or the endpoint's trace error. */
export async function postJson<T>(
  addr: string,
  path: string,
  body: unknown,
  options: WebClientOptions,
): Promise<T> {
  const response = await webRequest("POST", `https://${addr}${path}`, {
    ...options,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status < 200 || response.status > 299) throw webError(response);
  return JSON.parse(response.body) as T;
}

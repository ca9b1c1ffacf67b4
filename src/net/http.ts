// The one place that makes HTTP requests. It uses @actions/http-client's agent selection so that
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY work as they do for every other action on a self-hosted runner,
// and Node's own TLS (which honours NODE_EXTRA_CA_CERTS).
import type { IncomingHttpHeaders } from "node:http";
import * as http from "node:http";
import * as https from "node:https";
import type { Readable } from "node:stream";
import { HttpClient } from "@actions/http-client";
import { TransientError } from "../util/retry.js";

interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

interface HttpGetOptions {
  /** Time allowed until the response headers arrive. The body has its own stall timer (see the caller). */
  headersTimeoutMs: number;
  signal?: AbortSignal;
  accept?: string;
}

export interface Http {
  get(url: URL, options: HttpGetOptions): Promise<HttpResponse>;
}

const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);

/** Network-level failures (no HTTP answer at all) are transient. */
export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (
    error instanceof TransientError ||
    (code !== undefined && TRANSIENT_CODES.has(code)) ||
    /socket hang up/i.test(String((error as Error)?.message))
  );
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export interface HttpOptions {
  userAgent?: string;
  /** Extra trusted CA PEM for direct connections; the action itself relies on NODE_EXTRA_CA_CERTS. */
  ca?: string;
}

export function createHttp(options: HttpOptions = {}): Http {
  const userAgent = options.userAgent ?? "teleport-workload-cluster-action";
  const client = new HttpClient(userAgent);
  const tls = options.ca ? { ca: options.ca } : {};
  return {
    get(url, options) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const mod = url.protocol === "https:" ? https : http;
        const agent = client.getAgent(url.href);
        const req = mod.get(url, {
          agent,
          ...tls,
          headers: { "user-agent": userAgent, accept: options.accept ?? "*/*" },
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const timer = setTimeout(() => {
          req.destroy(
            new TransientError(
              `no response from ${url.host} within ${Math.round(options.headersTimeoutMs / 1000)}s`,
            ),
          );
        }, options.headersTimeoutMs);
        req.once("response", (res) => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
        });
        req.once("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    },
  };
}

/**
 * Reads a small body fully (JSON documents, checksum files), bounded in size and time so that a
 * misbehaving server can neither exhaust memory nor hang the step.
 */
export async function readSmallBody(
  body: Readable,
  limitBytes = 1 << 20,
  timeoutMs = 30_000,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(
    () => body.destroy(new TransientError(`response body not complete after ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) {
        body.destroy();
        throw new Error(`response larger than ${limitBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

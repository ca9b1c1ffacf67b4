// Teleport's unauthenticated discovery endpoint. fact: B22 and B75:
// `GET https://<proxy>/webapi/find` returns cluster_name, server_version, edition, fips, auto_update and proxy
// settings (tls_routing_enabled).
import { type Http, isTransientNetworkError, isTransientStatus, readSmallBody } from "../net/http.js";
import { type RetryClock, type RetryPolicy, retry, TransientError } from "../util/retry.js";
import { normalizeReportedVersion } from "./release.js";

export interface ProxyAddress {
  host: string;
  port: number;
}

export function formatProxyAddress(proxy: ProxyAddress): string {
  return proxy.host.includes(":") ? `[${proxy.host}]:${proxy.port}` : `${proxy.host}:${proxy.port}`;
}

/** `tenant.teleport.sh`, `tenant.teleport.sh:443` or `https://tenant.teleport.sh[:443][/]`; the port defaults to 443. */
export function parseProxyAddress(value: string): ProxyAddress {
  const raw = value.trim();
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(
      `"${value}" is not a proxy address; expected host[:port], e.g. "example.teleport.sh:443"`,
    );
  }
  if (
    url.protocol !== "https:" ||
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.username
  ) {
    throw new Error(
      `"${value}" is not a proxy address; expected host[:port], e.g. "example.teleport.sh:443"`,
    );
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : 443 };
}

/**
 * A workload cluster's `status.domain` as the proxy address tools dial. A real domain has no port
 * (`child.teleport.sh`, fact: B17), so 443 is added, by the same rule as the
 * `proxy` input; a domain that carries a port keeps it.
 */
export function proxyOfDomain(domain: string): ProxyAddress {
  return parseProxyAddress(domain);
}

export interface ProxyFind {
  clusterName: string;
  serverVersion: string;
  /** The recommended client tools version (auto_update.tools_version), when the proxy sets one. */
  toolsVersion?: string;
  edition: string;
  fips: boolean;
  tlsRoutingEnabled: boolean;
}

function parseFindResponse(json: unknown): ProxyFind {
  const body = json as Record<string, unknown> | null;
  if (!body || typeof body !== "object") throw new Error("the answer is not a JSON object");
  const serverVersion = typeof body.server_version === "string" ? body.server_version : "";
  const autoUpdate = (body.auto_update ?? {}) as Record<string, unknown>;
  const proxy = (body.proxy ?? {}) as Record<string, unknown>;
  const toolsVersion = typeof autoUpdate.tools_version === "string" ? autoUpdate.tools_version : "";
  return {
    clusterName: typeof body.cluster_name === "string" ? body.cluster_name : "",
    serverVersion: normalizeReportedVersion(serverVersion) ?? serverVersion,
    ...(toolsVersion ? { toolsVersion: normalizeReportedVersion(toolsVersion) ?? toolsVersion } : {}),
    edition: typeof body.edition === "string" ? body.edition : "",
    fips: body.fips === true,
    tlsRoutingEnabled: proxy.tls_routing_enabled === true,
  };
}

const FIND_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  deadlineMs: 60_000,
};

export interface FindOptions {
  policy?: RetryPolicy;
  clock?: RetryClock;
  requestTimeoutMs?: number;
  log?: (message: string) => void;
  /** Stops the request and the retries when the action is cancelled. */
  signal?: AbortSignal;
}

export async function findProxy(
  http: Http,
  proxy: ProxyAddress,
  options: FindOptions = {},
): Promise<ProxyFind> {
  const address = formatProxyAddress(proxy);
  const url = new URL(`https://${address}/webapi/find`);
  try {
    return await retry(
      async () => {
        let res: Awaited<ReturnType<Http["get"]>>;
        try {
          res = await http.get(url, {
            headersTimeoutMs: options.requestTimeoutMs ?? 15_000,
            accept: "application/json",
            ...(options.signal ? { signal: options.signal } : {}),
          });
        } catch (error) {
          if (isTransientNetworkError(error)) throw new TransientError((error as Error).message);
          throw error;
        }
        const text = await readSmallBody(res.body);
        if (isTransientStatus(res.status)) throw new TransientError(`HTTP ${res.status}`);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new Error("the answer is not JSON; is this a Teleport proxy address?");
        }
        return parseFindResponse(json);
      },
      {
        policy: options.policy ?? FIND_RETRY,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onRetry: ({ attempt, attempts, delayMs, error }) =>
          options.log?.(
            `GET ${url.href} failed (${(error as Error).message}); attempt ${attempt} of ${attempts}, retrying in ${delayMs} ms`,
          ),
      },
    );
  } catch (error) {
    throw new Error(
      `Could not read ${url.href} from the Teleport proxy "${address}": ${(error as Error).message}`,
    );
  }
}

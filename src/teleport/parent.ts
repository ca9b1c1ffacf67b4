// Chooses and opens the transport to the parent cluster's WorkloadClusterService.
// `grpc`: the direct client (the default); `tctl`: the tctl binary; `auto`: gRPC, and tctl only when
// no gRPC connection could be made at all. Any answer from the server, even an error, proves gRPC works,
// so errors after a connection are the caller's to handle, never a reason to switch transports.
import { readFile as readFileFromDisk } from "node:fs/promises";
import { TeleportApiError } from "../core/errors.js";
import type { Http } from "../net/http.js";
import type { Exec } from "../util/exec.js";
import type { Logger } from "../util/log.js";
import { ConnectFailure } from "./grpc/channel.js";
import { GrpcParentApi } from "./grpc/client.js";
import { type Identity, parseIdentityFile } from "./identity.js";
import { Tctl } from "./tctl.js";
import { TctlParentApi } from "./tctl-workload-clusters.js";
import {
  type FindOptions,
  findProxy,
  formatProxyAddress,
  type ProxyAddress,
  type ProxyFind,
} from "./webapi.js";

export type ParentApiMode = "auto" | "grpc" | "tctl";

export interface ConnectParentOptions {
  mode: ParentApiMode;
  proxy: ProxyAddress;
  /** Path of the identity file (tbot's `identity`, or one an earlier step wrote). */
  identityFile: string;
  /** The parent's cluster name; read from `/webapi/find` when absent. */
  clusterName?: string;
  /** Needed for mode `tctl`, and for `auto` to have something to fall back to. */
  tctlPath?: string;
  tempDir: string;
  exec: Exec;
  log: Logger;
  http: Http;
  /** Base environment for tctl (default process.env). */
  env?: NodeJS.ProcessEnv;
  readFile?: (file: string) => Promise<string>;
  now?: () => Date;
  /** Cancels running tctl processes and pending gRPC calls when the action is cancelled. */
  signal?: AbortSignal;
  grpc?: { connectTimeoutMs?: number; callTimeoutMs?: number; pageSize?: number };
  find?: FindOptions;
  /** The proxy's /webapi/find answer this run already read (the install's); asked for when absent. */
  found?: ProxyFind;
}

class ParentConnectError extends Error {
  override name = "ParentConnectError";
}

async function loadIdentity(options: ConnectParentOptions): Promise<Identity> {
  const read = options.readFile ?? ((file: string) => readFileFromDisk(file, "utf8"));
  let text: string;
  try {
    text = await read(options.identityFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ParentConnectError(
      `Cannot read the parent identity file ${options.identityFile}${code ? ` (${code})` : ""}`,
    );
  }
  let identity: Identity;
  try {
    identity = parseIdentityFile(text);
  } catch (error) {
    throw new ParentConnectError(
      `The parent identity file ${options.identityFile} is not usable: ${(error as Error).message}`,
    );
  }
  const now = options.now?.() ?? new Date();
  if (identity.expires.getTime() <= now.getTime()) {
    throw new ParentConnectError(
      `The parent identity in ${options.identityFile} (user ${identity.username || "unknown"}) expired at ${identity.expires.toISOString()}; produce a fresh one (e.g. run tbot) in the same job`,
    );
  }
  return identity;
}

function tctlApi(options: ConnectParentOptions, tctlPath: string): TctlParentApi {
  const tctl = new Tctl({
    tctlPath,
    proxy: options.proxy,
    identityFile: options.identityFile,
    exec: options.exec,
    env: options.env ?? process.env,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return new TctlParentApi(tctl, { tempDir: options.tempDir });
}

/** The parent's WorkloadClusterService over one transport; provision/parent-api.ts is the port it serves. */
export type ParentClient = GrpcParentApi | TctlParentApi;

export async function connectParent(options: ConnectParentOptions): Promise<ParentClient> {
  const address = formatProxyAddress(options.proxy);
  const identity = await loadIdentity(options);
  options.log.info(
    `Parent identity: user ${identity.username || "(no common name)"}, valid until ${identity.expires.toISOString()}`,
  );

  if (options.mode === "tctl") {
    if (!options.tctlPath)
      throw new ParentConnectError("parent-api is tctl, but no tctl binary is available");
    options.log.info(`Parent API: tctl (${options.tctlPath}) through ${address}`);
    return tctlApi(options, options.tctlPath);
  }

  /** No gRPC connection: tctl in `auto` mode when there is one, else a ConnectionProblem. */
  const fallback = (why: string, transient = false): ParentClient => {
    if (options.mode === "auto" && options.tctlPath) {
      options.log.warning(
        `Could not open a gRPC connection to the parent's Auth API through ${address}: ${why}. Falling back to tctl (${options.tctlPath}).`,
      );
      return tctlApi(options, options.tctlPath);
    }
    const hint = options.mode === "auto" ? " (no tctl is installed to fall back to)" : "";
    throw new TeleportApiError(
      "ConnectionProblem",
      `Cannot connect to the parent's Auth API through ${address}: ${why}${hint}`,
      transient,
    );
  };

  if (identity.caPems.length === 0) {
    return fallback("the identity file holds no TLS CA certificate to verify the Auth server with");
  }

  let clusterName = options.clusterName;
  let serverVersion: string | undefined;
  if (!clusterName) {
    let find: ProxyFind;
    try {
      find =
        options.found ??
        (await findProxy(options.http, options.proxy, {
          log: (m) => options.log.info(m),
          ...(options.signal ? { signal: options.signal } : {}),
          ...options.find,
        }));
    } catch (error) {
      // Without the cluster name there is no ALPN route to ask for; tctl discovers it on its own.
      return fallback((error as Error).message);
    }
    // fact: B21: the auth ALPN route needs TLS routing and the cluster name.
    if (!find.tlsRoutingEnabled) return fallback("the proxy reports that TLS routing is not enabled");
    if (!find.clusterName) return fallback("the proxy's /webapi/find answer has no cluster_name");
    clusterName = find.clusterName;
    serverVersion = find.serverVersion || undefined;
  }

  const api = new GrpcParentApi({
    proxy: options.proxy,
    clusterName,
    identity,
    // fact: B19: Go clients send their API version; ours speaks the server's own API.
    ...(serverVersion ? { clientVersion: serverVersion } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...options.grpc,
  });
  try {
    await api.connect();
  } catch (error) {
    await api.close();
    if (error instanceof ConnectFailure) return fallback(error.message, error.transient);
    throw error;
  }
  options.log.info(`Parent API: gRPC through ${address} (cluster ${clusterName})`);
  return api;
}

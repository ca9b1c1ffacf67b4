// startSimulator(): a Teleport Cloud tenant on 127.0.0.1 -- the parent cluster's TLS-routing proxy with the
// WorkloadClusterService, children per active workload cluster, GitHub OIDC + AWS STS on one HTTPS
// server, the control API, and (through a hook) the CDN mirror. Everything is torn down by stop().

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { createSts, type SimSts } from "./aws/sts.js";
import { simulatorMirror } from "./cdn/mirror.js";
import { addAuthApi } from "./cluster/auth-api.js";
import {
  createCluster,
  githubBotToken,
  iamBotToken,
  ruleRole,
  type SimCluster,
  seedBot,
} from "./cluster/cluster.js";
import {
  formatIdentityFile,
  type IssuedIdentity,
  issueBuiltinIdentity,
  issueIdentity,
} from "./cluster/identity.js";
import { resourceServiceDefinition, resourceServiceHandlers } from "./cluster/resources.js";
import { createClock, type SimClock } from "./common/clock.js";
import { SimError } from "./common/errors.js";
import {
  type CertificateAuthority,
  createCertificateAuthority,
  type IssuedCertificate,
  issueLoopbackServerCertificate,
  type KeyAlgorithm,
} from "./common/pki.js";
import {
  CallGate,
  SimControl,
  type SimDistance,
  type SimSettings,
  startControlServer,
  type ToolInvocation,
} from "./control/control.js";
import { JoinService } from "./join/join.js";
import { createOidcIssuer, type OidcIssuer } from "./join/oidc.js";
import {
  type ChildRuntime,
  KIND_WORKLOAD_CLUSTER,
  WorkloadClusterBackend,
  type WorkloadClusterSpecMsg,
  workloadClusterServiceDefinition,
} from "./parent/parent.js";
import { type ClusterProxy, startClusterProxy } from "./proxy/proxy.js";
import { createWebApi } from "./proxy/webapi.js";
import { RESOURCE_SERVICE } from "./proxy/wire.js";

export type { CallRecord, SimDistance, SimSettings, ToolInvocation } from "./control/control.js";
export { SimControl } from "./control/control.js";

export const DEFAULT_VERSION = "18.2.0";
export const DEFAULT_REPOSITORY = "example-org/teleport-workload-clusters";
/** fact: the guide's bot verbs on roles and users in a child (B56). */
export const DEFAULT_CHILD_BOT_VERBS = ["create", "read", "update"];
// assumption: the parent tenant's name, the admin bot, its role and its GitHub join token.
export const PARENT_CLUSTER_NAME = "sim-tenant.teleport.sh";
export const ADMIN_BOT = "workload-admin";
export const ADMIN_ROLE = "workload-cluster-admin";
export const PARENT_BOT_TOKEN = "gha-workload-admin";
/** assumption: the admin bot's second join token, for `parent-join-method: iam` (an IAM join). */
export const PARENT_IAM_TOKEN = "iam-workload-admin";
export const AWS_ACCOUNT = "111122223333";
export const AWS_ROLE_NAME = "teleport-workload-sync";
export const AWS_REGION = "us-west-2";

/** assumption: a workload cluster `<name>` becomes the cluster `<name>.teleport.sh`. */
export const childClusterName = (workloadCluster: string) => `${workloadCluster}.teleport.sh`;

export interface MirrorContext {
  /** The web CA the simulator's TLS certificates come from (trusted through NODE_EXTRA_CA_CERTS). */
  webCa: CertificateAuthority;
  dir: string;
  version: string;
  control: SimControl;
  clock: SimClock;
  /** To stamp into the stand-ins (tools/common/tool-settings.ts). */
  toolSettingsFile: string;
}

export interface MirrorHandle {
  url: string;
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  repository?: string;
  /** Simulated ms from create to `active` (default 1000). */
  delayMs?: number;
  version?: string;
  childBotVerbs?: string[];
  keyAlgorithm?: KeyAlgorithm;
  /** Forced maximum page size of ListWorkloadClusters. */
  pageSize?: number;
  /** Parent directory for the simulator's temp dir. */
  dir?: string;
  /** Admin-action MFA for non-bot users (default true, as on Cloud). */
  mfaRequired?: boolean;
  /** WorkloadClusters entitlement (default true). */
  entitlement?: boolean;
  /**
   * Whether tctl's decoder drops (default, B61) or refuses unknown role and user fields: not confirmed for
   * every version, so it is a setting (control op `unknown-fields`).
   */
  unknownFields?: "drop" | "reject";
  /** Round-trip time to every proxy and the stand-ins' extra start-up (default all 0; control op `distance`). */
  distance?: Partial<SimDistance>;
  /**
   * Where the stand-ins find the tool settings (default: in the simulator's temp dir). A benchmark that
   * caches a tarball across runs fixes it, as the path is stamped into the executables.
   */
  toolSettingsFile?: string;
  /** The CDN; default: simulatorMirror() with the stand-ins for `version`. false: no mirror. */
  mirror?: ((ctx: MirrorContext) => Promise<MirrorHandle>) | false;
}

/**
 * Exported beyond test/support/sim-contract.ts's SIM_CONTRACT_ENV (which this helper may not edit); that
 * list should gain these names.
 */
export const SIM_ENV_BEYOND_CONTRACT = ["TELEPORT_SIM_PARENT_IAM_TOKEN"] as const;

/** The variables the simulator exports (the issue's contract). Never TELEPORT_PROXY / TELEPORT_AUTH_SERVER. */
export type SimulatorEnv = Record<
  | "TELEPORT_SIM_PROXY"
  | "TELEPORT_SIM_MIRROR"
  | "TELEPORT_SIM_VERSION"
  | "TELEPORT_SIM_ADMIN_IDENTITY"
  | "TELEPORT_SIM_CONTROL"
  | "TELEPORT_SIM_PARENT_BOT_TOKEN"
  | "TELEPORT_SIM_PARENT_IAM_TOKEN"
  | "TELEPORT_SIM_REPOSITORY"
  | "TELEPORT_SIM_AWS_ACCOUNT"
  | "TELEPORT_SIM_AWS_ROLE_ARN"
  | "SSL_CERT_FILE"
  | "NODE_EXTRA_CA_CERTS"
  | "ACTIONS_ID_TOKEN_REQUEST_URL"
  | "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
  | "AWS_ENDPOINT_URL_STS"
  | "AWS_REGION",
  string
>;

export interface ClusterRuntime {
  cluster: SimCluster;
  proxy: ClusterProxy;
  address: string;
  join: JoinService;
  stop(): Promise<void>;
}

export interface Simulator {
  env: SimulatorEnv;
  control: SimControl;
  controlUrl: string;
  clock: SimClock;
  settings: SimSettings;
  gate: CallGate;
  parent: ClusterRuntime & { workloadClusters: WorkloadClusterBackend };
  /** The child of workload cluster `name` once provisioned. */
  child(name: string): Promise<ChildRuntime | undefined>;
  /** "parent", a cluster name or a workload cluster name. */
  findCluster(name: string): SimCluster | undefined;
  webCa: CertificateAuthority;
  issuer: OidcIssuer;
  sts: SimSts;
  /** The temp dir (removed by stop()). */
  dir: string;
  files: { webCaPem: string; adminIdentity: string };
  admin: IssuedIdentity;
  mirror?: MirrorHandle;
  /** Issues a user identity of a cluster (tests use it for RBAC cases). */
  issueUserIdentity(cluster: string, user: string, roles: string[]): Promise<IssuedIdentity>;
  /** A builtin (non-user) identity of a cluster, e.g. role `Proxy`. */
  issueBuiltinIdentity(cluster: string, role: string): Promise<IssuedIdentity>;
  /** Every secret the simulator handed out so far (for "no secret in any output" checks). */
  secrets(): string[];
  /** Every tctl and tbot stand-in process started so far, as each logged itself. */
  toolInvocations(): Promise<ToolInvocation[]>;
  /** Wall-clock ms startSimulator took. */
  startupMs: number;
  stop(): Promise<void>;
}

/** One request on a proxy's web route (wall-clock ms). */
export interface HttpRecord {
  cluster: string;
  method: string;
  /** Without the query string. */
  path: string;
  status?: number;
  startMs: number;
  endMs?: number;
}

const MAX_HTTP_RECORDS = 50_000;

/** Logs each request of a cluster's web API, for waterfalls built from the simulator's side. */
function loggedWeb(cluster: SimCluster, web: http.RequestListener, log: HttpRecord[]): http.RequestListener {
  return (req, res) => {
    const entry: HttpRecord = {
      cluster: cluster.name,
      method: req.method ?? "GET",
      path: (req.url ?? "/").split("?")[0]!,
      startMs: Date.now(),
    };
    if (log.length >= MAX_HTTP_RECORDS) log.shift();
    log.push(entry);
    res.once("close", () => {
      entry.status = res.statusCode;
      entry.endMs = Date.now();
    });
    web(req, res);
  };
}

interface RuntimeDeps {
  httpLog: HttpRecord[];
  webCert: IssuedCertificate;
  gate: CallGate;
  settings: SimSettings;
  clock: SimClock;
  issuer: OidcIssuer;
  sts: SimSts;
  secrets: Set<string>;
}

async function startClusterRuntime(
  cluster: SimCluster,
  deps: RuntimeDeps,
  options: { accepting?: boolean; extra?: (server: grpc.Server) => void } = {},
): Promise<ClusterRuntime> {
  const server = new grpc.Server();
  const services = { cluster, clock: deps.clock, settings: deps.settings, secrets: deps.secrets };
  server.addService(resourceServiceDefinition(), resourceServiceHandlers(services, deps.gate));
  addAuthApi(server, services, deps.gate);
  options.extra?.(server);
  const join = new JoinService({ cluster, clock: deps.clock, issuer: deps.issuer, sts: deps.sts });
  const proxy = await startClusterProxy({
    cluster,
    webCert: deps.webCert,
    grpcServer: server,
    web: loggedWeb(cluster, createWebApi(cluster, [join.handle]), deps.httpLog),
    accepting: options.accepting ?? true,
    rttMs: () => deps.settings.distance.rttMs,
  });
  cluster.proxyAddress = proxy.address;
  return { cluster, proxy, address: proxy.address, join, stop: () => proxy.close() };
}

/** One HTTPS server for the GitHub OIDC issuer and AWS STS. */
async function startAwsServer(
  webCert: IssuedCertificate,
  repository: string,
  roleArn: string,
): Promise<{ url: string; issuer: OidcIssuer; sts: SimSts; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let handlers: { issuer: OidcIssuer; sts: SimSts } | undefined;
  const server = https.createServer({ cert: webCert.certPem, key: webCert.keyPem }, (req, res) => {
    // STS only claims `POST /`; the issuer sits at the root and claims the rest.
    if (handlers && (handlers.sts.handle(req, res) || handlers.issuer.handle(req, res))) return;
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("Not Found\n");
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = await createOidcIssuer({ baseUrl: url, repository });
  // fact: the role trusts the repository's GitHub tokens with audience sts.amazonaws.com.
  const sts = createSts({
    issuer,
    roles: [{ arn: roleArn, trust: { sub: `repo:${repository}:*`, aud: "sts.amazonaws.com" } }],
  });
  handlers = { issuer, sts };
  return {
    url,
    issuer,
    sts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

interface ToolSettingsHandle {
  file: string;
  write(): Promise<void>;
  invocations(): Promise<ToolInvocation[]>;
  clear(): Promise<void>;
}

/** The stand-ins' settings file (tools/common/tool-settings.ts) and the log each process appends to. */
async function startToolSettings(
  file: string,
  dir: string,
  settings: SimSettings,
): Promise<ToolSettingsHandle> {
  const log = join(dir, "tool-invocations.jsonl");
  const handle: ToolSettingsHandle = {
    file,
    write: () =>
      writeFile(
        file,
        JSON.stringify({
          startupMs: { tctl: settings.distance.tctlStartupMs, tbot: settings.distance.tbotStartupMs },
          log,
        }),
      ),
    invocations: async () => {
      const text = await readFile(log, "utf8").catch(() => "");
      const byPid = new Map<number, ToolInvocation>();
      for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
        const entry = JSON.parse(line) as ToolInvocation & { event: string };
        const { event, ...rest } = entry;
        if (event === "start") byPid.set(entry.pid, rest);
        else Object.assign(byPid.get(entry.pid) ?? {}, rest);
      }
      return [...byPid.values()].sort((a, b) => a.startMs - b.startMs);
    },
    clear: () => writeFile(log, ""),
  };
  await handle.write();
  await handle.clear();
  return handle;
}

function registerDistanceOps(control: SimControl, settings: SimSettings, tools: ToolSettingsHandle): void {
  // assumption: the control op names and shapes.
  control.register("distance", async (args) => {
    const next = { ...settings.distance };
    for (const key of ["rttMs", "tctlStartupMs", "tbotStartupMs"] as const) {
      if (args[key] === undefined) continue;
      const value = Number(args[key]);
      if (!Number.isFinite(value) || value < 0)
        throw new SimError("BadParameter", `control: "${key}" must be a non-negative number`);
      next[key] = value;
    }
    settings.distance = next;
    await tools.write();
    return settings.distance;
  });
  control.register("tools/invocations", () => tools.invocations());
  control.register("tools/invocations/clear", async () => {
    await tools.clear();
    return {};
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const started = Date.now();
  const repository = options.repository ?? DEFAULT_REPOSITORY;
  const version = options.version ?? DEFAULT_VERSION;
  const keyAlgorithm = options.keyAlgorithm ?? "ecdsa";
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), "teleport-sim-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => rm(dir, { recursive: true, force: true })];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch {
        // Keep tearing down the rest.
      }
    }
  };

  try {
    const clock = createClock();
    cleanups.push(() => clock.stop());
    const settings: SimSettings = {
      delayMs: options.delayMs ?? 1000,
      entitlement: options.entitlement ?? true,
      mfaRequired: options.mfaRequired ?? true,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      childBotVerbs: [...(options.childBotVerbs ?? DEFAULT_CHILD_BOT_VERBS)],
      childListenDelayMs: 0,
      cacheLagGets: 0,
      unknownFields: options.unknownFields ?? "drop",
      distance: { rttMs: 0, tctlStartupMs: 0, tbotStartupMs: 0, ...options.distance },
    };
    const gate = new CallGate(clock);
    const secrets = new Set<string>();

    const [webCa, parentCluster] = await Promise.all([
      createCertificateAuthority("Teleport simulator web CA"),
      createCluster({ name: PARENT_CLUSTER_NAME, version, keyAlgorithm }),
    ]);
    const webCert = await issueLoopbackServerCertificate(webCa);
    const roleArn = `arn:aws:iam::${AWS_ACCOUNT}:role/${AWS_ROLE_NAME}`;
    const aws = await startAwsServer(webCert, repository, roleArn);
    cleanups.push(() => aws.close());
    const httpLog: HttpRecord[] = [];
    const deps: RuntimeDeps = {
      httpLog,
      webCert,
      gate,
      settings,
      clock,
      issuer: aws.issuer,
      sts: aws.sts,
      secrets,
    };

    // Children, by workload cluster name and by cluster name.
    const children = new Map<string, SimCluster>();
    const provision = async (wc: { name: string; spec: WorkloadClusterSpecMsg }): Promise<ChildRuntime> => {
      const cluster = await createCluster({ name: childClusterName(wc.name), version, keyAlgorithm });
      const botName = wc.spec.bot?.name;
      if (botName) {
        // fact: the bot, its join token and its role are all named spec.bot.name (B59).
        // assumption: Cloud's labels on this role are unknown (B59), so it carries none.
        cluster.put(ruleRole(botName, ["role", "user"], settings.childBotVerbs));
        cluster.seededBot = botName;
        seedBot(cluster, { name: botName, roles: [botName] });
        const token = iamBotToken(botName, botName, wc.spec.token?.allow ?? []);
        if (wc.spec.token?.join_method)
          (token.spec as { join_method: string }).join_method = wc.spec.token.join_method;
        cluster.put(token);
      }
      const runtime = await startClusterRuntime(cluster, deps, { accepting: false });
      children.set(wc.name, cluster);
      children.set(cluster.name, cluster);
      return {
        cluster,
        address: runtime.address,
        open: () => {
          runtime.proxy.accepting = true;
        },
        stop: async () => {
          children.delete(wc.name);
          children.delete(cluster.name);
          await runtime.stop();
        },
      };
    };

    const backend = new WorkloadClusterBackend({ cluster: parentCluster, clock, settings, provision });
    const parentRuntime = await startClusterRuntime(parentCluster, deps, {
      extra: (server) => server.addService(workloadClusterServiceDefinition(), backend.handlers(gate)),
    });
    cleanups.push(() => parentRuntime.stop());
    cleanups.push(() => backend.stop());

    // The admin bot: its role grants every workload_cluster verb; it joins with GitHub from the repository.
    parentCluster.put(
      ruleRole(ADMIN_ROLE, [KIND_WORKLOAD_CLUSTER], ["read", "list", "create", "update", "delete"]),
    );
    seedBot(parentCluster, { name: ADMIN_BOT, roles: [ADMIN_ROLE] });
    parentCluster.put(githubBotToken(PARENT_BOT_TOKEN, ADMIN_BOT, [{ repository }]));
    // The same bot joins by IAM with the role the simulated STS lets the repository assume.
    parentCluster.put(
      iamBotToken(PARENT_IAM_TOKEN, ADMIN_BOT, [
        { aws_account: AWS_ACCOUNT, aws_arn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/${AWS_ROLE_NAME}/*` },
      ]),
    );
    const admin = await issueIdentity(parentCluster, {
      user: `bot-${ADMIN_BOT}`,
      roles: [ADMIN_ROLE],
      algorithm: keyAlgorithm,
      ttlMs: 24 * 60 * 60 * 1000,
    });
    secrets.add(admin.keyPem.trim());
    secrets.add(aws.issuer.requestToken);

    const files = { webCaPem: join(dir, "web-ca.pem"), adminIdentity: join(dir, "admin-identity") };
    await writeFile(files.webCaPem, webCa.certPem, { mode: 0o644 });
    await writeFile(files.adminIdentity, formatIdentityFile(admin), { mode: 0o600 });
    await writeFile(join(dir, "parent-host-ca.pem"), parentCluster.hostCa.certPem, { mode: 0o644 });

    const findCluster = (name: string): SimCluster | undefined =>
      name === "parent" || name === parentCluster.name ? parentCluster : children.get(name);

    const control = new SimControl({
      clock,
      settings,
      gate,
      findCluster,
      forceState: (name, state) => backend.forceState(name, state),
      describe: async () => ({
        now: clock.now().toISOString(),
        settings,
        parent: { name: parentCluster.name, address: parentRuntime.address },
        ...(await backend.view()),
      }),
    });
    const controlServer = await startControlServer(control);
    cleanups.push(() => controlServer.close());

    // assumption: control op names; the throttle answers AWS's Throttling (400) to the next N assume calls.
    control.register("sts/throttle", async (args) => {
      aws.sts.faults.throttleNext = Number((args as { count?: number }).count ?? 1);
      return { throttleNext: aws.sts.faults.throttleNext };
    });
    control.register("sts/requests", async () => ({ requests: aws.sts.requests }));
    control.register("http/requests", async () => ({ requests: httpLog }));
    const tools = await startToolSettings(
      options.toolSettingsFile ?? join(dir, "tool-settings.json"),
      dir,
      settings,
    );
    registerDistanceOps(control, settings, tools);
    let mirror: MirrorHandle | undefined;
    const mirrorHook = options.mirror === undefined ? simulatorMirror() : options.mirror;
    if (mirrorHook) {
      mirror = await mirrorHook({ webCa, dir, version, control, clock, toolSettingsFile: tools.file });
      const m = mirror;
      cleanups.push(() => m.stop());
    }

    const env: SimulatorEnv = {
      TELEPORT_SIM_PROXY: parentRuntime.address,
      TELEPORT_SIM_MIRROR: mirror?.url ?? "",
      TELEPORT_SIM_VERSION: version,
      TELEPORT_SIM_ADMIN_IDENTITY: files.adminIdentity,
      TELEPORT_SIM_CONTROL: controlServer.url,
      TELEPORT_SIM_PARENT_BOT_TOKEN: PARENT_BOT_TOKEN,
      TELEPORT_SIM_PARENT_IAM_TOKEN: PARENT_IAM_TOKEN,
      TELEPORT_SIM_REPOSITORY: repository,
      TELEPORT_SIM_AWS_ACCOUNT: AWS_ACCOUNT,
      TELEPORT_SIM_AWS_ROLE_ARN: roleArn,
      SSL_CERT_FILE: files.webCaPem,
      NODE_EXTRA_CA_CERTS: files.webCaPem,
      ACTIONS_ID_TOKEN_REQUEST_URL: aws.issuer.tokenUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: aws.issuer.requestToken,
      AWS_ENDPOINT_URL_STS: aws.url,
      AWS_REGION,
    };

    const clusterOrThrow = (name: string) => {
      const cluster = findCluster(name);
      if (!cluster) throw new Error(`no cluster "${name}"`);
      return cluster;
    };
    let stopped: Promise<void> | undefined;
    return {
      env,
      control,
      controlUrl: controlServer.url,
      clock,
      settings,
      gate,
      parent: { ...parentRuntime, workloadClusters: backend },
      child: (name) => backend.child(name),
      findCluster,
      webCa,
      issuer: aws.issuer,
      sts: aws.sts,
      dir,
      files,
      admin,
      ...(mirror ? { mirror } : {}),
      issueUserIdentity: (cluster, user, roles) =>
        issueIdentity(clusterOrThrow(cluster), { user, roles, algorithm: keyAlgorithm }),
      issueBuiltinIdentity: (cluster, role) => issueBuiltinIdentity(clusterOrThrow(cluster), role),
      secrets: () => [
        ...secrets,
        ...aws.issuer.minted,
        ...aws.sts.issued.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
      ],
      toolInvocations: () => tools.invocations(),
      startupMs: Date.now() - started,
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export { RESOURCE_SERVICE };

import * as grpc from "@grpc/grpc-js";
import type { SimCluster, SimUserToken } from "../cluster/cluster.js";
import { type CallerIdentity, callerFromCertificate } from "../cluster/identity.js";
import type { SimClock } from "../common/clock.js";
import { SimError } from "../common/errors.js";
import type { SimResource, SimResourceKind } from "../proxy/wire.js";
import { registerResourceOps } from "./control-resources.js";

export interface SimSettings {
  /** Simulated milliseconds from create to `active`. */
  delayMs: number;
  /** The WorkloadClusters entitlement of the parent tenant. */
  entitlement: boolean;
  /** Admin-action MFA for mutations by non-bot users. */
  mfaRequired: boolean;
  /** Forced maximum page size for ListWorkloadClusters. */
  pageSize?: number;
  /** Verbs the child bot role gets on `role` and `user`. */
  childBotVerbs: string[];
  /** Real milliseconds a child proxy resets connections after its cluster turned `active`. */
  childListenDelayMs: number;
  /** NotFound for this many GetWorkloadCluster calls right after each create (cache lag). */
  cacheLagGets: number;
  /** Forced maximum page size of ListResources (roles, users); undefined: the client's. */
  resourcePageSize?: number;
  /** Whether tctl's decoder drops (default) or refuses unknown role and user fields (fact B61, unsettled). */
  unknownFields: "drop" | "reject";
  /** Distance (common/distance.ts): the round-trip time to every proxy, and the stand-ins' start-up. */
  distance: SimDistance;
}

export interface SimDistance {
  /** Real ms of one round trip between the runner and any cluster's proxy. */
  rttMs: number;
  /** Real ms every tctl / tbot stand-in process waits before it starts (on top of its own start-up). */
  tctlStartupMs: number;
  tbotStartupMs: number;
}

/** One stand-in process, as it logged itself (tools/common/tool-settings.ts). */
export interface ToolInvocation {
  tool: "tctl" | "tbot";
  /** The command words, e.g. `get`, `create`, `users add`, `version`, `start`. */
  command: string;
  /** `--auth-server` / `--proxy-server` as given (which cluster it talked to). */
  server: string;
  pid: number;
  /** Wall-clock ms since epoch. */
  startMs: number;
  endMs?: number;
  exitCode?: number;
  /** CPU time the process used (user + system), ms. */
  cpuMs?: number;
}

export interface CallRecord {
  /** Simulated time, ISO 8601. */
  time: string;
  cluster: string;
  service: string;
  method: string;
  /** The Teleport user of the client certificate (empty for builtin identities). */
  caller: string;
  /** The resource name the request is about, when it names one. */
  name?: string;
  /** Real (wall-clock) ms since epoch when the answer was sent. */
  wallMs?: number;
  /** gRPC status code of the answer (0 = OK). */
  code: number;
  message: string;
  /** The write was applied although the client got an error (drop-response fault). */
  committed?: boolean;
  /** The answer came from an injected fault, the handler did not run. */
  injected?: boolean;
  /** The write was applied and its answer is held back until `release` (a moment to kill the client at). */
  held?: boolean;
}

export interface FailRule {
  method: string;
  count: number;
  code: number;
  message?: string;
  cluster?: string;
  /** Only calls about this resource name (`resource.metadata.name` or `name` of the request). */
  name?: string;
}

/** The resource name a request is about (a token's user), for fault rules that target one object. */
function requestName(request: unknown): string | undefined {
  if (!request || typeof request !== "object") return undefined;
  const r = request as {
    name?: unknown;
    Name?: unknown;
    user?: unknown;
    resource?: { metadata?: { name?: unknown } };
    Role?: { Metadata?: { Name?: unknown } };
  };
  // A user token request names its user as `user` (the private wire) or `Name` (Teleport's AuthService);
  // CreateRole and UpdateRole carry the role itself.
  const name = r.resource?.metadata?.name ?? r.Role?.Metadata?.Name ?? r.name ?? r.Name ?? r.user;
  return typeof name === "string" ? name : undefined;
}

export interface DropRule {
  method: string;
  count: number;
  cluster?: string;
  /** Only calls about this resource name, as for fail rules. */
  name?: string;
  /** Matching calls let through before the rule applies (the second write of one object, say). */
  skip?: number;
}

/** The answer of a held call, sent when the test releases it: as it was, or lost after the commit. */
type HeldAnswer = (deliver: boolean) => void;

const GRPC_CODE_NAMES: Record<string, number> = Object.fromEntries(
  Object.entries(grpc.status).filter(([, v]) => typeof v === "number") as [string, number][],
);

/** Accepts 14, "14", "UNAVAILABLE" or "Unavailable". */
export function parseGrpcCode(code: number | string): number {
  if (typeof code === "number") return code;
  if (/^\d+$/.test(code)) return Number(code);
  const upper = code.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  const value = GRPC_CODE_NAMES[upper];
  if (value === undefined) throw new SimError("BadParameter", `unknown gRPC code ${code}`);
  return value;
}

const methodMatches = (rule: string, service: string, method: string) =>
  rule === method || rule === `/${service}/${method}` || rule === `${service}/${method}`;

const MAX_CALLS = 10_000;

// assumption: the text a client sees when the connection drops after the server committed.
const LOST = "connection reset by peer (simulated after the write was committed)";

/** The caller an Auth gRPC call comes from, read from the verified client certificate. */
export function callerOf(
  call: grpc.ServerUnaryCall<unknown, unknown>,
  cluster: SimCluster,
): CallerIdentity | undefined {
  const raw = call.getAuthContext().sslPeerCertificate?.raw;
  if (!raw) return undefined;
  // Parsing and verifying the certificate dominates a batch of thousands of calls: remember the answer
  // per certificate (the TLS layer has already verified it for this connection).
  const key = `${cluster.name}\n${raw.toString("base64")}`;
  let caller = callerCache.get(key);
  if (!caller) {
    caller = callerFromCertificate(raw, cluster.hostCa);
    if (callerCache.size >= 1000) callerCache.delete(callerCache.keys().next().value!);
    callerCache.set(key, caller);
  }
  return { ...caller, roles: [...caller.roles] };
}

const callerCache = new Map<string, CallerIdentity>();

export type UnaryImpl<Req, Res> = (request: Req, caller: CallerIdentity) => Promise<Res>;

/** Wraps every gRPC handler: faults first, then the handler, the call log last. */
export class CallGate {
  readonly calls: CallRecord[] = [];
  readonly failRules: FailRule[] = [];
  readonly dropRules: DropRule[] = [];
  readonly holdRules: DropRule[] = [];
  readonly held: HeldAnswer[] = [];
  constructor(private readonly clock: SimClock) {}

  failNext(rule: FailRule): void {
    this.failRules.push({ ...rule });
  }

  dropResponse(rule: DropRule): void {
    this.dropRules.push({ ...rule });
  }

  holdResponse(rule: DropRule): void {
    this.holdRules.push({ ...rule });
  }

  /** Answers every held call; returns how many there were. */
  release(deliver: boolean): number {
    const held = this.held.splice(0);
    for (const answer of held) answer(deliver);
    return held.length;
  }

  private take<R extends { method: string; count: number; cluster?: string; name?: string; skip?: number }>(
    rules: R[],
    cluster: string,
    service: string,
    method: string,
    name?: string,
  ): R | undefined {
    const index = rules.findIndex(
      (r) =>
        r.count > 0 &&
        methodMatches(r.method, service, method) &&
        (!r.cluster || r.cluster === cluster) &&
        (!r.name || r.name === name),
    );
    if (index < 0) return undefined;
    const rule = rules[index]!;
    if (rule.skip) {
      rule.skip--;
      return undefined;
    }
    rule.count--;
    if (rule.count <= 0) rules.splice(index, 1);
    return rule;
  }

  private record(entry: Omit<CallRecord, "time">): void {
    if (this.calls.length >= MAX_CALLS) this.calls.shift();
    this.calls.push({ time: this.clock.now().toISOString(), wallMs: Date.now(), ...entry });
  }

  unary<Req, Res>(
    cluster: SimCluster,
    service: string,
    method: string,
    impl: UnaryImpl<Req, Res>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const caller = callerOf(call as grpc.ServerUnaryCall<unknown, unknown>, cluster);
      const name = requestName(call.request);
      const base = {
        cluster: cluster.name,
        service,
        method,
        caller: caller?.user ?? "",
        ...(name ? { name } : {}),
      };
      const fail = this.take(this.failRules, cluster.name, service, method, name);
      if (fail) {
        const message = fail.message ?? `simulated ${grpc.status[fail.code] ?? fail.code} for ${method}`;
        this.record({ ...base, code: fail.code, message, injected: true });
        callback({ code: fail.code, details: message });
        return;
      }
      if (!caller) {
        // The proxy only hands over connections with a verified certificate; this is a safety net.
        this.record({ ...base, code: grpc.status.UNAUTHENTICATED, message: "missing client certificate" });
        callback({ code: grpc.status.UNAUTHENTICATED, details: "missing client certificate" });
        return;
      }
      impl(call.request, caller).then(
        (response) => {
          if (this.take(this.holdRules, cluster.name, service, method, name)) {
            this.record({ ...base, code: grpc.status.OK, message: "held", committed: true, held: true });
            this.held.push((deliver) => {
              if (deliver) callback(null, response);
              else callback({ code: grpc.status.UNAVAILABLE, details: LOST });
            });
            return;
          }
          const drop = this.take(this.dropRules, cluster.name, service, method, name);
          if (drop) {
            this.record({
              ...base,
              code: grpc.status.UNAVAILABLE,
              message: LOST,
              committed: true,
              injected: true,
            });
            callback({ code: grpc.status.UNAVAILABLE, details: LOST });
            return;
          }
          this.record({ ...base, code: grpc.status.OK, message: "" });
          callback(null, response);
        },
        (err: unknown) => {
          const code = err instanceof SimError ? err.code : grpc.status.UNKNOWN;
          const message = err instanceof Error ? err.message : String(err);
          this.record({ ...base, code, message });
          callback({ code, details: message });
        },
      );
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// The control surface.

/** What the control API needs from the running simulator. */
export interface SimRuntime {
  clock: SimClock;
  settings: SimSettings;
  gate: CallGate;
  /** "parent", a cluster name, or a workload cluster's name (its child). */
  findCluster(name: string): SimCluster | undefined;
  forceState(name: string, state: string | null): void;
  describe(): unknown;
}

export type ControlOp = (args: Record<string, unknown>) => unknown | Promise<unknown>;

function str(args: Record<string, unknown>, key: string, required = true): string {
  const value = args[key];
  if (typeof value === "string" && value !== "") return value;
  if (!required && value === undefined) return "";
  throw new SimError("BadParameter", `control: "${key}" must be a non-empty string`);
}

function num(args: Record<string, unknown>, key: string, fallback?: number): number {
  const value = args[key] ?? fallback;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    throw new SimError("BadParameter", `control: "${key}" must be a non-negative number`);
  }
  return n;
}

function bool(args: Record<string, unknown>, key: string): boolean {
  const value = args[key];
  if (typeof value !== "boolean")
    throw new SimError("BadParameter", `control: "${key}" must be true or false`);
  return value;
}

export class SimControl {
  private readonly ops = new Map<string, ControlOp>();

  constructor(sim: SimRuntime) {
    const cluster = (args: Record<string, unknown>) => {
      const name = str(args, "cluster");
      const found = sim.findCluster(name);
      if (!found) throw new SimError("NotFound", `control: no cluster "${name}"`);
      return found;
    };
    this.register("state", () => sim.describe());
    this.register("delay", (a) => {
      sim.settings.delayMs = num(a, "ms");
      return { delayMs: sim.settings.delayMs };
    });
    this.register("force-state", (a) => {
      const state = a.state === null || a.state === undefined || a.state === "" ? null : str(a, "state");
      sim.forceState(str(a, "name"), state);
      return { name: a.name, state };
    });
    this.register("fail", (a) => {
      const rule: FailRule = {
        method: str(a, "method"),
        count: num(a, "count", 1),
        code: parseGrpcCode((a.code as number | string | undefined) ?? "UNAVAILABLE"),
        ...(typeof a.message === "string" ? { message: a.message } : {}),
        ...(typeof a.cluster === "string" ? { cluster: sim.findCluster(a.cluster)?.name ?? a.cluster } : {}),
        ...(typeof a.name === "string" ? { name: a.name } : {}),
      };
      sim.gate.failNext(rule);
      return rule;
    });
    this.register("drop-response", (a) => {
      const rule: DropRule = {
        method: str(a, "method"),
        count: num(a, "count", 1),
        ...(typeof a.cluster === "string" ? { cluster: sim.findCluster(a.cluster)?.name ?? a.cluster } : {}),
        ...(typeof a.name === "string" ? { name: a.name } : {}),
      };
      sim.gate.dropResponse(rule);
      return rule;
    });
    // The write is applied and its answer waits for `release`: the test kills the client at that moment.
    this.register("hold", (a) => {
      const rule: DropRule = {
        method: str(a, "method"),
        count: num(a, "count", 1),
        ...(typeof a.cluster === "string" ? { cluster: sim.findCluster(a.cluster)?.name ?? a.cluster } : {}),
        ...(typeof a.name === "string" ? { name: a.name } : {}),
        ...(typeof a.skip === "number" ? { skip: a.skip } : {}),
      };
      sim.gate.holdResponse(rule);
      return rule;
    });
    this.register("release", (a) => ({ released: sim.gate.release(a.deliver === true) }));
    this.register("cache-lag", (a) => {
      sim.settings.cacheLagGets = num(a, "gets");
      return { cacheLagGets: sim.settings.cacheLagGets };
    });
    this.register("child-listen-delay", (a) => {
      sim.settings.childListenDelayMs = num(a, "ms");
      return { childListenDelayMs: sim.settings.childListenDelayMs };
    });
    this.register("entitlement", (a) => {
      sim.settings.entitlement = bool(a, "enabled");
      return { entitlement: sim.settings.entitlement };
    });
    this.register("mfa", (a) => {
      sim.settings.mfaRequired = bool(a, "required");
      return { mfaRequired: sim.settings.mfaRequired };
    });
    this.register("page-size", (a) => {
      const size = a.size === null || a.size === undefined ? undefined : num(a, "size");
      sim.settings.pageSize = size || undefined;
      return { pageSize: sim.settings.pageSize ?? null };
    });
    this.register("clock", () => ({ now: sim.clock.now().toISOString(), offsetMs: sim.clock.offsetMs }));
    this.register("clock/advance", (a) => {
      sim.clock.advance(num(a, "ms"));
      return { now: sim.clock.now().toISOString(), offsetMs: sim.clock.offsetMs };
    });
    this.register("calls", (a) => {
      const method = typeof a.method === "string" ? a.method : undefined;
      return sim.gate.calls.filter((c) => !method || methodMatches(method, c.service, c.method));
    });
    this.register("calls/clear", () => {
      sim.gate.calls.length = 0;
      return {};
    });
    // Roles and users: drift, bulk seeding, signup, invite links, bot verbs, server defaults.
    registerResourceOps((name, op) => this.register(name, op), sim, cluster, str);
  }

  /** Adds or replaces an operation (the CDN adds its fault switches this way). */
  register(name: string, op: ControlOp): void {
    this.ops.set(name, op);
  }

  get operations(): string[] {
    return [...this.ops.keys()].sort();
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const op = this.ops.get(name);
    if (!op) throw new SimError("NotFound", `control: unknown operation "${name}"`);
    return op(args);
  }

  // Typed shortcuts for in-process use.
  setDelay(ms: number) {
    return this.call("delay", { ms });
  }
  forceState(name: string, state: string | null) {
    return this.call("force-state", { name, state });
  }
  failNext(rule: {
    method: string;
    code: number | string;
    count?: number;
    message?: string;
    cluster?: string;
    name?: string;
  }) {
    return this.call("fail", rule);
  }
  dropResponse(rule: { method: string; count?: number; cluster?: string; name?: string }) {
    return this.call("drop-response", rule);
  }
  /** The next matching write is applied and its answer held until `release`. */
  hold(rule: { method: string; count?: number; cluster?: string; name?: string; skip?: number }) {
    return this.call("hold", rule);
  }
  /** Answers the held calls: as they were (`deliver`), or with a connection lost after the commit. */
  release(deliver: boolean) {
    return this.call("release", { deliver }) as Promise<{ released: number }>;
  }
  cacheLag(gets: number) {
    return this.call("cache-lag", { gets });
  }
  childListenDelay(ms: number) {
    return this.call("child-listen-delay", { ms });
  }
  setEntitlement(enabled: boolean) {
    return this.call("entitlement", { enabled });
  }
  setMfaRequired(required: boolean) {
    return this.call("mfa", { required });
  }
  setPageSize(size: number | null) {
    return this.call("page-size", { size });
  }
  advanceClock(ms: number) {
    return this.call("clock/advance", { ms }) as Promise<{ now: string; offsetMs: number }>;
  }
  calls(method?: string) {
    return this.call("calls", method ? { method } : {}) as Promise<CallRecord[]>;
  }
  clearCalls() {
    return this.call("calls/clear");
  }
  upsertResource(cluster: string, resource: SimResource) {
    return this.call("resources/upsert", { cluster, resource }) as Promise<SimResource>;
  }
  deleteResource(cluster: string, kind: SimResourceKind, name: string) {
    return this.call("resources/delete", { cluster, kind, name }) as Promise<{ deleted: boolean }>;
  }
  getResource(cluster: string, kind: SimResourceKind, name: string) {
    return this.call("resources/get", { cluster, kind, name }) as Promise<SimResource | null>;
  }
  listResources(cluster: string, kind: SimResourceKind) {
    return this.call("resources/list", { cluster, kind }) as Promise<SimResource[]>;
  }
  /** Seeds many roles or users in one call, with the server's defaults (benchmarks). */
  bulkUpsert(cluster: string, kind: SimResourceKind, resources: SimResource[]) {
    return this.call("resources/bulk-upsert", { cluster, kind, resources }) as Promise<{ count: number }>;
  }
  /** The user finishes its invite or reset: password set, optionally an MFA device; links used up. */
  completeSignup(cluster: string, name: string, mfa?: "totp" | "webauthn") {
    return this.call("users/complete-signup", {
      cluster,
      name,
      ...(mfa ? { mfa } : {}),
    }) as Promise<SimResource>;
  }
  /** The live invite/reset links of a user (of every user without a name). */
  async listUserTokens(cluster: string, name?: string): Promise<SimUserToken[]> {
    const result = (await this.call("user-tokens/list", { cluster, ...(name ? { name } : {}) })) as {
      tokens: SimUserToken[];
    };
    return result.tokens;
  }
  /** Replaces the verbs of a child's seeded bot role (rules on role and user). */
  setChildBotVerbs(cluster: string, verbs: string[]) {
    return this.call("child-bot-verbs", { cluster, verbs }) as Promise<SimResource>;
  }
  /** A simulated upgrade: role options every role lacking them shows on read, without a new revision. */
  changeDefaults(cluster: string, defaults: { roleOptions: Record<string, unknown> }) {
    return this.call("defaults/change", { cluster, role_options: defaults.roleOptions }) as Promise<{
      role_options: Record<string, unknown>;
    }>;
  }
  /** Forced maximum page size of ListResources (null: the client's). */
  setResourcePageSize(size: number | null) {
    return this.call("resources/page-size", { size });
  }
  /** Round-trip time to every proxy and the stand-ins' extra start-up; omitted fields keep their value. */
  setDistance(distance: Partial<SimDistance>) {
    return this.call("distance", distance) as Promise<SimDistance>;
  }
  /** Every tctl and tbot stand-in process started since the simulator started (or the last clear). */
  toolInvocations() {
    return this.call("tools/invocations") as Promise<ToolInvocation[]>;
  }
  clearToolInvocations() {
    return this.call("tools/invocations/clear");
  }
  /** Whether the tctl stand-in's decoder drops or refuses unknown role and user fields. */
  setUnknownFields(mode: "drop" | "reject") {
    return this.call("unknown-fields", { mode });
  }
  state() {
    return this.call("state");
  }
}

export { startControlServer } from "./control-server.js";

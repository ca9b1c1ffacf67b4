// The parent tenant's WorkloadClusterService, with Teleport's method names, field numbers, RBAC, error
// codes and texts, and Teleport Cloud's lifecycle behind it (creating -> active, immutable spec, delete
// suspends with a grace period). fact: B14, B15
// (`workload_cluster` in tctl).
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { actionDeniedMessage, rolesAllow, type SimCluster } from "../cluster/cluster.js";
import type { CallerIdentity } from "../cluster/identity.js";
import type { SimClock } from "../common/clock.js";
import {
  accessDenied,
  alreadyExists,
  badParameter,
  compareFailed,
  connectionProblem,
  notFound,
} from "../common/errors.js";
import type { CallGate, SimSettings } from "../control/control.js";

export const WORKLOAD_CLUSTER_SERVICE = "teleport.workloadcluster.v1.WorkloadClusterService";
export const KIND_WORKLOAD_CLUSTER = "workload_cluster";
export const PROTO_DIR = fileURLToPath(new URL("../proto/", import.meta.url));

/** Delete suspends the cluster for this long; its name stays taken. */
// assumption: 14 days (the design's number; the example guide says 15). The facts do not pin it down.
export const GRACE_PERIOD_MS = 14 * 24 * 60 * 60 * 1000;
const DEFAULT_PAGE_SIZE = 1000;

export const ENTITLEMENT_DENIED =
  "only Teleport Cloud users with the WorkloadClusters feature may use workload cluster resources - please reach out to our support team at support@goteleport.com to discuss enabling this feature";
export const ONLY_USERS = "workload clusters API is only available to users";
// assumption: Teleport's admin-action MFA error text.
export const MFA_REQUIRED = "admin-level API request requires MFA verification";

export function loadWorkloadClusterProto(): protoLoader.PackageDefinition {
  return protoLoader.loadSync("workloadcluster.proto", {
    includeDirs: [PROTO_DIR],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
}

export function workloadClusterServiceDefinition(pkg = loadWorkloadClusterProto()): grpc.ServiceDefinition {
  return pkg[WORKLOAD_CLUSTER_SERVICE] as grpc.ServiceDefinition;
}

// Messages as proto-loader hands them over (keepCase, absent fields undefined).
export interface WorkloadClusterSpecMsg {
  regions?: { name?: string }[];
  bot?: { name?: string };
  token?: { join_method?: string; allow?: { aws_account?: string; aws_arn?: string }[] };
}
export interface MetadataMsg {
  name?: string;
  namespace?: string;
  description?: string;
  labels?: Record<string, string>;
  expires?: { seconds?: string; nanos?: number };
  id?: string;
  revision?: string;
}
export interface WorkloadClusterMsg {
  kind?: string;
  sub_kind?: string;
  version?: string;
  metadata?: MetadataMsg;
  spec?: WorkloadClusterSpecMsg;
  status?: { state?: string; domain?: string };
}

/** The spec with empty values dropped, so "exactly equal" compares what is on the wire. */
export function normalizeSpec(spec: WorkloadClusterSpecMsg | undefined): WorkloadClusterSpecMsg {
  const out: WorkloadClusterSpecMsg = {};
  if (spec?.regions?.length) out.regions = spec.regions.map((r) => (r.name ? { name: r.name } : {}));
  if (spec?.bot?.name) out.bot = { name: spec.bot.name };
  const token = spec?.token;
  if (token && (token.join_method || token.allow?.length)) {
    out.token = {
      ...(token.join_method ? { join_method: token.join_method } : {}),
      ...(token.allow?.length
        ? {
            allow: token.allow.map((a) => ({
              ...(a.aws_account ? { aws_account: a.aws_account } : {}),
              ...(a.aws_arn ? { aws_arn: a.aws_arn } : {}),
            })),
          }
        : {}),
    };
  }
  return out;
}

/**
 * Drops proto3 default values (empty strings, zeros, false, empty lists) before encoding: protobufjs writes
 * a field whose property is set even when it is the default, Go never does.
 */
export function pruneDefaults<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => pruneDefaults(v)) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === "" || v === 0 || v === false || v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = pruneDefaults(v);
  }
  return out as T;
}

const sameSpec = (a: WorkloadClusterSpecMsg, b: WorkloadClusterSpecMsg) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Validation with the service's texts (fact: B14). */
export function validateWorkloadCluster(msg: WorkloadClusterMsg | undefined): {
  name: string;
  spec: WorkloadClusterSpecMsg;
} {
  const metadata = msg?.metadata ?? {};
  if (!metadata.name) throw badParameter("name is required");
  const extraMetadata =
    !!metadata.namespace ||
    !!metadata.description ||
    Object.keys(metadata.labels ?? {}).length > 0 ||
    metadata.expires !== undefined ||
    (metadata.id !== undefined && metadata.id !== "0");
  if (extraMetadata) {
    throw badParameter(
      "only name and revision fields are supported on metadata for workload_cluster resources",
    );
  }
  const regions = msg?.spec?.regions ?? [];
  if (regions.length === 0) throw badParameter("regions is required");
  if (regions.some((r) => !r.name)) throw badParameter("region name is required");
  return { name: metadata.name, spec: normalizeSpec(msg?.spec) };
}

const doesNotExist = (name: string) => notFound(`workload_cluster "${name}" doesn't exist`);

export interface ChildRuntime {
  cluster: SimCluster;
  /** `127.0.0.1:<port>` */
  address: string;
  /** Lets the child's proxy serve connections (it resets them until then). */
  open(): void;
  stop(): Promise<void>;
}

export type ChildProvisioner = (workloadCluster: {
  name: string;
  spec: WorkloadClusterSpecMsg;
}) => Promise<ChildRuntime>;

interface WorkloadClusterRecord {
  name: string;
  spec: WorkloadClusterSpecMsg;
  revision: string;
  createdAtMs: number;
  readyAtMs: number;
  /** Status is absent until the first Get after creation has been answered. */
  getsAnswered: number;
  cacheLagRemaining: number;
  child?: Promise<ChildRuntime>;
  cancelTimer?: () => void;
}

export interface WorkloadClusterView {
  name: string;
  spec: WorkloadClusterSpecMsg;
  revision: string;
  state: string;
  domain: string;
  childCluster: string;
}

export interface SuspendedView {
  name: string;
  deletedAt: string;
  graceEndsAt: string;
}

export interface WorkloadClusterBackendOptions {
  cluster: SimCluster;
  clock: SimClock;
  settings: SimSettings;
  provision: ChildProvisioner;
}

export class WorkloadClusterBackend {
  private readonly records = new Map<string, WorkloadClusterRecord>();
  private readonly suspended = new Map<string, { deletedAtMs: number; graceEndsMs: number }>();
  private readonly forced = new Map<string, string>();
  private readonly children = new Set<Promise<ChildRuntime>>();
  private stopped = false;

  constructor(private readonly options: WorkloadClusterBackendOptions) {}

  /** Pins the reported state of a workload cluster (existing or future); null releases it. */
  forceState(name: string, state: string | null): void {
    if (state === null) this.forced.delete(name);
    else this.forced.set(name, state);
  }

  /** The child of an active workload cluster, if it has been provisioned. */
  async child(name: string): Promise<ChildRuntime | undefined> {
    const record = this.records.get(name);
    return record?.child ? await record.child : undefined;
  }

  async view(): Promise<{ clusters: WorkloadClusterView[]; suspended: SuspendedView[] }> {
    const clusters: WorkloadClusterView[] = [];
    for (const record of this.sorted()) {
      const status = await this.status(record);
      const child =
        this.options.clock.nowMs() >= record.readyAtMs && record.child ? await record.child : undefined;
      clusters.push({
        name: record.name,
        spec: structuredClone(record.spec),
        revision: record.revision,
        state: status.state ?? "",
        domain: status.domain ?? "",
        childCluster: child?.cluster.name ?? "",
      });
    }
    this.purgeExpired();
    const iso = (ms: number) => new Date(ms).toISOString();
    const suspended = [...this.suspended].map(([name, s]) => ({
      name,
      deletedAt: iso(s.deletedAtMs),
      graceEndsAt: iso(s.graceEndsMs),
    }));
    return { clusters, suspended };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const record of this.records.values()) record.cancelTimer?.();
    const children = await Promise.allSettled([...this.children]);
    await Promise.allSettled(children.map((c) => (c.status === "fulfilled" ? c.value.stop() : undefined)));
  }

  // -------------------------------------------------------------------------------------------------

  private sorted(): WorkloadClusterRecord[] {
    return [...this.records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private purgeExpired(): void {
    const now = this.options.clock.nowMs();
    for (const [name, s] of this.suspended) if (now >= s.graceEndsMs) this.suspended.delete(name);
  }

  /** Provisions the child (once). It serves connections at once, or N real ms later when a test asks. */
  private startChild(record: WorkloadClusterRecord): Promise<ChildRuntime> {
    if (this.stopped) return Promise.reject(connectionProblem("the simulator is stopping"));
    if (!record.child) {
      const child = this.options.provision({ name: record.name, spec: structuredClone(record.spec) });
      record.child = child;
      this.children.add(child);
      const delay = this.options.settings.childListenDelayMs;
      child.then(
        (c) => {
          if (delay > 0) setTimeout(() => !this.stopped && c.open(), delay).unref();
          else c.open();
        },
        () => {},
      );
    }
    return record.child;
  }

  /** The status as Cloud reports it now. `{}` means "no status yet". */
  private async status(record: WorkloadClusterRecord): Promise<{ state?: string; domain?: string }> {
    const forced = this.forced.get(record.name);
    const due = this.options.clock.nowMs() >= record.readyAtMs;
    if (forced !== undefined) {
      // assumption: a forced state other than active carries no domain.
      if (forced === "active") {
        const child = await this.startChild(record);
        return { state: "active", domain: child.address };
      }
      return { state: forced };
    }
    if (!due) return { state: "creating" };
    const child = await this.startChild(record);
    // assumption: the domain is reported from `active` on, not while creating.
    return { state: "active", domain: child.address };
  }

  private async message(record: WorkloadClusterRecord, withStatus: boolean): Promise<WorkloadClusterMsg> {
    const msg: WorkloadClusterMsg = {
      kind: KIND_WORKLOAD_CLUSTER,
      version: "v1",
      metadata: { name: record.name, revision: record.revision },
      spec: structuredClone(record.spec),
    };
    if (withStatus) {
      const status = await this.status(record);
      if (status.state) msg.status = status;
    }
    return msg;
  }

  private authorize(caller: CallerIdentity, verbs: string[], mutation: boolean): void {
    const { settings, cluster } = this.options;
    if (!settings.entitlement) throw accessDenied(ENTITLEMENT_DENIED);
    if (caller.kind !== "user") throw connectionProblem(ONLY_USERS);
    for (const verb of verbs) {
      if (!rolesAllow(cluster, caller.roles, KIND_WORKLOAD_CLUSTER, verb)) {
        throw accessDenied(actionDeniedMessage(verb, KIND_WORKLOAD_CLUSTER));
      }
    }
    // assumption: bots are exempt from admin-action MFA (tbot cannot answer a ceremony).
    if (mutation && settings.mfaRequired && !caller.bot) throw accessDenied(MFA_REQUIRED);
  }

  private create(name: string, spec: WorkloadClusterSpecMsg): WorkloadClusterRecord {
    this.purgeExpired();
    const suspended = this.suspended.get(name);
    if (suspended) {
      // assumption: a suspended cluster keeps its name for the grace period; code AlreadyExists.
      throw alreadyExists(
        `workload_cluster "${name}" was deleted and is suspended for a ${GRACE_PERIOD_MS / 86_400_000}-day grace period until ${new Date(
          suspended.graceEndsMs,
        ).toISOString()}; its name cannot be reused until then`,
      );
    }
    // assumption: Cloud's text for a taken name.
    if (this.records.has(name)) throw alreadyExists(`workload_cluster "${name}" already exists`);
    const now = this.options.clock.nowMs();
    const record: WorkloadClusterRecord = {
      name,
      spec,
      revision: randomUUID(),
      createdAtMs: now,
      readyAtMs: now + this.options.settings.delayMs,
      getsAnswered: 0,
      cacheLagRemaining: this.options.settings.cacheLagGets,
    };
    this.records.set(name, record);
    // The child comes up when the cluster turns active on the simulator clock.
    record.cancelTimer = this.options.clock.at(record.readyAtMs, () => {
      if (this.records.get(name) === record) this.startChild(record).catch(() => {});
    });
    return record;
  }

  private rejectSpecChange(name: string): never {
    // assumption: InvalidArgument (BadParameter), since the request itself can never succeed.
    throw badParameter(
      `workload_cluster "${name}" spec is immutable: Teleport Cloud rejects changes to an existing workload cluster's configuration`,
    );
  }

  /** grpc-js handlers, each wrapped by the call gate (faults, call log). */
  handlers(gate: CallGate): grpc.UntypedServiceImplementation {
    const { cluster } = this.options;
    const unary = <Req, Res>(method: string, impl: (req: Req, caller: CallerIdentity) => Promise<Res>) =>
      gate.unary<Req, Res>(cluster, WORKLOAD_CLUSTER_SERVICE, method, async (req, caller) =>
        pruneDefaults(await impl(req, caller)),
      );
    return {
      GetWorkloadCluster: unary<{ name?: string }, WorkloadClusterMsg>(
        "GetWorkloadCluster",
        async (req, caller) => {
          this.authorize(caller, ["read"], false);
          const name = req.name ?? "";
          if (!name) throw badParameter("name is required");
          const record = this.records.get(name);
          if (!record) throw doesNotExist(name);
          if (record.cacheLagRemaining > 0) {
            record.cacheLagRemaining--;
            throw doesNotExist(name);
          }
          const withStatus = record.getsAnswered > 0;
          record.getsAnswered++;
          return this.message(record, withStatus);
        },
      ),
      ListWorkloadClusters: unary<{ page_size?: number; page_token?: string }, unknown>(
        "ListWorkloadClusters",
        async (req, caller) => {
          this.authorize(caller, ["list", "read"], false);
          const all = this.sorted();
          const token = req.page_token ?? "";
          let start = token ? all.findIndex((r) => r.name >= token) : 0;
          if (start < 0) start = all.length;
          const requested = req.page_size && req.page_size > 0 ? req.page_size : DEFAULT_PAGE_SIZE;
          const limit = Math.min(requested, this.options.settings.pageSize ?? Number.POSITIVE_INFINITY);
          const page = all.slice(start, start + limit);
          const clusters = await Promise.all(page.map((r) => this.message(r, r.getsAnswered > 0)));
          // fact: the List response does not fill total_count.
          return { clusters, next_page_token: all[start + limit]?.name ?? "" };
        },
      ),
      CreateWorkloadCluster: unary<{ cluster?: WorkloadClusterMsg }, WorkloadClusterMsg>(
        "CreateWorkloadCluster",
        async (req, caller) => {
          this.authorize(caller, ["create"], true);
          const { name, spec } = validateWorkloadCluster(req.cluster);
          return this.message(this.create(name, spec), false);
        },
      ),
      UpsertWorkloadCluster: unary<{ cluster?: WorkloadClusterMsg }, WorkloadClusterMsg>(
        "UpsertWorkloadCluster",
        async (req, caller) => {
          this.authorize(caller, ["create", "update"], true);
          const { name, spec } = validateWorkloadCluster(req.cluster);
          const existing = this.records.get(name);
          if (!existing) return this.message(this.create(name, spec), false);
          // fact: Cloud returns OK when the spec matches exactly and rejects any change.
          if (!sameSpec(existing.spec, spec)) this.rejectSpecChange(name);
          return this.message(existing, existing.getsAnswered > 0);
        },
      ),
      UpdateWorkloadCluster: unary<{ cluster?: WorkloadClusterMsg }, WorkloadClusterMsg>(
        "UpdateWorkloadCluster",
        async (req, caller) => {
          this.authorize(caller, ["update"], true);
          const { name, spec } = validateWorkloadCluster(req.cluster);
          const existing = this.records.get(name);
          if (!existing) throw doesNotExist(name);
          // fact: Update sends metadata.revision; a conflict is CompareFailed (B18).
          if (req.cluster?.metadata?.revision !== existing.revision) {
            // assumption: the text of Teleport's backend revision conflict.
            throw compareFailed(
              `workload_cluster "${name}" revision does not match, it may have been concurrently modified`,
            );
          }
          if (!sameSpec(existing.spec, spec)) this.rejectSpecChange(name);
          return this.message(existing, existing.getsAnswered > 0);
        },
      ),
      DeleteWorkloadCluster: unary<{ name?: string }, Record<string, never>>(
        "DeleteWorkloadCluster",
        async (req, caller) => {
          this.authorize(caller, ["delete"], true);
          const name = req.name ?? "";
          if (!name) throw badParameter("name is required");
          const record = this.records.get(name);
          if (!record) throw doesNotExist(name);
          this.records.delete(name);
          record.cancelTimer?.();
          const now = this.options.clock.nowMs();
          this.suspended.set(name, { deletedAtMs: now, graceEndsMs: now + GRACE_PERIOD_MS });
          // A suspended cluster serves nothing.
          if (record.child) {
            const child = record.child;
            this.children.delete(child);
            await child.then(
              (c) => c.stop(),
              () => {},
            );
          }
          return {};
        },
      ),
    };
  }
}

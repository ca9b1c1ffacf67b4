// A workload cluster as Teleport defines it, and its conversions from and to the wire/protojson shape
// (snake_case proto names, empty fields omitted: what the gRPC codec decodes and what `tctl get
// --format=json` prints). Both parent transports (grpc/, tctl) and the manifests use these types.
// fact: B17 (messages); B16 (protojson with UseProtoNames, empty
// fields omitted) and B14.

export const KIND_WORKLOAD_CLUSTER = "workload_cluster";
export const WORKLOAD_CLUSTER_VERSION = "v1";

/** One IAM allow rule of a workload cluster's join token (fact: B31). */
export interface IamAllowRule {
  aws_account?: string;
  aws_arn?: string;
}

export interface WorkloadClusterSpec {
  regions: { name: string }[];
  bot?: { name: string };
  token?: { join_method: string; allow: IamAllowRule[] };
}

interface WorkloadClusterStatus {
  state?: string;
  domain?: string;
}

export interface WorkloadCluster {
  kind: typeof KIND_WORKLOAD_CLUSTER;
  version: typeof WORKLOAD_CLUSTER_VERSION;
  sub_kind?: string;
  metadata: { name: string; revision?: string };
  spec: WorkloadClusterSpec;
  /** Absent on a fresh resource: protojson omits empty messages. */
  status?: WorkloadClusterStatus;
}

/** The resource in its wire shape: what the gRPC codec encodes and tctl reads. */
type WireValue = string | WireObject | WireValue[];
export interface WireObject {
  [field: string]: WireValue | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class MalformedClusterError extends Error {
  override name = "MalformedClusterError";
}

function specFrom(raw: unknown): WorkloadClusterSpec {
  const spec = isObject(raw) ? raw : {};
  const out: WorkloadClusterSpec = {
    regions: list(spec.regions).map((r) => ({ name: str(isObject(r) ? r.name : undefined) })),
  };
  if (isObject(spec.bot)) out.bot = { name: str(spec.bot.name) };
  if (isObject(spec.token)) {
    out.token = {
      join_method: str(spec.token.join_method),
      allow: list(spec.token.allow).map((a) => {
        const rule: IamAllowRule = {};
        if (isObject(a) && str(a.aws_account)) rule.aws_account = str(a.aws_account);
        if (isObject(a) && str(a.aws_arn)) rule.aws_arn = str(a.aws_arn);
        return rule;
      }),
    };
  }
  return out;
}

/** A decoded message or one element of tctl's JSON array, as the ParentApi's WorkloadCluster. */
export function toWorkloadCluster(raw: unknown): WorkloadCluster {
  if (!isObject(raw)) throw new MalformedClusterError("a workload cluster is not an object");
  const kind = str(raw.kind);
  if (kind && kind !== KIND_WORKLOAD_CLUSTER) {
    throw new MalformedClusterError(`expected kind ${KIND_WORKLOAD_CLUSTER}, got ${JSON.stringify(kind)}`);
  }
  const metadata = isObject(raw.metadata) ? raw.metadata : {};
  const name = str(metadata.name);
  if (!name) throw new MalformedClusterError("a workload cluster has no metadata.name");
  const cluster: WorkloadCluster = {
    kind: KIND_WORKLOAD_CLUSTER,
    version: "v1",
    metadata: { name, ...(str(metadata.revision) ? { revision: str(metadata.revision) } : {}) },
    spec: specFrom(raw.spec),
  };
  if (str(raw.sub_kind)) cluster.sub_kind = str(raw.sub_kind);
  if (isObject(raw.status) && (str(raw.status.state) || str(raw.status.domain))) {
    cluster.status = {
      ...(str(raw.status.state) ? { state: str(raw.status.state) } : {}),
      ...(str(raw.status.domain) ? { domain: str(raw.status.domain) } : {}),
    };
  }
  return cluster;
}

/**
 * The resource as a client sends it: no status (server-populated), metadata with only name and revision
 * (fact: B14, "only name and revision fields are supported on metadata").
 */
export function toWireCluster(cluster: WorkloadCluster): WireObject {
  const spec: WireObject = { regions: cluster.spec.regions.map((r) => ({ name: r.name })) };
  if (cluster.spec.bot) spec.bot = { name: cluster.spec.bot.name };
  if (cluster.spec.token) {
    spec.token = {
      join_method: cluster.spec.token.join_method,
      allow: cluster.spec.token.allow.map((a) => ({
        ...(a.aws_account ? { aws_account: a.aws_account } : {}),
        ...(a.aws_arn ? { aws_arn: a.aws_arn } : {}),
      })),
    };
  }
  return {
    kind: KIND_WORKLOAD_CLUSTER,
    ...(cluster.sub_kind ? { sub_kind: cluster.sub_kind } : {}),
    version: cluster.version,
    metadata: {
      name: cluster.metadata.name,
      ...(cluster.metadata.revision ? { revision: cluster.metadata.revision } : {}),
    },
    spec,
  };
}

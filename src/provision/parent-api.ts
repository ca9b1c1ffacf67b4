// What the provisioning logic needs from the parent cluster, whatever carries it (gRPC or tctl).
// Shapes follow the proto field names (snake_case), as tctl prints them with --format=json.
// fact: teleport-connection.md §3.2 (messages), tctl-facts.md §1 (workload_cluster shape).

export interface IamAllowRule {
  aws_account?: string;
  aws_arn?: string;
}

export interface WorkloadClusterSpec {
  regions: { name: string }[];
  bot?: { name: string };
  token?: { join_method: string; allow: IamAllowRule[] };
}

export interface WorkloadClusterStatus {
  state?: string;
  domain?: string;
}

export interface WorkloadCluster {
  kind: "workload_cluster";
  version: "v1";
  sub_kind?: string;
  metadata: { name: string; revision?: string };
  spec: WorkloadClusterSpec;
  /** Absent on a fresh resource: protojson omits empty messages. */
  status?: WorkloadClusterStatus;
}

/** Teleport's trace error kinds, recovered from gRPC codes or tctl's text. fact: teleport-connection.md §3.1. */
export type TeleportErrorKind =
  | "NotFound"
  | "AlreadyExists"
  | "AccessDenied"
  | "CompareFailed"
  | "BadParameter"
  | "LimitExceeded"
  | "ConnectionProblem"
  | "NotImplemented"
  | "DeadlineExceeded"
  | "Unknown";

export class TeleportApiError extends Error {
  override name = "TeleportApiError";
  constructor(
    readonly kind: TeleportErrorKind,
    message: string,
    /** Worth retrying: no server answer, a deadline, or UNAVAILABLE that is not a permanent refusal. */
    readonly transient: boolean,
    /** The request may have been applied although no answer arrived (the outcome is unknown). */
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}

export interface ParentApi {
  /** Which transport serves the calls, for logs and the summary. */
  readonly transport: "grpc" | "tctl";
  /** undefined when the cluster does not exist. */
  get(name: string): Promise<WorkloadCluster | undefined>;
  list(): Promise<WorkloadCluster[]>;
  create(cluster: WorkloadCluster): Promise<WorkloadCluster>;
  delete(name: string): Promise<void>;
  close(): Promise<void>;
}

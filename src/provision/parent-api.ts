// The port through which provisioning reaches the parent cluster, whatever carries it (gRPC or tctl: see
// src/teleport/parent.ts). Tests pass an in-memory parent.
import type { WorkloadCluster } from "../core/workload-cluster.js";

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

import type { WorkloadClusterSpec } from "./parent-api.js";

/** A workload cluster as the repository declares it (see src/manifests), with where it was declared. */
export interface DeclaredCluster {
  name: string;
  file: string;
  line: number;
  spec: WorkloadClusterSpec;
}

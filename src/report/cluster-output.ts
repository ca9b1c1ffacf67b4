import type { WorkloadCluster } from "../core/workload-cluster.js";
import type { AccessOutcome } from "../sync/apply.js";
import { formatProxyAddress, proxyOfDomain } from "../teleport/webapi.js";

export interface ClusterOutput {
  domain: string;
  /** `host:port` of the child's proxy; empty while there is no domain, or when the domain is not an address. */
  proxy: string;
  state: string;
  /** apply: the child's identity file, when the child was joined. */
  identity?: string;
  /** apply, sync: the child's roles and users by what happened to them. */
  counts?: AccessOutcome["counts"];
}

export function proxyOutput(domain: string | undefined): string {
  if (!domain) return "";
  try {
    return formatProxyAddress(proxyOfDomain(domain));
  } catch {
    return "";
  }
}

export function clusterOutput(cluster: WorkloadCluster | undefined, fallbackState = ""): ClusterOutput {
  const domain = cluster?.status?.domain ?? "";
  return { domain, proxy: proxyOutput(domain), state: cluster?.status?.state ?? fallbackState };
}

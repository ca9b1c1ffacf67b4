import type { WorkloadCluster } from "./parent-api.js";

/**
 * `status.domain` is the child's proxy host (`child.teleport.sh`, fact: teleport-connection.md §3.2); tools
 * need host:port, and a real domain has no port, so 443 is added. A domain that carries a port keeps it.
 */
export function proxyOf(domain: string): string {
  if (/^\[.*\]:\d+$/.test(domain) || /^[^:]+:\d+$/.test(domain)) return domain;
  return `${domain}:443`;
}

export interface ClusterOutput {
  domain: string;
  proxy: string;
  state: string;
}

export function clusterOutput(cluster: WorkloadCluster | undefined, fallbackState = ""): ClusterOutput {
  const domain = cluster?.status?.domain ?? "";
  return { domain, proxy: domain ? proxyOf(domain) : "", state: cluster?.status?.state ?? fallbackState };
}

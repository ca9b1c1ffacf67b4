// Outputs and annotations the parent modes share.
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { escapeData, escapeProperty } from "../report/annotations.js";
import type { ClusterOutput } from "../report/cluster-output.js";
import type { ModeContext } from "./context.js";

export function setClusterOutputs(
  ctx: ModeContext,
  declared: readonly DeclaredWorkloadCluster[],
  outputs: Map<string, ClusterOutput>,
): void {
  ctx.setOutput("clusters", JSON.stringify(Object.fromEntries(outputs)));
  const first = declared[0] && outputs.get(declared[0].name);
  ctx.setOutput("domain", first?.domain ?? "");
}

/** An `::error` annotation at the document that declared the cluster, when there is one. */
export function annotateAt(
  ctx: ModeContext,
  at: { file?: string; line?: number },
  title: string,
  message: string,
): void {
  const where = at.file ? `file=${escapeProperty(at.file)},line=${at.line ?? 1},` : "";
  ctx.command(`::error ${where}title=${escapeProperty(title)}::${escapeData(message)}`);
}

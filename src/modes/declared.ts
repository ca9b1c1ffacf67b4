// The repository's declared workload clusters, validated before any credential is used or any call is
// made, so that nothing changes anywhere when one manifest is wrong. Every mode that reads the repository
// starts here.
import { loadWorkloadClusters } from "../manifests/load.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import {
  ANNOTATIONS_SHOWN_PER_STEP,
  formatAnnotation,
  formatErrorLine,
  formatErrorsMarkdown,
} from "../report/annotations.js";
import { type ModeContext, ModeFailure } from "./context.js";

export async function loadDeclaredClusters(ctx: ModeContext): Promise<DeclaredWorkloadCluster[]> {
  const { patterns, allowAccountWideJoin } = ctx.config.manifests;
  const { clusters, errors } = await loadWorkloadClusters(patterns, {
    cwd: ctx.workspace,
    allowAccountWideJoin,
  });
  if (!errors.length) return clusters;
  for (const error of errors) ctx.command(formatAnnotation(error));
  ctx.log.info(`${errors.length} problem(s) in the workload cluster manifests:`);
  for (const error of errors) ctx.log.info(`  ${formatErrorLine(error)}`);
  if (errors.length > ANNOTATIONS_SHOWN_PER_STEP) {
    ctx.log.info(
      `GitHub shows only the first ${ANNOTATIONS_SHOWN_PER_STEP} annotations of a step; all ${errors.length} are listed above and in the job summary.`,
    );
  }
  await ctx.writeSummary(`### Workload cluster manifests\n\n${formatErrorsMarkdown(errors)}\n`);
  throw new ModeFailure(`${errors.length} problem(s) in the workload cluster manifests; nothing was changed`);
}

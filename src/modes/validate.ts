// Validation of the repository's workload cluster manifests: before any credential is used or any call is
// made, so that nothing changes anywhere when one manifest is wrong.
import { loadWorkloadClusters } from "../manifests/load.js";
import type { DeclaredCluster } from "../provision/declared.js";
import {
  ANNOTATIONS_SHOWN_PER_STEP,
  formatAnnotation,
  formatErrorLine,
  formatErrorsMarkdown,
} from "../report/annotations.js";
import { type ModeContext, ModeFailure } from "./context.js";

export async function loadDeclaredClusters(ctx: ModeContext): Promise<DeclaredCluster[]> {
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

export async function validateMode(ctx: ModeContext): Promise<void> {
  const clusters = await loadDeclaredClusters(ctx);
  ctx.log.info(
    `${clusters.length} workload cluster(s) declared, all valid: ${clusters.map((c) => c.name).join(", ")}`,
  );
  await ctx.writeSummary(
    [
      "### Workload cluster manifests",
      "",
      `All ${clusters.length} declared workload cluster(s) are valid.`,
      "",
      "| cluster | file |",
      "| --- | --- |",
      ...clusters.map((c) => `| ${c.name} | \`${c.file}:${c.line}\` |`),
      "",
    ].join("\n"),
  );
}

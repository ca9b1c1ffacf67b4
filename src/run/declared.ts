// The repository's declared workload clusters and access (roles and users), validated together before any
// credential is used or any call is made, so that nothing changes anywhere when one document is wrong.
// Every mode that reads the repository starts here.
import { type DeclaredAccessObject, loadAccess } from "../manifests/access.js";
import type { ManifestError } from "../manifests/errors.js";
import { loadWorkloadClusters } from "../manifests/load.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import {
  ANNOTATIONS_SHOWN_PER_STEP,
  escapeData,
  escapeProperty,
  formatAnnotation,
  formatErrorLine,
  formatErrorsMarkdown,
} from "../report/annotations.js";
import { accessKinds } from "../sync/kinds/index.js";
import { inShard } from "../tenant/shard.js";
import { type ModeContext, ModeFailure } from "./context.js";

export interface Declared {
  clusters: DeclaredWorkloadCluster[];
  /** Per cluster name: its roles then users. */
  access: Map<string, DeclaredAccessObject[]>;
  /** How many role and user documents apply to some cluster. */
  accessCount: number;
  /** Declared clusters that another shard handles. */
  otherShards: string[];
}

function reportErrors(ctx: ModeContext, errors: ManifestError[], what: string): Promise<void> {
  const title = what.charAt(0).toUpperCase() + what.slice(1);
  for (const error of errors) ctx.command(formatAnnotation(error));
  ctx.log.info(`${errors.length} problem(s) in the ${what}:`);
  for (const error of errors) ctx.log.info(`  ${formatErrorLine(error)}`);
  if (errors.length > ANNOTATIONS_SHOWN_PER_STEP) {
    ctx.log.info(
      `GitHub shows only the first ${ANNOTATIONS_SHOWN_PER_STEP} annotations of a step; all ${errors.length} are listed above and in the job summary.`,
    );
  }
  return ctx.writeSummary(`### ${title}\n\n${formatErrorsMarkdown(errors)}\n`);
}

function warn(ctx: ModeContext, warning: ManifestError): void {
  const where = warning.file ? `file=${escapeProperty(warning.file)},line=${warning.line},` : "";
  ctx.command(`::warning ${where}title=${escapeProperty("access")}::${escapeData(warning.message)}`);
}

export async function loadDeclared(ctx: ModeContext): Promise<Declared> {
  const { patterns, allowAccountWideJoin } = ctx.config.manifests;
  const { clusters, errors } = await loadWorkloadClusters(patterns, {
    cwd: ctx.workspace,
    allowAccountWideJoin,
  });
  const access = await loadAccess(
    ctx.config.access.dir,
    clusters.map((c) => ({ name: c.name, botName: c.spec.bot?.name ?? "" })),
    { cwd: ctx.workspace, kinds: accessKinds() },
  );
  const all = [...errors, ...access.errors];
  if (all.length) {
    const what = access.errors.length
      ? errors.length
        ? "workload cluster and access manifests"
        : "access manifests"
      : "workload cluster manifests";
    await reportErrors(ctx, all, what);
    throw new ModeFailure(`${all.length} problem(s) in the ${what}; nothing was changed`);
  }
  for (const w of access.warnings) warn(ctx, w);
  // Every manifest is validated in every shard, so each leg of a matrix refuses the same broken repository.
  const { shard } = ctx.config;
  const mine = shard ? clusters.filter((c) => inShard(c.name, shard)) : clusters;
  if (shard) {
    ctx.log.info(
      `Shard ${shard.index}/${shard.count}: ${mine.length} of ${clusters.length} declared cluster(s): ${mine.map((c) => c.name).join(", ") || "none"}`,
    );
  }
  const byCluster = new Map([...access.byCluster].filter(([name]) => mine.some((c) => c.name === name)));
  const accessCount = [...byCluster.values()].reduce((n, list) => n + list.length, 0);
  const otherShards = clusters.filter((c) => !mine.includes(c)).map((c) => c.name);
  return { clusters: mine, access: byCluster, accessCount, otherShards };
}

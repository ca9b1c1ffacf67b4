// `mode: delete`: only the clusters named, only when confirmed (inputs.ts checks both).
import { loadWorkloadClusters } from "../manifests/load.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { deleteCluster } from "../provision/delete.js";
import { deleteSummary } from "../report/provision.js";
import { type ModeContext, ModeFailure } from "../run/context.js";
import { API_RETRY, withParentSession } from "../run/parent-session.js";
import { mapLimit } from "../util/concurrency.js";

export async function deleteMode(ctx: ModeContext): Promise<void> {
  const names = ctx.config.deleteNames;
  // The repository is read only to warn about clusters that are still declared; it may be incomplete here.
  const { clusters: declared } = await loadWorkloadClusters(ctx.config.manifests.patterns, {
    cwd: ctx.workspace,
    allowAccountWideJoin: true,
  }).catch(() => ({ clusters: [] as DeclaredWorkloadCluster[] }));
  ctx.log.warning(
    `Deleting ${names.join(", ")}: Teleport Cloud suspends a deleted workload cluster for a grace period (14 days, per Teleport's workload cluster guide), and its name cannot be used again meanwhile.`,
  );
  for (const name of names) {
    const still = declared.find((d) => d.name === name);
    if (still) {
      ctx.log.warning(
        `${name} is still declared in ${still.file}:${still.line}; remove it, or the next apply will try to create it again and fail while the name is blocked.`,
      );
    }
  }
  const outcomes = await withParentSession(ctx, (session) =>
    mapLimit(names, ctx.config.maxParallel, (name) =>
      deleteCluster(name, session.api, {
        clock: ctx.clock,
        retryPolicy: API_RETRY,
        log: (m) => ctx.log.info(m),
        signal: ctx.signal,
        explain: (error) => session.explain(error, "delete"),
      }),
    ),
  );
  ctx.setOutput(
    "clusters",
    JSON.stringify(
      Object.fromEntries(
        outcomes.map((o) => [o.name, { domain: "", proxy: "", state: o.after ?? o.result }]),
      ),
    ),
  );
  await ctx.writeSummary(deleteSummary(outcomes));
  const failed = outcomes.filter((o) => o.result === "failed");
  if (failed.length) {
    throw new ModeFailure(`could not delete ${failed.map((o) => `${o.name} (${o.error})`).join(", ")}`);
  }
}

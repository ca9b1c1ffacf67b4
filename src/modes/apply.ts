// `mode: apply`: every declared cluster through the tenant pipeline (ensure the cluster, then the child
// stages the join and sync add), then outputs, summary, and annotations for what failed.
import { ensureCluster } from "../provision/apply.js";
import { clusterOutput } from "../provision/outputs.js";
import { applySummary } from "../report/provision.js";
import { describeStageError } from "../tenant/outcome.js";
import { runTenants, type Stage } from "../tenant/pipeline.js";
import { type ModeContext, ModeFailure } from "./context.js";
import { loadDeclaredClusters } from "./declared.js";
import { annotateAt, setClusterOutputs } from "./outputs.js";
import { API_RETRY, type ParentSession, withParentSession } from "./parent-session.js";

function applyStages(ctx: ModeContext, session: ParentSession): Stage[] {
  return [
    {
      name: "cluster",
      run: (tenant) =>
        ensureCluster(tenant.declared, session.api, {
          clock: ctx.clock,
          log: (m) => ctx.log.info(m),
          waitTimeoutMs: ctx.config.waitTimeoutMs,
          retryPolicy: API_RETRY,
          signal: ctx.signal,
          explain: session.explain,
        }),
    },
  ];
}

export async function applyMode(ctx: ModeContext): Promise<void> {
  const declared = await loadDeclaredClusters(ctx);
  await withParentSession(ctx, async (session) => {
    ctx.log.info(
      `Applying ${declared.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time`,
    );
    const tenants = await runTenants(declared, applyStages(ctx, session), {
      maxParallel: ctx.config.maxParallel,
      clock: ctx.clock,
      signal: ctx.signal,
    });
    const outputs = new Map(
      tenants.map((t) => [t.name, clusterOutput(t.cluster?.cluster, t.cluster?.state)]),
    );
    setClusterOutputs(ctx, declared, outputs);
    ctx.setOutput("changes", String(tenants.some((t) => t.cluster?.action === "created")));
    await ctx.writeSummary(applySummary(tenants, outputs, session.api.transport));
    const failed = tenants.filter((t) => t.failed);
    for (const t of failed) {
      const action = t.cluster?.action ?? t.failed!.stage;
      annotateAt(
        ctx,
        t.declared,
        `workload cluster ${t.name}: ${action}`,
        describeStageError(t.failed!.error),
      );
    }
    if (failed.length) {
      throw new ModeFailure(
        `${failed.length} of ${tenants.length} workload cluster(s) failed: ${failed.map((t) => `${t.name} (${t.cluster?.action ?? t.failed!.stage})`).join(", ")}`,
      );
    }
  });
}

// `mode: apply`: every declared cluster through the tenant pipeline (check that the run's AWS identity can
// join it, ensure the cluster, join the child), then outputs, summary, and annotations for what failed.
import type { AwsSession } from "../aws/credentials.js";
import { joinChild } from "../join/child.js";
import { checkJoinMatch } from "../join/preflight.js";
import { ensureCluster } from "../provision/apply.js";
import { type ClusterOutput, clusterOutput } from "../provision/outputs.js";
import { applySummary } from "../report/provision.js";
import { describeStageError } from "../tenant/outcome.js";
import { runTenants, type Stage, type TenantOutcome } from "../tenant/pipeline.js";
import { JOIN_DISABLED_NOTICE, openAwsSession } from "./aws.js";
import { type ModeContext, ModeFailure } from "./context.js";
import { loadDeclaredClusters } from "./declared.js";
import { annotateAt, setClusterOutputs } from "./outputs.js";
import { API_RETRY, type ParentSession, withParentSession } from "./parent-session.js";

function applyStages(ctx: ModeContext, session: ParentSession, aws: AwsSession | undefined): Stage[] {
  const log = (m: string) => ctx.log.info(m);
  const cluster: Stage = {
    name: "cluster",
    run: (tenant) =>
      ensureCluster(tenant.declared, session.api, {
        clock: ctx.clock,
        log,
        waitTimeoutMs: ctx.config.waitTimeoutMs,
        retryPolicy: API_RETRY,
        signal: ctx.signal,
        explain: session.explain,
      }),
  };
  if (!aws) return [cluster];
  return [
    {
      name: "preflight",
      run: async (tenant) => checkJoinMatch(tenant.declared, aws.caller, Boolean(aws.settings.roleToAssume)),
    },
    cluster,
    {
      name: "join",
      run: (tenant) =>
        joinChild(tenant.declared, tenant.cluster?.cluster, {
          aws,
          tbotPath: session.tools.tbotPath,
          tempDir: ctx.tempDir,
          exec: ctx.exec,
          env: ctx.env,
          registerCleanup: ctx.registerCleanup,
          clock: ctx.clock,
          log,
          childReadyTimeoutMs: ctx.config.childReadyTimeoutMs,
          signal: ctx.signal,
        }),
    },
  ];
}

function tenantOutput(t: TenantOutcome): ClusterOutput {
  const out = clusterOutput(t.cluster?.cluster, t.cluster?.state);
  return t.join?.identityFile ? { ...out, identity: t.join.identityFile } : out;
}

/** What a failed tenant's annotation and the step's failure call it: the stage's own word for it. */
function failureLabel(t: TenantOutcome): string {
  if (t.failed?.stage === "cluster") return t.cluster?.action ?? "failed";
  if (t.failed?.stage === "preflight") return "cannot be joined";
  return `${t.failed?.stage} failed`;
}

export async function applyMode(ctx: ModeContext): Promise<void> {
  const declared = await loadDeclaredClusters(ctx);
  const aws = await openAwsSession(ctx);
  await withParentSession(
    ctx,
    async (session) => {
      ctx.log.info(
        `Applying ${declared.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time${aws ? ", then joining each child" : ""}`,
      );
      const tenants = await runTenants(declared, applyStages(ctx, session, aws), {
        maxParallel: ctx.config.maxParallel,
        clock: ctx.clock,
        signal: ctx.signal,
      });
      const outputs = new Map(tenants.map((t) => [t.name, tenantOutput(t)]));
      setClusterOutputs(ctx, declared, outputs);
      ctx.setOutput("identity-file", (declared[0] && outputs.get(declared[0].name)?.identity) ?? "");
      ctx.setOutput("changes", String(tenants.some((t) => t.cluster?.action === "created")));
      await ctx.writeSummary(
        applySummary(tenants, outputs, session.api.transport, aws ? undefined : JOIN_DISABLED_NOTICE),
      );
      if (!aws) ctx.log.warning(JOIN_DISABLED_NOTICE);
      const failed = tenants.filter((t) => t.failed);
      for (const t of failed) {
        annotateAt(
          ctx,
          t.declared,
          `workload cluster ${t.name}: ${failureLabel(t)}`,
          describeStageError(t.failed!.error),
        );
      }
      if (failed.length) {
        throw new ModeFailure(
          `${failed.length} of ${tenants.length} workload cluster(s) failed: ${failed.map((t) => `${t.name} (${failureLabel(t)})`).join(", ")}`,
        );
      }
    },
    aws,
  );
}

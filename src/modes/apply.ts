// `mode: apply` and `mode: sync`: every declared cluster through the tenant pipeline: check that the run's
// AWS identity can join it, ensure the cluster (apply) or find it active (sync), join the child, sync its
// roles and users; then outputs, summary, invites file, and annotations for what failed.
import type { AwsSession } from "../aws/credentials.js";
import { describeStageError, stageError } from "../core/outcome.js";
import type { PlanComment } from "../github/index.js";
import { checkJoinMatch } from "../join/preflight.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { type ClusterStage, ensureCluster } from "../provision/apply.js";
import type { ParentApi } from "../provision/parent-api.js";
import type { PlanItem } from "../provision/plan.js";
import { ACTIVE } from "../provision/wait.js";
import { accessSummary, annotateAccess } from "../report/access.js";
import { type ClusterOutput, clusterOutput } from "../report/cluster-output.js";
import { applySummary } from "../report/provision.js";
import { JOIN_DISABLED_NOTICE, openAwsSession } from "../run/aws.js";
import { type JoinedChildren, join, syncJoinedChild } from "../run/child.js";
import { type ModeContext, ModeFailure, type ParentSession } from "../run/context.js";
import { type Declared, loadDeclared } from "../run/declared.js";
import { markPlanApplied, requireApprovedPlan } from "../run/github/approval.js";
import { InvitesFile } from "../run/invites.js";
import { annotateAt, setClusterOutputs } from "../run/outputs.js";
import { API_RETRY, withParentSession } from "../run/parent-session.js";
import { computePlan } from "../run/plan.js";
import { toPlanFile, writePlanFile } from "../run/plan-file.js";
import { driftOutput } from "../sync/drift.js";
import { runTenants, type Stage, type TenantOutcome } from "../tenant/pipeline.js";

type Mode = "apply" | "sync";

/** sync mode: the cluster as the parent shows it; a missing or inactive one ends the tenant without failing. */
async function lookupCluster(api: ParentApi, declared: DeclaredWorkloadCluster): Promise<ClusterStage> {
  const started = Date.now();
  try {
    const cluster = await api.get(declared.name);
    const state = cluster?.status?.state;
    const base = { action: "unchanged" as const, elapsedMs: Date.now() - started };
    if (!cluster) return { ...base, skip: "not in the parent (apply creates it)" };
    if (state !== ACTIVE)
      return {
        ...base,
        cluster,
        ...(state ? { state } : {}),
        skip: `not active (${state || "no status yet"})`,
      };
    return { ...base, cluster, state };
  } catch (error) {
    return { action: "failed", error: stageError(error), elapsedMs: Date.now() - started };
  }
}

function stages(
  ctx: ModeContext,
  mode: Mode,
  declared: Declared,
  session: ParentSession,
  aws: AwsSession | undefined,
  joins: JoinedChildren,
  invites: InvitesFile,
): Stage[] {
  const log = (m: string) => ctx.log.info(m);
  const cluster: Stage = {
    name: "cluster",
    run: (tenant) =>
      mode === "sync"
        ? lookupCluster(session.api, tenant.declared)
        : ensureCluster(tenant.declared, session.api, {
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
      run: async (t) => checkJoinMatch(t.declared, aws.caller, Boolean(aws.settings.roleToAssume)),
    },
    cluster,
    { name: "join", run: (t) => join(ctx, session, aws, t.declared, t.cluster?.cluster, joins) },
    {
      name: "sync",
      run: async (t) => {
        const objects = declared.access.get(t.name) ?? [];
        if (!objects.length) return { processes: 0 };
        return syncJoinedChild(ctx, session, t.declared, t.join!, objects, true, invites);
      },
    },
  ];
}

function tenantOutput(t: TenantOutcome): ClusterOutput {
  const out = clusterOutput(t.cluster?.cluster, t.cluster?.state);
  const counts = t.sync?.outcome?.counts;
  return {
    ...out,
    ...(t.join?.identityFile ? { identity: t.join.identityFile } : {}),
    ...(counts ? { counts } : {}),
  };
}

/** What a failed tenant's annotation and the step's failure call it: the stage's own word for it. */
function failureLabel(t: TenantOutcome): string {
  if (t.failed?.stage === "cluster") return t.cluster?.action ?? "failed";
  if (t.failed?.stage === "preflight") return "cannot be joined";
  if (t.failed?.stage === "sync") return "access not synced";
  return `${t.failed?.stage} failed`;
}

/** The run's result in the plan file's shape, for `report` to merge (and to mark the plan applied). */
async function writeResultFile(
  ctx: ModeContext,
  mode: Mode,
  tenants: TenantOutcome[],
  approved: boolean,
): Promise<string> {
  const items: PlanItem[] = tenants.map((t) => ({
    name: t.name,
    action:
      t.cluster?.action === "created"
        ? "create"
        : t.cluster?.action === "conflict"
          ? "conflict"
          : "unchanged",
    file: t.declared.file,
    line: t.declared.line,
    ...(t.cluster?.state ? { state: t.cluster.state } : {}),
    ...(t.cluster?.cluster?.status?.domain ? { domain: t.cluster.cluster.status.domain } : {}),
    ...(t.failed
      ? { message: describeStageError(t.failed.error) }
      : t.skipped
        ? { message: t.skipped.reason }
        : {}),
  }));
  const file = toPlanFile(
    { items, changes: items.some((i) => i.action === "create"), notes: [] },
    tenants.flatMap((t) => (t.sync?.plan ? [t.sync.plan] : [])),
    mode,
  );
  file.failed = tenants.filter((t) => t.failed).map((t) => t.name);
  if (approved) file.approved = true;
  if (ctx.config.shard) file.shard = ctx.config.shard;
  return writePlanFile(ctx, file);
}

/** require-approved-plan on a push: a fresh plan must hash like the one approved on the pull request. */
async function approvedComment(
  ctx: ModeContext,
  mode: Mode,
  declared: Declared,
  session: ParentSession,
  aws: AwsSession | undefined,
  joins: JoinedChildren,
): Promise<PlanComment | undefined> {
  if (mode !== "apply" || !ctx.config.github.requireApprovedPlan) return undefined;
  if (ctx.env.GITHUB_EVENT_NAME && ctx.env.GITHUB_EVENT_NAME !== "push") {
    ctx.log.warning(`require-approved-plan applies to pushes; this is a ${ctx.env.GITHUB_EVENT_NAME} event`);
  }
  ctx.log.info("Checking that the plan approved on the pull request is still the plan");
  const fresh = await computePlan(ctx, declared, session, aws, joins);
  return requireApprovedPlan(ctx, fresh);
}

/** Refuses, before any write, a run that would have to join children and cannot. */
function requireJoin(ctx: ModeContext, declared: Declared, aws: AwsSession | undefined): void {
  if (!declared.accessCount) return;
  if (!aws) {
    throw new ModeFailure(
      `${declared.accessCount} role and user document(s) are declared in ${ctx.config.access.dir}, so every child must be joined to sync them, and this run has no AWS credentials. Set role-to-assume (and give the job \`permissions: id-token: write\`), or configure AWS credentials in an earlier step. Nothing was changed.`,
    );
  }
  if (!ctx.config.access.repository) {
    throw new ModeFailure(
      "GITHUB_REPOSITORY is not set: the action labels every role and user it writes with the repository that owns it. Nothing was changed.",
    );
  }
}

export async function runTenantsMode(ctx: ModeContext, mode: Mode): Promise<void> {
  const declared = await loadDeclared(ctx);
  // STS while the parent session installs the tools: neither waits for the other. Its failure is read
  // below, still before anything is written.
  const opening = openAwsSession(ctx);
  opening.catch(() => {});
  await withParentSession(
    ctx,
    async (session) => {
      const aws = await opening;
      requireJoin(ctx, declared, aws);
      // The guard's re-plan joins the children it reads; the pipeline reuses those joins.
      const joins: JoinedChildren = new Map();
      const invites = new InvitesFile(ctx);
      const approved = await approvedComment(ctx, mode, declared, session, aws, joins);
      ctx.log.info(
        `${mode === "apply" ? "Applying" : "Syncing"} ${declared.clusters.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time${aws ? ", joining each child" : ""}${declared.accessCount ? " and syncing its roles and users" : ""}`,
      );
      const tenants = await runTenants(
        declared.clusters,
        stages(ctx, mode, declared, session, aws, joins, invites),
        {
          maxParallel: ctx.config.maxParallel,
          clock: ctx.clock,
          signal: ctx.signal,
        },
      );
      const outputs = new Map(tenants.map((t) => [t.name, tenantOutput(t)]));
      setClusterOutputs(ctx, declared.clusters, outputs);
      ctx.setOutput(
        "identity-file",
        (declared.clusters[0] && outputs.get(declared.clusters[0].name)?.identity) ?? "",
      );
      const wrote = tenants.some((t) => {
        const c = t.sync?.outcome?.counts;
        return (
          t.cluster?.action === "created" ||
          (c !== undefined && c.created + c.updated + c.adopted + c.removed > 0)
        );
      });
      ctx.setOutput("changes", String(wrote));
      ctx.setOutput("invites-file", invites.path);
      ctx.setOutput(
        "drift",
        JSON.stringify(driftOutput(tenants.flatMap((t) => (t.sync?.plan ? [t.sync.plan] : [])))),
      );
      ctx.setOutput("plan-file", await writeResultFile(ctx, mode, tenants, Boolean(approved)));
      for (const t of tenants.filter((t) => t.skipped))
        ctx.log.warning(`${t.name}: ${t.skipped!.reason}; not synced`);
      await ctx.writeSummary(
        applySummary(tenants, outputs, session.api.transport, aws ? undefined : JOIN_DISABLED_NOTICE, mode) +
          accessSummary(tenants),
      );
      if (!aws) ctx.log.warning(JOIN_DISABLED_NOTICE);
      for (const t of tenants) annotateAccess(ctx.command, t);
      const failed = tenants.filter((t) => t.failed);
      // A matrix leg leaves marking to the report job, which alone may write to the pull request.
      if (approved && !failed.length && !ctx.config.shard) await markPlanApplied(ctx, approved);
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
    opening,
  );
}

export const applyMode = (ctx: ModeContext) => runTenantsMode(ctx, "apply");
export const syncMode = (ctx: ModeContext) => runTenantsMode(ctx, "sync");

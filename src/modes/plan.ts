// `mode: plan`: what apply would do, read-only everywhere: the parent's clusters, and for each declared
// child that is active the access diff (the child is joined to read it; nothing is written). Writes the
// plan file (JSON and markdown).
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { AwsSession } from "../aws/credentials.js";
import { checkJoinMatch } from "../join/preflight.js";
import type { DeclaredAccessObject } from "../manifests/access.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { proxyOutput } from "../provision/outputs.js";
import { type ClusterPlan, type PlanItem, planClusters } from "../provision/plan.js";
import type { AccessPlan } from "../sync/plan.js";
import { describeStageError } from "../tenant/outcome.js";
import { mapLimit } from "../util/concurrency.js";
import { openAwsSession } from "./aws.js";
import { join, syncJoinedChild } from "./child.js";
import { type ModeContext, ModeFailure } from "./context.js";
import { type Declared, loadDeclared } from "./declared.js";
import { publishCheckFailure, publishPlan } from "./github.js";
import { annotateAt, setClusterOutputs } from "./outputs.js";
import { API_RETRY, type ParentSession, withParentSession } from "./parent-session.js";
import { type PlanFile, planFileMarkdown, toPlanFile } from "./plan-file.js";

/** What the plan says about one cluster's access: the diff, or why there is none. */
function unreadPlan(
  cluster: string,
  objects: readonly DeclaredAccessObject[],
  note: string,
  created: boolean,
): AccessPlan {
  return {
    cluster,
    verbs: "",
    notes: [note],
    items: objects.map((o) => ({
      kind: o.kind,
      name: o.name,
      file: o.file,
      line: o.line,
      action: created ? "create" : "unchanged",
      declared: o.resource,
    })),
  };
}

async function accessPlanOf(
  ctx: ModeContext,
  session: ParentSession,
  aws: AwsSession | undefined,
  d: DeclaredWorkloadCluster,
  item: PlanItem | undefined,
  objects: readonly DeclaredAccessObject[],
): Promise<AccessPlan> {
  if (!item || item.action === "create" || item.state !== "active") {
    return unreadPlan(
      d.name,
      objects,
      "The cluster is not active yet: every declared role and user is created after it is.",
      true,
    );
  }
  if (!aws) {
    return unreadPlan(
      d.name,
      objects,
      "Not read: no AWS credentials to join the child with (set role-to-assume).",
      false,
    );
  }
  const check = checkJoinMatch(d, aws.caller, Boolean(aws.settings.roleToAssume));
  if (check.error) return unreadPlan(d.name, objects, `Not read: ${describeStageError(check.error)}`, false);
  const cluster = await session.api.get(d.name);
  const joined = await join(ctx, session, aws, d, cluster);
  if (joined.error)
    return unreadPlan(d.name, objects, `Not read: ${describeStageError(joined.error)}`, false);
  const result = await syncJoinedChild(ctx, session, d, joined, objects, false);
  if (!result.plan)
    return unreadPlan(d.name, objects, `Not read: ${result.error?.message ?? "unknown"}`, false);
  return result.plan!;
}

async function planAccessAll(
  ctx: ModeContext,
  declared: Declared,
  plan: ClusterPlan,
  session: ParentSession,
  aws?: AwsSession,
) {
  const plans = await mapLimit(declared.clusters, ctx.config.maxParallel, async (d) => {
    const objects = declared.access.get(d.name) ?? [];
    if (!objects.length) return undefined;
    return accessPlanOf(
      ctx,
      session,
      aws,
      d,
      plan.items.find((i) => i.name === d.name),
      objects,
    );
  });
  return plans.filter((p): p is AccessPlan => p !== undefined);
}

/** The whole plan, read-only: the parent's clusters, then each active child's access. Apply's guard uses it too. */
export async function computePlan(
  ctx: ModeContext,
  declared: Declared,
  session: ParentSession,
  aws: AwsSession | undefined,
): Promise<PlanFile> {
  const plan = await planClusters(declared.clusters, session.api, {
    clock: ctx.clock,
    retryPolicy: API_RETRY,
    signal: ctx.signal,
    otherShards: declared.otherShards,
  }).catch((error) => {
    const advice = session.explain(error, "list");
    throw advice ? new ModeFailure(`${(error as Error).message}\n${advice}`) : error;
  });
  return toPlanFile(plan, await planAccessAll(ctx, declared, plan, session, aws));
}

export async function planMode(ctx: ModeContext): Promise<void> {
  const declared = await loadDeclared(ctx);
  const aws = declared.accessCount ? await openAwsSession(ctx) : undefined;
  const planFile = await withParentSession(
    ctx,
    (session) => computePlan(ctx, declared, session, aws),
    aws,
  ).catch(async (error) => {
    if (!ctx.config.shard) await publishCheckFailure(ctx, error).catch(() => {});
    throw error;
  });
  const plan = planFile;
  if (ctx.config.shard) planFile.shard = ctx.config.shard;
  const file = await writePlanFile(ctx, planFile);
  const outputs = new Map(
    plan.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => [i.name, { domain: i.domain ?? "", proxy: proxyOutput(i.domain), state: i.state ?? "" }]),
  );
  setClusterOutputs(ctx, declared.clusters, outputs);
  ctx.setOutput("changes", String(plan.changes || planFile.accessChanges));
  ctx.setOutput("plan-file", file);
  const { drift } = planFile;
  ctx.setOutput("drift", JSON.stringify(drift));
  await ctx.writeSummary(planFileMarkdown(planFile));
  // A matrix leg never talks to GitHub: its report job publishes the merged plan (complete there).
  if (!ctx.config.shard) await publishPlan(ctx, planFile, { complete: true });
  for (const item of plan.items)
    ctx.log.info(`${item.action.padEnd(9)} ${item.name}${item.message ? `: ${item.message}` : ""}`);
  for (const note of plan.notes) ctx.log.info(`note: ${note}`);
  const conflicts = plan.items.filter((i) => i.action === "conflict");
  for (const c of conflicts) annotateAt(ctx, c, `workload cluster ${c.name}: conflict`, c.message!);
  if (conflicts.length) {
    throw new ModeFailure(
      `${conflicts.length} declared workload cluster(s) differ from the parent and cannot be changed: ${conflicts.map((c) => c.name).join(", ")}`,
    );
  }
  const drifted = Object.entries(drift);
  for (const [cluster, entries] of drifted) {
    for (const e of entries) {
      ctx.log.warning(
        `${cluster}: ${e.kind}/${e.name}: ${e.change}${e.fields.length ? ` (${e.fields.join(", ")})` : ""}`,
      );
    }
  }
  if (drifted.length && ctx.config.drift.failOnDrift) {
    ctx.setOutput("failure-reason", "drift");
    throw new ModeFailure(
      `drift in ${drifted.length} cluster(s): ${drifted.map(([c, e]) => `${c} (${e.length})`).join(", ")}; fail-on-drift is on`,
    );
  }
}

export async function writePlanFile(ctx: ModeContext, file: PlanFile): Promise<string> {
  await fs.mkdir(ctx.tempDir, { recursive: true });
  const out = path.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
  await fs.writeFile(out, `${JSON.stringify(file, null, 2)}\n`);
  await fs.writeFile(out.replace(/\.json$/, ".md"), planFileMarkdown(file));
  return out;
}

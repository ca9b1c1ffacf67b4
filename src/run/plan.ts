// The whole plan, read-only: the parent's clusters, then each active child's access (the child is joined to
// read it; nothing is written). The plan mode shows it; apply's approved-plan guard recomputes it.
import type { AwsSession } from "../aws/credentials.js";
import { describeStageError } from "../core/outcome.js";
import { checkJoinMatch } from "../join/preflight.js";
import type { DeclaredAccessObject } from "../manifests/access.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { type ClusterPlan, type PlanItem, planClusters } from "../provision/plan.js";
import type { AccessPlan } from "../sync/plan.js";
import { mapLimit } from "../util/concurrency.js";
import { type JoinedChildren, join, syncJoinedChild } from "./child.js";
import { type ModeContext, ModeFailure, type ParentSession } from "./context.js";
import type { Declared } from "./declared.js";
import { API_RETRY } from "./parent-session.js";
import { type PlanFile, toPlanFile } from "./plan-file.js";

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
    vanished: [],
    items: objects.map((o) => ({
      kind: o.kind,
      name: o.name,
      file: o.file,
      line: o.line,
      ...(o.fieldLines ? { fieldLines: o.fieldLines } : {}),
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
  joins: JoinedChildren | undefined,
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
  const joined = await join(ctx, session, aws, d, cluster, joins);
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
  aws: AwsSession | undefined,
  joins: JoinedChildren | undefined,
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
      joins,
    );
  });
  return plans.filter((p): p is AccessPlan => p !== undefined);
}

/** The parent's clusters, then each active child's access; `joins`, when given, keeps the joins made. */
export async function computePlan(
  ctx: ModeContext,
  declared: Declared,
  session: ParentSession,
  aws: AwsSession | undefined,
  joins?: JoinedChildren,
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
  return toPlanFile(plan, await planAccessAll(ctx, declared, plan, session, aws, joins));
}

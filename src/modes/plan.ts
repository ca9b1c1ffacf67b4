// `mode: plan`: what apply would do, read-only everywhere: the parent's clusters, and for each declared
// child that is active the access diff (the child is joined to read it; nothing is written). Writes the
// plan file (JSON and markdown).
import { proxyOutput } from "../report/cluster-output.js";
import { openAwsSession } from "../run/aws.js";
import { type ModeContext, ModeFailure } from "../run/context.js";
import { loadDeclared } from "../run/declared.js";
import { publishCheckFailure, publishPlan } from "../run/github/publish.js";
import { annotateAt, setClusterOutputs } from "../run/outputs.js";
import { withParentSession } from "../run/parent-session.js";
import { computePlan } from "../run/plan.js";
import { planFileMarkdown, writePlanFile } from "../run/plan-file.js";
import { failOnHighRisk, reportReview } from "../run/review.js";

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
  const highRisk = reportReview(ctx, planFile);
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
  failOnHighRisk(ctx, highRisk);
}

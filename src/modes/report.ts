// `mode: report`: merges the plan files that several jobs wrote (matrix legs, each `shard: k/n`) into one
// plan: one job summary, one plan file, and the outputs a single run would have given. Only this job talks
// to GitHub, so the legs never need a GitHub permission.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { glob } from "tinyglobby";
import type { ClusterPlan, PlanItem } from "../provision/plan.js";
import { type ModeContext, ModeFailure } from "../run/context.js";
import { markMergedPlanApplied } from "../run/github/approval.js";
import { publishPlan } from "../run/github/publish.js";
import { type AccessJson, type PlanFile, planFileMarkdown } from "../run/plan-file.js";
import { failOnHighRisk, reportReview } from "../run/review.js";

export interface MergedPlan extends PlanFile {
  /** The files merged, for the summary. */
  sources: string[];
  /** Every shard of the matrix reported (or no file was of a shard). */
  complete: boolean;
}

export async function readPlanFiles(ctx: ModeContext): Promise<MergedPlan> {
  const files = (
    await glob(ctx.config.github.planFiles, { cwd: ctx.workspace, absolute: true, onlyFiles: true })
  ).sort();
  if (!files.length) {
    throw new ModeFailure(`Input "plan-files": no file matches ${ctx.config.github.planFiles.join(", ")}`);
  }
  const items = new Map<string, PlanItem>();
  const access: Record<string, AccessJson> = {};
  const notes = new Set<string>();
  const drift: PlanFile["drift"] = {};
  const failed: string[] = [];
  const modes = new Set<string>();
  let approved = true;
  const shards = new Set<number>();
  let shardCount = 0;
  let changes = false;
  for (const file of files) {
    let plan: PlanFile;
    try {
      plan = JSON.parse(await fs.readFile(file, "utf8")) as PlanFile;
    } catch (error) {
      throw new ModeFailure(
        `${path.relative(ctx.workspace, file)} is not a plan file: ${(error as Error).message}`,
      );
    }
    if (plan.version !== 1 || !Array.isArray(plan.items)) {
      throw new ModeFailure(
        `${path.relative(ctx.workspace, file)} is not a plan file of this action (version 1)`,
      );
    }
    // An unmanaged cluster shows in every leg that listed the parent; a declared one in its own leg only.
    for (const item of plan.items)
      if (!items.has(item.name) || item.action !== "unmanaged") items.set(item.name, item);
    Object.assign(access, plan.access ?? {});
    Object.assign(drift, plan.drift ?? {});
    failed.push(...(plan.failed ?? []));
    modes.add(plan.mode ?? "plan");
    approved &&= plan.approved === true;
    if (plan.shard) {
      shards.add(plan.shard.index);
      shardCount = plan.shard.count;
    }
    for (const n of plan.notes) notes.add(n);
    changes ||= plan.changes || Boolean(plan.accessChanges);
  }
  const merged: ClusterPlan = {
    items: [...items.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    changes,
    notes: [...notes],
  };
  return {
    version: 1,
    ...merged,
    access,
    accessChanges: Object.values(access).some((a) =>
      a.items.some((i) => !["unchanged", "blocked"].includes(i.action)),
    ),
    drift,
    ...(modes.size === 1 ? { mode: [...modes][0] as PlanFile["mode"] } : {}),
    ...(failed.length ? { failed } : {}),
    ...(approved ? { approved } : {}),
    complete: shardCount === 0 || shards.size === shardCount,
    sources: files.map((f) => path.relative(ctx.workspace, f)),
  };
}

export async function reportMode(ctx: ModeContext): Promise<void> {
  const merged = await readPlanFiles(ctx);
  ctx.log.info(`Merged ${merged.sources.length} plan file(s): ${merged.sources.join(", ")}`);
  await fs.mkdir(ctx.tempDir, { recursive: true });
  const file = path.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
  const { sources: _s, ...plan } = merged;
  await fs.writeFile(file, `${JSON.stringify(plan, null, 2)}\n`);
  ctx.setOutput("plan-file", file);
  ctx.setOutput("changes", String(plan.changes || plan.accessChanges));
  const highRisk = plan.mode === "apply" ? false : reportReview(ctx, plan);
  await ctx.writeSummary(planFileMarkdown(plan));
  if (plan.mode === "apply") await markMergedPlanApplied(ctx, plan);
  else {
    // A leg that failed left no file: the merged plan covers part of the fleet, and closes no issue.
    if (!merged.complete)
      ctx.log.warning("Not every shard reported a plan file: this run closes no drift issue");
    await publishPlan(ctx, plan, { complete: merged.complete });
  }
  if (plan.failed?.length) {
    throw new ModeFailure(
      `${plan.failed.length} workload cluster(s) failed in the merged runs: ${plan.failed.join(", ")}`,
    );
  }
  failOnHighRisk(ctx, highRisk);
}

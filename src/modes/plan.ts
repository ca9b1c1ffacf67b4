// `mode: plan`: what apply would do, read-only everywhere; writes the plan file (JSON and markdown).
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { proxyOutput } from "../provision/outputs.js";
import { type ClusterPlan, planClusters } from "../provision/plan.js";
import { planMarkdown } from "../report/provision.js";
import { type ModeContext, ModeFailure } from "./context.js";
import { loadDeclaredClusters } from "./declared.js";
import { annotateAt, setClusterOutputs } from "./outputs.js";
import { API_RETRY, withParentSession } from "./parent-session.js";

export async function planMode(ctx: ModeContext): Promise<void> {
  const declared = await loadDeclaredClusters(ctx);
  const plan = await withParentSession(ctx, (session) =>
    planClusters(declared, session.api, {
      clock: ctx.clock,
      retryPolicy: API_RETRY,
      signal: ctx.signal,
    }).catch((error) => {
      const advice = session.explain(error, "list");
      throw advice ? new ModeFailure(`${(error as Error).message}\n${advice}`) : error;
    }),
  );
  const file = await writePlan(ctx, plan);
  const outputs = new Map(
    plan.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => [i.name, { domain: i.domain ?? "", proxy: proxyOutput(i.domain), state: i.state ?? "" }]),
  );
  setClusterOutputs(ctx, declared, outputs);
  ctx.setOutput("changes", String(plan.changes));
  ctx.setOutput("plan-file", file);
  await ctx.writeSummary(planMarkdown(plan));
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
}

async function writePlan(ctx: ModeContext, plan: ClusterPlan): Promise<string> {
  await fs.mkdir(ctx.tempDir, { recursive: true });
  const file = path.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
  await fs.writeFile(file, `${JSON.stringify({ version: 1, ...plan }, null, 2)}\n`);
  await fs.writeFile(file.replace(/\.json$/, ".md"), planMarkdown(plan));
  return file;
}

// The plan file: what `plan` writes (JSON, with a markdown copy beside it) and what `report` merges from
// several jobs. It holds decisions and field names, never whole documents read from a child, nor secrets.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { ClusterPlan } from "../provision/plan.js";
import { accessMarkdown } from "../report/access.js";
import { planMarkdown } from "../report/provision.js";
import { reviewMarkdown } from "../report/review.js";
import { type AccessReview, reviewAccess } from "../review/index.js";
import { type DriftEntry, driftOutput } from "../sync/drift.js";
import type { AccessItem, AccessPlan } from "../sync/plan.js";
import type { ModeContext } from "./context.js";

export type AccessItemJson = Omit<AccessItem, "declared" | "live" | "fieldLines">;

export interface AccessJson {
  verbs: string;
  notes: string[];
  items: AccessItemJson[];
  /** What the planned changes do to access (computed where the documents are; the report job only shows it). */
  review?: AccessReview;
}

export interface PlanFile extends ClusterPlan {
  version: 1;
  /** Per cluster: the roles and users plan. */
  access: Record<string, AccessJson>;
  /** Whether apply would write a role or user. */
  accessChanges: boolean;
  drift: Record<string, DriftEntry[]>;
  /** Which mode wrote it: a plan, or the result of an apply or sync (report marks an applied plan). */
  mode?: "plan" | "apply" | "sync";
  /** apply, sync: the clusters that failed. */
  failed?: string[];
  /** apply: the approved-plan check passed for the clusters of this file. */
  approved?: boolean;
  /** The shard (`k/n`) this file covers; report counts them to know whether every shard reported. */
  shard?: { index: number; count: number };
}

export function toPlanFile(
  plan: ClusterPlan,
  access: readonly AccessPlan[],
  mode: PlanFile["mode"] = "plan",
): PlanFile {
  return {
    version: 1,
    mode,
    ...plan,
    access: Object.fromEntries(
      access.map((p) => [
        p.cluster,
        {
          verbs: p.verbs,
          notes: p.notes,
          items: p.items.map(({ declared: _d, live: _l, fieldLines: _f, ...item }) => item),
          review: reviewAccess(p.items, p.presets),
        },
      ]),
    ),
    accessChanges: access.some((p) =>
      p.items.some((i) => !["unchanged", "blocked", "keep"].includes(i.action)),
    ),
    drift: driftOutput(access),
  };
}

export function planFileMarkdown(file: PlanFile): string {
  const sections = Object.entries(file.access).map(([cluster, a]) => accessMarkdown({ cluster, ...a }));
  return (
    reviewMarkdown(file.access) +
    planMarkdown(file) +
    (sections.length ? `\n### Roles and users: plan\n\n${sections.join("\n")}` : "")
  );
}

export async function writePlanFile(ctx: ModeContext, file: PlanFile): Promise<string> {
  await fs.mkdir(ctx.tempDir, { recursive: true });
  const out = path.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
  await fs.writeFile(out, `${JSON.stringify(file, null, 2)}\n`);
  await fs.writeFile(out.replace(/\.json$/, ".md"), planFileMarkdown(file));
  return out;
}

// Job-summary markdown for plan, apply and delete.

import { describeStageError } from "../core/outcome.js";
import type { ApplyAction } from "../provision/apply.js";
import type { DeleteOutcome } from "../provision/delete.js";
import type { ClusterPlan } from "../provision/plan.js";
import type { TenantOutcome } from "../tenant/pipeline.js";
import { formatDuration } from "../util/log.js";
import type { ClusterOutput } from "./cluster-output.js";

/** Table cells: no pipes or new lines may break the table, and no HTML. */
export function cell(text: string | undefined): string {
  return (text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

const RESULT: Record<ApplyAction, string> = {
  created: "✅ created",
  unchanged: "✅ unchanged",
  conflict: "❌ conflict",
  blocked: "❌ name blocked",
  failed: "❌ failed",
};

/** The child column: joined (as which ARN), why not, or nothing when no join was attempted. */
function childCell(t: TenantOutcome): string {
  if (t.preflight?.error) return `❌ cannot be joined as \`${cell(t.preflight.caller.arn)}\``;
  if (t.join?.identityFile) return `✅ joined as \`${cell(t.join.arn)}\``;
  if (t.join?.error) return `❌ not joined (${cell(t.join.error.kind)})`;
  return "";
}

// Teleport's words for what each stage does, as the time column names them.
const STAGE_LABEL = {
  preflight: "join check",
  cluster: "create and wait",
  join: "join",
  sync: "sync",
} as const;

/** The time column: the tenant's total and where it went, e.g. `9.1 s (create and wait 5 s, join 0.8 s, sync 3.3 s, 4 tctl)`. */
function timeCell(t: TenantOutcome): string {
  const parts = Object.entries(t.stageMs ?? {})
    .filter(([, ms]) => ms !== undefined && ms >= 50)
    .map(
      ([stage, ms]) => `${STAGE_LABEL[stage as keyof typeof STAGE_LABEL] ?? stage} ${formatDuration(ms!)}`,
    );
  if (t.sync?.processes) parts.push(`${t.sync.processes} tctl`);
  return parts.length ? `${formatDuration(t.elapsedMs)} (${parts.join(", ")})` : formatDuration(t.elapsedMs);
}

export function applySummary(
  tenants: TenantOutcome[],
  outputs: Map<string, ClusterOutput>,
  transport: string,
  notice?: string,
  mode: "apply" | "sync" = "apply",
): string {
  const lines = [
    `### Workload clusters: ${mode}`,
    "",
    "| cluster | result | state | domain | child | time |",
    "| --- | --- | --- | --- | --- | --- |",
    ...tenants.map((t) => {
      const out = outputs.get(t.name);
      const result = t.skipped
        ? `⏭️ ${cell(t.skipped.reason)}`
        : t.cluster
          ? RESULT[t.cluster.action]
          : t.preflight?.error
            ? "⏭️ not created"
            : "❌ failed";
      return `| ${cell(t.name)} | ${result} | ${cell(out?.state || t.cluster?.state)} | ${out?.domain ? `\`${cell(out.domain)}\`` : ""} | ${childCell(t)} | ${cell(timeCell(t))} |`;
    }),
    "",
  ];
  if (notice) lines.push(`> ${cell(notice)}`, "");
  const failed = tenants.filter((t) => t.failed);
  if (failed.length) {
    lines.push(
      "#### Problems",
      "",
      ...failed.map((t) => `- **${cell(t.name)}**: ${cell(describeStageError(t.failed!.error))}`),
      "",
    );
  }
  lines.push(`<sub>Parent API: ${cell(transport)}</sub>`, "");
  return lines.join("\n");
}

const PLAN: Record<string, string> = {
  create: "➕ create",
  unchanged: "✔️ unchanged",
  conflict: "❌ conflict (immutable)",
  unmanaged: "⚠️ unmanaged",
};

export function planMarkdown(plan: ClusterPlan): string {
  return [
    "### Workload clusters: plan",
    "",
    plan.changes
      ? "Apply would create the clusters marked ➕."
      : "No changes: every declared workload cluster exists as declared.",
    "",
    "| cluster | action | state | domain | declared in | note |",
    "| --- | --- | --- | --- | --- | --- |",
    ...plan.items.map(
      (i) =>
        `| ${cell(i.name)} | ${PLAN[i.action]} | ${cell(i.state)} | ${i.domain ? `\`${cell(i.domain)}\`` : ""} | ${i.file ? `\`${cell(i.file)}:${i.line}\`` : ""} | ${cell(i.message)} |`,
    ),
    "",
    ...plan.notes.map((n) => `> ${cell(n)}`),
    "",
  ].join("\n");
}

export function deleteSummary(outcomes: DeleteOutcome[]): string {
  return [
    "### Workload clusters: delete",
    "",
    "| cluster | result | parent shows afterwards |",
    "| --- | --- | --- |",
    ...outcomes.map(
      (o) =>
        `| ${cell(o.name)} | ${cell(o.result)}${o.error ? `: ${cell(o.error)}` : ""} | ${cell(o.after)} |`,
    ),
    "",
    "> Deleted workload clusters are suspended for a grace period (14 days, per Teleport's guide); their names cannot be used again meanwhile.",
    "",
  ].join("\n");
}

// What plan and report do with the access review: the outputs `widens-access` and `high-risk`, a warning
// annotation at each high-risk change's document, and with fail-on-high-risk the failure a workflow can
// route to an approving environment (`failure-reason: high-risk`).
import { escapeData, escapeProperty } from "../report/annotations.js";
import { HIGH_RISK } from "../review/fields.js";
import { isHighRisk, widensAccess } from "../review/index.js";
import { type ModeContext, ModeFailure } from "./context.js";
import type { PlanFile } from "./plan-file.js";

/** Sets the outputs and annotates the high-risk changes; returns whether any change is high-risk. */
export function reportReview(ctx: ModeContext, file: Pick<PlanFile, "access">): boolean {
  const reviews = Object.entries(file.access).flatMap(([cluster, a]) =>
    a.review ? [{ cluster, review: a.review }] : [],
  );
  const widens = reviews.some((r) => widensAccess(r.review));
  const high = reviews.some((r) => isHighRisk(r.review));
  ctx.setOutput("widens-access", String(widens));
  ctx.setOutput("high-risk", String(high));
  for (const { cluster, review } of reviews) {
    for (const f of review.findings.filter((x) => x.effect === "widens" && x.highRisk)) {
      const rule = HIGH_RISK.find((r) => r.id === f.highRisk)!;
      const title = `${cluster}: ${f.kind}/${f.name}: high-risk (${rule.text})`;
      ctx.command(
        `::warning file=${escapeProperty(f.file)},line=${f.line},title=${escapeProperty(title)}::${escapeData(`${f.field}: ${f.reason}`)}`,
      );
    }
  }
  return high;
}

/** fail-on-high-risk: the step fails once everything else (outputs, comment, summary) is done. */
export function failOnHighRisk(ctx: ModeContext, high: boolean): void {
  if (!high || !ctx.config.failOnHighRisk) return;
  ctx.setOutput("failure-reason", "high-risk");
  throw new ModeFailure(
    'a planned role or user change makes a high-risk grant (see "Widens access" in the summary); fail-on-high-risk is on',
  );
}

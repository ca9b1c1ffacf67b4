// The access review as the plan comment and the job summary show it, before anything else: high-risk
// grants first (each with its file and line), then the other changes that widen access, then who gains
// what, then what the review could not classify; a plan that only narrows says so.
import { type ReviewSummary, reviewSection } from "../github/body.js";
import { HIGH_RISK } from "../review/fields.js";
import type { AccessReview } from "../review/index.js";

type Finding = AccessReview["findings"][number];
type Gain = AccessReview["gains"][number];

/** Text inside a list line: no HTML, no line breaks, no code spans opened by a name. */
const text = (s: string) =>
  s
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
const code = (s: string) => `\`${s.replace(/[`\r\n]/g, "")}\``;

const riskText = (id: string | undefined) => {
  const rule = HIGH_RISK.find((r) => r.id === id);
  return rule ? `🔴 **${rule.text}**: ` : "";
};

function findingLine(cluster: string, f: Finding): string {
  const where = f.file ? ` (${code(`${f.file}:${f.line}`)})` : "";
  return `- ${riskText(f.effect === "widens" ? f.highRisk : undefined)}${code(`${f.kind}/${f.name}`)} in ${text(cluster)}: ${code(f.field)} ${text(f.reason)}${where}`;
}

function gainLine(cluster: string, g: Gain): string {
  return `- ${riskText(g.highRisk)}${text(g.user)}@${text(cluster)}: gains ${text(g.what)} (via ${text(g.via)}, ${code(`${g.file}:${g.line}`)})`;
}

/** The review lines of every cluster's access plan; undefined when no cluster has a review. */
export function reviewSummaryOf(
  access: Record<string, { review?: AccessReview }>,
): ReviewSummary | undefined {
  const r: ReviewSummary = { highRisk: [], widens: [], gains: [], unclassified: [], narrows: [] };
  let any = false;
  for (const [cluster, a] of Object.entries(access)) {
    if (!a.review) continue;
    any = true;
    for (const f of a.review.findings) {
      if (f.effect === "widens") (f.highRisk ? r.highRisk : r.widens).push(findingLine(cluster, f));
      else if (f.effect === "narrows") r.narrows.push(findingLine(cluster, f));
      else if (f.effect === "unclassified") r.unclassified.push(findingLine(cluster, f));
    }
    for (const g of a.review.gains) {
      r.gains.push(gainLine(cluster, g));
      // A role's high-risk change is listed as a finding already; a user's own (a role or trait gained) is not.
      if (g.highRisk && g.via.startsWith("user ")) r.highRisk.push(gainLine(cluster, g));
    }
  }
  return any ? r : undefined;
}

/** The section for the job summary and the plan's markdown: everything, never trimmed. */
export function reviewMarkdown(access: Record<string, { review?: AccessReview }>): string {
  const lines = reviewSection(reviewSummaryOf(access));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

// Renders the plan comment within GitHub's size limit. GitHub rejects a body over 65,536 characters with a
// 422 (B79), and splitting a plan across comments breaks the one-comment contract, so the body
// degrades in fixed steps until it fits: every detail, then details of changed and failed clusters only,
// then the table, then counts with a link to the job summary that holds everything. The access review
// ("Widens access") comes first and goes last: trimmed to its high-risk lines, then to its counts.

export const GITHUB_BODY_LIMIT = 65_536;
/** What the builder aims for: room for the marker and the status line markApplied adds. */
export const COMMENT_BUDGET = 60_000;

export type ClusterStatus = "create" | "update" | "unchanged" | "failed" | "blocked";

export interface ClusterCounts {
  create: number;
  update: number;
  delete: number;
}

export interface ClusterPlanSummary {
  name: string;
  status: ClusterStatus;
  /** One line per change, shown in a diff block (`+ role/admin`, `~ user/alice: roles`). */
  changes: string[];
  counts: ClusterCounts;
  /** Why a failed or blocked cluster could not be planned. */
  error?: string;
}

/** The access review, as markdown list lines (already escaped), high-risk first. */
export interface ReviewSummary {
  highRisk: string[];
  widens: string[];
  /** Who gains what: one line per user and grant. */
  gains: string[];
  unclassified: string[];
  /** Changes that narrow access (counted; listed only when nothing widens). */
  narrows: string[];
}

export interface PlanSummary {
  /** The parent cluster (proxy address or name) the plan is for. */
  parent: string;
  clusters: ClusterPlanSummary[];
  review?: ReviewSummary;
  /** Where the full plan lives: the job summary of the run. */
  jobSummaryUrl?: string;
  runUrl?: string;
  headSha?: string;
}

export type BodyStep = "full" | "changed-only" | "table" | "counts" | "review-high-risk" | "review-counts";

export interface BuiltBody {
  body: string;
  step: BodyStep;
  length: number;
}

export class UnsafeBodyError extends Error {
  override name = "UnsafeBodyError";
}

// Invite and reset links hand over an account; key material is an identity (README "Security model").
const FORBIDDEN = [/\/web\/invite\//i, /\/web\/reset\//i, /PRIVATE KEY/];

/** Refuses a body that would publish an invite link or key material. */
export function assertSafeBody(body: string): void {
  for (const pattern of FORBIDDEN) {
    if (pattern.test(body)) {
      throw new UnsafeBodyError(
        `refusing to post a GitHub body containing ${pattern.source.replace(/\\/g, "")}: it would publish a secret`,
      );
    }
  }
}

/** What GitHub counts against its limit: characters (code points). */
export function bodyLength(body: string): number {
  let n = 0;
  for (const _ of body) n++;
  return n;
}

export function planHasChanges(summary: PlanSummary): boolean {
  return summary.clusters.some((c) => c.status !== "unchanged");
}

interface Totals {
  clusters: number;
  byStatus: Record<ClusterStatus, number>;
  create: number;
  update: number;
  delete: number;
}

function totals(summary: PlanSummary): Totals {
  const byStatus: Record<ClusterStatus, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    failed: 0,
    blocked: 0,
  };
  const t: Totals = { clusters: summary.clusters.length, byStatus, create: 0, update: 0, delete: 0 };
  for (const c of summary.clusters) {
    byStatus[c.status]++;
    t.create += c.counts.create;
    t.update += c.counts.update;
    t.delete += c.counts.delete;
  }
  return t;
}

/** Cell text: no table breaks, no raw HTML, no code spans opened by a name. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`");
}

function fenced(lang: string, lines: string[]): string {
  const text = lines.join("\n");
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

const STATUS_ICON: Record<ClusterStatus, string> = {
  create: "🆕 create",
  update: "✏️ update",
  unchanged: "✅ unchanged",
  failed: "❌ failed",
  blocked: "⛔ blocked",
};

function header(summary: PlanSummary, t: Totals): string[] {
  const s = t.byStatus;
  const parts = [
    `${s.create} to create`,
    `${s.update} to update`,
    `${s.unchanged} unchanged`,
    `${s.failed + s.blocked} failed or blocked`,
  ];
  const commit = summary.headSha ? ` at \`${summary.headSha.slice(0, 12)}\`` : "";
  return [
    `### Teleport plan for \`${summary.parent.replace(/[`\r\n]/g, "")}\`${commit}`,
    "",
    `**${t.clusters} cluster${t.clusters === 1 ? "" : "s"}:** ${parts.join(", ")}. ` +
      `Resources: ${t.create} to create, ${t.update} to update, ${t.delete} to delete.`,
  ];
}

function table(clusters: ClusterPlanSummary[]): string[] {
  const shown = clusters.filter((c) => c.status !== "unchanged");
  const quiet = clusters.length - shown.length;
  const lines = ["| Cluster | Plan | Create | Update | Delete |", "|---|---|---:|---:|---:|"];
  for (const c of shown) {
    const { create, update, delete: del } = c.counts;
    lines.push(`| ${cell(c.name)} | ${STATUS_ICON[c.status]} | ${create} | ${update} | ${del} |`);
  }
  // One line instead of a row per quiet cluster (rows for components with no changes are noise).
  if (quiet > 0) lines.push("", `${quiet} cluster${quiet === 1 ? "" : "s"} unchanged.`);
  return shown.length > 0 ? lines : lines.slice(2);
}

function details(c: ClusterPlanSummary): string[] {
  const out = ["", `<details><summary>${cell(c.name)}: ${STATUS_ICON[c.status]}</summary>`, ""];
  if (c.error) out.push(fenced("text", [c.error]), "");
  if (c.changes.length > 0) out.push(fenced("diff", c.changes), "");
  out.push("</details>");
  return out;
}

function footer(summary: PlanSummary, note?: string): string[] {
  const links: string[] = [];
  if (summary.jobSummaryUrl) links.push(`[job summary](${summary.jobSummaryUrl})`);
  if (summary.runUrl && summary.runUrl !== summary.jobSummaryUrl) links.push(`[run](${summary.runUrl})`);
  const out: string[] = [];
  if (note) out.push("", note);
  if (links.length > 0) out.push("", `Full plan: ${links.join(" · ")}`);
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function list(heading: string, lines: string[], cap: number): string[] {
  if (!lines.length) return [];
  const shown = lines.slice(0, cap);
  const more = lines.length - shown.length;
  return ["", heading, "", ...shown, ...(more > 0 ? [`- ... and ${more} more (in the job summary)`] : [])];
}

/** The review section: everything, only the high-risk lines in full, or only counts. */
export function reviewSection(
  r: ReviewSummary | undefined,
  detail: "all" | "high-risk" | "counts" = "all",
): string[] {
  if (!r) return [];
  const widening = r.highRisk.length + r.widens.length + r.gains.length > 0;
  if (!widening) {
    if (!r.narrows.length && !r.unclassified.length) return [];
    const out = ["### Access review", ""];
    if (r.narrows.length)
      out.push(
        `Narrows access only: ${r.narrows.length === 1 ? "1 change narrows" : `${r.narrows.length} changes narrow`} access and none widens it.`,
      );
    if (detail === "all") out.push(...list("**Narrows**", r.narrows, Number.POSITIVE_INFINITY));
    if (detail !== "counts")
      out.push(...list("**Not classified** (read the diff)", r.unclassified, Number.POSITIVE_INFINITY));
    return [...out, ""];
  }
  const counts = `**${plural(r.highRisk.length, "high-risk grant")}**, ${plural(r.widens.length, "other widening change")}, ${plural(r.gains.length, "gain")} of access by users.`;
  const out = ["### ⚠️ Widens access", "", counts];
  if (detail === "counts") return [...out, "The list is in the job summary.", ""];
  const cap = detail === "all" ? Number.POSITIVE_INFINITY : 0;
  out.push(...list("**High-risk**", r.highRisk, Number.POSITIVE_INFINITY));
  out.push(...list("**Widens**", r.widens, cap));
  out.push(...list("**Who gains what**", r.gains, detail === "all" ? cap : 20));
  out.push(...list("**Not classified** (read the diff)", r.unclassified, cap));
  return [...out, ""];
}

function render(summary: PlanSummary, step: BodyStep): string {
  const t = totals(summary);
  const review = step === "review-counts" ? "counts" : step === "review-high-risk" ? "high-risk" : "all";
  const [title, ...rest] = header(summary, t);
  const lines = [title!, "", ...reviewSection(summary.review, review), ...rest.slice(1)];
  const hasDetail = (c: ClusterPlanSummary) => c.changes.length > 0 || !!c.error;
  if (step === "counts" || step === "review-high-risk" || step === "review-counts") {
    const note =
      `The per-cluster plan of ${t.clusters} clusters does not fit in a comment; ` +
      `it is in the job summary${summary.jobSummaryUrl ? "" : " of this run"}.`;
    return [...lines, ...footer(summary, note)].join("\n");
  }
  lines.push("", ...table(summary.clusters));
  if (step === "full") {
    for (const c of summary.clusters.filter(hasDetail)) lines.push(...details(c));
  } else if (step === "changed-only") {
    for (const c of summary.clusters.filter((c) => c.status !== "unchanged" && hasDetail(c))) {
      lines.push(...details(c));
    }
  }
  const note =
    step === "changed-only"
      ? "Details of unchanged clusters are left out to fit GitHub's comment size limit."
      : step === "table"
        ? "Per-cluster details are left out to fit GitHub's comment size limit."
        : undefined;
  return [...lines, ...footer(summary, note)].join("\n");
}

const STEPS: BodyStep[] = ["full", "changed-only", "table", "counts", "review-high-risk", "review-counts"];

/** The richest rendering that fits `budget` characters; throws if it would publish a secret. */
export function buildPlanBody(summary: PlanSummary, budget: number = COMMENT_BUDGET): BuiltBody {
  for (const step of STEPS) {
    const body = render(summary, step);
    const length = bodyLength(body);
    if (length <= budget || step === "review-counts") {
      if (length > budget)
        throw new Error(`the plan summary does not fit ${budget} characters even as counts`);
      assertSafeBody(body);
      return { body, step, length };
    }
  }
  throw new Error("unreachable");
}

// One drift issue per parent cluster, kept up to date in place (one rolling issue, not one
// per run). Found through the issues list by label, marker and author, not through search (B82: search lags
// its index and has a tighter limit). Reopened rather than duplicated, closed only by a complete clean
// run (a partial run must not close an issue it did not check), and a failing check never closes it: an error
// says nothing about drift, so it is shown in its own section.
import { assertSafeBody, bodyLength, COMMENT_BUDGET } from "./body.js";
import { sameLogin } from "./client.js";
import type { RepoRef } from "./comment.js";
import { needs } from "./errors.js";
import { type DriftMarker, parseDriftMarker, renderDriftMarker } from "./marker.js";

export type DriftState = "clean" | "drift" | "check-failed";
export type DriftIssueAction = "none" | "created" | "updated" | "unchanged" | "reopened" | "closed";

export const DRIFT_LABEL = "teleport-drift";

export interface SyncDriftIssueInput extends RepoRef {
  parent: string;
  runId: string | number;
  runUrl: string;
  /** What this run found: drift, nothing, or that it could not tell. */
  state: DriftState;
  /** Markdown: the drift report for `drift`, the error for `check-failed`, an optional note for `clean`. */
  body: string;
  /** The run checked every cluster of the parent; only such a run may close the issue. */
  complete: boolean;
  label?: string;
  title?: string;
}

export interface SyncDriftIssueResult {
  number: number | null;
  url: string | null;
  state: "open" | "closed" | null;
  action: DriftIssueAction;
  /** The comment posted on a transition, if any. */
  comment?: "new-drift" | "resolved" | "check-failing" | "reopened-drift-persists";
}

interface RestIssue {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  user: { login: string } | null;
  updated_at: string;
  closed_at?: string | null;
  closed_by?: { login: string } | null;
  pull_request?: unknown;
}

const ISSUES_WRITE = "issues: write";
const DRIFT_OPEN = "<!-- drift-report -->";
const DRIFT_CLOSE = "<!-- /drift-report -->";
// Room for the marker, headings and status lines around the two sections.
const SECTION_BUDGET = Math.floor((COMMENT_BUDGET - 2_000) / 2);

function fitSection(text: string, runUrl: string): string {
  if (bodyLength(text) <= SECTION_BUDGET) return text;
  const cut = Array.from(text)
    .slice(0, SECTION_BUDGET - 200)
    .join("");
  return `${cut}\n\n… cut to fit GitHub's size limit; the full report is in [the run](${runUrl}).`;
}

/** The drift report kept in the current issue body, so a failed check does not erase what was last seen. */
function previousDriftSection(body: string): string | undefined {
  const start = body.indexOf(DRIFT_OPEN);
  const end = body.indexOf(DRIFT_CLOSE);
  if (start < 0 || end < start) return undefined;
  return body.slice(start + DRIFT_OPEN.length, end).trim();
}

function render(input: SyncDriftIssueInput, marker: DriftMarker, oldBody: string): string {
  const run = `[run ${input.runId}](${input.runUrl})`;
  const status =
    input.state === "drift"
      ? `**Drift found** by ${run}.`
      : input.state === "check-failed"
        ? `**The drift check is failing** (${run}); the drift below is as last seen.`
        : `**No drift** in ${run}, which checked every cluster.`;
  const lines = [renderDriftMarker(marker), `## Teleport drift: \`${input.parent}\``, "", status];
  if (input.state === "check-failed")
    lines.push("", "### Check errors", "", fitSection(input.body, input.runUrl));
  const drift =
    input.state === "drift"
      ? fitSection(input.body, input.runUrl)
      : input.state === "clean"
        ? "None." + (input.body ? `\n\n${fitSection(input.body, input.runUrl)}` : "")
        : (previousDriftSection(oldBody) ?? "Not known yet.");
  lines.push("", "### Drift", "", DRIFT_OPEN, drift, DRIFT_CLOSE);
  const body = lines.join("\n");
  assertSafeBody(body);
  return body;
}

async function findIssue(input: SyncDriftIssueInput, label: string): Promise<RestIssue | undefined> {
  const { client, owner, repo, parent } = input;
  const me = await client.identity();
  const items = (await needs("issues: read", "list the drift issues", () =>
    client.octokit.paginate("GET /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      labels: label,
      state: "all",
      per_page: 100,
    }),
  )) as RestIssue[];
  const ours = items.filter(
    (i) =>
      // The issues list includes pull requests (B80).
      i.pull_request === undefined &&
      i.user !== null &&
      sameLogin(i.user.login, me.login) &&
      parseDriftMarker(i.body ?? "")?.parent === parent,
  );
  const open = ours.filter((i) => i.state === "open").sort((a, b) => a.number - b.number);
  if (open.length > 1)
    client.log.warning(`Several open drift issues for ${parent}; using #${open[0]!.number}`);
  if (open[0]) return open[0];
  // Reopen the most recently closed one rather than start a new thread.
  return ours.sort((a, b) => (b.closed_at ?? b.updated_at).localeCompare(a.closed_at ?? a.updated_at))[0];
}

/** Who closed the issue, for the reopening comment; the list answer does not always say. */
async function closedBy(input: SyncDriftIssueInput, issue: RestIssue): Promise<string> {
  let login = issue.closed_by?.login;
  if (!login) {
    const { data } = await input.client.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: input.owner,
      repo: input.repo,
      issue_number: issue.number,
    });
    login = data.closed_by?.login;
  }
  return login ? ` @${login} closed it, but` : "";
}

type TransitionComment = NonNullable<SyncDriftIssueResult["comment"]>;

const nothing = (): SyncDriftIssueResult => ({ number: null, url: null, state: null, action: "none" });

function nextMarker(parent: string, state: DriftState, prev: DriftMarker, runId: string): DriftMarker {
  return {
    parent,
    drift: state === "drift" ? "yes" : state === "clean" ? "no" : prev.drift,
    check: state === "check-failed" ? "failed" : "ok",
    run: runId,
  };
}

/** The comment a change of state deserves; a second write in the same run says nothing new. */
function transition(
  state: DriftState,
  open: boolean,
  prev: DriftMarker,
  sameRun: boolean,
): TransitionComment | undefined {
  if (sameRun) return undefined;
  if (state === "drift" && !open && prev.drift === "yes") return "reopened-drift-persists";
  if (state === "drift" && (prev.drift === "no" || !open)) return "new-drift";
  if (state === "check-failed" && (prev.check === "ok" || !open)) return "check-failing";
  if (state === "clean" && open) return "resolved";
  return undefined;
}

async function openIssue(
  input: SyncDriftIssueInput,
  label: string,
  body: string,
): Promise<SyncDriftIssueResult> {
  const { client, owner, repo, parent } = input;
  const { data } = await needs(ISSUES_WRITE, "open the drift issue", () =>
    client.octokit.request("POST /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      title: input.title ?? `Teleport drift: ${parent}`,
      body,
      labels: [label],
    }),
  );
  if (!data.labels.some((l) => (typeof l === "string" ? l : l.name) === label)) {
    // Without the label the next run cannot find this issue and would open another.
    client.log.warning(
      `GitHub dropped the "${label}" label from drift issue #${data.number}; add it by hand`,
    );
  }
  return { number: data.number, url: data.html_url, state: "open", action: "created" };
}

/** Rewrites the body and opens or closes the issue; what changed, as the result's action says it. */
async function rewriteIssue(
  input: SyncDriftIssueInput,
  issue: RestIssue,
  body: string,
  wantOpen: boolean,
): Promise<DriftIssueAction> {
  const open = issue.state === "open";
  if (wantOpen === open && body === (issue.body ?? "")) return "unchanged";
  const change =
    wantOpen === open ? {} : wantOpen ? { state: "open" as const } : { state: "closed" as const };
  const reason = change.state === "closed" ? { state_reason: "completed" as const } : {};
  await needs(ISSUES_WRITE, "update the drift issue", () =>
    input.client.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: input.owner,
      repo: input.repo,
      issue_number: issue.number,
      body,
      ...change,
      ...reason,
    }),
  );
  return wantOpen === open ? "updated" : wantOpen ? "reopened" : "closed";
}

async function postComment(
  input: SyncDriftIssueInput,
  issue: RestIssue,
  comment: TransitionComment,
  closer: string,
): Promise<void> {
  const run = `[run ${input.runId}](${input.runUrl})`;
  const text = {
    "new-drift": `Drift found by ${run}.`,
    "reopened-drift-persists": `Reopened:${closer} the drift is still there (${run}). It closes by itself once a complete run finds none.`,
    "check-failing": `The drift check failed in ${run}; see the error section. This does not close the issue.`,
    resolved: `Resolved: ${run} checked every cluster and found no drift.`,
  }[comment];
  await needs(ISSUES_WRITE, "comment on the drift issue", () =>
    input.client.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: input.owner,
      repo: input.repo,
      issue_number: issue.number,
      body: text,
    }),
  );
}

export async function syncDriftIssue(input: SyncDriftIssueInput): Promise<SyncDriftIssueResult> {
  const { parent, state } = input;
  const label = input.label ?? DRIFT_LABEL;
  const runId = String(input.runId);
  const issue = await findIssue(input, label);
  // A partial run that found nothing has nothing to say: the clusters it skipped may still drift.
  if (state === "clean" && !input.complete) {
    return issue
      ? { number: issue.number, url: issue.html_url, state: issue.state as "open" | "closed", action: "none" }
      : nothing();
  }
  const prev: DriftMarker = (issue && parseDriftMarker(issue.body ?? "")) || {
    parent,
    drift: "no",
    check: "ok",
    run: "",
  };
  const next = nextMarker(parent, state, prev, runId);
  const body = render(input, next, issue?.body ?? "");
  if (!issue) return state === "clean" ? nothing() : openIssue(input, label, body);

  const open = issue.state === "open";
  const wantOpen = state !== "clean";
  const comment = transition(state, open, prev, prev.run === runId);
  // Asked before reopening: afterwards GitHub no longer says who closed it.
  const closer = comment === "reopened-drift-persists" ? await closedBy(input, issue) : "";
  // A closed issue that stays closed is only rewritten when its recorded state changes, not for every
  // clean run: nobody reads it, and each write spends the repository's shared API budget.
  const quietClosed = !wantOpen && !open && prev.drift === next.drift && prev.check === next.check;
  const action = quietClosed ? "none" : await rewriteIssue(input, issue, body, wantOpen);
  if (comment) await postComment(input, issue, comment, closer);
  return { number: issue.number, url: issue.html_url, state: wantOpen ? "open" : "closed", action, comment };
}

// plan and report publish the plan file on GitHub: the sticky comment on a pull request (with the hashes
// the approved-plan guard compares later) and the drift issue, or the failure of a check on that issue.
import { type EventContext, eventContext } from "../../github/event.js";
import type { GitHubClient } from "../../github/index.js";
import { driftMarkdown } from "../../report/drift.js";
import type { ModeContext } from "../context.js";
import type { PlanFile } from "../plan-file.js";
import { changeSetOf, clusterHashes } from "./change-set.js";
import { gitHubClient, githubLib, parentName } from "./client.js";
import { planSummaryOf } from "./plan-summary.js";

type Lib = Awaited<ReturnType<typeof githubLib>>;

async function publishComment(
  ctx: ModeContext,
  lib: Lib,
  gh: GitHubClient,
  event: EventContext & { prNumber: number },
  file: PlanFile,
): Promise<void> {
  const parent = parentName(ctx);
  const salt = lib.planSalt(event, event.prNumber, parent);
  const hashes = `\n${lib.renderClustersMarker(clusterHashes(lib, file, salt))}\n`;
  const built = lib.buildPlanBody(planSummaryOf(file, parent, event), lib.COMMENT_BUDGET - hashes.length);
  const result = await lib.upsertPlanComment({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    prNumber: event.prNumber,
    parent,
    headSha: event.headSha ?? event.sha,
    planHash: lib.planHash(changeSetOf(file), salt),
    body: built.body + hashes,
    mode: ctx.config.github.comment,
    hasChanges: file.changes || file.accessChanges,
    runId: event.runId,
    step: built.step,
  });
  ctx.log.info(`Plan comment: ${result.action}${result.reason ? ` (${result.reason})` : ""}`);
  if (result.id) ctx.setOutput("comment-id", String(result.id));
  if (result.url) ctx.setOutput("comment-url", result.url);
}

async function publishDriftIssue(
  ctx: ModeContext,
  lib: Lib,
  gh: GitHubClient,
  event: EventContext,
  file: PlanFile,
  complete: boolean,
): Promise<void> {
  const result = await lib.syncDriftIssue({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    parent: parentName(ctx),
    runId: event.runId,
    runUrl: event.runUrl,
    state: Object.keys(file.drift).length ? "drift" : "clean",
    body: driftMarkdown(file.drift),
    complete,
  });
  ctx.log.info(`Drift issue: ${result.action}${result.number ? ` #${result.number}` : ""}`);
  if (result.number) ctx.setOutput("issue-number", String(result.number));
  if (result.state) ctx.setOutput("issue-state", result.state);
}

/** plan and report: the sticky comment on a pull request, and the drift issue when asked. */
export async function publishPlan(
  ctx: ModeContext,
  file: PlanFile,
  options: { complete: boolean },
): Promise<void> {
  const event = await eventContext(ctx.env);
  const wantsComment =
    event?.eventName.startsWith("pull_request") && event.prNumber && ctx.config.github.comment !== "never";
  if (!event || (!wantsComment && !ctx.config.github.driftIssue)) return;
  const gh = await gitHubClient(ctx);
  if (!gh) return;
  const lib = await githubLib();
  if (wantsComment) await publishComment(ctx, lib, gh, { ...event, prNumber: event.prNumber! }, file);
  if (ctx.config.github.driftIssue) await publishDriftIssue(ctx, lib, gh, event, file, options.complete);
}

/** A check that could not run (parent unreachable, ...) is reported on the drift issue apart from drift. */
export async function publishCheckFailure(ctx: ModeContext, error: unknown): Promise<void> {
  if (!ctx.config.github.driftIssue) return;
  const event = await eventContext(ctx.env);
  const gh = event && (await gitHubClient(ctx));
  if (!event || !gh) return;
  const result = await (await githubLib()).syncDriftIssue({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    parent: parentName(ctx),
    runId: event.runId,
    runUrl: event.runUrl,
    state: "check-failed",
    body: `The drift check failed: ${(error as Error).message}`,
    complete: false,
  });
  if (result.number) ctx.setOutput("issue-number", String(result.number));
  if (result.state) ctx.setOutput("issue-state", result.state);
}

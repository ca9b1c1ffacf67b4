// require-approved-plan: before an apply of a push, the plan shown on the merged pull request must still be
// the plan; after it, the comment is marked applied (by the apply itself, or by the report job of a matrix).
import { eventContext } from "../../github/event.js";
import type { ApprovedPlanCheck, PlanComment } from "../../github/index.js";
import { type ModeContext, ModeFailure } from "../context.js";
import type { PlanFile } from "../plan-file.js";
import { changeSetOf, clusterHashes } from "./change-set.js";
import { gitHubClient, githubLib, parentName } from "./client.js";

type Refused = Extract<ApprovedPlanCheck, { ok: false }>;

/**
 * A plan that changed as a whole may still be unchanged for the clusters of this shard; either way the
 * refusal names the clusters whose plan differs. Returns the comment when this shard may go ahead.
 */
async function compareClusters(
  ctx: ModeContext,
  owner: string,
  repo: string,
  check: Refused,
  fresh: PlanFile,
): Promise<{ comment?: PlanComment; details: string }> {
  if (check.reason !== "plan-changed" || !check.comment || !check.pullRequest) {
    return { details: check.details };
  }
  const lib = await githubLib();
  const salt = lib.planSalt({ owner, repo }, check.pullRequest.number, parentName(ctx));
  const approved = lib.parseClustersMarker(check.comment.body);
  const now = clusterHashes(lib, fresh, salt);
  const differing = Object.keys(now).filter((name) => approved[name] !== now[name]);
  if (ctx.config.shard && !differing.length) {
    ctx.log.info(
      `The plan approved on pull request #${check.pullRequest.number} is still the plan for this shard's ${Object.keys(now).length} cluster(s)`,
    );
    return { comment: check.comment, details: check.details };
  }
  return {
    details: differing.length
      ? `${check.details}. Clusters whose plan differs from the one shown: ${differing.join(", ")}`
      : check.details,
  };
}

/**
 * apply with require-approved-plan, on a push: the plan shown on the merged pull request must be the plan.
 * Returns the approved comment (to mark applied after the apply); otherwise fails, nothing written.
 */
export async function requireApprovedPlan(
  ctx: ModeContext,
  fresh: PlanFile,
): Promise<PlanComment | undefined> {
  const event = await eventContext(ctx.env);
  if (!event)
    throw new ModeFailure("require-approved-plan needs GITHUB_REPOSITORY and the push's commit (GITHUB_SHA)");
  const gh = await gitHubClient(ctx);
  if (!gh) throw new ModeFailure('require-approved-plan needs a token: input "github-token"');
  const check = await (await githubLib()).checkApprovedPlan({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    sha: event.sha,
    parent: parentName(ctx),
    changeSet: changeSetOf(fresh),
  });
  if (check.ok) {
    ctx.log.info(`The plan approved on pull request #${check.pullRequest.number} is still the plan`);
    return check.comment;
  }
  const { comment, details } = await compareClusters(ctx, event.owner, event.repo, check, fresh);
  if (comment) return comment;
  ctx.setOutput("failure-reason", check.reason);
  throw new ModeFailure(
    `${check.reason === "plan-changed" ? "The plan changed since it was shown on the pull request" : "No approved plan"}: ${details}. Nothing was written; run plan on a pull request and merge it once its plan is what should happen.`,
  );
}

export async function markPlanApplied(ctx: ModeContext, comment: PlanComment): Promise<void> {
  const event = await eventContext(ctx.env);
  const gh = await gitHubClient(ctx);
  if (!event || !gh) return;
  await (await githubLib()).markApplied({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    comment,
    runUrl: event.runUrl,
    runId: event.runId,
  });
}

/** report of apply results: once every leg applied without failure, the merged pull request's plan is marked applied. */
export async function markMergedPlanApplied(ctx: ModeContext, file: PlanFile): Promise<void> {
  // Only when every leg's apply passed the approved-plan check.
  if (file.mode !== "apply" || !file.approved) return;
  if (file.failed?.length) {
    ctx.log.warning(`Not marking the plan applied: ${file.failed.join(", ")} failed`);
    return;
  }
  const event = await eventContext(ctx.env);
  const gh = event && (await gitHubClient(ctx));
  if (!event || !gh) return;
  const lib = await githubLib();
  const pr = await lib.findMergedPullRequest({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    sha: event.sha,
  });
  if (!pr) return;
  const { kept } = await lib.findPlanComments({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    prNumber: pr.number,
    parent: parentName(ctx),
  });
  if (!kept) return;
  await lib.markApplied({
    client: gh,
    owner: event.owner,
    repo: event.repo,
    comment: kept,
    runUrl: event.runUrl,
    runId: event.runId,
  });
  ctx.log.info(`Marked the plan on pull request #${pr.number} applied`);
}

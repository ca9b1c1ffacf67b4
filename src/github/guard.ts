// The approved-plan guard: on a push to the default branch, apply only what the pull request showed. The
// plan comment carries a hash of the change set; apply re-plans, hashes, and compares (after dflook and
// tfaction). Hashes, not rendered text, are compared, so a comment cut down to fit never fails the check.
import { createHash } from "node:crypto";
import { canonicalJson } from "../util/canonical-json.js";
import { type FoundPlanComments, findPlanComments, type PlanComment, type RepoRef } from "./comment.js";
import { needs } from "./errors.js";
import { parsePlanMarker, renderPlanMarker } from "./marker.js";

export { canonicalJson };

export interface PlanSalt {
  /** owner/repo */
  repository: string;
  prNumber: number;
  parent: string;
}

/** The one place the salt is put together: the comment, the guard and the per-cluster hashes must agree. */
export function planSalt(ref: { owner: string; repo: string }, prNumber: number, parent: string): PlanSalt {
  return { repository: `${ref.owner}/${ref.repo}`, prNumber, parent };
}

/**
 * sha256 (hex) of the canonical change set, salted with repository, pull request and parent: a hash approved
 * on one pull request or for one parent cannot be replayed for another.
 */
export function planHash(changeSet: unknown, salt: PlanSalt): string {
  return createHash("sha256")
    .update("teleport-workload-cluster-action plan v1\n")
    .update(`${salt.repository}\n${salt.prNumber}\n${salt.parent}\n`)
    .update(canonicalJson(changeSet))
    .digest("hex");
}

export interface MergedPullRequest {
  number: number;
  /** The pull request's final head: the commit its last plan must have been made for. */
  headSha: string;
  mergeCommitSha: string;
  url: string;
}

/** The merged pull request whose merge (or squash, or last rebased) commit is `sha`; null for a direct push. */
export async function findMergedPullRequest(
  input: RepoRef & { sha: string },
): Promise<MergedPullRequest | null> {
  const { client, owner, repo, sha } = input;
  const pulls = await needs("pull-requests: read", "look up the pull request of the pushed commit", () =>
    client.octokit.paginate("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
      owner,
      repo,
      commit_sha: sha,
      per_page: 100,
    }),
  );
  const pr = pulls.find((p) => p.merged_at && p.merge_commit_sha === sha);
  if (!pr) return null;
  return { number: pr.number, headSha: pr.head.sha, mergeCommitSha: sha, url: pr.html_url };
}

export type ApprovedPlanCheck =
  | { ok: true; pullRequest: MergedPullRequest; comment: PlanComment; hash: string }
  | {
      ok: false;
      reason: "no-approved-plan" | "plan-changed";
      details: string;
      pullRequest?: MergedPullRequest;
      comment?: PlanComment;
      hash?: string;
    };

export interface CheckApprovedPlanInput extends RepoRef {
  /** The pushed commit (GITHUB_SHA). */
  sha: string;
  parent: string;
  /** The change set the apply is about to make, as planHash() takes it. */
  changeSet: unknown;
}

function pick(found: FoundPlanComments): PlanComment | undefined {
  const all = [found.kept, ...found.duplicates].filter((c): c is PlanComment => c !== null);
  return all.find((c) => c.marker.state === "planned") ?? all[0];
}

export async function checkApprovedPlan(input: CheckApprovedPlanInput): Promise<ApprovedPlanCheck> {
  const { sha, parent } = input;
  const pullRequest = await findMergedPullRequest(input);
  if (!pullRequest) {
    return {
      ok: false,
      reason: "no-approved-plan",
      details: `commit ${sha.slice(0, 12)} is not the merge of a pull request, so no plan was approved for it`,
    };
  }
  const hash = planHash(input.changeSet, planSalt(input, pullRequest.number, parent));
  const comment = pick(
    await findPlanComments({ ...input, prNumber: pullRequest.number, includeApplied: true }),
  );
  const pr = `pull request #${pullRequest.number}`;
  if (!comment) {
    return {
      ok: false,
      reason: "no-approved-plan",
      details: `${pr} has no plan comment for ${parent} from this token's identity`,
      pullRequest,
      hash,
    };
  }
  if (comment.marker.state === "applied") {
    return {
      ok: false,
      reason: "no-approved-plan",
      details: `the plan on ${pr} for ${parent} was already applied; a new change needs a new plan`,
      pullRequest,
      comment,
      hash,
    };
  }
  if (comment.marker.head !== pullRequest.headSha) {
    return {
      ok: false,
      reason: "no-approved-plan",
      details:
        `the plan comment on ${pr} was made for commit ${comment.marker.head.slice(0, 12)}, ` +
        `but the pull request's final head is ${pullRequest.headSha.slice(0, 12)}: no plan was shown for what was merged`,
      pullRequest,
      comment,
      hash,
    };
  }
  if (comment.marker.hash !== hash) {
    return {
      ok: false,
      reason: "plan-changed",
      details:
        `the plan shown on ${pr} (hash ${comment.marker.hash.slice(0, 12)}) differs from the plan now ` +
        `(hash ${hash.slice(0, 12)}): the clusters changed since it was approved; re-run the plan`,
      pullRequest,
      comment,
      hash,
    };
  }
  return { ok: true, pullRequest, comment, hash };
}

export interface MarkAppliedInput extends RepoRef {
  comment: PlanComment;
  runUrl?: string;
  runId?: string | number;
}

/** Closes the comment for reuse (state=applied in its marker) and says where it was applied. */
export async function markApplied(
  input: MarkAppliedInput,
): Promise<{ id: number; url: string; action: "updated" | "unchanged" }> {
  const { client, owner, repo, comment } = input;
  const { data: fresh } = await client.octokit.request(
    "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
    {
      owner,
      repo,
      comment_id: comment.id,
    },
  );
  const body = fresh.body ?? comment.body;
  const marker = parsePlanMarker(body);
  if (!marker) throw new Error(`comment ${comment.id} no longer starts with a plan marker`);
  if (marker.state === "applied") return { id: comment.id, url: comment.url, action: "unchanged" };
  const line = body.slice(0, body.indexOf("-->") + 3);
  const where = input.runUrl ? ` in [this run](${input.runUrl})` : "";
  const run = input.runId === undefined ? marker.run : String(input.runId);
  const next = `${renderPlanMarker({ ...marker, run, state: "applied" })}\n> ✅ **Applied**${where}.\n${body.slice(line.length).replace(/^\n/, "")}`;
  const { data } = await needs("pull-requests: write", "mark the plan comment applied", () =>
    client.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner,
      repo,
      comment_id: comment.id,
      body: next,
    }),
  );
  return { id: Number(data.id), url: data.html_url, action: "updated" };
}

// The sticky plan comment: one per pull request and parent cluster, edited in place (an edit sends no
// notification, B84). Found by the marker on its first line and by its author being this token's identity
// (anyone can paste a marker), over every page of comments (B78: the 31st comment is where naive lookups
// go blind). Duplicates from racing runs heal: the oldest is kept and the rest are minimized.
import { assertSafeBody, type BodyStep, bodyLength, GITHUB_BODY_LIMIT } from "./body.js";
import { type GitHubClient, sameLogin } from "./client.js";
import { GitHubError, GitHubPermissionError, needs } from "./errors.js";
import { type PlanMarker, parsePlanMarker, renderPlanMarker } from "./marker.js";

export type CommentMode = "changes" | "always" | "never";
export type CommentAction = "created" | "updated" | "unchanged" | "skipped" | "stale";

export interface PlanComment {
  id: number;
  nodeId: string;
  url: string;
  body: string;
  author: string;
  createdAt: string;
  marker: PlanMarker;
}

export interface RepoRef {
  client: GitHubClient;
  owner: string;
  repo: string;
}

export interface UpsertPlanCommentInput extends RepoRef {
  prNumber: number;
  /** The parent cluster (proxy address or name): one comment per parent on a pull request. */
  parent: string;
  /** The commit this run planned. */
  headSha: string;
  /** planHash() of the change set; the apply guard compares against it. */
  planHash: string;
  /** Rendered markdown (buildPlanBody); the marker is added here. */
  body: string;
  mode: CommentMode;
  hasChanges: boolean;
  runId?: string | number;
  /** For the log only: which degradation step the body used. */
  step?: BodyStep;
}

export interface UpsertPlanCommentResult {
  id: number | null;
  url: string | null;
  action: CommentAction;
  /** Duplicate comments minimized by this call. */
  minimized: number;
  /** Why the comment was skipped or left alone. */
  reason?: string;
}

const PR_WRITE = "pull-requests: write";

interface RestComment {
  id: number;
  node_id: string;
  html_url: string;
  body?: string | null;
  created_at: string;
  user: { login: string } | null;
}

function toPlanComment(c: RestComment): PlanComment | null {
  const marker = parsePlanMarker(c.body ?? "");
  if (!marker || !c.user) return null;
  return {
    id: c.id,
    nodeId: c.node_id,
    url: c.html_url,
    body: c.body ?? "",
    author: c.user.login,
    createdAt: c.created_at,
    marker,
  };
}

export interface FoundPlanComments {
  /** The comment to use: the oldest one that is not minimized. */
  kept: PlanComment | null;
  /** Other live comments for the same parent (racing runs), oldest first. */
  duplicates: PlanComment[];
}

/**
 * Our plan comments for `parent` on the pull request. Applied comments are closed for good (a new plan gets
 * a new comment) and minimized ones are hidden, so neither counts unless the guard asks for applied ones.
 */
export async function findPlanComments(
  input: RepoRef & { prNumber: number; parent: string; includeApplied?: boolean },
): Promise<FoundPlanComments> {
  const { client, owner, repo, prNumber, parent } = input;
  const wanted = (c: PlanComment | null): c is PlanComment =>
    c !== null && c.marker.parent === parent && (input.includeApplied || c.marker.state !== "applied");
  const me = await client.identity();
  // Listing needs only read, but the sticky comment is written next: name what the job needs.
  const all = await needs(PR_WRITE, "list the pull request's comments", () =>
    client.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner,
      repo,
      issue_number: prNumber,
      per_page: 100,
    }),
  );
  const ours = (all as RestComment[])
    .filter((c) => c.user && sameLogin(c.user.login, me.login))
    .map(toPlanComment)
    .filter(wanted)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  if (ours.length === 0) return { kept: null, duplicates: [] };
  // REST does not say whether a comment is minimized; one GraphQL read of the candidates does. Without it
  // (a token GraphQL refuses) every candidate counts as visible, which at worst edits a hidden comment.
  const hidden = new Set<string>();
  try {
    const data = await client.graphql<{ nodes: ({ id: string; isMinimized: boolean } | null)[] }>(
      "query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { id isMinimized } } }",
      { ids: ours.map((c) => c.nodeId) },
    );
    for (const n of data.nodes) if (n?.isMinimized) hidden.add(n.id);
  } catch (error) {
    if (!(error instanceof GitHubPermissionError)) throw error;
    client.log.debug(`GitHub: cannot tell minimized comments apart (${error.message})`);
  }
  const live = ours.filter((c) => !hidden.has(c.nodeId));
  return { kept: live[0] ?? null, duplicates: live.slice(1) };
}

export async function minimizeComment(client: GitHubClient, nodeId: string): Promise<void> {
  await needs(PR_WRITE, "hide a duplicate plan comment", () =>
    client.graphql(
      "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }",
      { id: nodeId },
    ),
  );
}

/** Orders commits of a pull request, fetched only when a run is not for the current head. */
class CommitOrder {
  private order: Map<string, number> | undefined;
  constructor(
    private readonly ref: RepoRef & { prNumber: number },
    readonly currentHead: string,
  ) {}
  async rank(sha: string): Promise<number> {
    if (!this.order) {
      const { client, owner, repo, prNumber } = this.ref;
      const commits = await client.octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
        owner,
        repo,
        pull_number: prNumber,
        per_page: 100,
      });
      this.order = new Map(commits.map((c, i) => [c.sha, i]));
      // The head is the newest even if the list was cut (GitHub lists at most 250 commits).
      this.order.set(this.currentHead, Number.MAX_SAFE_INTEGER);
    }
    return this.order.get(sha) ?? -1;
  }
}

/**
 * Whether a run for `headSha` may write over `existing`: a run for the pull request's current head always may;
 * an older run only over a comment made for an even older commit, so it never clobbers a newer plan.
 */
async function staleReason(order: CommitOrder, headSha: string, existing: PlanComment | null) {
  if (headSha === order.currentHead) return undefined;
  const mine = await order.rank(headSha);
  if (mine < 0) return `commit ${headSha.slice(0, 12)} is no longer part of the pull request`;
  if (existing && (await order.rank(existing.marker.head)) > mine) {
    return `the comment shows a newer commit (${existing.marker.head.slice(0, 12)}) than this run's ${headSha.slice(0, 12)}`;
  }
  return undefined;
}

function composeBody(input: UpsertPlanCommentInput): string {
  const marker = renderPlanMarker({
    parent: input.parent,
    head: input.headSha,
    hash: input.planHash,
    run: input.runId === undefined ? undefined : String(input.runId),
    state: "planned",
  });
  const body = `${marker}\n${input.body}`;
  assertSafeBody(body);
  if (bodyLength(body) > GITHUB_BODY_LIMIT) {
    throw new GitHubError(
      `the plan comment is ${bodyLength(body)} characters, over GitHub's ${GITHUB_BODY_LIMIT}; build it with buildPlanBody`,
      "too-long",
    );
  }
  return body;
}

export async function upsertPlanComment(input: UpsertPlanCommentInput): Promise<UpsertPlanCommentResult> {
  const { client, owner, repo, prNumber, headSha, mode } = input;
  if (mode === "never") return { id: null, url: null, action: "skipped", minimized: 0, reason: "mode never" };
  const body = composeBody(input);

  const { kept, duplicates } = await findPlanComments(input);
  const { data: pr } = await client.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner,
    repo,
    pull_number: prNumber,
  });
  const order = new CommitOrder(input, pr.head.sha);
  const stale = await staleReason(order, headSha, kept);
  if (stale) {
    client.log.info(`Plan comment left alone: ${stale}`);
    return { id: kept?.id ?? null, url: kept?.url ?? null, action: "stale", minimized: 0, reason: stale };
  }

  for (const dup of duplicates) await minimizeComment(client, dup.nodeId);
  if (duplicates.length > 0) {
    client.log.info(`Plan comment: kept ${kept!.id}, minimized ${duplicates.length} duplicate(s)`);
  }

  if (!kept) {
    if (mode === "changes" && !input.hasChanges) {
      return { id: null, url: null, action: "skipped", minimized: 0, reason: "no changes" };
    }
    const { data } = await needs(PR_WRITE, "comment on the pull request", () =>
      client.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: prNumber,
        body,
      }),
    );
    return { id: Number(data.id), url: data.html_url, action: "created", minimized: duplicates.length };
  }

  // Listing many pages takes a while; a newer run may have written since. Re-read just before the edit.
  const { data: fresh } = await client.octokit.request(
    "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
    {
      owner,
      repo,
      comment_id: kept.id,
    },
  );
  const current = toPlanComment(fresh as RestComment) ?? kept;
  const raced = await staleReason(order, headSha, current);
  if (raced) {
    return { id: kept.id, url: kept.url, action: "stale", minimized: duplicates.length, reason: raced };
  }
  if (current.body === body) {
    return { id: kept.id, url: kept.url, action: "unchanged", minimized: duplicates.length };
  }
  const { data } = await needs(PR_WRITE, "edit the plan comment", () =>
    client.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner,
      repo,
      comment_id: kept.id,
      body,
    }),
  );
  return { id: Number(data.id), url: data.html_url, action: "updated", minimized: duplicates.length };
}

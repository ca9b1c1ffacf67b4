// The action's own GitHub writes, from the plan file: the sticky plan comment on a pull request, the
// approved-plan guard before an apply of a push, the comment marked applied after it, and the drift issue.
// The GitHub modules (octokit) load only when one of these runs.
import * as fs from "node:fs/promises";
import type { ClusterPlanSummary, GitHubClient, PlanComment, PlanSummary } from "../github/index.js";
import { type ModeContext, ModeFailure } from "../run/context.js";
import type { PlanFile } from "../run/plan-file.js";

const github = () => import("../github/index.js");

export interface EventContext {
  owner: string;
  repo: string;
  eventName: string;
  sha: string;
  prNumber?: number;
  headSha?: string;
  runId: string;
  runUrl: string;
}

export async function eventContext(env: NodeJS.ProcessEnv): Promise<EventContext | undefined> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) return undefined;
  let event: { pull_request?: { number?: number; head?: { sha?: string } } } = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(await fs.readFile(env.GITHUB_EVENT_PATH, "utf8"));
    } catch {
      event = {};
    }
  }
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  const runId = env.GITHUB_RUN_ID ?? "";
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? "",
    sha: env.GITHUB_SHA ?? "",
    ...(event.pull_request?.number ? { prNumber: event.pull_request.number } : {}),
    ...(event.pull_request?.head?.sha ? { headSha: event.pull_request.head.sha } : {}),
    runId,
    runUrl: `${server}/${owner}/${repo}/actions/runs/${runId}`,
  };
}

/** The parent the comment and the issue belong to: one of each per parent cluster. */
export function parentName(ctx: ModeContext): string {
  const proxy = ctx.config.parent?.proxy ?? ctx.config.install.proxy;
  return proxy ? proxy.host : "default";
}

async function client(ctx: ModeContext): Promise<GitHubClient | undefined> {
  if (!ctx.config.github.token) {
    ctx.log.warning(
      "No github-token: the plan comment, the approved-plan check and the drift issue are skipped",
    );
    return undefined;
  }
  ctx.mask(ctx.config.github.token);
  return (await github()).createGitHubClient({
    token: ctx.config.github.token,
    ...(ctx.env.GITHUB_API_URL ? { apiUrl: ctx.env.GITHUB_API_URL } : {}),
    ...(ctx.env.GITHUB_GRAPHQL_URL ? { graphqlUrl: ctx.env.GITHUB_GRAPHQL_URL } : {}),
    clock: ctx.clock,
    log: ctx.log,
  });
}

/**
 * What the plan would change, without anything volatile (states, domains, live values, notes): the same
 * repository and child give the same change set, so a fresh plan at apply time hashes like the approved one.
 */
export function changeSetOf(file: PlanFile): unknown {
  return {
    clusters: file.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => ({ name: i.name, action: i.action }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    access: Object.fromEntries(
      Object.entries(file.access).map(([cluster, a]) => [
        cluster,
        a.items
          .filter((i) => i.action !== "unchanged")
          .map((i) => ({
            object: `${i.kind}/${i.name}`,
            action: i.action,
            fields: (i.changes ?? []).map((c) => ({ path: c.path, declared: c.declared })),
          })),
      ]),
    ),
  };
}

/** The change set of one cluster: what a matrix leg compares with the approved plan. */
function clusterChangeSet(file: PlanFile, name: string): unknown {
  return changeSetOf({
    ...file,
    items: file.items.filter((i) => i.name === name),
    access: file.access[name] ? { [name]: file.access[name] } : {},
  });
}

const CLUSTERS_MARKER = "<!-- teleport-workload-cluster-action:clusters v1 ";

/** Per-cluster hashes, hidden at the end of the comment: a leg of a sharded apply checks only its own. */
function clusterHashes(
  lib: typeof import("../github/index.js"),
  file: PlanFile,
  salt: Parameters<typeof lib.planHash>[1],
) {
  return Object.fromEntries(
    file.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => [i.name, lib.planHash(clusterChangeSet(file, i.name), salt).slice(0, 16)]),
  );
}

function readClusterHashes(body: string): Record<string, string> {
  const at = body.lastIndexOf(CLUSTERS_MARKER);
  if (at < 0) return {};
  const end = body.indexOf(" -->", at);
  try {
    return JSON.parse(
      Buffer.from(body.slice(at + CLUSTERS_MARKER.length, end), "base64url").toString("utf8"),
    );
  } catch {
    return {};
  }
}

const STATUS: Record<string, ClusterPlanSummary["status"]> = {
  create: "create",
  unchanged: "unchanged",
  conflict: "blocked",
};

export function planSummaryOf(file: PlanFile, parent: string, event?: EventContext): PlanSummary {
  const clusters = file.items
    .filter((i) => i.action !== "unmanaged")
    .map((item): ClusterPlanSummary => {
      const access = file.access[item.name]?.items ?? [];
      const changed = access.filter((a) => !["unchanged", "keep"].includes(a.action));
      const sign: Record<string, string> = {
        create: "+",
        update: "~",
        adopt: "~",
        prune: "-",
        blocked: "!",
        conflict: "!",
      };
      const changes = changed.map(
        (a) =>
          `${sign[a.action] ?? "?"} ${a.kind}/${a.name}${a.action === "update" && a.changes?.length ? `: ${a.changes.map((c) => c.path).join(", ")}` : a.action !== "create" ? ` (${a.action})` : ""}`,
      );
      const counts = {
        create: changed.filter((a) => a.action === "create").length + (item.action === "create" ? 1 : 0),
        update: changed.filter((a) => a.action === "update" || a.action === "adopt").length,
        delete: changed.filter((a) => a.action === "prune").length,
      };
      const blocked =
        item.action === "conflict" || changed.some((a) => a.action === "blocked" || a.action === "conflict");
      const status = blocked
        ? "blocked"
        : item.action === "create"
          ? "create"
          : changed.length
            ? "update"
            : (STATUS[item.action] ?? "unchanged");
      return {
        name: item.name,
        status,
        changes: item.action === "create" ? [`+ workload_cluster/${item.name}`, ...changes] : changes,
        counts,
        ...(item.action === "conflict" && item.message ? { error: item.message } : {}),
      };
    });
  return {
    parent,
    clusters,
    ...(event ? { runUrl: event.runUrl, jobSummaryUrl: event.runUrl } : {}),
    ...(event?.headSha ? { headSha: event.headSha } : {}),
  };
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
  const gh = await client(ctx);
  if (!gh) return;
  const lib = await github();
  const parent = parentName(ctx);
  if (wantsComment) {
    const summary = planSummaryOf(file, parent, event);
    const salt = { repository: `${event.owner}/${event.repo}`, prNumber: event.prNumber!, parent };
    const hashes = `\n${CLUSTERS_MARKER}${Buffer.from(JSON.stringify(clusterHashes(lib, file, salt))).toString("base64url")} -->\n`;
    const built = lib.buildPlanBody(summary, lib.COMMENT_BUDGET - hashes.length);
    const result = await lib.upsertPlanComment({
      client: gh,
      owner: event.owner,
      repo: event.repo,
      prNumber: event.prNumber!,
      parent,
      headSha: event.headSha ?? event.sha,
      planHash: lib.planHash(changeSetOf(file), {
        repository: `${event.owner}/${event.repo}`,
        prNumber: event.prNumber!,
        parent,
      }),
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
  if (ctx.config.github.driftIssue) {
    const drifted = Object.entries(file.drift);
    const body = drifted.length
      ? drifted
          .map(
            ([cluster, entries]) =>
              `#### ${cluster}\n\n| object | change | fields |\n| --- | --- | --- |\n${entries.map((e) => `| ${e.kind}/${e.name} | ${e.change} | ${e.fields.join(", ")} |`).join("\n")}\n`,
          )
          .join("\n")
      : "No drift.";
    const result = await lib.syncDriftIssue({
      client: gh,
      owner: event.owner,
      repo: event.repo,
      parent,
      runId: event.runId,
      runUrl: event.runUrl,
      state: drifted.length ? "drift" : "clean",
      body,
      complete: options.complete,
    });
    ctx.log.info(`Drift issue: ${result.action}${result.number ? ` #${result.number}` : ""}`);
    if (result.number) ctx.setOutput("issue-number", String(result.number));
    if (result.state) ctx.setOutput("issue-state", result.state);
  }
}

/** A check that could not run (parent unreachable, ...) is reported on the drift issue apart from drift. */
export async function publishCheckFailure(ctx: ModeContext, error: unknown): Promise<void> {
  if (!ctx.config.github.driftIssue) return;
  const event = await eventContext(ctx.env);
  const gh = event && (await client(ctx));
  if (!event || !gh) return;
  const result = await (await github()).syncDriftIssue({
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
  const gh = await client(ctx);
  if (!gh) throw new ModeFailure('require-approved-plan needs a token: input "github-token"');
  const check = await (await github()).checkApprovedPlan({
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
  let details = check.details;
  if (check.reason === "plan-changed" && check.comment && check.pullRequest) {
    // Per cluster: a matrix leg compares only its own clusters; any run says which clusters differ.
    const salt = {
      repository: `${event.owner}/${event.repo}`,
      prNumber: check.pullRequest.number,
      parent: parentName(ctx),
    };
    const approved = readClusterHashes(check.comment.body);
    const fresh2 = clusterHashes(await github(), fresh, salt);
    const differing = Object.keys(fresh2).filter((name) => approved[name] !== fresh2[name]);
    if (ctx.config.shard && !differing.length) {
      ctx.log.info(
        `The plan approved on pull request #${check.pullRequest.number} is still the plan for this shard's ${Object.keys(fresh2).length} cluster(s)`,
      );
      return check.comment;
    }
    if (differing.length)
      details = `${details}. Clusters whose plan differs from the one shown: ${differing.join(", ")}`;
  }
  ctx.setOutput("failure-reason", check.reason);
  throw new ModeFailure(
    `${check.reason === "plan-changed" ? "The plan changed since it was shown on the pull request" : "No approved plan"}: ${details}. Nothing was written; run plan on a pull request and merge it once its plan is what should happen.`,
  );
}

export async function markPlanApplied(ctx: ModeContext, comment: PlanComment): Promise<void> {
  const event = await eventContext(ctx.env);
  const gh = await client(ctx);
  if (!event || !gh) return;
  await (await github()).markApplied({
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
  const gh = event && (await client(ctx));
  if (!event || !gh) return;
  const lib = await github();
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

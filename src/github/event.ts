// What the runner tells a step about the event that started it: the repository, the commit, the pull
// request (from the event payload file) and the run's own address.
import * as fs from "node:fs/promises";

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

/** undefined outside a repository; an unreadable payload reads as an event without a pull request. */
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

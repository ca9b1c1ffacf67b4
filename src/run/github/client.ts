// The run's way to GitHub: the client for the github-token (none without one), and the parent cluster the
// comment and the issue belong to. The GitHub modules (octokit) load only when one of them is needed.
import type { GitHubClient } from "../../github/index.js";
import type { ModeContext } from "../context.js";

export const githubLib = () => import("../../github/index.js");

/** The parent the comment and the issue belong to: one of each per parent cluster. */
export function parentName(ctx: ModeContext): string {
  const proxy = ctx.config.parent?.proxy ?? ctx.config.install.proxy;
  return proxy ? proxy.host : "default";
}

export async function gitHubClient(ctx: ModeContext): Promise<GitHubClient | undefined> {
  if (!ctx.config.github.token) {
    ctx.log.warning(
      "No github-token: the plan comment, the approved-plan check and the drift issue are skipped",
    );
    return undefined;
  }
  ctx.mask(ctx.config.github.token);
  return (await githubLib()).createGitHubClient({
    token: ctx.config.github.token,
    ...(ctx.env.GITHUB_API_URL ? { apiUrl: ctx.env.GITHUB_API_URL } : {}),
    ...(ctx.env.GITHUB_GRAPHQL_URL ? { graphqlUrl: ctx.env.GITHUB_GRAPHQL_URL } : {}),
    clock: ctx.clock,
    log: ctx.log,
  });
}

// The GitHub client's manners: it waits as GitHub asks, never writes twice at once, says which permission
// is missing, and knows who it is, all through the injected clock so no test waits for real.
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient, sameLogin } from "../../src/github/client.js";
import { needs } from "../../src/github/errors.js";
import { fakeClock } from "../github-sim/clock.js";
import { type GitHubSim, type GitHubSimOptions, startGitHubSim } from "../github-sim/server.js";

let sim: GitHubSim;
afterEach(() => sim?.close());

async function setup(options: GitHubSimOptions = {}) {
  const clock = fakeClock();
  sim = await startGitHubSim({ now: clock.now, ...options });
  sim.state.addActionsToken("ghs", { pull_requests: "write", issues: "write" });
  const pr = sim.state.createPullRequest("acme", "tenants", ["a".repeat(40)]);
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), warning: (m: string) => lines.push(m), debug() {} };
  const client = createGitHubClient({
    token: "ghs",
    apiUrl: sim.apiUrl,
    graphqlUrl: sim.graphqlUrl,
    clock,
    log,
  });
  const comment = (body: string) =>
    client.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: "acme",
      repo: "tenants",
      issue_number: pr,
      body,
    });
  const list = () =>
    client.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: "acme",
      repo: "tenants",
      issue_number: pr,
    });
  return { clock, client, comment, list, lines, pr };
}

describe("GitHub client", () => {
  it("answers a secondary rate limit by waiting Retry-After, then retries", async () => {
    const { clock, comment, lines } = await setup();
    sim.failNext(1, { status: 403, kind: "secondary", retryAfter: 7 });
    await comment("hello");
    expect(clock.sleeps).toContain(7000);
    expect(sim.calls.map((c) => c.status)).toEqual([403, 201]);
    expect(lines.join("\n")).toMatch(/Retry-After 7 s/);
  });

  it("waits a minute, then longer, on a 429 without Retry-After", async () => {
    const { clock, list } = await setup();
    sim.failNext(2, { status: 429, kind: "secondary" });
    await list();
    expect(clock.sleeps).toEqual([60_000, 120_000]);
  });

  it("fails with the reset time when the primary limit resets too far away", async () => {
    const { list, clock } = await setup();
    sim.failNext(1, { status: 403, kind: "primary", retryAfter: 3600 });
    const reset = new Date(Math.floor(clock.now() / 1000) * 1000 + 3_600_000).toISOString();
    await expect(list()).rejects.toThrow(`rate limit exhausted for this token; it resets at ${reset}`);
    expect(sim.calls).toHaveLength(1);
  });

  it("waits for a primary limit that resets soon", async () => {
    const { list, clock } = await setup();
    sim.failNext(1, { status: 403, kind: "primary", retryAfter: 20 });
    await list();
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(20_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(22_000);
  });

  it("gives up after bounded attempts", async () => {
    const { list } = await setup();
    sim.failNext(10, { status: 429, kind: "secondary", retryAfter: 1 });
    await expect(list()).rejects.toThrow(/kept rate limiting after 5 attempts/);
    expect(sim.calls).toHaveLength(5);
  });

  it("retries a read or an edit after a 5xx, but not a create that may have landed", async () => {
    const { clock, list, comment } = await setup();
    sim.failNext(1, { status: 502, kind: "server-error" });
    await list();
    expect(clock.sleeps).toEqual([1000]);
    sim.failNext(1, { status: 502, kind: "server-error" });
    await expect(comment("once")).rejects.toThrow(/GitHub 502/);
    expect(sim.calls.map((c) => c.status)).toEqual([502, 200, 502]);
  });

  it("keeps at least a second between mutations", async () => {
    const { comment, list } = await setup();
    await comment("one");
    await list();
    await comment("two");
    await comment("three");
    const at = sim.mutations().map((c) => c.at);
    expect(at).toHaveLength(3);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it("never has two writes in flight, even when called in parallel", async () => {
    await sim?.close();
    const { comment } = await setup({ latencyMs: 20 });
    await Promise.all([comment("1"), comment("2"), comment("3"), comment("4")]);
    expect(sim.mutations()).toHaveLength(4);
    expect(sim.maxConcurrentMutations).toBe(1);
  });

  it("names the missing permission on a 403 that is not a rate limit", async () => {
    const { comment } = await setup();
    sim.state.setPermissions("ghs", { pull_requests: "read", issues: "none" });
    await expect(
      needs("pull-requests: write", "comment on the pull request", () => comment("x")),
    ).rejects.toThrow(
      'GitHub refused to comment on the pull request: the token lacks the "pull-requests: write" permission',
    );
    expect(sim.calls).toHaveLength(1);
  });

  it("does not retry a rejected token", async () => {
    const clock = fakeClock();
    sim = await startGitHubSim({ now: clock.now });
    const client = createGitHubClient({ token: "nope", apiUrl: sim.apiUrl, clock });
    await expect(client.octokit.request("GET /user")).rejects.toThrow(
      /rejected the token \(401 Bad credentials/,
    );
    expect(sim.calls).toHaveLength(1);
  });

  it("knows GITHUB_TOKEN as github-actions, a PAT by its login, and falls back when neither answers", async () => {
    const { client } = await setup();
    expect(await client.identity()).toEqual({ login: "github-actions", source: "graphql-viewer" });
    sim.state.addUserToken("pat", "alice");
    const pat = createGitHubClient({ token: "pat", apiUrl: sim.apiUrl, clock: fakeClock() });
    expect((await pat.identity()).login).toBe("alice");
    sim.state.setTokenFlags("ghs", { viewerForbidden: true });
    const blind = createGitHubClient({ token: "ghs", apiUrl: sim.apiUrl, clock: fakeClock() });
    expect(await blind.identity()).toEqual({ login: "github-actions[bot]", source: "default-bot" });
    const configured = createGitHubClient({
      token: "ghs",
      apiUrl: sim.apiUrl,
      clock: fakeClock(),
      commentAuthor: "my-app[bot]",
    });
    expect(await configured.identity()).toEqual({ login: "my-app[bot]", source: "configured" });
  });

  it("compares bot logins across the REST and GraphQL forms", () => {
    expect(sameLogin("github-actions[bot]", "github-actions")).toBe(true);
    expect(sameLogin("Alice", "alice")).toBe(true);
    expect(sameLogin("github-actions", "github-actions-fork")).toBe(false);
  });

  it("talks to GitHub Enterprise Server from GITHUB_API_URL alone", async () => {
    const clock = fakeClock();
    sim = await startGitHubSim({ now: clock.now, enterprise: true });
    sim.state.addUserToken("pat", "alice");
    const client = createGitHubClient({ token: "pat", apiUrl: sim.apiUrl, clock });
    expect(await client.identity()).toEqual({ login: "alice", source: "graphql-viewer" });
    expect(sim.calls[0]!.path).toBe("/graphql");
  });
});

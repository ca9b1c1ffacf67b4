// The GitHub simulator answers the way GitHub does where the action's correctness depends on it (B78): paging,
// the two bot login forms, the body limit, rate limits and refusals. Plain fetch, no product code.
import { afterEach, describe, expect, it } from "vitest";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";

let sim: GitHubSim;
afterEach(() => sim?.close());

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string; url?: string } = {},
) {
  const res = await fetch(init.url ?? `${sim.apiUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `token ${init.token ?? "pat"}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the simulator answers
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

async function withPullRequest() {
  sim = await startGitHubSim();
  sim.state.addUserToken("pat", "alice");
  sim.state.addActionsToken("gh", { pull_requests: "write" });
  return sim.state.createPullRequest("acme", "tenants", ["a".repeat(40)]);
}

describe("GitHub simulator", () => {
  it("pages comments 30 at a time by default, at most 100, with Link headers", async () => {
    const pr = await withPullRequest();
    sim.state.seedComments(
      "acme",
      "tenants",
      pr,
      "bob",
      Array.from({ length: 250 }, (_, i) => `c${i}`),
    );
    const first = await call(`/repos/acme/tenants/issues/${pr}/comments`);
    expect(first.json).toHaveLength(30);
    expect(first.headers.get("link")).toContain('page=2>; rel="next"');
    expect(first.headers.get("link")).toContain('page=9>; rel="last"');
    const big = await call(`/repos/acme/tenants/issues/${pr}/comments?per_page=500&page=3`);
    expect(big.json.map((c: { body: string }) => c.body)).toEqual(
      Array.from({ length: 50 }, (_, i) => `c${200 + i}`),
    );
    expect(big.headers.get("link")).not.toContain('rel="next"');
  });

  it("writes the Actions bot as github-actions[bot] in REST and github-actions in GraphQL", async () => {
    const pr = await withPullRequest();
    const created = await call(`/repos/acme/tenants/issues/${pr}/comments`, {
      method: "POST",
      token: "gh",
      body: { body: "hi" },
    });
    expect(created.json.user).toMatchObject({ login: "github-actions[bot]", type: "Bot" });
    const viewer = await call("", {
      url: sim.graphqlUrl,
      method: "POST",
      token: "gh",
      body: { query: "query { viewer { login } }" },
    });
    expect(viewer.json).toEqual({ data: { viewer: { login: "github-actions" } } });
    expect((await call("/user", { token: "gh" })).status).toBe(403);
    expect((await call("/user")).json.login).toBe("alice");
  });

  it("refuses a body over 65,536 characters with 422", async () => {
    const pr = await withPullRequest();
    const path = `/repos/acme/tenants/issues/${pr}/comments`;
    const over = await call(path, { method: "POST", body: { body: "x".repeat(65_537) } });
    expect(over.status).toBe(422);
    expect(JSON.stringify(over.json)).toContain("body is too long");
    expect((await call(path, { method: "POST", body: { body: "é".repeat(65_536) } })).status).toBe(201);
  });

  it("lists pull requests among issues, marked by a pull_request key", async () => {
    const pr = await withPullRequest();
    await call("/repos/acme/tenants/issues", { method: "POST", body: { title: "t", labels: ["x"] } });
    const list = await call("/repos/acme/tenants/issues?state=all");
    expect(
      list.json.map((i: { number: number; pull_request?: unknown }) => [i.number, !!i.pull_request]),
    ).toEqual([
      [2, false],
      [pr, true],
    ]);
  });

  it("refuses a token without the permission as GitHub does", async () => {
    const pr = await withPullRequest();
    sim.state.setPermissions("gh", { pull_requests: "read" });
    const res = await call(`/repos/acme/tenants/issues/${pr}/comments`, {
      method: "POST",
      token: "gh",
      body: { body: "hi" },
    });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe("Resource not accessible by integration");
  });

  it("injects secondary limits with Retry-After and logs every call", async () => {
    const pr = await withPullRequest();
    sim.failNext(2, { status: 429, kind: "secondary", retryAfter: 3 });
    const path = `/repos/acme/tenants/issues/${pr}/comments`;
    const limited = await call(path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.json.message).toMatch(/secondary rate limit/);
    expect((await call(path)).status).toBe(429);
    expect((await call(path)).status).toBe(200);
    expect(sim.calls.map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it("serves the Enterprise Server layout under /api/v3 and /api/graphql", async () => {
    sim = await startGitHubSim({ enterprise: true });
    sim.state.addUserToken("pat", "alice");
    expect(sim.apiUrl).toMatch(/\/api\/v3$/);
    expect((await call("/user")).json.login).toBe("alice");
    expect(sim.graphqlUrl).toMatch(/\/api\/graphql$/);
  });
});

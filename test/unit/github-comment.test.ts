// The sticky plan comment against the GitHub simulator: what a reviewer sees on the pull request.
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";
import { type UpsertPlanCommentInput, upsertPlanComment } from "../../src/github/comment.js";
import { renderPlanMarker } from "../../src/github/marker.js";
import { fakeClock } from "../github-sim/clock.js";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const PARENT = "acme.teleport.sh:443";

let sim: GitHubSim;
afterEach(() => sim?.close());

async function setup(commits = [A]) {
  const clock = fakeClock();
  sim = await startGitHubSim({ now: clock.now });
  sim.state.addActionsToken("ghs", { pull_requests: "write" });
  const pr = sim.state.createPullRequest("acme", "tenants", commits);
  const client = createGitHubClient({ token: "ghs", apiUrl: sim.apiUrl, clock });
  const upsert = (over: Partial<UpsertPlanCommentInput> = {}) =>
    upsertPlanComment({
      client,
      owner: "acme",
      repo: "tenants",
      prNumber: pr,
      parent: PARENT,
      headSha: commits[commits.length - 1]!,
      planHash: "1".repeat(64),
      body: "### plan\n1 to create",
      mode: "always",
      hasChanges: true,
      ...over,
    });
  const comments = () => sim.state.comments("acme", "tenants", pr);
  return { clock, pr, client, upsert, comments };
}

function ours(head: string, body: string, parent = PARENT) {
  return `${renderPlanMarker({ parent, head, hash: "9".repeat(64), state: "planned" })}\n${body}`;
}

describe("sticky plan comment", () => {
  it("plans twice on one pull request: one comment, edited in place", async () => {
    const { upsert, comments } = await setup();
    const first = await upsert();
    const second = await upsert({ body: "### plan\n2 to create", planHash: "2".repeat(64) });
    expect(first.action).toBe("created");
    expect(second).toMatchObject({ action: "updated", id: first.id });
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.body).toContain("2 to create");
    expect(comments()[0]!.author.login).toBe("github-actions[bot]");
  });

  it("leaves an unchanged comment alone", async () => {
    const { upsert } = await setup();
    await upsert();
    const before = sim.mutations().length;
    expect((await upsert()).action).toBe("unchanged");
    expect(sim.mutations()).toHaveLength(before);
  });

  it("finds its comment behind 1,200 others (page 13 of 100)", async () => {
    const { upsert, pr, comments } = await setup();
    sim.state.seedComments(
      "acme",
      "tenants",
      pr,
      "reviewer",
      Array.from({ length: 1200 }, (_, i) => `lgtm ${i}`),
    );
    const mine = sim.state.seedComments("acme", "tenants", pr, "github-actions[bot]", [
      ours(A, "old plan"),
    ])[0]!;
    const result = await upsert();
    expect(result).toMatchObject({ action: "updated", id: mine.id });
    expect(comments()).toHaveLength(1201);
    const pages = sim.calls.filter((c) => c.path.endsWith(`/issues/${pr}/comments`) && c.method === "GET");
    expect(pages).toHaveLength(13);
  });

  it("heals duplicates: keeps the oldest and minimizes the others", async () => {
    const { upsert, pr, comments } = await setup();
    const [oldest, dup] = sim.state.seedComments("acme", "tenants", pr, "github-actions[bot]", [
      ours(A, "race one"),
      ours(A, "race two"),
    ]);
    const result = await upsert();
    expect(result).toMatchObject({ action: "updated", id: oldest!.id, minimized: 1 });
    const after = comments();
    expect(after.find((c) => c.id === dup!.id)).toMatchObject({
      minimized: true,
      minimizedReason: "outdated",
    });
    expect(after.find((c) => c.id === oldest!.id)).toMatchObject({ minimized: false });
    // Healed for good: the next run neither minimizes again nor creates.
    expect(await upsert()).toMatchObject({ action: "unchanged", minimized: 0 });
  });

  it("ignores a marker pasted by someone else", async () => {
    const { upsert, pr, comments } = await setup();
    sim.state.seedComments("acme", "tenants", pr, "mallory", [ours(A, "fake plan")]);
    expect((await upsert()).action).toBe("created");
    expect(comments().find((c) => c.author.login === "mallory")!.body).toContain("fake plan");
  });

  it("keeps one comment per parent cluster", async () => {
    const { upsert, comments } = await setup();
    await upsert();
    await upsert({ parent: "beta.teleport.sh:443" });
    expect(comments()).toHaveLength(2);
  });

  it("never lets a run for an older commit overwrite the plan of a newer one", async () => {
    const { upsert, comments } = await setup([A, B]);
    await upsert({ headSha: B, body: "plan of B" });
    const late = await upsert({ headSha: A, body: "plan of A" });
    expect(late.action).toBe("stale");
    expect(comments()[0]!.body).toContain("plan of B");
    // A commit force-pushed away does not write either.
    expect((await upsert({ headSha: C, body: "plan of C" })).action).toBe("stale");
  });

  it("lets the current head overwrite a plan made for an older commit", async () => {
    const { upsert, pr, comments } = await setup([A]);
    await upsert({ headSha: A, body: "plan of A" });
    sim.state.pushCommits("acme", "tenants", pr, [B]);
    expect((await upsert({ headSha: B, body: "plan of B" })).action).toBe("updated");
    expect(comments()[0]!.body).toContain("plan of B");
  });

  it("`changes` creates nothing for a plan without changes, but keeps editing an existing comment", async () => {
    const { upsert, comments } = await setup();
    const none = await upsert({ mode: "changes", hasChanges: false });
    expect(none).toMatchObject({ action: "skipped", id: null });
    expect(comments()).toHaveLength(0);
    expect(sim.mutations()).toHaveLength(0);
    await upsert({ mode: "changes", hasChanges: true });
    const edited = await upsert({ mode: "changes", hasChanges: false, body: "no changes now" });
    expect(edited.action).toBe("updated");
    expect(comments()[0]!.body).toContain("no changes now");
  });

  it("`never` makes no call at all", async () => {
    const { upsert } = await setup();
    expect((await upsert({ mode: "never" })).action).toBe("skipped");
    expect(sim.calls).toHaveLength(0);
  });

  it("refuses to post an invite link and never sends a body GitHub would reject", async () => {
    const { upsert } = await setup();
    await expect(upsert({ body: "invite: https://acme.teleport.sh/web/invite/abc123" })).rejects.toThrow(
      /secret/,
    );
    await expect(upsert({ body: "x".repeat(70_000) })).rejects.toThrow(/over GitHub's 65536/);
    expect(sim.mutations()).toHaveLength(0);
  });

  it("finds comments written as github-actions[bot] when GraphQL names the token github-actions", async () => {
    const { upsert, client } = await setup();
    expect((await client.identity()).login).toBe("github-actions");
    await upsert();
    expect((await upsert({ body: "again" })).action).toBe("updated");
  });

  it("names the missing permission", async () => {
    const { upsert } = await setup();
    sim.state.setPermissions("ghs", { pull_requests: "read" });
    await expect(upsert()).rejects.toThrow(/lacks the "pull-requests: write" permission/);
  });
});

// The approved-plan guard: a push to main applies only the plan the pull request showed.
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";
import { findPlanComments, upsertPlanComment } from "../../src/github/comment.js";
import { canonicalJson, checkApprovedPlan, markApplied, planHash } from "../../src/github/guard.js";
import { fakeClock } from "../github-sim/clock.js";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const MERGE = "e".repeat(40);
const PARENT = "acme.teleport.sh:443";
const CHANGES = { clusters: { acme: { create: ["role/dev"], update: [] } } };

let sim: GitHubSim;
afterEach(() => sim?.close());

async function setup() {
  const clock = fakeClock();
  sim = await startGitHubSim({ now: clock.now });
  sim.state.addActionsToken("ghs", { pull_requests: "write" });
  const pr = sim.state.createPullRequest("acme", "tenants", [A]);
  const client = createGitHubClient({ token: "ghs", apiUrl: sim.apiUrl, clock });
  const ref = { client, owner: "acme", repo: "tenants" };
  const plan = (headSha: string, changeSet: unknown) =>
    upsertPlanComment({
      ...ref,
      prNumber: pr,
      parent: PARENT,
      headSha,
      planHash: planHash(changeSet, { repository: "acme/tenants", prNumber: pr, parent: PARENT }),
      body: "### plan",
      mode: "always",
      hasChanges: true,
    });
  const check = (changeSet: unknown, sha = MERGE) =>
    checkApprovedPlan({ ...ref, sha, parent: PARENT, changeSet });
  return { pr, ref, plan, check };
}

describe("approved-plan guard", () => {
  it("lets through the plan the merged pull request showed", async () => {
    const { pr, plan, check } = await setup();
    await plan(A, CHANGES);
    sim.state.mergePullRequest("acme", "tenants", pr, MERGE);
    const result = await check({ clusters: { acme: { update: [], create: ["role/dev"] } } });
    expect(result).toMatchObject({ ok: true, pullRequest: { number: pr, headSha: A } });
  });

  it("refuses when the clusters changed since the plan was shown", async () => {
    const { pr, plan, check } = await setup();
    await plan(A, CHANGES);
    sim.state.mergePullRequest("acme", "tenants", pr, MERGE);
    const result = await check({ clusters: { acme: { create: ["role/dev", "role/ops"], update: [] } } });
    expect(result).toMatchObject({ ok: false, reason: "plan-changed" });
    expect(!result.ok && result.details).toMatch(/differs from the plan now/);
  });

  it("refuses a push that no pull request merged", async () => {
    const { check } = await setup();
    const result = await check(CHANGES, "d".repeat(40));
    expect(result).toMatchObject({ ok: false, reason: "no-approved-plan" });
    expect(!result.ok && result.details).toMatch(/not the merge of a pull request/);
  });

  it("refuses when the last plan was for an earlier commit than the one merged", async () => {
    const { pr, plan, check } = await setup();
    await plan(A, CHANGES);
    sim.state.pushCommits("acme", "tenants", pr, [B]);
    sim.state.mergePullRequest("acme", "tenants", pr, MERGE);
    const result = await check(CHANGES);
    expect(result).toMatchObject({ ok: false, reason: "no-approved-plan" });
    expect(!result.ok && result.details).toMatch(/made for commit aaaaaaaaaaaa.*final head is bbbbbbbbbbbb/);
  });

  it("refuses when the pull request has no plan comment", async () => {
    const { pr, check } = await setup();
    sim.state.mergePullRequest("acme", "tenants", pr, MERGE);
    expect(await check(CHANGES)).toMatchObject({ ok: false, reason: "no-approved-plan" });
  });

  it("marks the comment applied, after which it neither passes again nor gets reused", async () => {
    const { pr, ref, plan, check } = await setup();
    const first = await plan(A, CHANGES);
    sim.state.mergePullRequest("acme", "tenants", pr, MERGE);
    const ok = await check(CHANGES);
    if (!ok.ok) throw new Error(ok.details);
    expect(
      await markApplied({ ...ref, comment: ok.comment, runUrl: "https://github.example/run/7" }),
    ).toMatchObject({
      action: "updated",
    });
    const body = sim.state.comments("acme", "tenants", pr)[0]!.body;
    expect(body).toMatch(
      /^<!-- teleport-workload-cluster-action:plan v1 parent=acme\.teleport\.sh:443 .*state=applied -->/,
    );
    expect(body).toContain("✅ **Applied** in [this run](https://github.example/run/7).\n### plan");
    expect(await markApplied({ ...ref, comment: ok.comment })).toMatchObject({ action: "unchanged" });
    expect(await check(CHANGES)).toMatchObject({ ok: false, reason: "no-approved-plan" });
    expect((await findPlanComments({ ...ref, prNumber: pr, parent: PARENT })).kept).toBeNull();
    const next = await plan(A, CHANGES);
    expect(next.action).toBe("created");
    expect(next.id).not.toBe(first.id);
  });

  it("hashes canonically and salts with repository, pull request and parent", () => {
    const salt = { repository: "acme/tenants", prNumber: 3, parent: PARENT };
    expect(canonicalJson({ b: [2, { d: 1, c: 0 }], a: "x" })).toBe('{"a":"x","b":[2,{"c":0,"d":1}]}');
    expect(planHash({ x: 1, y: 2 }, salt)).toBe(planHash({ y: 2, x: 1 }, salt));
    expect(planHash({ x: 1 }, salt)).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash({ x: 1 }, salt)).not.toBe(planHash({ x: 1 }, { ...salt, prNumber: 4 }));
    expect(planHash({ x: 1 }, salt)).not.toBe(planHash({ x: 1 }, { ...salt, parent: "other" }));
    expect(planHash({ x: 1 }, salt)).not.toBe(planHash({ x: 1 }, { ...salt, repository: "acme/other" }));
  });
});

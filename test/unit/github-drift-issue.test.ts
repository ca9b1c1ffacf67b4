// The drift issue as the people watching the repository experience it: one issue per parent, reopened rather
// than duplicated, closed only by a complete clean run, and a failing check kept apart from drift.
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";
import { type DriftState, syncDriftIssue } from "../../src/github/drift-issue.js";
import { fakeClock } from "../github-sim/clock.js";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";

const PARENT = "acme.teleport.sh:443";
let sim: GitHubSim;
afterEach(() => sim?.close());

async function setup() {
  const clock = fakeClock();
  sim = await startGitHubSim({ now: clock.now });
  sim.state.addActionsToken("ghs", { issues: "write", pull_requests: "read" });
  sim.state.repo("acme", "tenants");
  const client = createGitHubClient({ token: "ghs", apiUrl: sim.apiUrl, clock });
  let run = 100;
  const sync = (
    state: DriftState,
    body = "",
    over: { complete?: boolean; runId?: number; parent?: string } = {},
  ) =>
    syncDriftIssue({
      client,
      owner: "acme",
      repo: "tenants",
      parent: over.parent ?? PARENT,
      runId: over.runId ?? ++run,
      runUrl: `https://github.example/acme/tenants/actions/runs/${over.runId ?? run}`,
      state,
      body,
      complete: over.complete ?? true,
    });
  const issues = () => sim.state.issues("acme", "tenants");
  const commentsOn = (n: number) => sim.state.comments("acme", "tenants", n).map((c) => c.body);
  return { sync, issues, commentsOn };
}

describe("drift issue", () => {
  it("opens one labelled issue on drift and updates it in place while drift continues", async () => {
    const { sync, issues, commentsOn } = await setup();
    const first = await sync("drift", "role/dev changed in the web UI");
    expect(first).toMatchObject({ action: "created", state: "open" });
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ title: `Teleport drift: ${PARENT}`, labels: ["teleport-drift"] });
    const second = await sync("drift", "role/dev and role/ops changed");
    expect(second).toMatchObject({ action: "updated", number: first.number, comment: undefined });
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.body).toContain("role/dev and role/ops changed");
    expect(commentsOn(first.number!)).toEqual([]);
  });

  it("opens nothing when a clean run finds no issue", async () => {
    const { sync, issues } = await setup();
    expect(await sync("clean")).toMatchObject({ action: "none", number: null });
    expect(issues()).toHaveLength(0);
  });

  it("closes the issue once a complete run finds no drift, and not after a partial one", async () => {
    const { sync, issues, commentsOn } = await setup();
    const { number } = await sync("drift", "role/dev changed");
    expect(await sync("clean", "", { complete: false })).toMatchObject({ action: "none", state: "open" });
    expect(issues()[0]!.state).toBe("open");
    const closed = await sync("clean");
    expect(closed).toMatchObject({ action: "closed", state: "closed", comment: "resolved" });
    expect(issues()[0]).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(commentsOn(number!).at(-1)).toMatch(/^Resolved: \[run \d+\]/);
    // Later clean runs leave the closed issue alone.
    const writes = sim.mutations().length;
    expect(await sync("clean")).toMatchObject({ action: "none", state: "closed" });
    expect(sim.mutations()).toHaveLength(writes);
  });

  it("reopens the same issue when drift comes back instead of opening another", async () => {
    const { sync, issues, commentsOn } = await setup();
    const { number } = await sync("drift", "first drift");
    await sync("clean");
    const again = await sync("drift", "second drift");
    expect(again).toMatchObject({ action: "reopened", number, state: "open", comment: "new-drift" });
    expect(issues()).toHaveLength(1);
    expect(commentsOn(number!).at(-1)).toMatch(/^Drift found by/);
  });

  it("reopens an issue a person closed while the drift persists, and says so", async () => {
    const { sync, issues, commentsOn } = await setup();
    const { number } = await sync("drift", "role/dev changed");
    sim.state.setIssueState("acme", "tenants", number!, "closed", "alice");
    const result = await sync("drift", "role/dev changed");
    expect(result).toMatchObject({ action: "reopened", comment: "reopened-drift-persists" });
    expect(issues()[0]!.state).toBe("open");
    expect(commentsOn(number!).at(-1)).toMatch(/^Reopened: @alice closed it, but the drift is still there/);
  });

  it("shows a failing check apart from drift and never closes the issue for it", async () => {
    const { sync, issues, commentsOn } = await setup();
    const { number } = await sync("drift", "role/dev changed");
    const failed = await sync("check-failed", "tctl: connection refused", { complete: true });
    expect(failed).toMatchObject({ state: "open", comment: "check-failing", action: "updated" });
    const body = issues()[0]!.body;
    expect(body).toMatch(/### Check errors\n\ntctl: connection refused/);
    // The drift last seen stays on the issue, in its own section.
    expect(body).toMatch(/### Drift\n\n<!-- drift-report -->\nrole\/dev changed/);
    expect(issues()[0]!.state).toBe("open");
    // Still failing in the next run: no second comment.
    await sync("check-failed", "tctl: connection refused");
    expect(commentsOn(number!).filter((c) => c.includes("drift check failed"))).toHaveLength(1);
  });

  it("opens an issue for a failing check even before any drift was seen", async () => {
    const { sync, issues } = await setup();
    expect(await sync("check-failed", "identity expired")).toMatchObject({ action: "created" });
    expect(issues()[0]!.body).toContain("**The drift check is failing**");
    expect(issues()[0]!.body).toContain("Not known yet.");
  });

  it("comments at most once per run", async () => {
    const { sync, commentsOn } = await setup();
    const { number } = await sync("drift", "x", { runId: 7 });
    await sync("clean", "", { runId: 8 });
    await sync("drift", "x", { runId: 9 });
    await sync("drift", "x", { runId: 9 });
    expect(commentsOn(number!)).toHaveLength(2);
  });

  it("ignores pull requests, other authors and other parents in the issue list", async () => {
    const { sync, issues } = await setup();
    const pr = sim.state.createPullRequest("acme", "tenants", ["a".repeat(40)], "github-actions[bot]");
    const marker = `<!-- teleport-workload-cluster-action:drift v1 parent=${PARENT} drift=yes check=ok run=1 -->`;
    Object.assign(sim.state.pull("acme", "tenants", pr), { body: marker, labels: ["teleport-drift"] });
    const repo = sim.state.repo("acme", "tenants");
    sim.state.createIssue(repo, sim.state.account("mallory"), {
      title: "x",
      body: marker,
      labels: ["teleport-drift"],
    });
    await sync("drift", "beta drift", { parent: "beta.teleport.sh:443" });
    const result = await sync("drift", "acme drift");
    expect(result.action).toBe("created");
    expect(issues().filter((i) => i.author.login === "github-actions[bot]")).toHaveLength(2);
  });

  it("names the missing permission", async () => {
    const { sync } = await setup();
    sim.state.setPermissions("ghs", { issues: "read" });
    await expect(sync("drift", "x")).rejects.toThrow(/lacks the "issues: write" permission/);
  });

  it("refuses to publish an invite link in the issue", async () => {
    const { sync, issues } = await setup();
    await expect(sync("drift", "user bob: https://acme.teleport.sh/web/invite/abc")).rejects.toThrow(
      /secret/,
    );
    expect(issues()).toHaveLength(0);
  });
});

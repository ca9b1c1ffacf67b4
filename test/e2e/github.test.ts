// The action's GitHub writes through the bundle, against the Teleport simulator and the GitHub API
// simulator, with GITHUB_API_URL, GITHUB_EVENT_PATH and GITHUB_EVENT_NAME as the runner sets them: the
// sticky plan comment, the approved-plan guard at apply, the drift issue, report over several plan files,
// a missing permission, and no secret in any comment or issue body.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";
import type { Simulator } from "../sim/index.js";
import type { ActionRunner, StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";
import { tenantYaml } from "../support/tenants.js";

const OWNER = "example-org";
const REPO = "tenants";
const TOKEN = "ghs_e2etoken0000000000000000000000000000";

let sim: Simulator;
let gh: GitHubSim;
const e2e = e2eFile({ delayMs: 100 }, (s) => {
  sim = s;
});
const steps: StepResult[] = [];

beforeAll(async () => {
  gh = await startGitHubSim();
  gh.state.addActionsToken(TOKEN, { pull_requests: "write", issues: "write", contents: "read" });
  gh.state.repo(OWNER, REPO); // the repository the workflows run in exists from the start
});

afterAll(async () => {
  await gh?.close();
});

let sha = 0;
const nextSha = () => (++sha).toString(16).padStart(40, "a");

const runner = (clusters: Record<string, string>, access: Record<string, string> = {}): ActionRunner =>
  e2e.repo(clusters, access, { env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}` } });

/** Runs the action as a workflow on `event` would: the event payload in a file, the API URL, the token. */
async function onEvent(
  r: ActionRunner,
  event: "pull_request" | "push" | "schedule",
  payload: Record<string, unknown>,
  inputs: Record<string, string>,
  headOrSha: string,
): Promise<StepResult> {
  const eventPath = path.join(r.root, `event-${Date.now()}-${Math.random()}.json`);
  fs.writeFileSync(eventPath, JSON.stringify(payload));
  const step = await r.runMain(
    {
      ...e2e.parentInputs(),
      "github-token": TOKEN,
      ...inputs,
    },
    {
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_GRAPHQL_URL: gh.graphqlUrl,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: headOrSha,
      GITHUB_RUN_ID: String(1000 + steps.length),
    },
  );
  steps.push(step);
  return step;
}

const prEvent = (number: number, head: string) => ({ pull_request: { number, head: { sha: head } } });
const planComments = (pr: number) =>
  gh.state.comments(OWNER, REPO, pr).filter((c) => c.body.includes("teleport-workload-cluster-action:plan"));

describe("the sticky plan comment", () => {
  it("plan twice on one pull request: one comment, edited; no changes with comment: changes creates none", async () => {
    const head1 = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head1]);
    const r = runner({ "gh-one": tenantYaml("gh-one") });
    const first = await onEvent(r, "pull_request", prEvent(pr, head1), { mode: "plan" }, head1);
    expect(first.exitCode).toBe(0);
    expect(planComments(pr)).toHaveLength(1);
    expect(first.outputs["comment-id"]).toBe(String(planComments(pr)[0]!.id));
    expect(planComments(pr)[0]!.body).toContain("gh-one");

    const head2 = nextSha();
    gh.state.pushCommits(OWNER, REPO, pr, [head2]);
    const r2 = runner({ "gh-one": tenantYaml("gh-one"), "gh-two": tenantYaml("gh-two") });
    const second = await onEvent(r2, "pull_request", prEvent(pr, head2), { mode: "plan" }, head2);
    expect(second.exitCode).toBe(0);
    expect(planComments(pr)).toHaveLength(1);
    expect(planComments(pr)[0]!.body).toContain("gh-two");
    expect(second.outputs["comment-url"]).toMatch(/#issuecomment-/);

    // A pull request whose plan has no changes gets no comment in the default mode.
    const stable = runner({ "gh-stable": tenantYaml("gh-stable") });
    const applied = await stable.runMain({
      ...e2e.parentInputs(),
      mode: "apply",
    });
    expect(applied.exitCode).toBe(0);
    const head3 = nextSha();
    const pr2 = gh.state.createPullRequest(OWNER, REPO, [head3]);
    const none = await onEvent(stable, "pull_request", prEvent(pr2, head3), { mode: "plan" }, head3);
    expect(none.exitCode).toBe(0);
    expect(none.outputs.changes).toBe("false");
    expect(planComments(pr2)).toEqual([]);
    expect(none.outputs["comment-id"]).toBeUndefined();
  });
});

describe("the sticky comment in harder cases", () => {
  it("is found on the 40th page, heals a duplicate, and is never overwritten by an older head", async () => {
    const head1 = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head1]);
    const r = runner({ "gh-many": tenantYaml("gh-many") });
    const first = await onEvent(r, "pull_request", prEvent(pr, head1), { mode: "plan" }, head1);
    expect(first.exitCode).toBe(0);
    const ours = planComments(pr)[0]!;
    // 1,200 comments by people after ours: 40 pages of 30, or 12 of 100.
    gh.state.seedComments(
      OWNER,
      REPO,
      pr,
      "octocat",
      Array.from({ length: 1200 }, (_, i) => `comment ${i}`),
    );
    // A duplicate of ours (an earlier run that lost its answer), posted by the same bot.
    gh.state.seedComments(OWNER, REPO, pr, "github-actions[bot]", [ours.body]);
    const head2 = nextSha();
    gh.state.pushCommits(OWNER, REPO, pr, [head2]);
    const second = await onEvent(r, "pull_request", prEvent(pr, head2), { mode: "plan" }, head2);
    expect(second.exitCode).toBe(0);
    expect(second.outputs["comment-id"]).toBe(String(ours.id));
    const marked = gh.state
      .comments(OWNER, REPO, pr)
      .filter((c) => c.body.includes("teleport-workload-cluster-action:plan"));
    expect(marked.filter((c) => !c.minimized).map((c) => c.id)).toEqual([ours.id]);
    expect(marked.find((c) => c.id !== ours.id)?.minimized).toBe(true);
    expect(gh.state.comments(OWNER, REPO, pr).find((c) => c.id === ours.id)!.body).toContain(`head=${head2}`);

    // A late run for the older head must not overwrite the plan made for the newer one.
    const late = await onEvent(r, "pull_request", prEvent(pr, head1), { mode: "plan" }, head1);
    expect(late.exitCode).toBe(0);
    expect(late.stdout).toContain("Plan comment: stale");
    expect(gh.state.comments(OWNER, REPO, pr).find((c) => c.id === ours.id)!.body).toContain(`head=${head2}`);
  });

  it("waits out a secondary rate limit with Retry-After and retries", async () => {
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    gh.failNext(1, { status: 403, kind: "secondary", retryAfter: 1, match: (c) => c.mutation });
    const step = await onEvent(
      runner({ "gh-rl": tenantYaml("gh-rl") }),
      "pull_request",
      prEvent(pr, head),
      { mode: "plan" },
      head,
    );
    expect(step.exitCode).toBe(0);
    expect(planComments(pr)).toHaveLength(1);
  });
});

describe("apply refuses a plan nobody saw", () => {
  it("applies the approved plan and marks the comment applied; refuses a changed plan and a push without a pull request", async () => {
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const r = runner({ "gh-ok": tenantYaml("gh-ok") });
    expect((await onEvent(r, "pull_request", prEvent(pr, head), { mode: "plan" }, head)).exitCode).toBe(0);
    const merge = nextSha();
    gh.state.mergePullRequest(OWNER, REPO, pr, merge);
    const apply = await onEvent(r, "push", {}, { mode: "apply", "require-approved-plan": "true" }, merge);
    expect(apply.stdout).not.toContain("::error");
    expect(apply.exitCode).toBe(0);
    expect(apply.stdout).toContain(`The plan approved on pull request #${pr} is still the plan`);
    expect(planComments(pr)[0]!.body).toMatch(/state=applied/);

    // The repository changed after the plan was shown: refused, nothing written.
    const head2 = nextSha();
    const pr2 = gh.state.createPullRequest(OWNER, REPO, [head2]);
    const shown = runner({ "gh-ok": tenantYaml("gh-ok"), "gh-late": tenantYaml("gh-late") });
    expect(
      (await onEvent(shown, "pull_request", prEvent(pr2, head2), { mode: "plan" }, head2)).exitCode,
    ).toBe(0);
    const merge2 = nextSha();
    gh.state.mergePullRequest(OWNER, REPO, pr2, merge2);
    const changed = runner({
      "gh-ok": tenantYaml("gh-ok"),
      "gh-late": tenantYaml("gh-late"),
      "gh-extra": tenantYaml("gh-extra"),
    });
    const before = (await sim.control.calls()).length;
    const refused = await onEvent(
      changed,
      "push",
      {},
      { mode: "apply", "require-approved-plan": "true" },
      merge2,
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("plan-changed");
    expect(refused.stdout).toContain("The plan changed since it was shown on the pull request");
    const writes = (await sim.control.calls())
      .slice(before)
      .filter((c) => /^(Create|Delete|Upsert|Update)/.test(c.method));
    expect(writes).toEqual([]);

    const orphan = await onEvent(
      r,
      "push",
      {},
      { mode: "apply", "require-approved-plan": "true" },
      nextSha(),
    );
    expect(orphan.exitCode).toBe(1);
    expect(orphan.outputs["failure-reason"]).toBe("no-approved-plan");
  });
});

describe("a guarded apply that syncs access", () => {
  it("joins each child once: the re-plan's join serves the sync too", async () => {
    const role = (logins: string) =>
      `kind: role\nversion: v7\nmetadata:\n  name: gh-once-dev\nspec:\n  allow:\n    logins: [${logins}]\n`;
    const clusters = { "gh-once-a": tenantYaml("gh-once-a"), "gh-once-b": tenantYaml("gh-once-b") };
    const join = { "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN };
    const first = runner(clusters, { "dev.yaml": role("ubuntu") });
    const created = await first.runMain({
      ...e2e.parentInputs(),
      ...join,
      mode: "apply",
    });
    expect(created.exitCode).toBe(0);

    // A pull request changes the role in both children; its plan reads them, so it joins each once.
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const r = runner(clusters, { "dev.yaml": role("ubuntu, admin") });
    const plan = await onEvent(r, "pull_request", prEvent(pr, head), { mode: "plan", ...join }, head);
    expect(plan.exitCode).toBe(0);
    const merge = nextSha();
    gh.state.mergePullRequest(OWNER, REPO, pr, merge);
    const apply = await onEvent(
      r,
      "push",
      {},
      { mode: "apply", "require-approved-plan": "true", ...join },
      merge,
    );
    expect(apply.exitCode, apply.stdout).toBe(0);
    expect(apply.stdout).toContain(`The plan approved on pull request #${pr} is still the plan`);
    for (const name of Object.keys(clusters)) {
      const joins = apply.stdout.split("\n").filter((l) => l.includes(`${name}: joining the child`));
      expect(joins, name).toHaveLength(1);
      expect(apply.stdout).toContain(`${name}: using the identity joined for the plan check`);
      const live = await sim.control.getResource(name, "role", "gh-once-dev");
      expect(live?.spec, name).toMatchObject({ allow: { logins: ["ubuntu", "admin"] } });
    }
    expect(JSON.parse(apply.outputs.clusters!)["gh-once-a"].identity).toBeTruthy();
  });
});

describe("the drift issue", () => {
  it("is opened on drift, and closed when a complete run finds none", async () => {
    const role =
      "kind: role\nversion: v7\nmetadata:\n  name: gh-dev\nspec:\n  allow:\n    logins: [ubuntu]\n";
    const r = runner({ "gh-drift": tenantYaml("gh-drift") }, { "dev.yaml": role });
    const applied = await r.runMain({
      ...e2e.parentInputs(),
      "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
      mode: "apply",
    });
    expect(applied.exitCode).toBe(0);
    const live = (await sim.control.call("resources/get", {
      cluster: "gh-drift",
      kind: "role",
      name: "gh-dev",
    })) as {
      spec: Record<string, unknown>;
    };
    await sim.control.call("resources/upsert", {
      cluster: "gh-drift",
      resource: { ...live, spec: { ...live.spec, allow: { logins: ["root"] } } },
    });
    const inputs = {
      mode: "plan",
      "drift-issue": "true",
      "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
    };
    const found = await onEvent(r, "schedule", {}, inputs, nextSha());
    expect(found.exitCode).toBe(0);
    const number = Number(found.outputs["issue-number"]);
    expect(found.outputs["issue-state"]).toBe("open");
    const issue = gh.state.issues(OWNER, REPO).find((i) => i.number === number)!;
    expect(issue.body).toContain("role/gh-dev");

    await r.runMain({
      ...e2e.parentInputs(),
      "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
      mode: "sync",
    });
    const clean = await onEvent(r, "schedule", {}, inputs, nextSha());
    expect(clean.outputs["issue-number"]).toBe(String(number));
    expect(clean.outputs["issue-state"]).toBe("closed");
    expect(
      gh.state
        .issues(OWNER, REPO)
        .filter((i) => !i.pull && i.body?.includes("teleport-workload-cluster-action:drift")),
    ).toHaveLength(1);
  });
});

describe("the drift issue, harder cases", () => {
  it("shows a failing check apart and keeps the issue open; reopens an issue a person closed while drift persists", async () => {
    const role =
      "kind: role\nversion: v7\nmetadata:\n  name: gh-dev2\nspec:\n  allow:\n    logins: [ubuntu]\n";
    const r = runner({ "gh-drift2": tenantYaml("gh-drift2") }, { "dev.yaml": role });
    const base = {
      ...e2e.parentInputs(),
      "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
    };
    expect((await r.runMain({ ...base, mode: "apply" })).exitCode).toBe(0);
    const live = (await sim.control.call("resources/get", {
      cluster: "gh-drift2",
      kind: "role",
      name: "gh-dev2",
    })) as {
      spec: Record<string, unknown>;
    };
    await sim.control.call("resources/upsert", {
      cluster: "gh-drift2",
      resource: { ...live, spec: { ...live.spec, allow: { logins: ["root"] } } },
    });
    const inputs = {
      mode: "plan",
      "drift-issue": "true",
      "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
    };
    const found = await onEvent(r, "schedule", {}, inputs, nextSha());
    expect(found.stdout).toMatch(/Drift issue: (created|reopened|updated)/);
    const number = Number(found.outputs["issue-number"]);
    expect(found.outputs["issue-state"]).toBe("open");

    // The check fails (the parent refuses the bot): shown apart, the issue stays open.
    await sim.control.failNext({
      method: "ListWorkloadClusters",
      code: "PERMISSION_DENIED",
      count: 1,
      message: 'access denied to perform action "list" on "workload_cluster"',
    });
    await sim.control.failNext({
      method: "GetWorkloadCluster",
      code: "PERMISSION_DENIED",
      count: 1,
      message: 'access denied to perform action "read" on "workload_cluster"',
    });
    const failing = await onEvent(r, "schedule", {}, inputs, nextSha());
    expect(failing.exitCode).toBe(1);
    const issue = () => gh.state.issues(OWNER, REPO).find((i) => i.number === number)!;
    expect(issue().state).toBe("open");
    expect(issue().body).toMatch(/check/i);

    // A person closes it while the drift persists: the next run reopens it with a comment.
    gh.state.setIssueState(OWNER, REPO, number, "closed", "octocat");
    const again = await onEvent(r, "schedule", {}, inputs, nextSha());
    expect(again.outputs["issue-number"]).toBe(String(number));
    expect(again.outputs["issue-state"]).toBe("open");
    expect(issue().state).toBe("open");
    // One issue per parent, reopened rather than duplicated.
    expect(gh.state.issues(OWNER, REPO).filter((i) => !i.pull && i.body?.includes("drift v1"))).toHaveLength(
      1,
    );
  });
});

describe("report", () => {
  it("merges three plan files into one comment", async () => {
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const collector = runner({});
    for (const k of [1, 2, 3]) {
      const leg = runner({
        "gh-r1": tenantYaml("gh-r1"),
        "gh-r2": tenantYaml("gh-r2"),
        "gh-r3": tenantYaml("gh-r3"),
      });
      const step = await onEvent(
        leg,
        "pull_request",
        prEvent(pr, head),
        { mode: "plan", shard: `${k}/3` },
        head,
      );
      expect(step.exitCode).toBe(0);
      expect(step.outputs["comment-id"]).toBeUndefined(); // legs never talk to GitHub
      const out = path.join(collector.workspace, "plans", String(k), "plan.json");
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(step.outputs["plan-file"]!, out);
    }
    expect(planComments(pr)).toHaveLength(0);
    const report = await onEvent(
      collector,
      "pull_request",
      prEvent(pr, head),
      { mode: "report", "plan-files": "plans/*/plan.json" },
      head,
    );
    expect(report.exitCode).toBe(0);
    expect(planComments(pr)).toHaveLength(1);
    for (const n of ["gh-r1", "gh-r2", "gh-r3"]) expect(planComments(pr)[0]!.body).toContain(n);
  });
});

describe("a sharded apply", () => {
  it("each leg checks its own clusters against the approved plan; the report job marks it applied", async () => {
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const clusters = {
      "gh-s1": tenantYaml("gh-s1"),
      "gh-s2": tenantYaml("gh-s2"),
      "gh-s3": tenantYaml("gh-s3"),
    };
    const planCollector = runner({});
    for (const k of [1, 2]) {
      const step = await onEvent(
        runner(clusters),
        "pull_request",
        prEvent(pr, head),
        { mode: "plan", shard: `${k}/2` },
        head,
      );
      expect(step.exitCode).toBe(0);
      const out = path.join(planCollector.workspace, "plans", String(k), "plan.json");
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(step.outputs["plan-file"]!, out);
    }
    const plan = await onEvent(
      planCollector,
      "pull_request",
      prEvent(pr, head),
      { mode: "report", "plan-files": "plans/*/plan.json" },
      head,
    );
    expect(plan.exitCode).toBe(0);
    const merge = nextSha();
    gh.state.mergePullRequest(OWNER, REPO, pr, merge);

    const applyCollector = runner({});
    for (const k of [1, 2]) {
      const step = await onEvent(
        runner(clusters),
        "push",
        {},
        { mode: "apply", shard: `${k}/2`, "require-approved-plan": "true" },
        merge,
      );
      expect(step.stdout).not.toContain("::error");
      expect(step.exitCode).toBe(0);
      expect(step.stdout).toMatch(/is still the plan for this shard's \d+ cluster\(s\)/);
      const out = path.join(applyCollector.workspace, "results", String(k), "plan.json");
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(step.outputs["plan-file"]!, out);
    }
    expect(planComments(pr)[0]!.body).toMatch(/state=planned/); // the legs never write to the pull request
    const report = await onEvent(
      applyCollector,
      "push",
      {},
      { mode: "report", "plan-files": "results/*/plan.json", "require-approved-plan": "true" },
      merge,
    );
    expect(report.exitCode).toBe(0);
    expect(planComments(pr)[0]!.body).toMatch(/state=applied/);
  });

  it("a leg whose shard holds no cluster succeeds", async () => {
    const r = runner({ "gh-e1": tenantYaml("gh-e1") });
    const results: number[] = [];
    for (let shard = 1; shard <= 8; shard++) {
      const step = await r.runMain({
        ...e2e.parentInputs(),
        mode: "plan",
        shard: `${shard}/8`,
      });
      expect(step.exitCode).toBe(0);
      const items = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8")).items as {
        action: string;
      }[];
      results.push(items.filter((i) => i.action !== "unmanaged").length);
    }
    // One cluster, eight shards: seven legs have nothing to do, and succeed.
    expect(results.filter((n) => n === 0)).toHaveLength(7);
    expect(results.filter((n) => n === 1)).toHaveLength(1);
  });
});

describe("permissions", () => {
  it("names the missing permission", async () => {
    const weak = "ghs_weak000000000000000000000000000000000";
    gh.state.addActionsToken(weak, { contents: "read" });
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const r = runner({ "gh-perm": tenantYaml("gh-perm") });
    const step = await onEvent(
      r,
      "pull_request",
      prEvent(pr, head),
      { mode: "plan", "github-token": weak },
      head,
    );
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/pull-requests: write/);
  });
});

describe("secrets", () => {
  it("no secret in any comment or issue body, log, output or summary", () => {
    const bodies = [
      ...gh.state.issues(OWNER, REPO).map((i) => i.body ?? ""),
      ...gh.state
        .issues(OWNER, REPO)
        .flatMap((i) => gh.state.comments(OWNER, REPO, i.number).map((c) => c.body)),
    ].join("\n");
    const logs = steps
      .map((s) =>
        [s.stdout.replace(/^::add-mask::.*$/gm, ""), s.summary, JSON.stringify(s.outputs)].join("\n"),
      )
      .join("\n");
    for (const text of [bodies, logs]) {
      expect(text).not.toMatch(/\/web\/(invite|reset)\//);
      expect(text).not.toContain("PRIVATE KEY");
      expect(text).not.toContain(TOKEN);
      for (const secret of sim.secrets().filter((s) => s.length >= 16)) {
        for (const line of secret.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"))) {
          expect(text.includes(line), "a secret leaked").toBe(false);
        }
      }
    }
  });
});

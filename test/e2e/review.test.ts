// The access review through the bundle, on pull requests against the Teleport and GitHub simulators: a
// change that lets a role alice holds reach every node gets the "Widens access" section (high-risk, who
// gains what) in the comment and the summary, the outputs, and with fail-on-high-risk the failure; a
// trait a role template reads widens without being high-risk; a change that only narrows says so and
// stays green. REVIEW_EXAMPLES_OUT, when set, names a file the three comments are written to.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";
import type { ActionRunner, StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";
import { tenantYaml } from "../support/tenants.js";

const OWNER = "example-org";
const REPO = "tenants";
const TOKEN = "ghs_reviewtoken000000000000000000000000000";
const CLUSTER = "review-acme";

let gh: GitHubSim;
const e2e = e2eFile({ delayMs: 50 });
const examples: string[] = [];

beforeAll(async () => {
  gh = await startGitHubSim();
  gh.state.addActionsToken(TOKEN, { pull_requests: "write", issues: "write", contents: "read" });
  gh.state.repo(OWNER, REPO);
});

afterAll(async () => {
  await gh?.close();
  if (process.env.REVIEW_EXAMPLES_OUT) fs.writeFileSync(process.env.REVIEW_EXAMPLES_OUT, examples.join("\n"));
});

const ops = (labels: string, logins = "[ubuntu, root]") =>
  [
    "kind: role",
    "version: v7",
    "metadata:",
    "  name: ops",
    "spec:",
    "  allow:",
    `    logins: ${logins}`,
    "    node_labels:",
    `      ${labels}`,
    "",
  ].join("\n");
const dev = [
  "kind: role",
  "version: v7",
  "metadata:",
  "  name: dev",
  "spec:",
  "  allow:",
  "    logins: ['{{internal.logins}}']",
  "    node_labels:",
  "      env: dev",
  "",
].join("\n");
const alice = (logins: string) =>
  [
    "kind: user",
    "version: v2",
    "metadata:",
    "  name: alice",
    "spec:",
    "  roles: [ops, dev]",
    "  traits:",
    `    logins: ${logins}`,
    "",
  ].join("\n");

const access = (opsLabels: string, aliceLogins = "[ubuntu]") => ({
  "ops.yaml": ops(opsLabels),
  "dev.yaml": dev,
  "alice.yaml": alice(aliceLogins),
});

let sha = 0;
const nextSha = () => (++sha).toString(16).padStart(40, "b");

async function planOnPr(
  r: ActionRunner,
  pr: number,
  head: string,
  inputs: Record<string, string> = {},
): Promise<StepResult> {
  const eventPath = path.join(r.root, `event-${head}-${Object.keys(inputs).length}.json`);
  fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: pr, head: { sha: head } } }));
  const step = await r.runMain(
    {
      ...e2e.parentInputs(),
      "role-to-assume": e2e.sim.env.TELEPORT_SIM_AWS_ROLE_ARN!,
      "github-token": TOKEN,
      mode: "plan",
      ...inputs,
    },
    {
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_GRAPHQL_URL: gh.graphqlUrl,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: head,
      GITHUB_RUN_ID: String(2000 + sha),
    },
  );
  e2e.steps.push(step);
  return step;
}

const comment = (pr: number) => {
  const found = gh.state
    .comments(OWNER, REPO, pr)
    .filter((c) => c.body.includes("teleport-workload-cluster-action:plan"));
  expect(found).toHaveLength(1);
  return found[0]!.body;
};

/** The comment as a reader sees it: without the hidden markers. */
const visible = (body: string) => body.replace(/<!--[\s\S]*?-->\n?/g, "").trim();

describe("the access review on a pull request", () => {
  let r: ActionRunner;

  beforeAll(async () => {
    r = e2e.repo({ [CLUSTER]: tenantYaml(CLUSTER) }, access("env: prod"), {
      env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}` },
    });
    const applied = await e2e.run(r, "apply");
    expect(applied.exitCode, applied.stdout).toBe(0);
  });

  it("'*': '*' node labels on a role alice holds: the section first, high-risk, who gains what; fail-on-high-risk fails", async () => {
    e2e.writeRepo(r, { [CLUSTER]: tenantYaml(CLUSTER) }, access("'*': '*'"));
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const step = await planOnPr(r, pr, head);
    expect(step.exitCode, step.stdout).toBe(0);
    expect(step.outputs["widens-access"]).toBe("true");
    expect(step.outputs["high-risk"]).toBe("true");
    expect(step.outputs["failure-reason"] ?? "").toBe("");
    const body = comment(pr);
    expect(body.indexOf("### ⚠️ Widens access")).toBeLessThan(body.indexOf("| Cluster |"));
    expect(body).toContain(
      "🔴 **every node, Kubernetes cluster, app or database**: `role/ops` in review-acme: `spec.allow.node_labels` now grants every one of the nodes ('*': '*') (`teleport/access/ops.yaml:8`)",
    );
    expect(body).toContain(
      "- 🔴 **root on the matched nodes**: alice@review-acme: gains logins root on every one of the nodes (via role ops, `teleport/access/ops.yaml:8`)",
    );
    expect(step.summary.indexOf("Widens access")).toBeLessThan(step.summary.indexOf("Roles and users"));
    expect(step.summary).toContain("alice@review-acme: gains logins ubuntu on every one of the nodes");
    expect(step.stdout).toMatch(
      /::warning file=teleport\/access\/ops\.yaml,line=8,title=review-acme%3A role\/ops%3A high-risk/,
    );
    examples.push("## 1. A role alice holds gets `'*': '*'` node labels (high-risk)\n", visible(body), "");

    const failing = await planOnPr(r, pr, head, { "fail-on-high-risk": "true" });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs["failure-reason"]).toBe("high-risk");
    expect(failing.outputs["high-risk"]).toBe("true");
    expect(failing.stdout).toContain("fail-on-high-risk is on");
    expect(comment(pr)).toContain("Widens access");
  });

  it("a trait value that a role template reads widens access without being high-risk", async () => {
    e2e.writeRepo(r, { [CLUSTER]: tenantYaml(CLUSTER) }, access("env: prod", "[ubuntu, deploy]"));
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const step = await planOnPr(r, pr, head, { "fail-on-high-risk": "true" });
    expect(step.exitCode, step.stdout).toBe(0);
    expect(step.outputs["widens-access"]).toBe("true");
    expect(step.outputs["high-risk"]).toBe("false");
    const body = comment(pr);
    expect(body).toContain(
      "`user/alice` in review-acme: `spec.traits.logins` trait logins gains deploy, read by role dev allow.logins",
    );
    expect(body).toContain(
      "alice@review-acme: gains logins deploy on nodes matching env=dev (via user alice, `teleport/access/alice.yaml:8`)",
    );
    examples.push("## 2. A trait that a role template reads (widens, not high-risk)\n", visible(body), "");
  });

  it("as the reusable plan workflow runs it: a leg's plan file carries the review, the report job sets the outputs and fails", async () => {
    e2e.writeRepo(r, { [CLUSTER]: tenantYaml(CLUSTER) }, access("'*': '*'"));
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const leg = await planOnPr(r, pr, head, { shard: "1/1", comment: "never", "github-token": "" });
    expect(leg.exitCode, leg.stdout).toBe(0);
    expect(leg.outputs["high-risk"]).toBe("true");
    const collector = e2e.runner({ env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}` } });
    const planFile = path.join(
      collector.workspace,
      "teleport-plan-files",
      "teleport-plan-1-of-1",
      "plan.json",
    );
    fs.mkdirSync(path.dirname(planFile), { recursive: true });
    fs.copyFileSync(leg.outputs["plan-file"]!, planFile);
    const eventPath = path.join(collector.root, "event.json");
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: pr, head: { sha: head } } }));
    const report = await collector.runMain(
      {
        mode: "report",
        proxy: e2e.parentInputs().proxy!,
        "plan-files": "teleport-plan-files/*/*.json",
        "fail-on-high-risk": "true",
        "github-token": TOKEN,
      },
      {
        GITHUB_API_URL: gh.apiUrl,
        GITHUB_GRAPHQL_URL: gh.graphqlUrl,
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_SHA: head,
        GITHUB_RUN_ID: "2999",
      },
    );
    e2e.steps.push(report);
    expect(report.exitCode).toBe(1);
    expect(report.outputs["failure-reason"]).toBe("high-risk");
    expect(report.outputs["widens-access"]).toBe("true");
    expect(report.outputs["high-risk"]).toBe("true");
    expect(comment(pr)).toContain("alice@review-acme: gains logins root on every one of the nodes");
    expect(report.summary).toContain("### ⚠️ Widens access");
  });

  it("a change that only narrows says so, sets both outputs false and stays green with fail-on-high-risk", async () => {
    e2e.writeRepo(r, { [CLUSTER]: tenantYaml(CLUSTER) }, access("env: prod\n      team: sre", "[ubuntu]"));
    const head = nextSha();
    const pr = gh.state.createPullRequest(OWNER, REPO, [head]);
    const step = await planOnPr(r, pr, head, { "fail-on-high-risk": "true" });
    expect(step.exitCode, step.stdout).toBe(0);
    expect(step.outputs["widens-access"]).toBe("false");
    expect(step.outputs["high-risk"]).toBe("false");
    const body = comment(pr);
    expect(body).toContain("Narrows access only: 1 change narrows access and none widens it.");
    expect(body).not.toContain("Widens access");
    expect(step.summary).toContain("Narrows access only");
    examples.push("## 3. A change that only narrows\n", visible(body), "");
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// The reusable workflows' jobs run in `needs` order against the Teleport and GitHub simulators: every `with:`
// of this action evaluated by GitHub's evaluator, the built action (dist/) run with exactly those inputs, plan
// files passed from the legs to the report job as files. Each job is its own runner with a token holding only
// its `permissions:` and an OIDC token only with `id-token: write`.
//
// The whole chain runs: plan on the pull request (legs, then the report job's comment), the merge, apply
// with require-approved-plan (each leg checks its own shard's clusters, the report job marks the plan
// applied), then an out-of-band change, drift detection (the report job opens the drift issue) and the
// correction behind the environment.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { glob } from "tinyglobby";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../../src/tenant/shard.js";
import { type GitHubSim, startGitHubSim } from "../github-sim/server.js";
import { type Simulator, startSimulator } from "../sim/index.js";
import { REPO_ROOT } from "../support/action-runner.js";
import { parseWorkflowText } from "./model.js";
import { type HarnessOptions, runWorkflow, type SampleRun, type WorkflowRun } from "./run-steps.js";

const REPOSITORY = "example-org/tenants";
const TENANTS = ["acme", "globex", "initech"];
const OWN = { repository: "your-org/teleport-workload-cluster-action", sha: "c0ffee".padEnd(40, "0") };
const WRITES = /^(Create|Update|Upsert|Delete)/;

let sim: Simulator;
let github: GitHubSim;
let options: HarnessOptions;
let pullRequest: number;
const runs: WorkflowRun[] = [];

beforeAll(async () => {
  sim = await startSimulator({ repository: REPOSITORY, delayMs: 200 });
  github = await startGitHubSim();
  pullRequest = github.state.createPullRequest("example-org", "tenants", ["1".repeat(40)]);
  const { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN, ...env } = sim.env;
  options = {
    env,
    oidcEnv: { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN },
    tenantRepo: path.join(REPO_ROOT, "examples/tenants"),
    toolCache: fs.mkdtempSync(path.join(os.tmpdir(), "workflow-tool-cache-")),
    github,
  };
});

afterAll(async () => {
  for (const r of runs) r.cleanup();
  if (options?.toolCache) fs.rmSync(options.toolCache, { recursive: true, force: true });
  await github?.close();
  await sim?.stop();
});

function pullRequestRun(headRepository = REPOSITORY): SampleRun {
  return {
    github: {
      event_name: "pull_request",
      repository: REPOSITORY,
      ref: `refs/pull/${pullRequest}/merge`,
      sha: "2".repeat(40),
      workflow: "teleport plan",
      event: {
        pull_request: {
          number: pullRequest,
          head: { sha: "1".repeat(40), repo: { full_name: headRepository } },
        },
      },
    },
    workflow: OWN,
  };
}

const pushRun: SampleRun = {
  github: {
    event_name: "push",
    repository: REPOSITORY,
    ref: "refs/heads/main",
    sha: "3".repeat(40),
    event: {},
  },
  workflow: OWN,
};

/** What the callers pass (the examples take them from repository variables). */
const parentInputs = () => ({
  proxy: sim.env.TELEPORT_SIM_PROXY,
  "parent-token": sim.env.TELEPORT_SIM_PARENT_BOT_TOKEN,
  "role-to-assume": sim.env.TELEPORT_SIM_AWS_ROLE_ARN,
  "aws-region": "us-west-2",
  "teleport-mirror": sim.env.TELEPORT_SIM_MIRROR,
});

async function run(
  file: string,
  sample: SampleRun,
  extra: Partial<HarnessOptions> = {},
): Promise<WorkflowRun> {
  const r = await runWorkflow(file, sample, { ...options, ...extra });
  runs.push(r);
  return r;
}

const teleportCalls = async () => (await sim.control.calls()).length;
const legsOf = (r: WorkflowRun, job: string) => r.jobs.get(job)!.legs;
/** The declared clusters a plan file plans, sorted. */
const planned = (json: string) =>
  (JSON.parse(json) as { items: { name: string; action: string }[] }).items
    .filter((i) => i.action !== "unmanaged")
    .map((i) => i.name)
    .sort();
const actionStep = (r: WorkflowRun, job: string, leg = 0) =>
  legsOf(r, job)[leg]!.steps.find((s) => s.uses?.startsWith("./"))!;

describe("teleport-validate.yml", () => {
  it("checks a fork's pull request with no OIDC token and no call to Teleport or GitHub", async () => {
    const before = await teleportCalls();
    const r = await run(".github/workflows/teleport-validate.yml", pullRequestRun("someone/tenants"));
    expect(r.jobs.get("validate")!.result).toBe("success");
    const step = actionStep(r, "validate");
    expect(step.with).toMatchObject({
      mode: "validate",
      "workload-clusters": "teleport/workload-clusters/**/*.{yaml,yml}",
      "access-dir": "teleport/access",
      "allow-account-wide-join": "false",
    });
    expect(step.result!.stdout).toContain("3 workload cluster(s) declared, all valid: acme, globex, initech");
    expect(legsOf(r, "validate")[0]!.envNames).not.toContain("ACTIONS_ID_TOKEN_REQUEST_URL");
    expect(await teleportCalls()).toBe(before);
    expect(legsOf(r, "validate")[0]!.apiCalls).toEqual([]);
  });

  it("fails the job with an annotation on the line of a broken document", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "tenants-"));
    fs.cpSync(path.join(REPO_ROOT, "examples/tenants"), repo, { recursive: true });
    const bad = fs.readFileSync(path.join(repo, "teleport/workload-clusters/initech.yaml"), "utf8");
    fs.writeFileSync(
      path.join(repo, "teleport/workload-clusters/initech.yaml"),
      bad.replace("  name: initech\n", "  name: Initech_Corp\n"),
    );
    try {
      const r = await run(".github/workflows/teleport-validate.yml", pullRequestRun("someone/tenants"), {
        tenantRepo: repo,
      });
      expect(r.jobs.get("validate")!.result).toBe("failure");
      expect(actionStep(r, "validate").result!.stdout).toMatch(
        /::error file=teleport\/workload-clusters\/initech\.yaml,line=\d+/,
      );
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("runs the same action through GitHub's self-repository reference `$/`", async () => {
    const file = ".github/workflows/teleport-validate.yml";
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const w = await parseWorkflowText(
      file,
      text.replace("uses: ./.teleport-workload-cluster-action", "uses: $/"),
    );
    const r = await runWorkflow(w, pullRequestRun("someone/tenants"), options);
    runs.push(r);
    expect(r.jobs.get("validate")!.result).toBe("success");
    expect(r.actionSteps().map((s) => s.with.mode)).toEqual(["validate"]);
  });

  it("refuses to run a workflow that would check out another version of the action", async () => {
    const file = ".github/workflows/teleport-validate.yml";
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const w = await parseWorkflowText(
      file,
      text.replace("ref: ${{ inputs.action-ref || job.workflow_sha }}", "ref: main"),
    );
    await expect(runWorkflow(w, pullRequestRun(), options)).rejects.toThrow(
      /holds .*@main, not .*: another version/,
    );
  });
});

describe("teleport-plan.yml", () => {
  it("plans each shard's tenants in its leg, and the report job merges the legs' plan files", async () => {
    const before = await teleportCalls();
    const r = await run(".github/workflows/teleport-plan.yml", {
      ...pullRequestRun(),
      inputs: { ...parentInputs(), shards: 2 },
    });
    expect(r.concurrency).toEqual({
      group: `teleport-workload-clusters-plan-${sim.env.TELEPORT_SIM_PROXY}-${REPOSITORY}-${pullRequest}`,
      "cancel-in-progress": true,
    });
    expect(r.jobs.get("shards")!.outputs).toEqual({ list: "[1,2]", fork: "false" });
    const legs = legsOf(r, "plan");
    expect(legs.map((l) => l.matrix)).toEqual([{ shard: 1 }, { shard: 2 }]);
    const planFiles: string[] = [];
    for (const [i, leg] of legs.entries()) {
      const step = actionStep(r, "plan", i);
      expect(step.with).toMatchObject({
        mode: "plan",
        shard: `${i + 1}/2`,
        comment: "never",
        "github-token": "",
      });
      expect(step.with.proxy).toBe(sim.env.TELEPORT_SIM_PROXY);
      expect(step.result!.exitCode, step.result!.stdout).toBe(0);
      planFiles.push(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
      // Each leg plans exactly its shard's clusters (the split is a function of the name alone).
      expect(planned(planFiles[i]!)).toEqual(TENANTS.filter((t) => shardOf(t, 2) === i + 1));
      expect(leg.envNames).toContain("ACTIONS_ID_TOKEN_REQUEST_URL");
      expect(leg.apiCalls).toEqual([]);
    }
    const writes = (await sim.control.calls()).slice(before).filter((c) => WRITES.test(c.method));
    expect(writes).toEqual([]);

    const workspace = legsOf(r, "report")[0]!.runner.workspace;
    const report = actionStep(r, "report");
    expect(report.with).toMatchObject({
      mode: "report",
      comment: "changes",
      "plan-files": "teleport-plan-files/*/*.json",
    });
    expect(report.with["github-token"]).toMatch(/^ghs_report_/);
    expect(legsOf(r, "report")[0]!.envNames).not.toContain("ACTIONS_ID_TOKEN_REQUEST_URL");
    const found = await glob(report.with["plan-files"]!.split("\n"), { cwd: workspace, absolute: true });
    expect(found.sort().map((f) => path.relative(workspace, f))).toEqual([
      "teleport-plan-files/teleport-plan-1-of-2/teleport-workload-clusters-plan.json",
      "teleport-plan-files/teleport-plan-2-of-2/teleport-workload-clusters-plan.json",
    ]);
    expect(found.sort().map((f) => fs.readFileSync(f, "utf8"))).toEqual(planFiles);
    expect(r.jobs.get("report")!.result, report.result!.stdout).toBe("success");
    expect(planned(fs.readFileSync(report.outputs["plan-file"]!, "utf8"))).toEqual(TENANTS);
  });

  it.each([
    { shards: 300, label: "300", message: /a job matrix runs at most 256 jobs\. Use at most 256 shards/ },
    { shards: 0, label: "0", message: /shards must be a whole number from 1 to 256, not '0'/ },
  ])("stops in the first job when shards is $label, saying what to do", async ({ shards, message }) => {
    const r = await run(".github/workflows/teleport-plan.yml", {
      ...pullRequestRun(),
      inputs: { ...parentInputs(), shards },
    });
    expect(r.jobs.get("shards")!.result).toBe("failure");
    expect(legsOf(r, "shards")[0]!.steps[0]!.log).toMatch(message);
    expect(r.jobs.get("plan")!.result).toBe("skipped");
    expect(r.jobs.get("report")!.result).toBe("skipped");
  });

  it("skips the legs for a fork's pull request, pointing to teleport-validate.yml", async () => {
    const r = await run(".github/workflows/teleport-plan.yml", {
      ...pullRequestRun("someone/tenants"),
      inputs: parentInputs(),
    });
    expect(legsOf(r, "shards")[0]!.steps[0]!.log).toMatch(/::notice .*Call teleport-validate\.yml/);
    expect(r.jobs.get("plan")!.result).toBe("skipped");
    expect(r.jobs.get("report")!.result).toBe("skipped");
  });
});

describe("teleport-apply.yml, then teleport-drift.yml", () => {
  let apply: WorkflowRun;

  it("applies the approved plan from the legs, in the parent's mutate group; the report job marks it applied", async () => {
    // The plan above was shown on the pull request for its head; merging it lands pushRun's commit.
    github.state.mergePullRequest("example-org", "tenants", pullRequest, pushRun.github.sha as string);
    apply = await run(".github/workflows/teleport-apply.yml", {
      ...pushRun,
      inputs: { ...parentInputs(), shards: 2 },
    });
    expect(apply.concurrency).toEqual({
      group: `teleport-workload-clusters-mutate-${sim.env.TELEPORT_SIM_PROXY}`,
      "cancel-in-progress": false,
    });
    for (const [i, leg] of legsOf(apply, "apply").entries()) {
      const step = actionStep(apply, "apply", i);
      expect(step.with).toMatchObject({
        mode: "apply",
        shard: `${i + 1}/2`,
        "require-approved-plan": "true",
      });
      expect(step.result!.exitCode, step.result!.stdout).toBe(0);
      expect(step.result!.stdout).toMatch(/is still the plan for this shard's \d+ cluster\(s\)/);
      expect(leg.apiCalls.filter((c) => c.mutation)).toEqual([]);
    }
    for (const tenant of TENANTS) {
      const role = await sim.control.getResource(tenant, "role", "child-auditor");
      expect(role?.metadata.labels?.["workload-cluster-action/managed-by"], tenant).toBe(REPOSITORY);
    }
    expect(actionStep(apply, "report").with).toMatchObject({
      mode: "report",
      "plan-files": "teleport-plan-files/*/*.json",
    });
    expect(apply.jobs.get("report")!.result, actionStep(apply, "report").result!.stdout).toBe("success");
    const comments = github.state
      .comments("example-org", "tenants", pullRequest)
      .filter((c) => c.body.includes("teleport-workload-cluster-action:plan"));
    expect(comments.map((c) => /state=(\w+)/.exec(c.body)?.[1])).toEqual(["applied"]);
  });

  it("finds drift in the legs, opens the issue in the report job, corrects behind the environment, in apply's group", async () => {
    // Someone edits the shared role in acme's child outside the action.
    const live = (await sim.control.getResource("acme", "role", "child-auditor"))!;
    await sim.control.upsertResource("acme", { ...live, spec: { allow: { logins: ["root"] } } } as never);
    const r = await run(".github/workflows/teleport-drift.yml", {
      github: {
        event_name: "workflow_dispatch",
        repository: REPOSITORY,
        ref: "refs/heads/main",
        sha: "3".repeat(40),
        event: {},
      },
      workflow: OWN,
      inputs: { ...parentInputs(), shards: 2, correct: true },
    });
    for (const [i, leg] of legsOf(r, "detect").entries()) {
      const step = actionStep(r, "detect", i);
      expect(step.with).toMatchObject({
        mode: "plan",
        "fail-on-drift": "false",
        comment: "never",
        "github-token": "",
      });
      expect(step.result!.exitCode, step.result!.stdout).toBe(0);
      expect(leg.apiCalls).toEqual([]);
    }
    expect(fs.readdirSync(r.artifacts).sort()).toEqual(["teleport-drift-1-of-2", "teleport-drift-2-of-2"]);
    const report = actionStep(r, "report");
    expect(report.result!.exitCode, report.result!.stdout).toBe(0);
    expect(r.jobs.get("report")!.outputs["issue-state"]).toBe("open");
    const issue = github.state.issues("example-org", "tenants").find((i) => !i.pull)!;
    expect(issue.body).toContain("role/child-auditor");
    const correct = r.jobs.get("correct")!;
    expect(correct.environment).toBe("teleport-drift-correction");
    expect(correct.concurrency).toEqual(apply.concurrency);
    const step = actionStep(r, "correct");
    expect(step.with).toMatchObject({ mode: "sync", prune: "false" });
    expect(step.result!.exitCode, step.result!.stdout).toBe(0);
    expect(correct.result).toBe("success");
    expect((await sim.control.getResource("acme", "role", "child-auditor"))!.spec).not.toMatchObject({
      allow: { logins: ["root"] },
    });
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// The shipped workflows and the example callers, read by GitHub's own parser (schema, contexts, calls of the
// reusable workflows) and held to these rules: least permissions
// per job, concurrency groups with a literal prefix per parent (apply and drift correction share one and never
// cancel), matrices that never fail fast, no expression pasted into a script, actions pinned by commit, every
// input given to this action declared in action.yml, and this action always run at the workflow's own commit.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it, test } from "vitest";
import { loadActionYml, REPO_ROOT } from "../support/action-runner.js";
import {
  ACTION_USES,
  actionVersionProblems,
  expressionsInRun,
  GROUP_PREFIX,
  jobsOf,
  SAMPLE_WORKFLOW,
  sampleContexts,
  stepsOf,
  unpinnedActions,
} from "./checks.js";
import {
  child,
  EXAMPLES_DIR,
  evaluateCondition,
  evaluateStrings,
  evaluateToken,
  loadWorkflow,
  parseWorkflowText,
  SHIPPED_DIR,
  workflowFiles,
} from "./model.js";

const SHIPPED = workflowFiles(SHIPPED_DIR);
const EXAMPLES = workflowFiles(EXAMPLES_DIR);
const REUSABLE = SHIPPED.filter((f) => path.basename(f).startsWith("teleport-"));
const OWN_WORKFLOW =
  /^your-org\/teleport-workload-cluster-action\/\.github\/workflows\/([\w.-]+\.yml)@([\w.-]+)$/;
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

/** Least privilege, job by job. Legs never write to GitHub; report jobs never get an OIDC token. */
const PERMISSIONS: Record<string, Record<string, Record<string, string>>> = {
  "teleport-validate.yml": { validate: { contents: "read" } },
  "teleport-plan.yml": {
    shards: {},
    plan: { contents: "read", "id-token": "write" },
    report: { contents: "read", "pull-requests": "write" },
  },
  "teleport-apply.yml": {
    shards: {},
    apply: { contents: "read", "id-token": "write", "pull-requests": "read" },
    report: { contents: "read", "pull-requests": "write" },
  },
  "teleport-drift.yml": {
    shards: {},
    detect: { contents: "read", "id-token": "write" },
    report: { contents: "read", issues: "write" },
    correct: { contents: "read", "id-token": "write" },
  },
};

test("the reusable workflows are the four the design names", () => {
  expect(REUSABLE.map((f) => path.basename(f))).toEqual(Object.keys(PERMISSIONS).sort());
});

describe("GitHub's workflow parser", () => {
  test.each([
    ...SHIPPED,
    ...EXAMPLES,
  ])("accepts %s (callers checked against the shipped workflows)", async (file) => {
    expect((await loadWorkflow(file)).errors).toEqual([]);
  });

  test.each([
    ["an unknown key", (t: string) => t.replace("timeout-minutes: 15", "timeout_minutes: 15")],
    [
      "a context the key does not allow",
      (t: string) => t.replace("runs-on: ${{ inputs.runs-on }}", "runs-on: ${{ steps.x.outputs.y }}"),
    ],
    [
      "a permission level that does not exist",
      (t: string) => t.replace("\n      contents: read\n", "\n      contents: admin\n"),
    ],
  ])("refuses a workflow with %s", async (_, mutate) => {
    const file = `${SHIPPED_DIR}/teleport-validate.yml`;
    const text = mutate(read(file));
    expect(text).not.toBe(read(file));
    expect((await parseWorkflowText(file, text)).errors).not.toEqual([]);
  });

  test.each([
    [
      "an input the workflow does not declare",
      (t: string) => t.replace("shards: 2", "shards: 2\n      shard-count: 2"),
      /shard-count is not defined/,
    ],
    [
      "no value for a required input",
      (t: string) => t.replace(/ {6}parent-token: .*\n/, ""),
      /parent-token is required/,
    ],
  ])("refuses a caller that passes %s", async (_, mutate, message) => {
    const file = `${EXAMPLES_DIR}/teleport-apply.yml`;
    const { errors } = await parseWorkflowText(file, mutate(read(file)));
    expect(errors.join("\n")).toMatch(message);
  });
});

describe.each(REUSABLE)("%s", (file) => {
  const name = path.basename(file);
  const load = () => loadWorkflow(file);

  it("is only callable, and its token may do nothing unless a job says so", async () => {
    const { raw } = await load();
    expect(Object.keys(raw.on)).toEqual(["workflow_call"]);
    expect(raw.permissions).toEqual({});
  });

  it("gives each job only the permissions it needs", async () => {
    const { raw } = await load();
    const got = Object.fromEntries(jobsOf(raw).map(([job, spec]) => [job, spec.permissions]));
    expect(got).toEqual(PERMISSIONS[name]);
    for (const [job, perms] of Object.entries(got)) {
      const talksToGitHub = ["pull-requests", "issues"].some((s) => perms?.[s] === "write");
      expect
        .soft(talksToGitHub && perms?.["id-token"] === "write", `${job}: OIDC and GitHub writes`)
        .toBe(false);
    }
  });

  it("holds concurrency groups named by a literal prefix and the parent cluster", async () => {
    const w = await load();
    const groups = [
      { token: child(w.root, "concurrency"), raw: w.raw.concurrency },
      ...jobsOf(w.raw)
        .filter(([, spec]) => spec.concurrency)
        .map(([job, spec]) => ({ token: child(w.root, "jobs", job, "concurrency"), raw: spec.concurrency })),
    ];
    expect(groups[0]!.raw).toBeTruthy();
    for (const g of groups) {
      expect(g.raw.group.split("${{")[0]).toMatch(new RegExp(`^${GROUP_PREFIX}[a-z]+-`));
      if (name !== "teleport-validate.yml") expect(g.raw.group).toContain("${{ inputs.proxy }}");
      const value = (await evaluateToken(
        g.token,
        sampleContexts(w.raw, {}, { proxy: "parent.example.com" }),
      )) as {
        group: string;
      };
      if (name !== "teleport-validate.yml") expect(value.group).toContain("parent.example.com");
    }
  });

  it("runs matrices without fail-fast, at most max-parallel legs, with no job-level group to cancel legs", async () => {
    const { raw } = await load();
    for (const [job, spec] of jobsOf(raw).filter(([, s]) => s.strategy?.matrix)) {
      expect(spec.strategy["fail-fast"], job).toBe(false);
      expect(spec.strategy["max-parallel"], job).toBe("${{ inputs.max-parallel }}");
      expect(spec.concurrency, job).toBeUndefined();
    }
  });

  it("gives this action only inputs action.yml declares, and a literal mode", async () => {
    const { raw } = await load();
    const declared = Object.keys(loadActionYml().inputs);
    const modes = /`(\w+)`:/g;
    const known = [...loadActionYml().inputs.mode!.description.matchAll(modes)].map((m) => m[1]);
    const steps = stepsOf(raw).filter(({ step }) => step.uses === ACTION_USES);
    expect(steps.length).toBeGreaterThan(0);
    for (const { job, step } of steps) {
      for (const key of Object.keys(step.with ?? {})) expect(declared, `${job}: ${key}`).toContain(key);
      expect(known, job).toContain(step.with.mode);
    }
  });

  it("runs this action at the workflow's own commit in every job", async () => {
    expect(await actionVersionProblems(await load())).toEqual([]);
  });
});

describe("fan-out over shards", () => {
  const FANNED = REUSABLE.filter((f) => !f.endsWith("teleport-validate.yml"));

  test.each(
    FANNED,
  )("%s: each leg gets `shard: k/n` and uploads under its own name, which the report downloads", async (file) => {
    const w = await loadWorkflow(file);
    const [legJob] = jobsOf(w.raw).find(([, s]) => s.strategy?.matrix)!;
    const steps = w.raw.jobs[legJob].steps as { uses?: string; with?: Record<string, string> }[];
    const actionAt = steps.findIndex((s) => s.uses === ACTION_USES);
    const uploadAt = steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@"));
    const names = new Set<string>();
    for (const shard of [1, 2, 3]) {
      const ctx = { ...sampleContexts(w.raw, SAMPLE_WORKFLOW, { shards: 3 }), matrix: { shard } };
      const inputs = await evaluateStrings(child(w.root, "jobs", legJob, "steps", actionAt, "with"), ctx);
      expect(inputs.shard).toBe(`${shard}/3`);
      names.add((await evaluateStrings(child(w.root, "jobs", legJob, "steps", uploadAt, "with"), ctx)).name!);
    }
    expect(names.size).toBe(3);
    const report = w.raw.jobs.report.steps as { uses?: string }[];
    const downloadAt = report.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
    const download = await evaluateStrings(
      child(w.root, "jobs", "report", "steps", downloadAt, "with"),
      sampleContexts(w.raw, SAMPLE_WORKFLOW, { shards: 3 }),
    );
    const pattern = new RegExp(`^${download.pattern!.replace(/\*/g, ".*")}$`);
    for (const n of names) expect(n).toMatch(pattern);
    const reportStep = report.find((s) => s.uses === ACTION_USES) as { with: Record<string, string> };
    expect(reportStep.with.mode).toBe("report");
    expect(reportStep.with["plan-files"]).toBe(`${download.path}/*/*.json`);
  });

  test.each(FANNED)("%s: legs never call the GitHub API; only the report job does", async (file) => {
    const { raw } = await loadWorkflow(file);
    for (const { job, step } of stepsOf(raw).filter(({ step }) => step.uses === ACTION_USES)) {
      if (step.with.mode === "report" || step.with.mode === "apply") continue;
      // plan and sync legs: no token at all (apply needs one to read the approved plan; it may not write)
      expect(step.with["github-token"], job).toBe("");
    }
  });

  it("gives the GitHub API the caller's github-token secret when there is one, everywhere it is used", async () => {
    for (const file of FANNED) {
      const w = await loadWorkflow(file);
      for (const { job, index, step } of stepsOf(w.raw).filter(({ step }) => step.uses === ACTION_USES)) {
        if (step.with["github-token"] === "") continue;
        const at = child(w.root, "jobs", job, "steps", index, "with");
        const ctx = sampleContexts(w.raw, SAMPLE_WORKFLOW);
        const app = { ...ctx, secrets: { "github-token": "ghs_app_token" } };
        expect((await evaluateStrings(at, app))["github-token"], `${file} ${job}`).toBe("ghs_app_token");
        expect((await evaluateStrings(at, ctx))["github-token"], `${file} ${job}`).toBe("ghs_sample");
      }
    }
  });

  it("shares one group between apply and drift correction, never cancelling; detection and plan use others", async () => {
    const apply = await loadWorkflow(`${SHIPPED_DIR}/teleport-apply.yml`);
    const drift = await loadWorkflow(`${SHIPPED_DIR}/teleport-drift.yml`);
    const plan = await loadWorkflow(`${SHIPPED_DIR}/teleport-plan.yml`);
    const at = async (w: typeof apply, ...keys: string[]) =>
      (await evaluateToken(
        child(w.root, ...keys),
        sampleContexts(w.raw, {}, { proxy: "p.example.com" }),
      )) as {
        group: string;
        "cancel-in-progress": boolean;
      };
    const mutate = await at(apply, "concurrency");
    const correct = await at(drift, "jobs", "correct", "concurrency");
    expect(correct).toEqual(mutate);
    expect(mutate).toEqual({ group: `${GROUP_PREFIX}mutate-p.example.com`, "cancel-in-progress": false });
    expect((await at(drift, "concurrency")).group).not.toBe(mutate.group);
    expect(await at(plan, "concurrency")).toMatchObject({ "cancel-in-progress": true });
    expect((await at(plan, "concurrency")).group).not.toBe(mutate.group);
    expect(drift.raw.jobs.correct.environment).toBe("${{ inputs.correction-environment }}");
  });

  it("lets drift correction run only when asked and drift was found, after the report", async () => {
    const drift = await loadWorkflow(`${SHIPPED_DIR}/teleport-drift.yml`);
    const job = drift.template.jobs.find((j) => j.id.value === "correct")!;
    const cases = [
      { correct: true, state: "open", runs: true },
      { correct: true, state: "closed", runs: false },
      { correct: false, state: "open", runs: false },
    ];
    for (const c of cases) {
      const ctx = {
        ...sampleContexts(drift.raw, {}, { correct: c.correct }),
        needs: { report: { result: "success", outputs: { "issue-state": c.state } } },
      };
      expect(await evaluateCondition(job.if, ctx, { failed: false }), JSON.stringify(c)).toBe(c.runs);
    }
  });
});

describe("scripts and pins", () => {
  test.each([...SHIPPED, ...EXAMPLES])("%s pastes no expression into a run: script", async (file) => {
    expect(expressionsInRun((await loadWorkflow(file)).raw)).toEqual([]);
  });

  test.each([
    ...SHIPPED,
    ...EXAMPLES,
  ])("%s pins every other repository's action to a commit", async (file) => {
    expect(unpinnedActions((await loadWorkflow(file)).raw, (u) => OWN_WORKFLOW.test(u))).toEqual([]);
  });

  it("finds an expression in a script and an action pinned to a tag", () => {
    const raw = {
      jobs: {
        j: {
          steps: [{ run: 'echo "${{ github.event.pull_request.title }}"' }, { uses: "actions/checkout@v7" }],
        },
      },
    };
    expect(expressionsInRun(raw)).toHaveLength(1);
    expect(unpinnedActions(raw)).toEqual(["actions/checkout@v7"]);
  });
});

// Runs a reusable workflow's jobs the way GitHub would lay them out, without being a workflow engine: jobs in
// `needs` order, each job's `if:`, `strategy` (matrix legs) and step `if:`/`with:`/`env:` evaluated by GitHub's
// own parser and evaluator (model.ts), and then:
// - a step that uses this action runs the BUILT action (dist/, via ActionRunner) with exactly the evaluated
//   `with:`, only when an earlier checkout in the same job put this commit (the `job.workflow_*` the sample
//   run names) at that path; anything else is an error, so a workflow that would run another version fails;
// - actions/checkout of the caller's repository copies the tenant repository into the job's workspace;
// - actions/upload-artifact / download-artifact copy files into and out of one directory per run, as the
//   artifact store passes them between jobs (a name uploaded twice without `overwrite` fails, like GitHub's 409);
// - a `run:` step runs its script with bash as the runner does (`bash --noprofile --norc -eo pipefail`), with
//   its evaluated `env:` and a GITHUB_OUTPUT file.
// Every job leg is its own runner (workspace, RUNNER_TEMP) with a GITHUB_TOKEN holding the job's
// `permissions:` in the GitHub simulator, and the OIDC variables only when the job has `id-token: write`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimCall } from "../github-sim/server.js";
import type { Access, Scope } from "../github-sim/state.js";
import { ActionRunner } from "../support/action-runner.js";
import {
  type Contexts,
  child,
  evaluateCondition,
  evaluateString,
  evaluateStrings,
  evaluateToken,
  loadWorkflow,
  type Raw,
  type Workflow,
} from "./model.js";
import { type HarnessOptions, type Outcome, runStep, type SampleRun, type StepRun } from "./steps.js";

export type { HarnessOptions, Outcome, SampleRun, StepRun } from "./steps.js";
export type JobResult = Outcome;

export interface LegRun {
  matrix: Record<string, unknown>;
  steps: StepRun[];
  runner: ActionRunner;
  permissions: Record<string, string>;
  /** Requests this leg made to the GitHub API. */
  apiCalls: SimCall[];
  /** Environment variables the runner gave the job (names only matter to tests). */
  envNames: string[];
  failed: boolean;
}

export interface JobRun {
  id: string;
  result: JobResult;
  legs: LegRun[];
  outputs: Record<string, string>;
  concurrency: unknown;
  environment: unknown;
}

export interface WorkflowRun {
  workflow: Workflow;
  inputs: Record<string, unknown>;
  concurrency: unknown;
  jobs: Map<string, JobRun>;
  /** The artifact store: one folder per artifact name. */
  artifacts: string;
  /** Every step that used this action, in the order they ran. */
  actionSteps(): StepRun[];
  cleanup(): void;
}

const PERMISSION_SCOPES: Record<string, Scope> = {
  contents: "contents",
  issues: "issues",
  "pull-requests": "pull_requests",
};

let tokens = 0;

export async function runWorkflow(
  file: string | Workflow,
  run: SampleRun,
  options: HarnessOptions,
): Promise<WorkflowRun> {
  const workflow = typeof file === "string" ? await loadWorkflow(file) : file;
  if (workflow.errors.length) throw new Error(`${workflow.file}: ${workflow.errors.join("; ")}`);
  const raw: Raw = workflow.raw;
  const inputs = workflowInputs(workflow.file, raw, run);
  const base: Contexts = {
    github: run.github,
    inputs,
    vars: run.vars ?? {},
    secrets: { GITHUB_TOKEN: "", ...(run.secrets ?? {}) },
  };
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-artifacts-"));
  const jobs = new Map<string, JobRun>();
  const result: WorkflowRun = {
    workflow,
    inputs,
    concurrency: await evaluateToken(child(workflow.root, "concurrency"), base),
    jobs,
    artifacts,
    actionSteps: () =>
      [...jobs.values()].flatMap((j) =>
        j.legs.flatMap((l) => l.steps.filter((s) => s.uses?.startsWith("./") || s.uses === "$/")),
      ),
    cleanup: () => {
      for (const j of jobs.values()) for (const l of j.legs) l.runner.cleanup();
      fs.rmSync(artifacts, { recursive: true, force: true });
    },
  };
  for (const job of inNeedsOrder(workflow)) {
    const id = job.id.value;
    const needs: Record<string, { result: string; outputs: Record<string, string> }> = {};
    for (const n of job.needs ?? []) {
      const done = jobs.get(n.value);
      needs[n.value] = { result: done?.result ?? "skipped", outputs: done?.outputs ?? {} };
    }
    const stub = options.stubs?.[id];
    if (stub) {
      jobs.set(id, {
        id,
        result: stub.result,
        legs: [],
        outputs: stub.outputs ?? {},
        concurrency: undefined,
        environment: undefined,
      });
      continue;
    }
    const jobContexts: Contexts = { ...base, needs };
    const status = {
      failed: Object.values(needs).some((n) => n.result === "failure"),
      skipped: Object.values(needs).some((n) => n.result === "skipped"),
    };
    const runs = await evaluateCondition(job.if, jobContexts, status);
    if (!runs) {
      jobs.set(id, {
        id,
        result: "skipped",
        legs: [],
        outputs: {},
        concurrency: undefined,
        environment: undefined,
      });
      continue;
    }
    jobs.set(id, await runJob(workflow, id, jobContexts, run, options, artifacts));
  }
  return result;
}

function workflowInputs(file: string, raw: Raw, run: SampleRun): Record<string, unknown> {
  const declared: Record<string, { type: string; default?: unknown; required?: boolean }> =
    raw.on?.workflow_call?.inputs ?? {};
  const given = run.inputs ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new Error(`${file} declares no input "${name}"`);
  }
  for (const name of Object.keys(run.secrets ?? {})) {
    if (!(name in (raw.on?.workflow_call?.secrets ?? {})))
      throw new Error(`${file} declares no secret "${name}"`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.required && !(name in given)) throw new Error(`${file}: input "${name}" is required`);
    const value = name in given ? given[name] : spec.default;
    if (spec.type === "number") out[name] = value === undefined ? 0 : Number(value);
    else if (spec.type === "boolean") out[name] = value === true || value === "true";
    else out[name] = value === undefined || value === null ? "" : String(value);
  }
  return out;
}

function inNeedsOrder(workflow: Workflow) {
  const pending = [...workflow.template.jobs];
  const done = new Set<string>();
  const order: typeof pending = [];
  for (let guard = 0; pending.length && guard < 1000; guard++) {
    const i = pending.findIndex((j) => (j.needs ?? []).every((n) => done.has(n.value)));
    if (i < 0) throw new Error(`${workflow.file}: a cycle in needs`);
    const [job] = pending.splice(i, 1);
    done.add(job!.id.value);
    order.push(job!);
  }
  return order;
}

/** The legs of a matrix: the product of its dimensions (include/exclude are not used by these workflows). */
function matrixLegs(strategy: unknown): Record<string, unknown>[] {
  const matrix = (strategy as { matrix?: Record<string, unknown> } | undefined)?.matrix;
  if (!matrix) return [{}];
  let legs: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (key === "include" || key === "exclude")
      throw new Error("the harness does not expand include/exclude");
    if (!Array.isArray(values) || !values.length) throw new Error(`matrix dimension ${key} has no values`);
    legs = legs.flatMap((leg) => values.map((v) => ({ ...leg, [key]: v })));
  }
  return legs;
}

async function runJob(
  workflow: Workflow,
  id: string,
  jobContexts: Contexts,
  run: SampleRun,
  options: HarnessOptions,
  artifacts: string,
): Promise<JobRun> {
  const raw: Raw = workflow.raw;
  const rawJob = raw.jobs[id];
  const template = workflow.template.jobs.find((j) => j.id.value === id)!;
  if (template.type !== "job") throw new Error(`${id}: the harness runs steps, not nested workflow calls`);
  const permissions: Record<string, string> = rawJob.permissions ?? raw.permissions ?? {};
  const strategy = await evaluateToken(child(workflow.root, "jobs", id, "strategy"), jobContexts);
  const legs: LegRun[] = [];
  let outputs: Record<string, string> = {};
  let concurrency: unknown;
  let environment: unknown;
  for (const matrix of matrixLegs(strategy)) {
    const token = `ghs_${id}_${++tokens}`;
    const scopes: Partial<Record<Scope, Access>> = {
      contents: "none",
      issues: "none",
      pull_requests: "none",
    };
    for (const [name, level] of Object.entries(permissions)) {
      const scope = PERMISSION_SCOPES[name];
      if (scope) scopes[scope] = level as Access;
    }
    options.github?.state.addActionsToken(token, scopes);
    const env: Record<string, string> = {
      ...options.env,
      ...(permissions["id-token"] === "write" ? options.oidcEnv : {}),
      ...githubEnv(run, id, options),
    };
    const runner = new ActionRunner({ env, ...(options.toolCache ? { toolCache: options.toolCache } : {}) });
    const eventPath = path.join(runner.root, "event.json");
    fs.writeFileSync(eventPath, JSON.stringify(run.github.event ?? {}));
    const contexts: Contexts = {
      ...jobContexts,
      github: { ...run.github, token, job: id },
      matrix,
      strategy: { "fail-fast": false, "job-index": legs.length },
      job: {
        status: "success",
        workflow_repository: run.workflow.repository,
        workflow_sha: run.workflow.sha,
      },
      runner: { os: "Linux", arch: "X64", temp: runner.temp, name: "harness" },
      env: {},
      steps: {},
    };
    const before = options.github?.calls.length ?? 0;
    const leg: LegRun = {
      matrix,
      steps: [],
      runner,
      permissions,
      apiCalls: [],
      envNames: Object.keys({ ...env, GITHUB_EVENT_PATH: eventPath }),
      failed: false,
    };
    concurrency = await evaluateToken(child(workflow.root, "jobs", id, "concurrency"), contexts);
    environment = await evaluateToken(child(workflow.root, "jobs", id, "environment"), contexts);
    const stepsContext: Record<
      string,
      { outputs: Record<string, string>; outcome: Outcome; conclusion: Outcome }
    > = {};
    const checkouts = new Map<string, { repository: string; ref: string }>();
    let failed = false;
    for (const [i, step] of template.steps.entries()) {
      const rawStep = rawJob.steps[i];
      const stepToken = child(workflow.root, "jobs", id, "steps", i);
      const ctx: Contexts = { ...contexts, steps: stepsContext };
      const name = await evaluateString(child(stepToken, "name"), ctx);
      const record: StepRun = {
        job: id,
        matrix,
        id: rawStep.id ?? "",
        name,
        with: {},
        outcome: "skipped",
        outputs: {},
      };
      if (rawStep.uses) record.uses = rawStep.uses;
      if (rawStep["continue-on-error"] !== undefined)
        throw new Error(`${id}: continue-on-error is not modelled`);
      if (await evaluateCondition(step.if, ctx, { failed })) {
        record.with = await evaluateStrings(child(stepToken, "with"), ctx);
        const stepEnv = await evaluateStrings(child(stepToken, "env"), ctx);
        await runStep(record, rawStep, stepEnv, {
          runner,
          env,
          eventPath,
          checkouts,
          run,
          options,
          artifacts,
          ctx,
        });
        failed ||= record.outcome === "failure";
      }
      leg.steps.push(record);
      if (record.id)
        stepsContext[record.id] = {
          outputs: record.outputs,
          outcome: record.outcome,
          conclusion: record.outcome,
        };
    }
    if (leg.steps.some((s) => s.result)) {
      const post = await runner.runPost({}, { GITHUB_EVENT_PATH: eventPath });
      if (post.exitCode !== 0) failed = true;
    }
    leg.apiCalls = options.github?.calls.slice(before) ?? [];
    legs.push(leg);
    // As on GitHub, when legs set the same output the last one to finish wins.
    outputs = await evaluateStrings(child(workflow.root, "jobs", id, "outputs"), {
      ...contexts,
      steps: stepsContext,
    });
    leg.failed = failed;
  }
  const result: JobResult = legs.some((l) => l.failed) ? "failure" : "success";
  return { id, result, legs, outputs, concurrency, environment };
}

function githubEnv(run: SampleRun, job: string, options: HarnessOptions): Record<string, string> {
  const g = run.github as Record<string, string | undefined>;
  const api = options.github?.apiUrl ?? "http://127.0.0.1:9";
  return {
    GITHUB_REPOSITORY: g.repository ?? "",
    GITHUB_REPOSITORY_OWNER: (g.repository ?? "").split("/")[0] ?? "",
    GITHUB_EVENT_NAME: g.event_name ?? "",
    GITHUB_SHA: g.sha ?? "",
    GITHUB_REF: g.ref ?? "",
    GITHUB_RUN_ID: String(g.run_id ?? "1"),
    GITHUB_RUN_ATTEMPT: String(g.run_attempt ?? "1"),
    GITHUB_WORKFLOW: g.workflow ?? "",
    GITHUB_JOB: job,
    GITHUB_ACTOR: g.actor ?? "octocat",
    GITHUB_SERVER_URL: g.server_url ?? "https://github.com",
    GITHUB_API_URL: api,
    GITHUB_GRAPHQL_URL: options.github?.graphqlUrl ?? `${api}/graphql`,
  };
}

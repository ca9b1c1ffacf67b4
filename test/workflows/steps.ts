// The steps the workflow harness (run-steps.ts) knows: this action (the built dist/, only at the commit the
// workflow belongs to), actions/checkout, actions/upload-artifact and download-artifact (files in one folder
// per run), and `run:` scripts under bash as the runner runs them. Anything else is an error.
// For this repository's own workflows (ci.yml, release.yml), whose checkout is the action itself:
// actions/setup-node is the harness's own node on PATH, and a `run: npm ci` links this working tree's
// node_modules, installed by `npm ci` from the same package-lock.json (checked), instead of installing again.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { GitHubSim } from "../github-sim/server.js";
import {
  type ActionRunner,
  loadActionYml,
  parseFileCommands,
  REPO_ROOT,
  type StepResult,
} from "../support/action-runner.js";
import { type Contexts, child, evaluateString, parseWorkflowText, type Raw } from "./model.js";

/** The caller's run as the reusable workflow sees it. */
export interface SampleRun {
  /** The `github` context (the caller's): event_name, event, repository, sha, ref, ... The token is per job. */
  github: Record<string, unknown>;
  /** What the caller passes in `with:`; the workflow's defaults fill in the rest. */
  inputs?: Record<string, unknown>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /**
   * `job.workflow_repository` and `job.workflow_sha`: the commit the caller pinned this workflow at. This
   * working tree (its dist/) stands for that commit; a checkout of anything else is an error.
   */
  workflow: { repository: string; sha: string };
}

export interface HarnessOptions {
  /** Environment of every runner (the simulator's CA, STS endpoint, region, ...), without the OIDC variables. */
  env: Record<string, string>;
  /** ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN: given only to jobs with `permissions: id-token: write`. */
  oidcEnv: Record<string, string>;
  /**
   * What checking out the caller's repository yields. For the action's own workflows (the workflow's
   * repository checked out at its commit) this folder stands for the action's repository, and `./` is it.
   */
  tenantRepo: string;
  toolCache?: string;
  /** GITHUB_API_URL; without it the API is a closed port on 127.0.0.1, so any call fails. */
  github?: GitHubSim;
  /**
   * Jobs whose steps all run except this action's, whose evaluated inputs are recorded instead (for a mode
   * the built action does not have yet).
   */
  recordOnly?: string[];
  /** Jobs that are not run: their result and outputs as the `needs` context shows them. */
  stubs?: Record<string, { result: Outcome; outputs?: Record<string, string> }>;
}

export type Outcome = "success" | "failure" | "skipped";

export interface StepRun {
  job: string;
  matrix: Record<string, unknown>;
  id: string;
  name: string;
  uses?: string;
  with: Record<string, string>;
  outcome: Outcome;
  outputs: Record<string, string>;
  /** This action's run (absent when skipped or only recorded). */
  result?: StepResult;
  /** A `run:` step's stdout and stderr. */
  log?: string;
  recorded?: boolean;
}

const OWN_ACTION = /^\.\/(.*)$/;

export interface StepScope {
  runner: ActionRunner;
  env: Record<string, string>;
  eventPath: string;
  checkouts: Map<string, { repository: string; ref: string }>;
  run: SampleRun;
  options: HarnessOptions;
  artifacts: string;
  ctx: Contexts;
}

export async function runStep(record: StepRun, rawStep: Raw, stepEnv: Record<string, string>, s: StepScope) {
  const uses: string | undefined = rawStep.uses;
  const ok = (outcome: boolean) => {
    record.outcome = outcome ? "success" : "failure";
  };
  if (rawStep.run !== undefined && rawStep.run.trim() === "npm ci") return ok(linkInstall(record, s));
  if (rawStep.run !== undefined) return ok(runScript(record, rawStep.run, stepEnv, s));
  if (!uses) throw new Error(`${record.job}: a step with neither run nor uses`);
  // `$/` is GitHub's self-repository reference: the action at the commit of the workflow file itself.
  if (uses === "$/") return ok(await runOwnAction(record, undefined, stepEnv, s));
  const own = OWN_ACTION.exec(uses);
  if (own) return ok(await runOwnAction(record, path.normalize(own[1] || "."), stepEnv, s));
  const [action] = uses.split("@");
  const w = record.with;
  const workspace = s.runner.workspace;
  if (action === "actions/checkout") {
    const repository = w.repository || String((s.run.github as { repository?: string }).repository);
    const ref = w.ref ?? "";
    const dest = path.normalize(w.path || ".");
    if (dest === ".") {
      if (repository !== (s.run.github as { repository?: string }).repository)
        throw new Error(
          `${record.job}: checks out ${repository} as the workspace, not the caller's repository`,
        );
      fs.cpSync(s.options.tenantRepo, workspace, { recursive: true });
      const sha = (s.run.github as { sha?: string }).sha ?? "";
      if (repository === s.run.workflow.repository) s.checkouts.set(".", { repository, ref: ref || sha });
    } else {
      if (s.checkouts.has(dest)) throw new Error(`${record.job}: a second checkout into ${dest}`);
      // The folder gets the action's metadata; its code is this working tree's dist/ (ActionRunner).
      fs.mkdirSync(path.join(workspace, dest), { recursive: true });
      s.checkouts.set(dest, { repository, ref });
    }
    return ok(true);
  }
  if (action === "actions/upload-artifact") {
    const target = path.join(s.artifacts, w.name || "artifact");
    if (fs.existsSync(target) && w.overwrite !== "true") {
      record.log = `Failed to CreateArtifact: (409) Conflict: an artifact with this name already exists on the workflow run`;
      return ok(false);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    const sources = w
      .path!.split("\n")
      .filter(Boolean)
      .map((p) => path.resolve(workspace, p.trim()));
    const found = sources.filter((p) => fs.existsSync(p));
    if (!found.length && w["if-no-files-found"] === "error") return ok(false);
    for (const src of found) {
      const into = fs.statSync(src).isDirectory() ? target : path.join(target, path.basename(src));
      fs.cpSync(src, into, { recursive: true });
    }
    return ok(true);
  }
  if (action === "actions/download-artifact") {
    const pattern = new RegExp(
      `^${(w.pattern || w.name || "*")
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
    );
    const dest = path.resolve(workspace, w.path || ".");
    for (const name of fs.readdirSync(s.artifacts).filter((n) => pattern.test(n))) {
      const into = w["merge-multiple"] === "true" ? dest : path.join(dest, name);
      fs.cpSync(path.join(s.artifacts, name), into, { recursive: true });
    }
    return ok(true);
  }
  if (action === "actions/setup-node") return ok(true);
  throw new Error(`${record.job}: the harness does not model ${uses}`);
}

/** `npm ci` in a checkout of this repository: its node_modules, if the lockfile is this working tree's. */
function linkInstall(record: StepRun, s: StepScope): boolean {
  const lock = (dir: string) => fs.readFileSync(path.join(dir, "package-lock.json"), "utf8");
  if (lock(s.runner.workspace) !== lock(REPO_ROOT)) {
    record.log = "npm ci: the checkout's package-lock.json is not this working tree's";
    return false;
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(s.runner.workspace, "node_modules"), "dir");
  return true;
}

function runScript(record: StepRun, script: string, stepEnv: Record<string, string>, s: StepScope): boolean {
  const dir = fs.mkdtempSync(path.join(s.runner.root, "run-"));
  const file = path.join(dir, "script.sh");
  const output = path.join(dir, "output");
  fs.writeFileSync(file, script);
  fs.writeFileSync(output, "");
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
    cwd: s.runner.workspace,
    env: {
      ...s.env,
      GITHUB_OUTPUT: output,
      GITHUB_EVENT_PATH: s.eventPath,
      RUNNER_TEMP: s.runner.temp,
      ...stepEnv,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
  record.log = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  record.outputs = parseFileCommands(fs.readFileSync(output, "utf8"));
  return r.status === 0;
}

async function runOwnAction(
  record: StepRun,
  dir: string | undefined,
  stepEnv: Record<string, string>,
  s: StepScope,
): Promise<boolean> {
  const want = s.run.workflow;
  const checkout = dir === undefined ? { repository: want.repository, ref: want.sha } : s.checkouts.get(dir);
  if (!checkout || checkout.repository !== want.repository || checkout.ref !== want.sha) {
    const got = checkout ? `${checkout.repository}@${checkout.ref}` : "nothing checked out there";
    throw new Error(
      `${record.job}: uses ./${dir}, which holds ${got}, not ${want.repository}@${want.sha}: another version of the action`,
    );
  }
  // Inputs the step does not give get action.yml's defaults; the runner evaluates defaults such as
  // `${{ github.token }}` in the job's contexts.
  const inputs = { ...record.with };
  for (const [name, spec] of Object.entries(loadActionYml().inputs)) {
    if (!(name in inputs) && spec.default?.includes("${{")) {
      inputs[name] = await evaluateDefault(spec.default, s.ctx);
    }
  }
  record.with = inputs;
  if (s.options.recordOnly?.includes(record.job)) {
    record.recorded = true;
    return true;
  }
  const result = await s.runner.runMain(inputs, { ...stepEnv, GITHUB_EVENT_PATH: s.eventPath });
  record.result = result;
  record.outputs = result.outputs;
  return result.exitCode === 0;
}

async function evaluateDefault(template: string, ctx: Contexts): Promise<string> {
  // Parsed as a one-step workflow so GitHub's own template handling reads the `${{ }}`.
  const text = `on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: x/y@v1\n        with:\n          v: ${JSON.stringify(template)}\n`;
  const w = await parseWorkflowText("default.yml", text);
  return evaluateString(child(w.root, "jobs", "j", "steps", 0, "with", "v"), ctx);
}

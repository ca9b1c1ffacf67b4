// Structural rules for the workflows, as functions that return the problems they find (so a test can show
// both that the shipped files pass and that a broken variant is caught).
import * as path from "node:path";
import {
  type Contexts,
  child,
  evaluateCondition,
  evaluateStrings,
  type Raw,
  type Workflow,
} from "./model.js";

/** Where the reusable workflows check this action out, and how their steps refer to it. */
export const ACTION_PATH = ".teleport-workload-cluster-action";
export const ACTION_USES = `./${ACTION_PATH}`;
/** Every concurrency group of the reusable workflows starts with this literal. */
export const GROUP_PREFIX = "teleport-workload-clusters-";

const SHA_PINNED = /^[\w.-]+\/[\w.-]+(\/[^@]+)?@[0-9a-f]{40}$/;

export type Level = "none" | "read" | "write";
const RANK: Record<Level, number> = { none: 0, read: 1, write: 2 };

export function jobsOf(raw: Raw): [string, Raw][] {
  return Object.entries(raw.jobs ?? {});
}

export function stepsOf(raw: Raw): { job: string; index: number; step: Raw }[] {
  return jobsOf(raw).flatMap(([job, spec]) =>
    ((spec.steps ?? []) as Raw[]).map((step, index) => ({ job, index, step })),
  );
}

/** `run:` scripts holding `${{ }}`: the runner pastes the value into the script before the shell reads it. */
export function expressionsInRun(raw: Raw): string[] {
  return stepsOf(raw)
    .filter(({ step }) => typeof step.run === "string" && step.run.includes("${{"))
    .map(({ job, index, step }) => `${job} step ${index + 1} (${step.name ?? "run"})`);
}

/** `uses:` of another repository's action that is not pinned to a full commit SHA. */
export function unpinnedActions(raw: Raw, allowed: (uses: string) => boolean = () => false): string[] {
  const uses = [
    ...stepsOf(raw).map(({ step }) => step.uses as string | undefined),
    ...jobsOf(raw).map(([, job]) => job.uses as string | undefined),
  ].filter((u): u is string => !!u);
  return uses
    .filter(
      (u) => !u.startsWith("./") && !u.startsWith("$/") && !u.startsWith("docker://") && !SHA_PINNED.test(u),
    )
    .filter((u) => !allowed(u));
}

/** Each scope at the highest level any job of the workflow asks for: what a calling job must grant. */
export function permissionUnion(raw: Raw): Record<string, Level> {
  const out: Record<string, Level> = {};
  for (const [, job] of jobsOf(raw)) {
    for (const [scope, level] of Object.entries((job.permissions ?? {}) as Record<string, Level>)) {
      if (RANK[level] > RANK[out[scope] ?? "none"]) out[scope] = level;
    }
  }
  return out;
}

/** The sample a check evaluates a workflow in: its input defaults, and `job.workflow_*` naming a commit. */
export function sampleContexts(
  raw: Raw,
  job: Record<string, string>,
  inputs: Record<string, unknown> = {},
): Contexts {
  const defaults: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries((raw.on?.workflow_call?.inputs ?? {}) as Record<string, Raw>)) {
    defaults[name] = spec.default ?? (spec.type === "number" ? 0 : spec.type === "boolean" ? false : "");
  }
  return {
    github: {
      repository: "example-org/tenants",
      token: "ghs_sample",
      sha: "1".repeat(40),
      workflow_sha: "1".repeat(40),
    },
    inputs: { ...defaults, ...inputs },
    job,
    matrix: { shard: 1 },
    secrets: {},
    steps: {},
    needs: {},
    vars: {},
    env: {},
    runner: { temp: "/runner/temp" },
    strategy: {},
  };
}

export const SAMPLE_WORKFLOW = {
  workflow_repository: "acme-platform/action-fork",
  workflow_sha: "f".repeat(40),
};

/**
 * Whether every step that runs this action runs the commit the workflow itself came from. A step may use
 * the action only through `./<path>` after a checkout, in the same job, of `job.workflow_repository` at
 * `job.workflow_sha` into that path (evaluated with GitHub's evaluator); nothing else may be checked out
 * there afterwards; and a step before it must stop the job when `job.workflow_sha` is empty (GHES), unless
 * the caller names the ref itself. A `uses:` of the action by name (`owner/repo@ref`) would run that ref.
 */
export async function actionVersionProblems(w: Workflow): Promise<string[]> {
  const problems: string[] = [];
  const sample = sampleContexts(w.raw, SAMPLE_WORKFLOW);
  const ghes = sampleContexts(w.raw, { workflow_repository: "", workflow_sha: "" });
  for (const [job, spec] of jobsOf(w.raw)) {
    if (typeof spec.uses === "string" && /teleport-workload-cluster-action(@|\/\.github\/)/.test(spec.uses)) {
      continue; // a caller's job: it pins the reusable workflow, which checks itself out
    }
    const checkouts = new Map<string, { repository: string; ref: string }>();
    let guarded = false;
    for (const [index, step] of ((spec.steps ?? []) as Raw[]).entries()) {
      const where = `${w.file} ${job} step ${index + 1}`;
      const uses: string = step.uses ?? "";
      const token = child(w.root, "jobs", job, "steps", index);
      if (step.run !== undefined && /\bexit 1\b/.test(step.run)) {
        const condition = child(token, "if");
        if (
          (await evaluateCondition(condition, ghes, { failed: false })) &&
          !(await evaluateCondition(condition, sample, { failed: false }))
        ) {
          guarded = true;
        }
      }
      if (/teleport-workload-cluster-action@/i.test(uses)) {
        problems.push(`${where}: uses ${uses}, a version other than the workflow's own commit`);
      }
      if (uses.startsWith("actions/checkout@")) {
        const got = await evaluateStrings(child(token, "with"), sample);
        if (!got.path) continue;
        const at = path.normalize(got.path);
        if (checkouts.has(at)) problems.push(`${where}: checks out into ${at} again`);
        checkouts.set(at, { repository: got.repository ?? "", ref: got.ref ?? "" });
      }
      if (uses.startsWith("./")) {
        const at = path.normalize(uses.slice(2));
        const c = checkouts.get(at);
        if (!c) problems.push(`${where}: uses ${uses}, but nothing was checked out there in this job`);
        else if (
          c.repository !== SAMPLE_WORKFLOW.workflow_repository ||
          c.ref !== SAMPLE_WORKFLOW.workflow_sha
        ) {
          problems.push(
            `${where}: uses ${uses}, checked out from ${c.repository}@${c.ref}, not the workflow's own ` +
              `${SAMPLE_WORKFLOW.workflow_repository}@${SAMPLE_WORKFLOW.workflow_sha} (job.workflow_repository/job.workflow_sha)`,
          );
        }
        if (!guarded) problems.push(`${where}: no earlier step stops the job when job.workflow_sha is empty`);
      }
    }
  }
  return problems;
}

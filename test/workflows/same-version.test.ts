// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// A reusable workflow pinned by its caller at a commit must run the action from that same commit. The check
// (checks.ts actionVersionProblems) passes on the shipped workflows and fails on every way a workflow could end
// up running another version.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../support/action-runner.js";
import { ACTION_USES, actionVersionProblems, jobsOf, SAMPLE_WORKFLOW, sampleContexts } from "./checks.js";
import {
  child,
  evaluateCondition,
  evaluateStrings,
  parseWorkflowText,
  SHIPPED_DIR,
  workflowFiles,
} from "./model.js";

const REUSABLE = workflowFiles(SHIPPED_DIR).filter((f) => path.basename(f).startsWith("teleport-"));
const CHECKOUT_REF = "ref: ${{ inputs.action-ref || job.workflow_sha }}";
const CHECKOUT_REPOSITORY = "repository: ${{ inputs.action-repository || job.workflow_repository }}";

/** Removes the YAML list item (a step) whose `- name:` line contains `name`. */
function dropStep(text: string, name: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.includes(`- name: ${name}`));
  const indent = lines[at]!.indexOf("-");
  let end = at + 1;
  while (end < lines.length && (lines[end]!.trim() === "" || lines[end]!.search(/\S/) > indent)) end++;
  lines.splice(at, end - at);
  return lines.join("\n");
}

const MUTATIONS: [string, (text: string) => string, RegExp][] = [
  [
    "checks out a branch",
    (t) => t.replaceAll(CHECKOUT_REF, "ref: main"),
    /from .*@main, not the workflow's own/,
  ],
  [
    "checks out the caller's commit (github.workflow_sha)",
    (t) => t.replaceAll(CHECKOUT_REF, "ref: ${{ github.workflow_sha }}"),
    /from .*@1{40}, not/,
  ],
  [
    "checks out github.job_workflow_sha, which is empty in practice",
    (t) => t.replaceAll(CHECKOUT_REF, "ref: ${{ github.job_workflow_sha }}"),
    /from acme-platform\/action-fork@, not/,
  ],
  [
    "checks out a fixed repository instead of the workflow's own (a fork would run upstream)",
    (t) => t.replaceAll(CHECKOUT_REPOSITORY, "repository: your-org/teleport-workload-cluster-action"),
    /from your-org\/teleport-workload-cluster-action@f{40}, not/,
  ],
  [
    "uses the action by name at a ref",
    (t) => t.replaceAll(`uses: ${ACTION_USES}`, "uses: your-org/teleport-workload-cluster-action@v0"),
    /uses your-org\/teleport-workload-cluster-action@v0, a version other than/,
  ],
  [
    "uses ./ without checking the action out",
    (t) => dropStep(t, "Check out this action at the commit"),
    /nothing was checked out there/,
  ],
  [
    "does not stop when job.workflow_sha is empty",
    (t) => dropStep(t, "Know which version of the action"),
    /no earlier step stops the job/,
  ],
  [
    "checks something else out over the action",
    (t) =>
      t.replace(
        "          path: .teleport-workload-cluster-action\n          persist-credentials: false\n",
        "          path: .teleport-workload-cluster-action\n          persist-credentials: false\n" +
          "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n" +
          "        with:\n          ref: main\n          path: .teleport-workload-cluster-action\n",
      ),
    /checks out into \.teleport-workload-cluster-action again/,
  ],
];

describe.each(REUSABLE)("%s", (file) => {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

  test.each(MUTATIONS)("is caught when a job %s", async (_, mutate, problem) => {
    const changed = mutate(text);
    expect(changed).not.toBe(text);
    const w = await parseWorkflowText(file, changed);
    expect(w.errors).toEqual([]);
    const problems = await actionVersionProblems(w);
    expect(problems.join("\n")).toMatch(problem);
  });

  test("accepts GitHub's self-repository reference `$/` instead (it always runs the workflow's own commit)", async () => {
    const changed = dropStep(text, "Check out this action at the commit").replaceAll(
      `uses: ${ACTION_USES}`,
      "uses: $/",
    );
    const w = await parseWorkflowText(file, changed);
    expect(w.errors).toEqual([]);
    expect(await actionVersionProblems(w)).toEqual([]);
  });

  test("on GitHub Enterprise Server checks out the ref the caller names, and stops without one", async () => {
    const w = await parseWorkflowText(file, text);
    const ghes = { workflow_repository: "", workflow_sha: "" };
    const named = {
      "action-repository": "platform/teleport-workload-cluster-action",
      "action-ref": "v1.2.0",
    };
    for (const [job, spec] of jobsOf(w.raw)) {
      const steps = spec.steps as { uses?: string; run?: string; with?: { path?: string } }[];
      const checkout = steps.findIndex((s) => s.with?.path === ".teleport-workload-cluster-action");
      if (!steps.some((s) => s.uses === ACTION_USES)) continue;
      const guard = steps.findIndex((s) => s.run?.includes("exit 1") && s.run.includes("job.workflow_sha"));
      const withNames = sampleContexts(w.raw, ghes, named);
      const got = await evaluateStrings(child(w.root, "jobs", job, "steps", checkout, "with"), withNames);
      expect(got, job).toMatchObject({ repository: named["action-repository"], ref: "v1.2.0" });
      const stops = (ctx: ReturnType<typeof sampleContexts>) =>
        evaluateCondition(child(w.root, "jobs", job, "steps", guard, "if"), ctx, { failed: false });
      expect(await stops(withNames), job).toBe(false);
      expect(await stops(sampleContexts(w.raw, ghes)), job).toBe(true);
      expect(await stops(sampleContexts(w.raw, SAMPLE_WORKFLOW)), job).toBe(false);
    }
  });
});

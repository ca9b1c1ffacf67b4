// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// The example tenant repository's callers (examples/tenants/.github/workflows) and the callers shown in
// README.md: each grants exactly the permissions the called workflow's jobs ask for (less and GitHub
// refuses the run; more is needless), pins one release of this repository, and passes no `secrets: inherit`.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "../support/action-runner.js";
import { jobsOf, permissionUnion } from "./checks.js";
import {
  type Contexts,
  EXAMPLES_DIR,
  evaluateCondition,
  loadWorkflow,
  type Raw,
  SHIPPED_DIR,
  workflowFiles,
} from "./model.js";

const EXAMPLES = workflowFiles(EXAMPLES_DIR);
const OWN = /^your-org\/teleport-workload-cluster-action\/\.github\/workflows\/([\w.-]+\.yml)@([\w.-]+)$/;

async function callee(uses: string): Promise<Raw> {
  const m = OWN.exec(uses);
  if (!m) throw new Error(`${uses} is not one of this repository's reusable workflows`);
  return (await loadWorkflow(`${SHIPPED_DIR}/${m[1]}`)).raw;
}

/** The callers in the docs: every YAML block with a job that uses one of the reusable workflows. */
function docCallers(): [string, Raw][] {
  const text = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  // Only the README's workflow blocks: other YAML blocks (a role, several documents) are not callers.
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .filter((m) => /^jobs:/m.test(m[1]!))
    .map((m) => parseYaml(m[1]!) as Raw);
  return blocks.flatMap((b) => jobsOf(b).filter(([, j]) => OWN.test(j.uses ?? "")));
}

describe("example callers", () => {
  test.each(EXAMPLES)("%s grants each called workflow exactly what its jobs need", async (file) => {
    const { raw } = await loadWorkflow(file);
    expect(raw.permissions).toEqual({});
    for (const [job, spec] of jobsOf(raw)) {
      expect(spec.uses, job).toMatch(OWN);
      expect(spec.permissions, job).toEqual(permissionUnion(await callee(spec.uses)));
      expect(spec.secrets, job).not.toBe("inherit");
    }
  });

  it("pin one release of this repository, the same in every caller", async () => {
    const refs = new Set<string>();
    for (const file of EXAMPLES) {
      for (const [, spec] of jobsOf((await loadWorkflow(file)).raw)) refs.add(OWN.exec(spec.uses)![2]!);
    }
    expect(refs.size).toBe(1);
    expect([...refs][0]).not.toMatch(/^(main|master)$/);
  });

  it("run plan on pull requests, apply on pushes to main, drift on a schedule and by hand", async () => {
    const on = async (name: string) => (await loadWorkflow(`${EXAMPLES_DIR}/${name}`)).raw.on;
    expect(Object.keys(await on("teleport-plan.yml"))).toEqual(["pull_request"]);
    expect(await on("teleport-apply.yml")).toMatchObject({ push: { branches: ["main"] } });
    expect(Object.keys(await on("teleport-drift.yml")).sort()).toEqual(["schedule", "workflow_dispatch"]);
  });

  test.each([
    { head: "someone-else/tenants", runs: ["validate"] },
    { head: "example-org/tenants", runs: ["plan"] },
  ])("a pull request from $head runs $runs", async ({ head, runs }) => {
    const w = await loadWorkflow(`${EXAMPLES_DIR}/teleport-plan.yml`);
    const ctx: Contexts = {
      github: {
        repository: "example-org/tenants",
        event_name: "pull_request",
        event: { pull_request: { head: { repo: { full_name: head } } } },
      },
      vars: {},
      inputs: {},
      needs: {},
    };
    const running: string[] = [];
    for (const job of w.template.jobs) {
      if (await evaluateCondition(job.if, ctx, { failed: false })) running.push(job.id.value);
    }
    expect(running).toEqual(runs);
  });

  it("hand drift correction to the reusable workflow only on a manual run that asks for it", async () => {
    const { raw } = await loadWorkflow(`${EXAMPLES_DIR}/teleport-drift.yml`);
    expect(raw.jobs.drift.with.correct).toBe("${{ inputs.correct == true }}");
    expect(raw.on.workflow_dispatch.inputs.correct).toMatchObject({ type: "boolean", default: false });
  });
});

describe("README.md", () => {
  it("shows a caller of each reusable workflow", () => {
    const shown = new Set(docCallers().map(([, j]) => OWN.exec(j.uses)![1]));
    const shipped = workflowFiles(SHIPPED_DIR)
      .map((f) => path.basename(f))
      .filter((f) => f.startsWith("teleport-"));
    expect([...shown].sort()).toEqual(shipped);
  });

  it("gives each caller the permissions the called workflow's jobs need, and the table says the same", async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    for (const [job, spec] of docCallers()) {
      const need = permissionUnion(await callee(spec.uses));
      expect(spec.permissions, job).toEqual(need);
      const name = OWN.exec(spec.uses)![1]!;
      const row = text.split("\n").find((l) => l.startsWith(`| \`${name}\``))!;
      const cell = row.split("|").at(-2)!;
      const listed = Object.fromEntries([...cell.matchAll(/`([\w-]+): (\w+)`/g)].map((m) => [m[1], m[2]]));
      expect(listed, name).toEqual(need);
    }
  });
});

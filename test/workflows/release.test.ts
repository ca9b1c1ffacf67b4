// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// release.yml as GitHub reads it: started by a version tag only, the tests and the dist/ check of every pull
// request reused on the tagged commit, the only writing token in a job that runs no repository code, and the
// major tag moved only for the newest stable release of its line. The `version` job runs in the workflow
// harness on a git checkout with tags, the way the runner runs it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, test } from "vitest";
import { REPO_ROOT } from "../support/action-runner.js";
import { jobsOf, sampleContexts } from "./checks.js";
import {
  child,
  evaluateCondition,
  evaluateStrings,
  loadWorkflow,
  parseWorkflowText,
  SHIPPED_DIR,
} from "./model.js";
import { runWorkflow, type WorkflowRun } from "./run-steps.js";

const RELEASE = `${SHIPPED_DIR}/release.yml`;
const OWN = { repository: "your-org/teleport-workload-cluster-action", sha: "c0ffee".padEnd(40, "0") };
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const cleanups: (() => void)[] = [];

afterAll(() => {
  for (const c of cleanups) c();
});

describe("release.yml", () => {
  it("runs on pushed v* tags only, with a token that may do nothing unless a job says so", async () => {
    const { raw } = await loadWorkflow(RELEASE);
    expect(raw.on).toEqual({ push: { tags: ["v*"] } });
    expect(raw.permissions).toEqual({});
    expect(raw.concurrency).toEqual({ group: "release", "cancel-in-progress": false });
  });

  it("gives contents: write only to the release job, which checks nothing out", async () => {
    const { raw } = await loadWorkflow(RELEASE);
    expect(Object.fromEntries(jobsOf(raw).map(([job, spec]) => [job, spec.permissions]))).toEqual({
      version: { contents: "read" },
      ci: { contents: "read" },
      "check-dist": { contents: "read" },
      release: { contents: "write" },
    });
    const steps = raw.jobs.release.steps as { uses?: string; run?: string }[];
    expect(steps.filter((s) => s.uses)).toEqual([]);
    expect(steps.map((s) => s.run?.match(/\bgh (release|api)\b/g)?.[0])).toEqual(["gh release", "gh api"]);
  });

  it("reuses ci.yml (tests, the action from the checkout) and check-dist.yml on the tagged commit", async () => {
    const w = await loadWorkflow(RELEASE);
    expect(w.raw.jobs.ci.uses).toBe("./.github/workflows/ci.yml");
    expect(w.raw.jobs["check-dist"].uses).toBe("./.github/workflows/check-dist.yml");
    for (const file of ["ci.yml", "check-dist.yml"]) {
      const { raw } = await loadWorkflow(`${SHIPPED_DIR}/${file}`);
      expect(Object.keys(raw.on), file).toContain("workflow_call");
    }
    const ci = (await loadWorkflow(`${SHIPPED_DIR}/ci.yml`)).raw;
    expect(Object.keys(ci.jobs)).toEqual(["test", "action"]);
    expect(ci.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual([
      "npm ci",
      "npm run lint",
      "npm test",
    ]);
    const dist = (await loadWorkflow(`${SHIPPED_DIR}/check-dist.yml`)).raw;
    expect(dist.jobs["check-dist"].steps.map((s: { run?: string }) => s.run).join("\n")).toMatch(
      /npm run build[\s\S]*git status --porcelain dist src\/generated/,
    );
    const release = w.template.jobs.find((j) => j.id.value === "release")!;
    expect(release.needs?.map((n) => n.value)).toEqual(["version", "ci", "check-dist"]);
  });

  test.each([
    ["a workflow that is not there", "teleport-nonexistent.yml", /Unable to find reusable workflow/],
    ["one whose required inputs it does not give", "teleport-plan.yml", /Input proxy is required/],
  ])("is refused by GitHub's parser when it calls %s", async (_, file, message) => {
    const text = read(RELEASE).replace("./.github/workflows/ci.yml", `./.github/workflows/${file}`);
    expect((await parseWorkflowText(RELEASE, text)).errors.join("\n")).toMatch(message);
  });

  test.each([
    ["v1.2.3", "v1", "false", true, ""],
    ["v1.2.3-rc.1", "", "true", false, "--prerelease"],
    ["v1.2.4", "", "false", false, ""],
  ])("%s: the major tag %j moves only when the version job says so; prerelease %s", async (tag, major, prerelease, moves) => {
    const w = await loadWorkflow(RELEASE);
    const ctx = {
      ...sampleContexts(w.raw, {}),
      github: { ref_name: tag, token: "ghs_sample", repository: OWN.repository },
      needs: { version: { result: "success", outputs: { major, prerelease } } },
    };
    const publish = child(w.root, "jobs", "release", "steps", 0, "env");
    expect((await evaluateStrings(publish, ctx)).PRERELEASE).toBe(prerelease);
    const move = w.template.jobs.find((j) => j.id.value === "release")!;
    // biome-ignore lint/suspicious/noExplicitAny: the template's job steps are a union without a common `if`
    const moveIf = (move as any).steps[1].if;
    expect(await evaluateCondition(moveIf, ctx, { failed: false })).toBe(moves);
    expect((await evaluateStrings(child(w.root, "jobs", "release", "steps", 1, "env"), ctx)).MAJOR).toBe(
      major,
    );
  });

  it("does not release when the tests or the dist/ check fail", async () => {
    const w = await loadWorkflow(RELEASE);
    const job = w.template.jobs.find((j) => j.id.value === "release")!;
    expect(await evaluateCondition(job.if, sampleContexts(w.raw, {}), { failed: true })).toBe(false);
    expect(await evaluateCondition(job.if, sampleContexts(w.raw, {}), { failed: false })).toBe(true);
  });
});

/** A clone-like checkout: this repository's scripts/ in a git repository holding `tags`. */
function gitCheckout(tags: string[] | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-checkout-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(REPO_ROOT, "scripts"), path.join(dir, "scripts"), { recursive: true });
  if (!tags) return dir;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir });
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "release");
  for (const t of tags) git("tag", t);
  return dir;
}

async function versionJob(tag: string, tags: string[] | undefined): Promise<WorkflowRun> {
  const r = await runWorkflow(
    RELEASE,
    {
      github: {
        event_name: "push",
        repository: OWN.repository,
        sha: OWN.sha,
        ref: `refs/tags/${tag}`,
        ref_name: tag,
      },
      workflow: OWN,
    },
    {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      oidcEnv: {},
      tenantRepo: gitCheckout(tags),
      stubs: {
        ci: { result: "success" },
        "check-dist": { result: "success" },
        release: { result: "success" },
      },
    },
  );
  cleanups.push(() => r.cleanup());
  return r;
}

describe("release.yml's version job, run on a checkout with tags", () => {
  test.each([
    ["v0.1.0", ["v0.1.0"], { major: "v0", prerelease: "false" }],
    ["v1.2.3", ["v1.2.2", "v1.2.3", "v0", "v1"], { major: "v1", prerelease: "false" }],
    ["v1.2.3-rc.1", ["v1.2.3-rc.1", "v1.2.2"], { major: "", prerelease: "true" }],
    ["v1.2.4", ["v1.2.4", "v1.3.0"], { major: "", prerelease: "false" }],
  ])("%s (tags %j) outputs %j", async (tag, tags, outputs) => {
    const r = await versionJob(tag, tags);
    expect(r.jobs.get("version")!.result).toBe("success");
    expect(r.jobs.get("version")!.outputs).toEqual(outputs);
  });

  it("fails, rather than move the major tag, when the tags cannot be read", async () => {
    const r = await versionJob("v1.2.4", undefined);
    const job = r.jobs.get("version")!;
    expect(job.result).toBe("failure");
    expect(job.legs[0]!.steps[1]!.log).toMatch(/not a git repository/);
    expect(job.outputs.major ?? "").toBe("");
  });

  it("fails on a tag that is not a release tag, with an annotation", async () => {
    const r = await versionJob("v1", ["v1"]);
    const job = r.jobs.get("version")!;
    expect(job.result).toBe("failure");
    expect(job.legs[0]!.steps[1]!.log).toContain('::error::"v1" is not a release tag');
  });
});

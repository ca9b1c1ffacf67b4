// The README's "Try it locally" command, run as written: GitHub's @github/local-action runs `validate` from
// src/ on examples/tenants. A user sees the validate lines and exit 0; with a wrong tenant file, the error
// annotation with its file and line (local-action itself still exits 0 then, B141).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/action-runner.js";

const ENV_FILE = "examples/local-action/validate.env";
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The `sh` blocks of the README's "Try it locally" section. */
function documentedBlocks(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Try it locally\n")[1]!.split("\n## ")[0]!;
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The first command of the section: validate. */
const documentedCommand = () => documentedBlocks()[0]!.trim();

/**
 * The command in `cwd` (the repository), as a shell runs it, without a runner's variables around the test; the
 * job summary, RUNNER_TEMP and the tool cache (which the action otherwise puts in fixed folders under the
 * system's temp dir) in a folder of the test's own.
 */
function run(command: string, cwd = REPO_ROOT) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_|STATE_)/.test(k)) env[k] = v;
  }
  const dir = scratch();
  const runner = {
    GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"),
    RUNNER_TEMP: path.join(dir, "temp"),
    RUNNER_TOOL_CACHE: path.join(dir, "tool-cache"),
  };
  fs.writeFileSync(runner.GITHUB_STEP_SUMMARY, "");
  fs.mkdirSync(runner.RUNNER_TEMP);
  fs.mkdirSync(runner.RUNNER_TOOL_CACHE);
  const r = spawnSync("bash", ["-c", command], {
    cwd,
    env: { ...env, ...runner },
    encoding: "utf8",
    timeout: 90_000,
  });
  return {
    ...r,
    output: `${r.stdout}${r.stderr}`,
    summary: fs.readFileSync(runner.GITHUB_STEP_SUMMARY, "utf8"),
  };
}

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-action-"));
  dirs.push(dir);
  return dir;
}

describe("README: npx local-action", () => {
  it("documents validate on examples/tenants with the dotenv file the repository ships", () => {
    expect(documentedCommand()).toBe(`npx local-action run . src/main.ts ${ENV_FILE}`);
    expect(fs.readFileSync(path.join(REPO_ROOT, ENV_FILE), "utf8")).toMatch(
      /^INPUT_MODE=validate\nGITHUB_WORKSPACE=examples\/tenants\n/m,
    );
  });

  it("validates examples/tenants: exit 0, every cluster valid, the job summary written", () => {
    const r = run(documentedCommand());
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain("teleport-workload-cluster-action: mode validate");
    expect(r.output).toContain("3 workload cluster(s) declared, all valid: acme, globex, initech");
    expect(r.output).not.toMatch(/::error/);
    expect(r.summary).toMatch(/acme[\s\S]*globex[\s\S]*initech/);
  }, 100_000);

  it("shows a wrong tenant file's error with its file and line", () => {
    const dir = scratch();
    const tenants = path.join(dir, "tenants");
    fs.cpSync(path.join(REPO_ROOT, "examples/tenants"), tenants, { recursive: true });
    const acme = path.join(tenants, "teleport/workload-clusters/acme.yaml");
    const text = fs.readFileSync(acme, "utf8");
    const line = text.split("\n").findIndex((l) => l.includes("join_method: iam")) + 1;
    fs.writeFileSync(acme, text.replace("join_method: iam", "join_method: github"));
    const envFile = path.join(dir, "broken.env");
    fs.writeFileSync(envFile, `INPUT_MODE=validate\nGITHUB_WORKSPACE=${tenants}\n`);
    const r = run(documentedCommand().replace(ENV_FILE, envFile));
    expect(r.output).toMatch(
      new RegExp(
        `::error file=teleport/workload-clusters/acme\\.yaml,line=${line},col=\\d+,title=Invalid spec\\.token\\.join_method::join_method "github" is not supported`,
      ),
    );
    expect(r.output).toMatch(
      /::error::\d+ problem\(s\) in the workload cluster and access manifests; nothing was changed/,
    );
    expect(r.output).not.toContain("all valid");
    // B141: local-action records the failure but exits 0; the annotation is what tells the user.
    expect(r.status).toBe(0);
  }, 100_000);

  it("runs plan against the simulator with the second block as written, post step included", () => {
    // A folder that is the repository (its files linked), so the block's sim.env, sim.log and plan.env land
    // outside the working tree; the simulator the block starts in the background is stopped on exit.
    const dir = scratch();
    for (const name of fs.readdirSync(REPO_ROOT)) {
      if (name !== ".git") fs.symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
    }
    const script = `trap 'exit 1' TERM\ntrap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n${documentedBlocks()[1]}`;
    const r = run(script, dir);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain("teleport-workload-cluster-action: mode plan");
    expect(r.output).toMatch(/Verified SHA-256 [0-9a-f]{64}/);
    for (const name of ["acme", "globex", "initech"]) expect(r.output).toMatch(new RegExp(`create +${name}`));
    expect(r.output).toContain("Running Post Step");
    expect(r.output).not.toMatch(/::error/);
    expect(fs.readFileSync(path.join(dir, "sim.log"), "utf8")).toMatch(/SIGTERM, stopping/);
  }, 100_000);
});

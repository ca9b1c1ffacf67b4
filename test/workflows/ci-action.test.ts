// ci.yml's `action` job, run by the workflow harness as GitHub would: the action from the checkout (`uses: ./`)
// validates examples/tenants, then a step starts the simulator (`npm run sim`) in the background and the
// action installs tctl and tbot of an exact version from its CDN mirror, and a step runs the installed tctl.
// The checkout is this repository (without node_modules, which `npm ci` links: steps.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActionYml, REPO_ROOT } from "../support/action-runner.js";
import { jobsOf, stepsOf } from "./checks.js";
import { loadWorkflow } from "./model.js";
import {
  type HarnessOptions,
  runWorkflow,
  type SampleRun,
  type StepRun,
  type WorkflowRun,
} from "./run-steps.js";

const CI = ".github/workflows/ci.yml";
const OWN = { repository: "your-org/teleport-workload-cluster-action", sha: "c0ffee".padEnd(40, "0") };
const SKIPPED = new Set(["node_modules", ".git", "dist"]);

let checkout: string;
let broken: string;
const runs: WorkflowRun[] = [];
const dirs: string[] = [];

function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-checkout-"));
  dirs.push(dir);
  fs.cpSync(REPO_ROOT, dir, { recursive: true, filter: (src) => !SKIPPED.has(path.basename(src)) });
  return dir;
}

beforeAll(() => {
  checkout = copyRepo();
  broken = copyRepo();
  const acme = path.join(broken, "examples/tenants/teleport/workload-clusters/acme.yaml");
  fs.writeFileSync(acme, fs.readFileSync(acme, "utf8").replace("join_method: iam", "join_method: github"));
});

afterAll(() => {
  for (const r of runs) {
    // The runner ends what a job left running; the job's last step stops the simulator itself.
    for (const leg of r.jobs.get("action")?.legs ?? []) {
      const pidFile = path.join(leg.runner.temp, "sim.pid");
      if (fs.existsSync(pidFile)) {
        try {
          process.kill(Number(fs.readFileSync(pidFile, "utf8")), "SIGTERM");
        } catch {}
      }
    }
    r.cleanup();
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A step as the run's log names it (an unnamed `run:` step as "(run)"). */
const label = (s: StepRun) => s.name || s.uses || "(run)";

async function runAction(tenantRepo: string): Promise<WorkflowRun> {
  const options: HarnessOptions = {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? os.tmpdir() },
    oidcEnv: {},
    tenantRepo,
    toolCache: fs.mkdtempSync(path.join(os.tmpdir(), "ci-tool-cache-")),
    stubs: { test: { result: "success" } },
  };
  dirs.push(options.toolCache!);
  const run: SampleRun = {
    github: {
      event_name: "pull_request",
      repository: OWN.repository,
      sha: OWN.sha,
      ref: "refs/pull/7/merge",
    },
    workflow: OWN,
  };
  const r = await runWorkflow(CI, run, options);
  runs.push(r);
  return r;
}

describe("ci.yml runs the action from the checkout", () => {
  it("gives the action only inputs action.yml declares, with literal modes validate and install", async () => {
    const { raw } = await loadWorkflow(CI);
    const declared = Object.keys(loadActionYml().inputs);
    const steps = stepsOf(raw).filter(({ step }) => step.uses === "./");
    expect(steps.map(({ job, step }) => [job, step.with.mode])).toEqual([
      ["action", "validate"],
      ["action", "install"],
    ]);
    for (const { step } of steps) for (const key of Object.keys(step.with)) expect(declared).toContain(key);
    expect(jobsOf(raw).map(([job]) => job)).toEqual(["test", "action"]);
  });

  it("validates examples/tenants, installs the mirror's exact version and runs its tctl", async () => {
    const r = await runAction(checkout);
    const job = r.jobs.get("action")!;
    const [leg] = job.legs;
    const step = (name: string) => leg!.steps.find((s) => s.name === name || s.id === name)!;
    expect(
      leg!.steps.map((s) => [label(s), s.outcome]),
      leg!.steps.map((s) => s.log ?? s.result?.stdout ?? "").join("\n"),
    ).toEqual([
      ["actions/checkout@11d5960a326750d5838078e36cf38b85af677262", "success"],
      ["Validate examples/tenants", "success"],
      ["actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020", "success"],
      ["(run)", "success"],
      ["Start the simulator's CDN mirror on 127.0.0.1", "success"],
      ["Install tctl and tbot of an exact version from the mirror", "success"],
      ["Run the installed tctl", "success"],
      ["Stop the simulator", "success"],
    ]);
    expect(job.result).toBe("success");
    expect(step("validate").result!.stdout).toContain(
      "3 workload cluster(s) declared, all valid: acme, globex, initech",
    );
    const install = step("install");
    expect(install.with["teleport-mirror"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(install.with["teleport-version"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(install.outputs["teleport-version"]).toBe(install.with["teleport-version"]);
    expect(install.outputs["cache-hit"]).toBe("false");
    expect(install.result!.stdout).toMatch(/Verified SHA-256 [0-9a-f]{64}/);
    expect(step("Run the installed tctl").log).toMatch(
      new RegExp(`^Teleport Enterprise v${install.with["teleport-version"]!.replace(/\./g, "\\.")} `, "m"),
    );
  }, 120_000);

  it("fails at validate, with the file and line, when a tenant file is wrong, and installs nothing", async () => {
    const r = await runAction(broken);
    const job = r.jobs.get("action")!;
    const steps = job.legs[0]!.steps;
    expect(job.result).toBe("failure");
    const validate = steps.find((s) => s.id === "validate")!;
    expect(validate.outcome).toBe("failure");
    expect(validate.result!.stdout).toMatch(
      /::error file=examples\/tenants\/teleport\/workload-clusters\/acme\.yaml,line=\d+,col=\d+,title=Invalid spec\.token\.join_method::/,
    );
    expect(steps.filter((s) => s.outcome !== "skipped").map(label)).toEqual([
      "actions/checkout@11d5960a326750d5838078e36cf38b85af677262",
      "Validate examples/tenants",
    ]);
  }, 60_000);
});

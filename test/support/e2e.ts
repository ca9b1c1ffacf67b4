// The fixture every end-to-end file shares: one simulator started before the file's tests and stopped after
// them, a tool cache shared by the file's runners (one install per file), tenant repositories (workload
// clusters and access files) on runners that see the simulator's environment, and runs with the parent's
// inputs. A helper module rather than vitest's `test.extend`: the simulator lives for the whole file and
// the files' own helpers (call-log filters, runners reused across tests) use it outside any test.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../sim/index.js";
import { ActionRunner, type RunnerOptions, type StepResult, type StopOptions } from "./action-runner.js";
import { tenantYaml } from "./tenants.js";

/** Workload clusters of a tenant repository: one name, names (each `tenantYaml(name)`), or name -> YAML. */
export type Clusters = string | string[] | Record<string, string>;
/** Access files: path under teleport/access -> text. */
export type Files = Record<string, string>;
type Inputs = Record<string, string>;

export interface E2eFile {
  readonly sim: Simulator;
  readonly toolCache: string;
  /** Every runner the file made (cleaned up after the file). */
  readonly runners: ActionRunner[];
  /** Every step run through `run` or `runParent`, for checks over all of the file's logs. */
  readonly steps: StepResult[];
  /** A runner with the simulator's environment and the file's tool cache. */
  runner(options?: Omit<RunnerOptions, "toolCache">): ActionRunner;
  /** A runner whose workspace is a tenant repository. */
  repo(clusters: Clusters, access?: Files, options?: Omit<RunnerOptions, "toolCache">): ActionRunner;
  /** Replaces the workspace's workload clusters and access files. */
  writeRepo(runner: ActionRunner, clusters: Clusters, access?: Files): void;
  /** proxy, parent-token and teleport-mirror of the simulator. */
  parentInputs(): Inputs;
  /** A step with the parent's inputs and `inputs`. */
  runParent(
    runner: ActionRunner,
    inputs: Inputs,
    env?: Record<string, string>,
    options?: StopOptions,
  ): Promise<StepResult>;
  /** A step of `mode` with the parent's inputs, the simulator's AWS role and `inputs`. */
  run(runner: ActionRunner, mode: string, inputs?: Inputs): Promise<StepResult>;
}

export function e2eFile(options: SimulatorOptions, ready: (sim: Simulator) => void = () => {}): E2eFile {
  let sim: Simulator | undefined;
  let toolCache: string | undefined;
  const runners: ActionRunner[] = [];
  const steps: StepResult[] = [];
  beforeAll(async () => {
    sim = await startSimulator(options);
    toolCache = fs.mkdtempSync(path.join(sim.dir, "tool-cache-"));
    ready(sim);
  });
  afterAll(async () => {
    for (const r of runners) r.cleanup();
    await sim?.stop();
  });
  const started = (): Simulator => {
    if (!sim) throw new Error("the simulator starts in beforeAll");
    return sim;
  };

  const runner = (runnerOptions: Omit<RunnerOptions, "toolCache"> = {}): ActionRunner => {
    const env = { ...started().env, GITHUB_REPOSITORY: "example-org/tenants", ...runnerOptions.env };
    const r = new ActionRunner({ ...runnerOptions, env, toolCache: toolCache! });
    runners.push(r);
    return r;
  };
  const writeRepo = (r: ActionRunner, clusters: Clusters, access: Files = {}): void => {
    const wc = path.join(r.workspace, "teleport/workload-clusters");
    const acc = path.join(r.workspace, "teleport/access");
    fs.rmSync(wc, { recursive: true, force: true });
    fs.rmSync(acc, { recursive: true, force: true });
    fs.mkdirSync(wc, { recursive: true });
    const yamls =
      typeof clusters === "string" || Array.isArray(clusters)
        ? Object.fromEntries([clusters].flat().map((name) => [name, tenantYaml(name)]))
        : clusters;
    for (const [name, yaml] of Object.entries(yamls)) fs.writeFileSync(path.join(wc, `${name}.yaml`), yaml);
    for (const [file, text] of Object.entries(access)) {
      fs.mkdirSync(path.dirname(path.join(acc, file)), { recursive: true });
      fs.writeFileSync(path.join(acc, file), text);
    }
  };
  const parentInputs = (): Inputs => ({
    proxy: started().env.TELEPORT_SIM_PROXY,
    "parent-token": started().env.TELEPORT_SIM_PARENT_BOT_TOKEN,
    "teleport-mirror": started().env.TELEPORT_SIM_MIRROR,
  });
  const runParent: E2eFile["runParent"] = async (r, inputs, env = {}, runOptions = {}) => {
    const step = await r.runMain({ ...parentInputs(), ...inputs }, env, runOptions);
    steps.push(step);
    return step;
  };

  return {
    get sim() {
      return started();
    },
    get toolCache() {
      started();
      return toolCache!;
    },
    runners,
    steps,
    runner,
    repo(clusters, access = {}, runnerOptions = {}) {
      const r = runner(runnerOptions);
      writeRepo(r, clusters, access);
      return r;
    },
    writeRepo,
    parentInputs,
    runParent,
    run: (r, mode, inputs = {}) =>
      runParent(r, { "role-to-assume": started().env.TELEPORT_SIM_AWS_ROLE_ARN, mode, ...inputs }),
  };
}

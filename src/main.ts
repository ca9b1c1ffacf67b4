// Wiring only: inputs -> configuration -> mode -> outputs and job summary. Side effects come in through
// `Deps`, so tests can run the whole flow with fakes.
import * as os from "node:os";
import * as path from "node:path";
import * as core from "@actions/core";
import { CleanupRegistry } from "./cleanup.js";
import { type Mode, readConfig } from "./inputs.js";
import type { Effects, ModeContext } from "./modes/context.js";
import { installMode, installSummary } from "./modes/install.js";
import { validateMode } from "./modes/validate.js";
import { createHttp } from "./net/http.js";
import { exec } from "./util/exec.js";
import { realClock } from "./util/retry.js";

export interface Deps extends Effects {
  getInput: (name: string) => string;
  saveState: (name: string, value: string) => void;
  getState: (name: string) => string;
}

export function defaultDeps(): Deps {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: core.setOutput,
    addPath: core.addPath,
    log: { info: core.info, warning: core.warning, debug: core.debug },
    command: (line) => process.stdout.write(`${line}\n`),
    writeSummary: async (markdown) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
    },
    saveState: core.saveState,
    getState: core.getState,
    http: createHttp(),
    exec,
    env: process.env,
    arch: process.arch,
    platform: process.platform,
    clock: realClock,
  };
}

function runnerDir(env: NodeJS.ProcessEnv, name: "RUNNER_TEMP" | "RUNNER_TOOL_CACHE"): string {
  return env[name] || path.join(os.tmpdir(), name === "RUNNER_TEMP" ? "runner-temp" : "runner-tool-cache");
}

// The parent modes pull in gRPC; loading them only when needed keeps start-up fast for install and validate.
const parentModes = () => import("./modes/parent.js");

const MODES: Record<Mode, (ctx: ModeContext) => Promise<unknown>> = {
  install: async (ctx) => ctx.writeSummary(installSummary(await installMode(ctx))),
  validate: validateMode,
  plan: async (ctx) => (await parentModes()).planMode(ctx),
  apply: async (ctx) => (await parentModes()).applyMode(ctx),
  delete: async (ctx) => (await parentModes()).deleteMode(ctx),
};

export async function run(overrides: Partial<Deps> = {}): Promise<void> {
  const deps = { ...defaultDeps(), ...overrides };
  // The runner sends SIGINT/SIGTERM on cancellation: stop child processes and waits, and let the post step
  // (which the runner still runs) remove what holds credentials.
  const controller = new AbortController();
  const cancel = (signal: NodeJS.Signals) => {
    deps.log.warning(
      `Received ${signal}: stopping running tools and waits; the post step removes credentials`,
    );
    controller.abort();
  };
  process.once("SIGTERM", cancel);
  process.once("SIGINT", cancel);
  try {
    const config = readConfig(deps.getInput);
    deps.log.info(`teleport-workload-cluster-action: mode ${config.mode}`);
    const cleanup = new CleanupRegistry({ get: deps.getState, save: deps.saveState });
    const { getInput: _getInput, saveState: _saveState, getState: _getState, ...effects } = deps;
    const ctx: ModeContext = {
      ...effects,
      config,
      registerCleanup: (p) => cleanup.register(p),
      signal: controller.signal,
      tempDir: runnerDir(deps.env, "RUNNER_TEMP"),
      toolCacheRoot: runnerDir(deps.env, "RUNNER_TOOL_CACHE"),
      workspace: deps.env.GITHUB_WORKSPACE || process.cwd(),
    };
    await MODES[config.mode](ctx);
  } catch (error) {
    // InputError and ModeFailure carry a message meant for the user; anything else is shown as it is.
    core.setFailed((error as Error).message || String(error));
  } finally {
    process.off("SIGTERM", cancel);
    process.off("SIGINT", cancel);
  }
}

// Wiring only: inputs -> configuration -> mode -> outputs and job summary. Side effects come in through
// `Deps`, so tests can run the whole flow with fakes.
import * as os from "node:os";
import * as path from "node:path";
import * as core from "@actions/core";
import { CleanupRegistry } from "./cleanup.js";
import { type Mode, readConfig } from "./inputs.js";
import { installMode } from "./modes/install.js";
import { validateMode } from "./modes/validate.js";
import { createHttp } from "./net/http.js";
import type { Effects, ModeContext } from "./run/context.js";
import { exec } from "./util/exec.js";
import { runnerClock } from "./util/retry.js";

export interface Deps extends Effects {
  getInput: (name: string) => string;
  saveState: (name: string, value: string) => void;
  getState: (name: string) => string;
  setFailed: (message: string) => void;
  /** Cancels the run like the runner's SIGTERM does (for tests; the signals are always handled). */
  cancel?: AbortSignal;
}

function defaultDeps(): Deps {
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
    setFailed: core.setFailed,
    mask: core.setSecret,
    getIDToken: (audience) => core.getIDToken(audience),
    // The parent session pulls in gRPC; loading it only when needed keeps start-up fast for install and validate.
    openParent: async (ctx, aws) => (await import("./run/parent-session.js")).openParentSession(ctx, aws),
    openSts: async (options) => (await import("./aws/sts.js")).sdkSts(options),
    http: createHttp(),
    exec,
    env: process.env,
    arch: process.arch,
    platform: process.platform,
    clock: runnerClock(process.env),
  };
}

function runnerDir(env: NodeJS.ProcessEnv, name: "RUNNER_TEMP" | "RUNNER_TOOL_CACHE"): string {
  return env[name] || path.join(os.tmpdir(), name === "RUNNER_TEMP" ? "runner-temp" : "runner-tool-cache");
}

const MODES: Record<Mode, (ctx: ModeContext) => Promise<unknown>> = {
  install: installMode,
  validate: validateMode,
  plan: async (ctx) => (await import("./modes/plan.js")).planMode(ctx),
  apply: async (ctx) => (await import("./modes/apply.js")).applyMode(ctx),
  sync: async (ctx) => (await import("./modes/apply.js")).syncMode(ctx),
  delete: async (ctx) => (await import("./modes/delete.js")).deleteMode(ctx),
  report: async (ctx) => (await import("./modes/report.js")).reportMode(ctx),
};

export async function run(overrides: Partial<Deps> = {}): Promise<void> {
  const deps = { ...defaultDeps(), ...overrides };
  // The runner sends SIGINT/SIGTERM on cancellation: stop child processes and waits, and let the post step
  // (which the runner still runs) remove what holds credentials.
  const controller = new AbortController();
  const cancel = (why: string) => {
    deps.log.warning(`${why}: stopping running tools and waits; the post step removes credentials`);
    controller.abort();
  };
  const onSignal = (signal: NodeJS.Signals) => cancel(`Received ${signal}`);
  const onCancel = () => cancel("Cancelled");
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  deps.cancel?.addEventListener("abort", onCancel, { once: true });
  try {
    const config = readConfig(deps.getInput, deps.env);
    deps.log.info(`teleport-workload-cluster-action: mode ${config.mode}`);
    const cleanup = new CleanupRegistry({ get: deps.getState, save: deps.saveState });
    const {
      getInput: _getInput,
      saveState: _saveState,
      getState: _getState,
      setFailed: _setFailed,
      cancel: _cancel,
      ...effects
    } = deps;
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
    deps.setFailed((error as Error).message || String(error));
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    deps.cancel?.removeEventListener("abort", onCancel);
  }
}

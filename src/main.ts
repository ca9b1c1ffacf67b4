// Wiring only: inputs -> configuration -> mode -> outputs and job summary. Side effects come in through
// `Deps`, so tests can run the whole flow with fakes.
import * as os from "node:os";
import * as path from "node:path";
import * as core from "@actions/core";
import * as exec from "@actions/exec";
import { type ActionConfig, InputError, readConfig } from "./inputs.js";
import { createHttp, type Http } from "./net/http.js";
import { toolEnvironment } from "./teleport/env.js";
import { type ExecResult, type InstallResult, installTools } from "./teleport/install.js";
import { describeTarget } from "./teleport/release.js";
import type { Logger } from "./util/log.js";

export interface Deps {
  getInput: (name: string) => string;
  setOutput: (name: string, value: string) => void;
  addPath: (dir: string) => void;
  log: Logger;
  writeSummary: (markdown: string) => Promise<void>;
  http: Http;
  exec: (file: string, args: string[]) => Promise<ExecResult>;
  env: NodeJS.ProcessEnv;
  arch: string;
  platform: string;
}

export function defaultDeps(): Deps {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: core.setOutput,
    addPath: core.addPath,
    log: { info: core.info, warning: core.warning, debug: core.debug },
    writeSummary: async (markdown) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
    },
    http: createHttp(),
    exec: async (file, args) =>
      exec.getExecOutput(file, args, {
        silent: true,
        ignoreReturnCode: true,
        env: toolEnvironment(process.env),
      }),
    env: process.env,
    arch: process.arch,
    platform: process.platform,
  };
}

export async function run(overrides: Partial<Deps> = {}): Promise<void> {
  const deps = { ...defaultDeps(), ...overrides };
  try {
    const config = readConfig(deps.getInput);
    deps.log.info(`teleport-workload-cluster-action: mode ${config.mode}`);
    switch (config.mode) {
      case "install":
        await runInstall(config, deps);
        break;
    }
  } catch (error) {
    const message = error instanceof InputError ? error.message : (error as Error).message;
    core.setFailed(message);
  }
}

function runnerDir(env: NodeJS.ProcessEnv, name: "RUNNER_TEMP" | "RUNNER_TOOL_CACHE"): string {
  const value = env[name];
  if (value) return value;
  return path.join(os.tmpdir(), name === "RUNNER_TEMP" ? "runner-temp" : "runner-tool-cache");
}

async function runInstall(config: ActionConfig, deps: Deps): Promise<InstallResult> {
  const result = await installTools(config.install, {
    http: deps.http,
    exec: deps.exec,
    toolCacheRoot: runnerDir(deps.env, "RUNNER_TOOL_CACHE"),
    tempDir: runnerDir(deps.env, "RUNNER_TEMP"),
    arch: deps.arch,
    platform: deps.platform,
    log: deps.log,
  });
  deps.addPath(result.toolDir);
  deps.setOutput("teleport-version", result.target.version);
  deps.setOutput("tctl-path", result.tctlPath);
  deps.setOutput("tbot-path", result.tbotPath);
  deps.setOutput("cache-hit", String(result.cacheHit));
  await deps.writeSummary(
    [
      "### Teleport tools",
      "",
      "| tool | version | path | source |",
      "| --- | --- | --- | --- |",
      ...(["tctl", "tbot"] as const).map(
        (t) =>
          `| ${t} | ${result.target.version} | \`${t === "tctl" ? result.tctlPath : result.tbotPath}\` | ${result.cacheHit ? "tool cache" : "downloaded, SHA-256 verified"} |`,
      ),
      "",
      `${describeTarget(result.target)}`,
      "",
    ].join("\n"),
  );
  return result;
}

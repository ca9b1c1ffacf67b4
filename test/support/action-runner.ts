// Runs the bundled action the way the GitHub runner does: `node dist/main/index.js` with inputs as
// INPUT_<NAME> (upper-cased, hyphens kept), action.yml defaults filled in for inputs not given, and the
// runner's file commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_PATH, GITHUB_ENV, GITHUB_STEP_SUMMARY) in a
// temporary directory; then the post entry point with the state the main step saved.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

/**
 * Divides every backoff and poll wait of the bundled action by 20 (the test-only switch in
 * src/util/retry.ts `runnerClock`), for tests of retries that would otherwise sit out real seconds.
 */
export const FAST_WAITS = { WORKLOAD_CLUSTER_ACTION_TEST_TIME_SCALE: "20" } as const;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

interface ActionYml {
  inputs: Record<string, { default?: string; description: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string };
}

export function loadActionYml(): ActionYml {
  return parseYaml(fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as ActionYml;
}

export interface StepResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  path: string[];
  exportedEnv: Record<string, string>;
  durationMs: number;
  /** From spawning node to the first byte on stdout (the action's first log line). */
  firstOutputMs: number;
}

/** Parses the runner's file-command format: `name<<DELIM\nvalue\nDELIM` blocks or `name=value` lines. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = line.match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

export interface RunnerOptions {
  /** Environment beyond the runner's own variables (e.g. NODE_EXTRA_CA_CERTS, HTTPS_PROXY). */
  env?: Record<string, string>;
  /** Shared RUNNER_TOOL_CACHE, to test cache hits across runners/jobs. */
  toolCache?: string;
  timeoutMs?: number;
  /** The node binary that runs the bundle (e.g. a Node 24 binary). */
  node?: string;
}

export interface StopOptions {
  cancelAfterMs?: number;
  killWhen?: Promise<NodeJS.Signals>;
}

/** One job on one runner: steps share RUNNER_TEMP and RUNNER_TOOL_CACHE, like a real job. */
export class ActionRunner {
  readonly root: string;
  readonly temp: string;
  readonly toolCache: string;
  readonly workspace: string;
  /** Saved state of each main step whose post step has not run yet (the runner keeps state per step). */
  private pendingPosts: Record<string, string>[] = [];
  private step = 0;

  constructor(private readonly options: RunnerOptions = {}) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), "action-run-"));
    this.temp = path.join(this.root, "runner-temp");
    this.toolCache = options.toolCache ?? path.join(this.root, "tool-cache");
    this.workspace = path.join(this.root, "workspace");
    for (const d of [this.temp, this.toolCache, this.workspace]) fs.mkdirSync(d, { recursive: true });
  }

  /**
   * `cancelAfterMs` sends SIGTERM then, as the runner does when a workflow run is cancelled; `killWhen`
   * sends the signal it resolves with (SIGKILL: a lost runner) at a moment the test chooses.
   */
  async runMain(
    inputs: Record<string, string>,
    env: Record<string, string> = {},
    options: StopOptions = {},
  ): Promise<StepResult> {
    const result = await this.runEntry(loadActionYml().runs.main, inputs, env, undefined, options);
    this.pendingPosts.push(result.state);
    return result;
  }

  /**
   * The post steps of every main step run so far, last first, each with the state its own main step saved,
   * as the runner does at the end of the job. Returns them combined: the highest exit code, all output.
   */
  async runPost(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<StepResult> {
    const post = loadActionYml().runs.post;
    if (!post) throw new Error("action.yml declares no post entry point");
    const results: StepResult[] = [];
    while (this.pendingPosts.length) {
      results.push(await this.runEntry(post, inputs, env, this.pendingPosts.pop()!));
    }
    if (!results.length) results.push(await this.runEntry(post, inputs, env, {}));
    return {
      ...results.at(-1)!,
      exitCode: Math.max(...results.map((r) => r.exitCode ?? 1)),
      stdout: results.map((r) => r.stdout).join(""),
      stderr: results.map((r) => r.stderr).join(""),
      durationMs: results.reduce((t, r) => t + r.durationMs, 0),
    };
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private async runEntry(
    entry: string,
    inputs: Record<string, string>,
    extraEnv: Record<string, string>,
    /** For a post step: the state its main step saved. */
    savedState?: Record<string, string>,
    { cancelAfterMs, killWhen }: StopOptions = {},
  ): Promise<StepResult> {
    const action = loadActionYml();
    const stepDir = path.join(this.root, `step-${++this.step}`);
    fs.mkdirSync(stepDir);
    const files = {
      GITHUB_OUTPUT: path.join(stepDir, "output"),
      GITHUB_STATE: path.join(stepDir, "state"),
      GITHUB_PATH: path.join(stepDir, "path"),
      GITHUB_ENV: path.join(stepDir, "env"),
      GITHUB_STEP_SUMMARY: path.join(stepDir, "summary"),
    };
    for (const f of Object.values(files)) fs.writeFileSync(f, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? this.root,
      GITHUB_ACTIONS: "true",
      CI: "true",
      RUNNER_OS: "Linux",
      RUNNER_ARCH: process.arch === "arm64" ? "ARM64" : "X64",
      RUNNER_TEMP: this.temp,
      RUNNER_TOOL_CACHE: this.toolCache,
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_REPOSITORY: "example-org/tenants",
      ...files,
      ...this.options.env,
      ...extraEnv,
    };
    for (const [name, spec] of Object.entries(action.inputs)) {
      const value = inputs[name] ?? spec.default ?? "";
      env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
    }
    for (const name of Object.keys(inputs)) {
      if (!(name in action.inputs))
        throw new Error(`test passes input "${name}", which action.yml does not declare`);
    }
    for (const [k, v] of Object.entries(savedState ?? {})) env[`STATE_${k}`] = v;

    const started = Date.now();
    let firstOutputAt = 0;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(this.options.node ?? process.execPath, [path.join(REPO_ROOT, entry)], {
          cwd: this.workspace,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => {
          firstOutputAt ||= Date.now();
          stdout += d;
        });
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), this.options.timeoutMs ?? 120_000);
        const cancel =
          cancelAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGTERM"), cancelAfterMs);
        void killWhen?.then((signal) => child.exitCode === null && child.kill(signal));
        child.on("error", reject);
        child.on("close", (code) => {
          clearTimeout(timer);
          clearTimeout(cancel);
          resolve({ code, stdout, stderr });
        });
      },
    );
    const read = (f: string) => fs.readFileSync(f, "utf8");
    const state = parseFileCommands(read(files.GITHUB_STATE));
    return {
      exitCode: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
      state,
      summary: read(files.GITHUB_STEP_SUMMARY),
      path: read(files.GITHUB_PATH).split("\n").filter(Boolean),
      exportedEnv: parseFileCommands(read(files.GITHUB_ENV)),
      durationMs: Date.now() - started,
      firstOutputMs: firstOutputAt ? firstOutputAt - started : Number.NaN,
    };
  }
}

/** Every file below a directory, for checks that nothing was left behind. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

// Test helpers: run the stand-ins either as the built executables (child processes, bounded by a
// timeout) or in-process with the same command line, environment and stdin.
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildToolBinaries } from "./build.js";
import type { ToolIo } from "./common/io.js";
import { runTbot } from "./tbot.js";
import { runTctl } from "./tctl.js";

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
  /** In-process runs: the build the stand-in pretends to be (default 17.3.4 Enterprise). */
  version?: string;
}

/** Writes the built executables the way the tarball builder does: `<dir>/teleport-ent/{tctl,tbot}`, 0755. */
export async function installTools(
  opts: { version: string; edition: "ent" | "oss"; fips?: boolean; settingsFile?: string },
  parent?: string,
) {
  const dir = await mkdtemp(join(parent ?? tmpdir(), "sim-tools-"));
  const binaries = await buildToolBinaries(opts);
  const bin = join(dir, opts.edition === "ent" ? "teleport-ent" : "teleport");
  await mkdir(bin);
  const tctl = join(bin, "tctl");
  const tbot = join(bin, "tbot");
  await writeFile(tctl, binaries.tctl, { mode: 0o755 });
  await writeFile(tbot, binaries.tbot, { mode: 0o755 });
  await chmod(tctl, 0o755);
  await chmod(tbot, 0o755);
  return { dir, tctl, tbot };
}

/** The environment of a clean runner: PATH (for `#!/usr/bin/env node`) and HOME only. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { PATH: process.env["PATH"], HOME: process.env["HOME"] ?? tmpdir(), ...extra };
}

/** Runs an executable file directly (its shebang picks node), with a hard timeout. */
export function runExecutable(path: string, args: string[], options: RunOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(
      Object.entries(options.env ?? baseEnv()).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const child = spawn(path, args, { env, cwd: options.cwd ?? tmpdir(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${path} ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Runs a stand-in in this process (fast path for detailed checks). */
export async function runInProcess(
  tool: "tctl" | "tbot",
  args: string[],
  options: RunOptions = {},
): Promise<ToolResult> {
  let stdout = "";
  let stderr = "";
  const io: ToolIo = {
    argv: args,
    env: options.env ?? baseEnv(),
    stdout: {
      write: (text) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
    readStdin: async () => options.input ?? "",
    nowMs: () => Date.now(),
    cwd: options.cwd ?? tmpdir(),
    execPath: `/usr/local/bin/${tool}`,
  };
  const stamp = { version: options.version ?? "17.3.4", edition: "ent" as const, fips: false };
  const code = tool === "tctl" ? await runTctl(io, stamp) : await runTbot(io, stamp);
  return { code, stdout, stderr };
}

/** stderr without ANSI colour codes. */
export const plain = (text: string) =>
  text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");

// Runs a program and collects its output, stopping it when the action is cancelled (the runner sends
// SIGTERM/SIGINT to the action, and nothing else stops a child that is still waiting on the network).
import { spawn } from "node:child_process";

interface ExecOptions {
  env?: Record<string, string>;
  /**
   * Standard input. A promise is written once it settles, so a process can start (and connect) before
   * its input is known; settled to undefined (or rejected), the process is stopped instead.
   */
  input?: string | Promise<string | undefined>;
  signal?: AbortSignal;
  timeoutMs?: number;
  cwd?: string;
}

export interface ExecResult {
  /** null when the process was ended by a signal it did not get from us (see `signal`). */
  exitCode: number | null;
  /** The signal that ended the process, when one did. */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
}

export type Exec = (file: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

/** The process ran longer than `timeoutMs` and was stopped; it may have done part of its work. */
export class ExecTimeoutError extends Error {
  override name = "ExecTimeoutError";
  constructor(
    readonly file: string,
    readonly timeoutMs: number,
  ) {
    super(`${file} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`);
  }
}

/** The action was cancelled and the process stopped with it. */
export class ExecCancelledError extends Error {
  override name = "ExecCancelledError";
  constructor(readonly file: string) {
    super(`${file} was stopped: the run was cancelled`);
  }
}

/** A process started ahead of its input was stopped because the input was withdrawn: it did nothing. */
export class ExecInputWithdrawnError extends Error {
  override name = "ExecInputWithdrawnError";
  constructor(readonly file: string) {
    super(`${file} was stopped before it was given its input`);
  }
}

function feed(
  child: { stdin: NodeJS.WritableStream },
  input: ExecOptions["input"],
  withdrawn: () => void,
): void {
  if (typeof input !== "object") {
    child.stdin.end(input ?? "");
    return;
  }
  input.then(
    (text) => (text === undefined ? withdrawn() : child.stdin.end(text)),
    () => withdrawn(),
  );
}

export const exec: Exec = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ExecCancelledError(file));
      return;
    }
    const child = spawn(file, args, {
      env: options.env ?? (process.env as Record<string, string>),
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = "";
    let stderr = "";
    let stoppedBy: Error | undefined;
    const stop = (why: Error) => {
      stoppedBy = why;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    };
    const onAbort = () => stop(new ExecCancelledError(file));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = options.timeoutMs
      ? setTimeout(() => stop(new ExecTimeoutError(file, options.timeoutMs!)), options.timeoutMs)
      : undefined;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.stdin.on("error", () => {});
    feed(child, options.input, () => stop(new ExecInputWithdrawnError(file)));
    const settle = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    child.on("error", (error) => {
      settle();
      reject(error);
    });
    // A stopped process may leave children that hold its pipes open, so 'close' could be late: its exit
    // is enough, as its output no longer matters.
    child.on("exit", () => {
      if (!stoppedBy) return;
      settle();
      child.stdout.destroy();
      child.stderr.destroy();
      reject(stoppedBy);
    });
    child.on("close", (code, signal) => {
      settle();
      if (stoppedBy) reject(stoppedBy);
      // A death by signal is not an exit code: `code` is null then, and callers report it as such.
      else resolve({ exitCode: code, ...(signal ? { signal } : {}), stdout, stderr });
    });
  });

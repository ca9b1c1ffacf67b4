// What a stand-in needs from its process, passed in so tests can run the tools in-process.
import { beginInvocation } from "./tool-settings.js";
import type { Writer } from "./trace.js";

export interface ToolIo {
  argv: string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: Writer;
  stderr: Writer;
  /** The whole of standard input (read only when a command needs it). */
  readStdin(): Promise<string>;
  nowMs(): number;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: a long-running tbot stops renewing and exits. */
  stop?: AbortSignal;
  /** Path of the running executable (tbot writes it into ssh_config). */
  execPath?: string;
}

/** The real process, for the bundled executables. */
export function processIo(options: { handleSignals?: boolean } = {}): ToolIo {
  const stop = new AbortController();
  if (options.handleSignals) {
    process.once("SIGINT", () => stop.abort());
    process.once("SIGTERM", () => stop.abort());
  }
  return {
    stop: stop.signal,
    execPath: process.argv[1] ?? "tbot",
    argv: process.argv.slice(2),
    env: process.env,
    stdout: { write: (text) => void process.stdout.write(text) },
    stderr: { write: (text) => void process.stderr.write(text) },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    nowMs: () => Date.now(),
    cwd: process.cwd(),
  };
}

/**
 * Runs a tool's main and exits with its code once stdout and stderr have drained. The process first logs
 * itself and waits the simulator's extra start-up (tool-settings.ts).
 */
export function runAsProcess(
  main: (io: ToolIo) => Promise<number>,
  options: { handleSignals?: boolean; tool: "tctl" | "tbot" },
): void {
  const io = processIo(options);
  beginInvocation(options.tool, io.argv).then(
    (end) => run(main, io, end),
    () => run(main, io, () => {}),
  );
}

function run(main: (io: ToolIo) => Promise<number>, io: ToolIo, end: (code: number) => void): void {
  main(io).then(
    (code) => {
      end(code);
      process.exitCode = code;
      // Open handles (gRPC channels, timers) must not keep a finished command alive.
      const drain = () => process.exit(code);
      if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) setImmediate(drain);
      else process.stdout.write("", () => process.stderr.write("", drain));
    },
    (err: unknown) => {
      end(2);
      process.stderr.write(`stand-in crashed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    },
  );
}

// The simulator's hold on its stand-in processes: a settings file whose path the CDN stamps into each
// executable (tools/build.ts). It gives the extra start-up a process waits before it runs (a real tctl or
// tbot pays its Go runtime and client set-up, which a Node stand-in does not resemble), and the file every
// process appends itself to, so the simulator counts processes whatever the client does. Unstamped (test)
// runs and a missing or unreadable file change nothing.
import { appendFileSync, readFileSync } from "node:fs";

export const SETTINGS_PLACEHOLDER = "__SIM_STAMP_TOOL_SETTINGS_0d6c1f__";

interface ToolSettings {
  /** Extra ms before the process runs, per tool. */
  startupMs: { tctl: number; tbot: number };
  /** JSON lines: one `start` and one `end` record per process. */
  log: string;
}

function settingsPath(): string | undefined {
  const path: string = SETTINGS_PLACEHOLDER;
  return path.startsWith("__SIM_STAMP") ? undefined : path;
}

function readToolSettings(path: string | undefined = settingsPath()): ToolSettings | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ToolSettings;
  } catch {
    return undefined;
  }
}

// Global flags that take a value as the next argument (tctl: B10; tbot: its config and proxy flags).
const VALUE_FLAGS = new Set(["-c", "--config", "--config-string", "--auth-server", "-i", "--identity"]);
const TWO_WORD = new Set(["users", "bots", "tokens"]);

/** The command words of a command line: `get`, `users add`, `start`. */
function commandWords(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("-")) {
      if (VALUE_FLAGS.has(arg)) i++;
      continue;
    }
    words.push(arg);
    if (!TWO_WORD.has(words[0]!)) break;
  }
  return words.join(" ");
}

function flagValue(argv: readonly string[], flag: string): string {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1] ?? "";
    if (argv[i]!.startsWith(`${flag}=`)) return argv[i]!.slice(flag.length + 1);
  }
  return "";
}

/**
 * Logs this process's start, waits the extra start-up, and returns the function that logs its end.
 * Only command words and the server address are logged: never stdin, never a file's contents.
 */
export async function beginInvocation(
  tool: "tctl" | "tbot",
  argv: readonly string[],
): Promise<(exitCode: number) => void> {
  const settings = readToolSettings();
  if (!settings) return () => {};
  const record = (entry: Record<string, unknown>) => {
    try {
      appendFileSync(settings.log, `${JSON.stringify({ ...entry, pid: process.pid })}\n`);
    } catch {
      // The simulator stopped: nothing to count for.
    }
  };
  const server = flagValue(argv, "--auth-server") || flagValue(argv, "--proxy-server");
  record({ event: "start", tool, command: commandWords(argv), server, startMs: Date.now() });
  const wait = settings.startupMs?.[tool] ?? 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return (exitCode) => {
    // The process's own CPU time: what the stand-in cost the machine, beside what it modelled.
    const cpu = process.cpuUsage();
    record({ event: "end", endMs: Date.now(), exitCode, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
  };
}

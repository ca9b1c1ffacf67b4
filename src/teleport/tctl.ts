// A typed tctl runner: global flags, the tool environment, and tctl's `ERROR:` output turned into
// TeleportApiError. The process runner is injected so tests can replace it.
// fact: tctl-facts.md §1 "How errors reach the terminal": stderr, exit code 1, `ERROR: ` in red ANSI whether
// or not stderr is a TTY, then the trace user message: the outermost message first, each inner message on
// its own line with one more tab. §4: global flags `--auth-server` (may be a proxy address) and `-i`.
import { TeleportApiError, type TeleportErrorKind } from "../provision/parent-api.js";
import { toolEnvironment } from "./env.js";
import { formatProxyAddress, type ProxyAddress } from "./webapi.js";

export interface TctlExecResult {
  /** null when the process ended by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export type TctlExec = (
  file: string,
  args: string[],
  options: { env: Record<string, string>; input?: string; signal?: AbortSignal; timeoutMs?: number },
) => Promise<TctlExecResult>;

export interface TctlOptions {
  tctlPath: string;
  /** Passed as `--auth-server host:port`: tctl reaches Auth through the proxy with TLS routing. */
  proxy: ProxyAddress;
  identityFile: string;
  exec: TctlExec;
  /** The environment to derive tctl's from (TELEPORT_* removed, self-update off). */
  env: NodeJS.ProcessEnv;
  /** Stops a running tctl when the action is cancelled. */
  signal?: AbortSignal;
  /** Per-command limit, handed to exec. Default 2 minutes. */
  timeoutMs?: number;
}

export interface TctlRunOptions {
  input?: string;
  /** The command changes state: a lost answer leaves its outcome unknown. */
  write?: boolean;
}

// CSI sequences (colours, cursor) and OSC sequences (titles, links).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * The trace messages of tctl's error output, outermost first, or undefined when stderr has no `ERROR:`
 * line (a crash, or a program that is not tctl). Continuation lines without a tab belong to the message
 * above them (some messages span lines, e.g. `tctl rm` without a name).
 */
export function parseTctlError(stderr: string): string[] | undefined {
  const lines = stripAnsi(stderr).replace(/\r\n/g, "\n").split("\n");
  const start = lines.findIndex((line) => line.startsWith("ERROR: "));
  if (start < 0) return undefined;
  const messages = [lines[start]!.slice("ERROR: ".length)];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("\t")) messages.push(line.replace(/^\t+/, ""));
    else if (line.trim() !== "") messages[messages.length - 1] += `\n${line}`;
  }
  return messages.map((m) => m.trimEnd());
}

export const TCTL_TOO_OLD_HINT =
  "the installed tctl does not know the workload_cluster resource: it is older than the Teleport release that added workload clusters";

interface Rule {
  test: RegExp;
  kind: TeleportErrorKind;
  transient: boolean;
  /** The failure happened before any request left (no outcome to doubt). */
  beforeRequest?: boolean;
  hint?: string;
}

/** Checked in order against every message; the first rule that matches any message decides. */
const RULES: Rule[] = [
  // fact: tctl-facts.md §1 "Aliases": a tctl without support says `unsupported resource: "workload_clusters"`.
  {
    test: /unsupported resource: "workload_clusters?"/,
    kind: "NotImplemented",
    transient: false,
    beforeRequest: true,
    hint: TCTL_TOO_OLD_HINT,
  },
  // fact: tctl-facts.md §1: a kind with no handler -> `creating resources of type "<kind>" is not supported`.
  {
    test: /creating resources of type "workload_cluster" is not supported/,
    kind: "NotImplemented",
    transient: false,
    beforeRequest: true,
    hint: TCTL_TOO_OLD_HINT,
  },
  // fact: tctl-facts.md §4: `Cannot connect to the auth server. Is the auth server running on "<addr>"?`
  {
    test: /Cannot connect to the auth server/i,
    kind: "ConnectionProblem",
    transient: true,
    beforeRequest: true,
  },
  // fact: tctl-facts.md §1: ConnectionProblem `workload clusters API is only available to users`: a refusal.
  { test: /only available to users/, kind: "ConnectionProblem", transient: false },
  // fact: tctl-facts.md §1: the entitlement refusal is AccessDenied.
  { test: /WorkloadClusters feature/, kind: "AccessDenied", transient: false },
  // fact: tctl-facts.md §4: `your credentials have expired, please login using `tsh login``.
  { test: /credentials have expired/, kind: "AccessDenied", transient: false, beforeRequest: true },
  { test: /access denied|not authorized|permission denied|\bMFA\b/i, kind: "AccessDenied", transient: false },
  // fact: tctl-facts.md §1/§3: `... already exists`, `user "<n>" already registered`.
  { test: /already exists|already registered/, kind: "AlreadyExists", transient: false },
  // fact: tctl-facts.md §1/§2/§4: `workload_cluster "x" doesn't exist`, `role x is not found`, `user "x" not found`.
  { test: /not found|doesn't exist|does not exist/i, kind: "NotFound", transient: false },
  {
    test: /revision does not match|concurrently modified|compare failed/i,
    kind: "CompareFailed",
    transient: false,
  },
  // fact: teleport-connection.md §3.2: before Teleport's Cloud client is ready.
  { test: /unable to communicate with the Teleport Cloud API/, kind: "ConnectionProblem", transient: true },
  { test: /deadline exceeded|i\/o timeout|timed out/i, kind: "DeadlineExceeded", transient: true },
  {
    test: /connection refused|connection reset|broken pipe|\bEOF\b|transport is closing|unavailable|no route to host|network is unreachable|handshake timeout/i,
    kind: "ConnectionProblem",
    transient: true,
  },
  { test: /rate limit|too many requests|limit exceeded/i, kind: "LimitExceeded", transient: true },
  {
    test: /is required|not supported|immutable|invalid|must be|only name and revision|no resources found|provide a full resource name/i,
    kind: "BadParameter",
    transient: false,
  },
];

/** Turns tctl's messages (outermost first) into a TeleportApiError. */
export function classifyTctlError(messages: string[], context: { write: boolean }): TeleportApiError {
  const text = messages.join(": ");
  const rule = RULES.find((r) => messages.some((m) => r.test.test(m)));
  if (!rule) return new TeleportApiError("Unknown", text, false, false);
  const message = rule.hint ? `${text} (${rule.hint})` : text;
  const outcomeUnknown = context.write && rule.transient && !rule.beforeRequest;
  return new TeleportApiError(rule.kind, message, rule.transient, outcomeUnknown);
}

export class Tctl {
  constructor(private readonly options: TctlOptions) {}

  get path(): string {
    return this.options.tctlPath;
  }

  /** Global flags first, where tctl's parser accepts them for every command. */
  globalArgs(): string[] {
    return ["--auth-server", formatProxyAddress(this.options.proxy), "-i", this.options.identityFile];
  }

  /** Runs `tctl <global flags> <args>`; a non-zero exit becomes a TeleportApiError. */
  async run(args: string[], options: TctlRunOptions = {}): Promise<{ stdout: string; stderr: string }> {
    const argv = [...this.globalArgs(), ...args];
    const command = `tctl ${args.join(" ")}`;
    const { signal } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    let result: TctlExecResult;
    try {
      result = await this.options.exec(this.options.tctlPath, argv, {
        env: toolEnvironment(this.options.env),
        timeoutMs,
        ...(signal ? { signal } : {}),
        ...(options.input !== undefined ? { input: options.input } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (/timed out/i.test((error as Error).message)) {
        throw new TeleportApiError(
          "DeadlineExceeded",
          `${command} did not finish within ${Math.round(timeoutMs / 1000)} s`,
          true,
          options.write === true,
        );
      }
      throw new Error(`Could not run tctl (${this.options.tctlPath}): ${(error as Error).message}`);
    }
    if (result.exitCode === 0) return { stdout: result.stdout, stderr: result.stderr };
    if (result.exitCode === null) {
      throw new TeleportApiError(
        "ConnectionProblem",
        `${command} was stopped by a signal before it finished`,
        true,
        options.write === true,
      );
    }
    const messages = parseTctlError(result.stderr);
    if (!messages) {
      const tail = stripAnsi(result.stderr).trim().split("\n").slice(-3).join(" ").trim();
      throw new TeleportApiError(
        "Unknown",
        `${command} exited with code ${result.exitCode}${tail ? `: ${tail}` : " and printed no error"}`,
        false,
        false,
      );
    }
    throw classifyTctlError(messages, { write: options.write === true });
  }
}

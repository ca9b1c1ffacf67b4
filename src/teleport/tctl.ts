// A typed tctl runner: global flags, the tool environment, and tctl's `ERROR:` output turned into
// TeleportApiError. The process runner is injected so tests can replace it.
// fact: B3: stderr, exit code 1, `ERROR: ` in red ANSI whether
// or not stderr is a TTY, then the trace user message: the outermost message first, each inner message on
// its own line with one more tab. B10: global flags `--auth-server` (may be a proxy address) and `-i`.

import { TeleportApiError, type TeleportErrorKind } from "../core/errors.js";
import {
  type Exec,
  ExecCancelledError,
  ExecInputWithdrawnError,
  type ExecResult,
  ExecTimeoutError,
} from "../util/exec.js";
import { toolEnvironment } from "./env.js";
import { formatProxyAddress, type ProxyAddress } from "./webapi.js";

export interface TctlOptions {
  tctlPath: string;
  /** Passed as `--auth-server host:port`: tctl reaches Auth through the proxy with TLS routing. */
  proxy: ProxyAddress;
  identityFile: string;
  exec: Exec;
  /** The environment to derive tctl's from (TELEPORT_* removed, self-update off). */
  env: NodeJS.ProcessEnv;
  /** Stops a running tctl when the action is cancelled. */
  signal?: AbortSignal;
  /** Per-command limit, handed to exec. Default 2 minutes. */
  timeoutMs?: number;
  /** How long writes may still run once `signal` aborted; default WRITE_GRACE_MS. */
  writeGraceMs?: number;
}

/**
 * After a cancel, writes run at most this long: the runner kills the step 10 s after its first signal
 * (B86), and the lease release and the post step need the rest. A write stopped then may have been
 * committed in part; the next run recognises its objects by their applied-hash label.
 */
const WRITE_GRACE_MS = 5_000;

export interface TctlRunOptions {
  /** Standard input; a promise lets tctl start and connect before it is known (exec.ts). */
  input?: string | Promise<string | undefined>;
  /** The command changes state: a lost answer leaves its outcome unknown. */
  write?: boolean;
  /** The caller's own error rules (texts of its resource kind), checked before the common ones. */
  rules?: readonly TctlErrorRule[];
  /** Names of the objects the command is about, which Teleport's messages quote (see classifyTctlError). */
  names?: readonly string[];
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

export interface TctlErrorRule {
  test: RegExp;
  kind: TeleportErrorKind;
  transient: boolean;
  /** The failure happened before any request left (no outcome to doubt). */
  beforeRequest?: boolean;
  hint?: string;
}

/**
 * The rules every caller shares, checked in order against every message after the caller's own; the first
 * rule that matches any message decides.
 */
const COMMON_RULES: readonly TctlErrorRule[] = [
  // fact: B10: `Cannot connect to the auth server. Is the auth server running on "<addr>"?`
  {
    test: /Cannot connect to the auth server/i,
    kind: "ConnectionProblem",
    transient: true,
    beforeRequest: true,
  },
  // fact: B10: `your credentials have expired, please login using `tsh login``.
  { test: /credentials have expired/, kind: "AccessDenied", transient: false, beforeRequest: true },
  { test: /access denied|not authorized|permission denied|\bMFA\b/i, kind: "AccessDenied", transient: false },
  // fact: B4/B48: `... already exists`, `user "<n>" already registered`.
  { test: /already exists|already registered/, kind: "AlreadyExists", transient: false },
  // fact: B15, B5, B9: `workload_cluster "x" doesn't exist`, `role x is not found`, `user "x" not found`.
  { test: /not found|doesn't exist|does not exist/i, kind: "NotFound", transient: false },
  {
    test: /revision does not match|concurrently modified|compare failed/i,
    kind: "CompareFailed",
    transient: false,
  },
  // fact: B17: before Teleport's Cloud client is ready.
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

/** Turns tctl's messages (outermost first) into a TeleportApiError: the caller's rules first, then the common ones. */
export function classifyTctlError(
  messages: string[],
  context: { write: boolean; rules?: readonly TctlErrorRule[]; names?: readonly string[] },
): TeleportApiError {
  const text = messages.join(": ");
  const rules = [...(context.rules ?? []), ...COMMON_RULES];
  // A message quotes the object it is about, and a name such as "mfa-reviewers" or "invalid-logins" must
  // not decide what kind of error it is: the rules see each name replaced by a placeholder.
  const probes = messages.map((m) => withoutNames(m, context.names ?? []));
  const rule = rules.find((r) => probes.some((m) => r.test.test(m)));
  if (!rule) return new TeleportApiError("Unknown", text, false, false);
  const message = rule.hint ? `${text} (${rule.hint})` : text;
  const outcomeUnknown = context.write && rule.transient && !rule.beforeRequest;
  return new TeleportApiError(rule.kind, message, rule.transient, outcomeUnknown);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `message` with each of `names` replaced where Teleport's texts put a name: quoted, or after a kind. */
function withoutNames(message: string, names: readonly string[]): string {
  let out = message;
  for (const name of [...names].filter(Boolean).sort((a, b) => b.length - a.length)) {
    const quoted = new RegExp(`"${escapeRegExp(name)}"`, "g");
    const afterKind = new RegExp(`\\b(role|user|workload_cluster) ${escapeRegExp(name)}(?= |$)`, "g");
    out = out.replace(quoted, '"<name>"').replace(afterKind, "$1 <name>");
  }
  return out;
}

export class Tctl {
  /** Aborts WRITE_GRACE_MS after `signal` does: one deadline for every write after the cancel. */
  private readonly grace?: AbortSignal;

  constructor(private readonly options: TctlOptions) {
    const { signal } = options;
    if (!signal) return;
    const controller = new AbortController();
    const start = () => {
      setTimeout(() => controller.abort(), options.writeGraceMs ?? WRITE_GRACE_MS).unref();
    };
    if (signal.aborted) start();
    else signal.addEventListener("abort", start, { once: true });
    this.grace = controller.signal;
  }

  get path(): string {
    return this.options.tctlPath;
  }

  /** The run was cancelled: a process started ahead of its input is given none. */
  get cancelled(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** Global flags first, where tctl's parser accepts them for every command. */
  globalArgs(): string[] {
    return ["--auth-server", formatProxyAddress(this.options.proxy), "-i", this.options.identityFile];
  }

  /** Runs `tctl <global flags> <args>`; a non-zero exit becomes a TeleportApiError. */
  async run(args: string[], options: TctlRunOptions = {}): Promise<{ stdout: string; stderr: string }> {
    const result = await this.attempt(args, options);
    if (result.error) throw result.error;
    return result;
  }

  /**
   * Runs tctl and returns what it printed also when it failed: a multi-document `create` confirms each
   * document it applied on stdout before the error that stopped it (fact B2).
   */
  async attempt(
    args: string[],
    options: TctlRunOptions = {},
  ): Promise<{ stdout: string; stderr: string; error?: TeleportApiError }> {
    const argv = [...this.globalArgs(), ...args];
    const command = `tctl ${args.join(" ")}`;
    const write = options.write === true;
    const { signal } = this.options;
    let result: ExecResult;
    try {
      result = await this.options.exec(this.options.tctlPath, argv, {
        env: toolEnvironment(this.options.env),
        timeoutMs: this.options.timeoutMs ?? 120_000,
        // A write in flight on cancellation runs on for the grace period: killed half-way, its answer would
        // be lost although Teleport may have committed it. Reads stop at once.
        ...(signal ? { signal: write ? this.grace : signal } : {}),
        ...(options.input !== undefined ? { input: options.input } : {}),
      });
    } catch (error) {
      if (error instanceof ExecCancelledError || error instanceof ExecInputWithdrawnError || signal?.aborted)
        throw error;
      if (error instanceof ExecTimeoutError) {
        throw new TeleportApiError(
          "DeadlineExceeded",
          `${command} did not finish within ${Math.round(error.timeoutMs / 1000)} s`,
          true,
          write,
        );
      }
      throw new Error(`Could not run tctl (${this.options.tctlPath}): ${(error as Error).message}`);
    }
    const { stdout, stderr } = result;
    if (result.exitCode === 0) return { stdout, stderr };
    if (result.exitCode === null) {
      const error = new TeleportApiError(
        "ConnectionProblem",
        `${command} was killed by ${result.signal ?? "a signal"} before it finished`,
        true,
        write,
      );
      return { stdout, stderr, error };
    }
    const messages = parseTctlError(stderr);
    if (!messages) {
      const tail = stripAnsi(stderr).trim().split("\n").slice(-3).join(" ").trim();
      const error = new TeleportApiError(
        "Unknown",
        `${command} exited with code ${result.exitCode}${tail ? `: ${tail}` : " and printed no error"}`,
        false,
        false,
      );
      return { stdout, stderr, error };
    }
    return {
      stdout,
      stderr,
      error: classifyTctlError(messages, {
        write,
        ...(options.rules ? { rules: options.rules } : {}),
        ...(options.names ? { names: options.names } : {}),
      }),
    };
  }

  /**
   * `tctl get <refs> --format=json`, each element of the printed array turned into `T` by `parse`.
   * fact: B5: JSON output is always an array (`[]` when nothing matches).
   */
  async get<T>(
    refs: string,
    parse: (item: unknown) => T,
    options: Pick<TctlRunOptions, "rules"> = {},
  ): Promise<T[]> {
    const { stdout } = await this.run(["get", refs, "--format=json"], options);
    const command = `tctl get ${refs}`;
    let value: unknown;
    try {
      value = JSON.parse(stdout);
    } catch {
      throw new TeleportApiError("Unknown", `${command} did not print JSON`, false);
    }
    if (!Array.isArray(value))
      throw new TeleportApiError("Unknown", `${command} did not print a JSON array`, false);
    return value.map(parse);
  }
}

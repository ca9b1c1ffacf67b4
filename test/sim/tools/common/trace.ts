// Errors the stand-ins raise and print the way gravitational/trace and Teleport's utils.FatalError do.
// fact: B3; B18 (trace <-> gRPC codes).
import { SimError, type TraceKind } from "../../common/errors.js";

/** A trace error: one kind, and the messages of every wrap, outermost first. */
export class TraceError extends Error {
  readonly kind: TraceKind;
  /** Outermost message first; the last entry is the original error's message. */
  readonly messages: readonly string[];
  /** Extra detail shown only in the --debug report (never secrets). */
  readonly debugDetail: string | undefined;

  constructor(kind: TraceKind, messages: readonly string[], debugDetail?: string) {
    super(messages.join(": "));
    this.name = "TraceError";
    this.kind = kind;
    this.messages = messages;
    this.debugDetail = debugDetail;
  }
}

export const traceError = (kind: TraceKind, message: string, debugDetail?: string) =>
  new TraceError(kind, [message], debugDetail);
export const notFound = (message: string) => traceError("NotFound", message);
export const alreadyExists = (message: string) => traceError("AlreadyExists", message);
export const badParameter = (message: string) => traceError("BadParameter", message);
export const accessDenied = (message: string) => traceError("AccessDenied", message);
export const connectionProblem = (message: string, debugDetail?: string) =>
  traceError("ConnectionProblem", message, debugDetail);
export const notImplemented = (message: string) => traceError("NotImplemented", message);

/** Any thrown value as a trace error (plain errors become Unknown, like trace.Wrap of a Go error). */
export function asTrace(err: unknown): TraceError {
  if (err instanceof TraceError) return err;
  if (err instanceof SimError) return new TraceError(err.kind, [err.message]);
  if (err instanceof Error) return new TraceError("Unknown", [err.message], err.stack);
  return new TraceError("Unknown", [String(err)]);
}

/** trace.Wrap(err, message): same kind, one more message on the outside. */
export function wrap(err: unknown, message: string): TraceError {
  const inner = asTrace(err);
  return new TraceError(inner.kind, [message, ...inner.messages], inner.debugDetail);
}

/** trace.IsNotFound and friends. */
export function isKind(err: unknown, kind: TraceKind): boolean {
  return asTrace(err).kind === kind;
}

/**
 * trace.UserMessage: the outermost message first, then each inner message on its own line with one more
 * tab. fact: B3.
 */
export function userMessage(err: unknown): string {
  return asTrace(err)
    .messages.map((message, depth) => "\t".repeat(depth) + message)
    .join("\n");
}

/** The Go type name trace's DebugReport shows for each kind. */
const GO_ERROR_TYPE: Record<TraceKind, string> = {
  NotFound: "*trace.NotFoundError",
  AlreadyExists: "*trace.AlreadyExistsError",
  AccessDenied: "*trace.AccessDeniedError",
  CompareFailed: "*trace.CompareFailedError",
  BadParameter: "*trace.BadParameterError",
  LimitExceeded: "*trace.LimitExceededError",
  ConnectionProblem: "*trace.ConnectionProblemError",
  NotImplemented: "*trace.NotImplementedError",
  Unknown: "*errors.errorString",
};

/**
 * trace.DebugReport as printed with -d/--debug.
 * assumption: the layout (ERROR REPORT / Original Error / Stack Trace / User Message) follows trace's
 * DebugReport; the stand-in has no Go stack, so the stack section names the simulator instead.
 */
export function debugReport(err: unknown): string {
  const trace = asTrace(err);
  const original = trace.messages[trace.messages.length - 1] ?? "";
  const lines = [
    "ERROR REPORT:",
    `Original Error: ${GO_ERROR_TYPE[trace.kind]} ${original}`,
    "Stack Trace:",
    "\t(simulator stand-in: no Go stack trace)",
  ];
  if (trace.debugDetail) lines.push(...trace.debugDetail.split("\n").map((line) => `\t${line}`));
  lines.push(`User Message: ${userMessage(trace)}`);
  return lines.join("\n");
}

/** `ERROR: ` in red, on every platform the stand-ins run on, TTY or not (fact: B3). */
export const ERROR_PREFIX = "\x1b[31mERROR: \x1b[0m";

export interface Writer {
  write(text: string): void;
}

/** utils.FatalError: prints to stderr and returns the exit code (always 1; fact: B3). */
export function printFatal(err: unknown, stderr: Writer, debug = false): number {
  const text = debug ? debugReport(err) : userMessage(err);
  stderr.write(`${ERROR_PREFIX}${text}\n`);
  return 1;
}

const CODE_BY_NAME: Record<string, number> = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
};

/** trail.FromGRPC: the trace kind of a gRPC status; the status message is the user message. */
export function fromGrpc(code: number, details: string): TraceError {
  return new TraceError(SimError.kindOfCode(code), [details]);
}

/** The same mapping for the join endpoint's `{error: {code: "PermissionDenied", message}}` bodies. */
export function fromCodeName(codeName: string, message: string): TraceError {
  return fromGrpc(CODE_BY_NAME[codeName] ?? 2, message);
}

/**
 * Go's %q for the ASCII-and-printable names the stand-ins quote (strconv.Quote): backslash escapes for
 * quotes, backslashes and control characters; printable Unicode stays as is.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

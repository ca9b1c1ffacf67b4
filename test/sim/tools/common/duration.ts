// Go's time.Duration text forms, which tctl and tbot use for --ttl, credential_ttl and the TTLs they print.
import { badParameter } from "./trace.js";

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, in milliseconds. Error text as Go's: `time: invalid duration "x"`. */
export function parseGoDuration(text: string): number {
  const invalid = () => badParameter(`time: invalid duration ${JSON.stringify(text)}`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest.startsWith("-")) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") throw invalid();
  let total = 0;
  const part = /^(\d*(?:\.\d*)?)([a-zµμ]+)/;
  while (rest !== "") {
    const match = part.exec(rest);
    if (!match || match[1] === "" || match[1] === ".") throw invalid();
    const unit = UNIT_MS[match[2]!];
    if (unit === undefined)
      throw badParameter(
        `time: unknown unit ${JSON.stringify(match[2])} in duration ${JSON.stringify(text)}`,
      );
    total += Number(match[1]) * unit;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

/** time.Duration.String() for a whole number of seconds, e.g. 3600 -> "1h0m0s", 90 -> "1m30s". */
export function formatGoDurationSeconds(totalSeconds: number): string {
  if (totalSeconds === 0) return "0s";
  const negative = totalSeconds < 0;
  let rest = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  let out = "";
  if (hours > 0) out = `${hours}h${minutes}m${seconds}s`;
  else if (minutes > 0) out = `${minutes}m${seconds}s`;
  else out = `${seconds}s`;
  return negative ? `-${out}` : out;
}

/**
 * The TTL tctl prints in `users add/reset`: time until expiry rounded to whole seconds, with the zero
 * suffixes `0s` (after minutes) and `0m` (after hours) trimmed: `1h`, `59m59s`, `8h`, `1h30m`.
 * fact: B48 ("The TTL shown is (expiry - now) rounded to whole seconds, then trimmed").
 */
export function humanTtl(milliseconds: number): string {
  // time.Duration.Round rounds halves away from zero.
  const seconds = Math.sign(milliseconds) * Math.round(Math.abs(milliseconds) / 1000);
  let text = formatGoDurationSeconds(seconds);
  if (text.endsWith("m0s")) text = text.slice(0, -2);
  if (text.endsWith("h0m")) text = text.slice(0, -2);
  return text;
}

// How Teleport's own parsers read one scalar: booleans written as words, durations, timestamps. Written
// from the behaviour of Teleport's source (paths per function), not from its code.
import { quote, shorten } from "../errors.js";
import { type TNode, type TScalar, yaml11Reading } from "./node.js";

/** A JSON string as it would be written, shortened for messages. */
export const jsonText = (text: string): string => quote(text);

export const isWholeNumber = (n: number): boolean => Number.isFinite(n) && Number.isInteger(n);

// api/utils ParseBool (used by types.Bool and RequireMFAType): these words, in any case.
const TRUE_WORDS = ["yes", "yeah", "y", "true", "1", "on"];
const FALSE_WORDS = ["no", "nope", "n", "false", "0", "off"];

/** The boolean a word means to Teleport, or undefined. */
export function boolWord(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (TRUE_WORDS.includes(lower)) return true;
  if (FALSE_WORDS.includes(lower)) return false;
  return undefined;
}

/** A value in words: `the string "jane"`, `the boolean false`, `a list`. */
export function describe(node: TNode): string {
  if (node.type === "map") return "a mapping";
  if (node.type === "seq") {
    return node.items.length > 0 && node.items.every((i) => i.type === "map")
      ? "a list of mappings"
      : "a list";
  }
  if (node.value === null) return "null (no value)";
  if (typeof node.value === "string") return `the string ${jsonText(node.value)}`;
  return yaml11Reading(node);
}

/** A plain scalar that YAML 1.1 made a boolean or number: the advice to quote it. */
export function yaml11Advice(s: TScalar): string {
  return `YAML 1.1, which Teleport reads, makes this ${yaml11Reading(s)}; quote it (${JSON.stringify(s.source)})`;
}

export const isPlainNonString = (node: TNode): node is TScalar =>
  node.type === "scalar" && node.style === "plain" && node.value !== null && typeof node.value !== "string";

// api/types/duration.go parseDuration: Go's grammar with Teleport's extra units d, mo and y.
const UNITS = new Set(["ns", "us", "µs", "μs", "ms", "s", "m", "h", "d", "mo", "y"]);
const UNIT_LIST = "ns, us, ms, s, m, h, d, mo, y";

/** Why Teleport refuses a duration string (its own text first), or undefined. */
export function durationProblem(text: string): string | undefined {
  const shown = shorten(text);
  const invalid = `time: invalid duration ${shown}; write a number with a unit (${UNIT_LIST}), e.g. "8h" or "4d"`;
  let rest = /^[-+]/.test(text) ? text.slice(1) : text;
  if (rest === "0") return undefined;
  if (rest === "") return invalid;
  while (rest !== "") {
    const number = /^([0-9]*)(\.([0-9]*))?/.exec(rest)!;
    const digits = (number[1] ?? "") + (number[3] ?? "");
    if (digits === "") return invalid;
    rest = rest.slice(number[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === "") return `time: missing unit in duration ${shown}; Teleport's units are ${UNIT_LIST}`;
    if (!UNITS.has(unit))
      return `time: unknown unit  in duration ${shown}; Teleport's units are ${UNIT_LIST}`;
    rest = rest.slice(unit.length);
  }
  return undefined;
}

/** For a Go time.Duration given as a string, which encoding/json reads only as a number. */
export function goDurationProblem(text: string): string {
  return (
    `the string ${jsonText(text)} goes to a Go time.Duration, which Go's JSON decoder reads only as a number of ` +
    "nanoseconds; whether this Teleport build takes a string here was not confirmed"
  );
}

// Go's time.Time UnmarshalJSON: RFC 3339 with a 'T', seconds, optional fraction and a zone.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Why Go refuses a time string, or undefined. */
export function timestampProblem(text: string): string | undefined {
  const m = RFC3339.exec(text);
  const bad = `${jsonText(text)} is not an RFC 3339 time, which Teleport's decoder needs; write e.g. "2030-01-31T12:00:00Z"`;
  if (!m) return bad;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(Number(m[1]), month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth) return bad;
  if (hour! > 23 || minute! > 59 || second! > 59) return bad;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return bad;
  return undefined;
}

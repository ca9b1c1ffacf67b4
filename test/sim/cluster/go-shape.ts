// Go's encoding/json as Teleport's resource types use it, for the simulator and its tctl stand-in alike:
// struct fields come out in declaration order, map keys sorted, `omitempty` fields dropped when empty,
// fields tagged `json:"-"` never read or written, unknown fields dropped (or refused when the decoder is
// strict), and field names matched case-insensitively on input, as encoding/json does.
// fact: B37 (key order, sorted maps, hidden namespace), B61 (unknown fields).
import { badParameter } from "../common/errors.js";

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** How a value is decoded and re-encoded. */
export type Shape =
  /** Kept as given (free-form values the simulator does not model field by field). */
  | "any"
  /** `map[string]string` and friends: keys sorted. */
  | "map"
  /** `map[string][]string` (traits): keys sorted, values kept (nil lists print as null). */
  | "traits"
  /** `Labels` (`map[string]utils.Strings`): keys sorted, a one-element list prints as a scalar. */
  | "labels"
  /** `types.Duration`: a Go duration string (or nanoseconds) in, `time.Duration.String()` out. */
  | "duration"
  | { struct: readonly Field[] }
  | { list: Shape };

export interface Field {
  json: string;
  shape: Shape;
  /** Dropped from the output when empty (nil, "", false, 0, empty list or map). */
  omitempty: boolean;
  /** Accepted on input but never printed. */
  hidden?: boolean;
}

/** A field tagged `json:"name,omitempty"`. */
export const opt = (json: string, shape: Shape = "any"): Field => ({ json, shape, omitempty: true });
/** A field tagged `json:"name"` (always printed once set). */
export const req = (json: string, shape: Shape = "any"): Field => ({ json, shape, omitempty: false });

export type UnknownFields = "drop" | "reject";

/** Byte order, as Go sorts map keys (and as Teleport's backend orders keys). */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isEmpty(value: unknown, shape: Shape): boolean {
  if (value === null || value === undefined) return true;
  // A struct field is a pointer when it may be absent: only nil is empty.
  if (typeof shape === "object" && "struct" in shape) return false;
  if (value === "" || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

function sortedMap(value: unknown, map: (v: unknown) => unknown): unknown {
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const key of Object.keys(value).sort(byteOrder)) {
    if (value[key] !== undefined) out[key] = map(value[key]);
  }
  return out;
}

/**
 * Decodes `value` as a Go struct of `shape` and encodes it again: the result is exactly what Teleport
 * would print. `unknown: "reject"` models a decoder with DisallowUnknownFields
 * (assumption: Go's text `json: unknown field "x"`).
 */
export function shapeValue(value: unknown, shape: Shape, unknown: UnknownFields = "drop"): unknown {
  if (value === undefined) return undefined;
  if (shape === "any") return value;
  if (shape === "map" || shape === "traits") return sortedMap(value, (v) => v);
  if (shape === "labels") {
    return sortedMap(value, (v) => (Array.isArray(v) && v.length === 1 ? v[0] : v));
  }
  if (shape === "duration") return normalizeDuration(value);
  if ("list" in shape) {
    return Array.isArray(value) ? value.map((item) => shapeValue(item, shape.list, unknown)) : value;
  }
  // assumption: a value of the wrong JSON type is kept rather than refused (types are not checked).
  if (!isObject(value)) return value;
  const given = new Map<Field, unknown>();
  for (const [key, inner] of Object.entries(value)) {
    const field =
      shape.struct.find((f) => f.json === key) ??
      shape.struct.find((f) => f.json.toLowerCase() === key.toLowerCase());
    if (!field) {
      if (unknown === "reject") throw badParameter(`json: unknown field ${JSON.stringify(key)}`);
      continue;
    }
    given.set(field, inner);
  }
  const out: Json = {};
  for (const field of shape.struct) {
    if (!given.has(field) || field.hidden) continue;
    const shaped = shapeValue(given.get(field), field.shape, unknown);
    if (shaped === undefined || (field.omitempty && isEmpty(shaped, field.shape))) continue;
    out[field.json] = shaped;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// time.Duration

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** time.ParseDuration, in nanoseconds; Go's error texts. */
export function parseDurationNs(text: string): bigint {
  const invalid = () => badParameter(`time: invalid duration ${JSON.stringify(text)}`);
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") throw invalid();
  let total = 0n;
  while (rest !== "") {
    const match = /^(\d*)(?:\.(\d*))?([^\d.]*)/.exec(rest);
    if (!match || (match[1] === "" && (match[2] ?? "") === "")) throw invalid();
    if (match[3] === "") throw badParameter(`time: missing unit in duration ${JSON.stringify(text)}`);
    const unit = UNIT_NS[match[3]!];
    if (unit === undefined) {
      throw badParameter(
        `time: unknown unit ${JSON.stringify(match[3])} in duration ${JSON.stringify(text)}`,
      );
    }
    const fraction = match[2] ?? "";
    total += BigInt(match[1] || "0") * unit;
    if (fraction !== "") total += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    rest = rest.slice(match[0].length);
  }
  return negative ? -total : total;
}

function fractionText(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, "0").replace(/0+$/, "")}`;
}

/** time.Duration.String(). */
export function formatDurationNs(ns: bigint): string {
  if (ns === 0n) return "0s";
  const sign = ns < 0n ? "-" : "";
  const abs = ns < 0n ? -ns : ns;
  if (abs < 1_000n) return `${sign}${abs}ns`;
  if (abs < 1_000_000n) return `${sign}${fractionText(abs, 1_000n)}µs`;
  if (abs < 1_000_000_000n) return `${sign}${fractionText(abs, 1_000_000n)}ms`;
  const hours = abs / UNIT_NS.h!;
  const minutes = (abs % UNIT_NS.h!) / UNIT_NS.m!;
  const seconds = fractionText(abs % UNIT_NS.m!, UNIT_NS.s!);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/**
 * types.Duration's JSON: a duration string or a number of nanoseconds in, the Go string out.
 * assumption: anything else is kept as given.
 */
export function normalizeDuration(value: unknown): unknown {
  if (typeof value === "string") return formatDurationNs(parseDurationNs(value));
  if (typeof value === "number" && Number.isFinite(value)) return formatDurationNs(BigInt(Math.trunc(value)));
  return value;
}

/** Go's RFC3339Nano (`time.Time` in JSON): UTC, fraction trimmed of trailing zeros. */
export function goTime(date: Date): string {
  return date.toISOString().replace(/\.?0+Z$/, "Z");
}

export const ZERO_TIME = "0001-01-01T00:00:00Z";

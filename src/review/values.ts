// Reading the values of a role as Teleport matches them: `*` matches every value, `^...$` is a regular
// expression and a `*` inside a value is a glob (B106), so a wildcard or a regex counts as the widest value.
// Label selectors take one string or a list (B73).

export type Selector = Record<string, string[]>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function asObject(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

export function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === "string"))] : [];
}

export function selector(v: unknown): Selector {
  const out: Selector = {};
  for (const [key, value] of Object.entries(asObject(v))) out[key] = strings(value);
  return out;
}

export const isEmptySelector = (s: Selector): boolean => Object.keys(s).length === 0;

/** `'*': '*'`: every resource of the kind (B106). */
export const matchesAll = (s: Selector): boolean => (s["*"] ?? []).includes("*");

/** A value that matches more than itself: `*`, a glob or a regex (B106). */
export function isPattern(value: string): boolean {
  return value === "*" || value.includes("*") || (value.startsWith("^") && value.endsWith("$"));
}

function patternRegex(pattern: string): RegExp | undefined {
  try {
    if (pattern.startsWith("^") && pattern.endsWith("$")) return new RegExp(pattern);
    const glob = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${glob.join(".*")}$`);
  } catch {
    return undefined;
  }
}

/** Whether `values` already grants `value`: the same value, `*`, or a glob or regex matching it. */
export function covered(value: string, values: readonly string[]): boolean {
  if (values.includes(value) || values.includes("*")) return true;
  if (isPattern(value)) return false;
  return values.some((p) => isPattern(p) && patternRegex(p)?.test(value) === true);
}

export function describeSelector(s: Selector): string {
  if (matchesAll(s)) return "'*': '*'";
  return Object.entries(s)
    .map(([k, vs]) => `${k}=${vs.length === 1 ? vs[0] : `{${vs.join(",")}}`}`)
    .join(", ");
}

export function describeValues(values: readonly string[]): string {
  return values.map((v) => (isPattern(v) ? `${v} (a pattern: any value it matches)` : v)).join(", ");
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A Teleport duration (`30h`, `30h0m0s`, `4d`) in milliseconds, or undefined when it is none. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value === "number") return value / 1e6; // nanoseconds, as the API stores them
  if (typeof value !== "string") return undefined;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== value) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

/** The traits a value's templates read: `{{internal.logins}}` reads `logins`, `{{external.team}}` `team` (B115). */
export function traitsUsed(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\{\{([^}]*)\}\}/g)) {
    for (const t of m[1]!.matchAll(/\b(?:internal|external)(?:\.([\w-]+)|\["([^"]+)"\])/g)) {
      out.push(t[1] ?? t[2]!);
    }
  }
  return out;
}

export const isTemplate = (value: string): boolean => /\{\{[^}]*\}\}/.test(value);

// The small language the role and user tables (role-schema.ts, user-schema.ts) are written in. Each field
// names the Go type Teleport decodes it into, because that type alone decides which JSON values the
// decoder takes (B71, B73); named checks add what CheckAndSetDefaults refuses beyond the types (B62).
import type { Offset, TNode, TScalar } from "./node.js";
import {
  boolWord,
  durationProblem,
  goDurationProblem,
  isWholeNumber,
  jsonText,
  timestampProblem,
} from "./scalars.js";

/** Where the walker reports, and what the checks may need to know about the document. */
export interface CheckContext {
  /** The role's version when it is one the tables know (v3..v8), else undefined: version rules are skipped. */
  version: string | undefined;
  error(at: Offset, field: string, message: string): void;
  warn(at: Offset, field: string, message: string): void;
}

/** A rule beyond types, run on a value whose types are all right. */
export type Check = (node: TNode, field: string, ctx: CheckContext) => void;

/** What one scalar kind makes of a scalar: accepted, refused by type, refused by value, or a warning. */
export type Verdict = undefined | { mismatch: true } | { problem: string } | { warning: string };

type Shape =
  | { is: "scalar"; test(s: TScalar): Verdict }
  | { is: "stringOrList" }
  | { is: "map"; values: FieldType }
  | { is: "object"; fields: Readonly<Record<string, FieldType>> }
  | { is: "list"; of: FieldType }
  /** Decoded by Teleport but not checked here (secrets nobody should keep in git). */
  | { is: "opaque" }
  /** Checked by other code of the action (names, labels, roles of a user): not reported here. */
  | { is: "skip" }
  /** Tagged json:"-" in Go: the decoder never reads it. */
  | { is: "ignored" };

export interface FieldType {
  /** Teleport's Go type, named in messages. */
  goType: string;
  /** What the type takes, in words: "a list of strings". */
  takes: string;
  shape: Shape;
  checks: readonly Check[];
}

const make = (goType: string, takes: string, shape: Shape, checks: readonly Check[] = []): FieldType => ({
  goType,
  takes,
  shape,
  checks,
});

/** A new type with extra checks. */
export const withChecks = (type: FieldType, ...checks: Check[]): FieldType => ({
  ...type,
  checks: [...type.checks, ...checks],
});

const isString = (s: TScalar): Verdict =>
  typeof s.value === "string" || s.value === null ? undefined : { mismatch: true };

/** Go `string`: a JSON string; null leaves it empty. */
export const string = (...checks: Check[]): FieldType =>
  make("string", "a string", { is: "scalar", test: isString }, checks);

/** Go `[]string` (proto `repeated string`): a list; a bare scalar is refused. */
export const strings = (...checks: Check[]): FieldType =>
  make("[]string", "a list of strings", { is: "list", of: string() }, checks);

/** `utils.Strings`: one string or a list of strings. */
const stringOrList = (): FieldType =>
  make("utils.Strings", "a string or a list of strings", { is: "stringOrList" });

/** `types.Labels` (map[string]utils.Strings): a label selector. */
export const labels = (...checks: Check[]): FieldType =>
  make(
    "map[string]utils.Strings",
    "a mapping of label names to a string or a list of strings",
    { is: "map", values: stringOrList() },
    checks,
  );

/** `wrappers.Traits` (map[string][]string): user traits, request annotations. */
export const traits = (): FieldType =>
  make("map[string][]string", "a mapping of names to lists of strings", { is: "map", values: strings() });

/** Go `bool`: only a JSON boolean (or null). */
export const bool = (): FieldType =>
  make("bool", "true or false", {
    is: "scalar",
    test: (s) => (typeof s.value === "boolean" || s.value === null ? undefined : { mismatch: true }),
  });

/** `types.Bool` / `types.BoolOption` (api/types/role.go): a boolean, or any string, unparsable ones as false. */
export const boolOption = (goType = "types.BoolOption"): FieldType =>
  make(goType, "true or false", {
    is: "scalar",
    test: (s) => {
      if (typeof s.value === "boolean" || s.value === null) return undefined;
      if (typeof s.value !== "string") return { mismatch: true };
      const word = boolWord(s.value);
      if (word !== undefined) return undefined;
      return {
        warning: `Teleport reads the string ${jsonText(s.value)} here as false (it is not a boolean word); write true or false`,
      };
    },
  });

/** Go integers: a JSON number without a fraction. */
export const int = (goType = "int64"): FieldType =>
  make(goType, "a whole number", {
    is: "scalar",
    test: (s) =>
      s.value === null || (typeof s.value === "number" && isWholeNumber(s.value))
        ? undefined
        : { mismatch: true },
  });

/** `types.Duration` (api/types/duration.go): a string in Teleport's units, or `never`; null is refused. */
export const duration = (): FieldType =>
  make("types.Duration", 'a duration string such as "30h", "4d" or "never"', {
    is: "scalar",
    test: (s) => {
      if (typeof s.value !== "string") return { mismatch: true };
      const problem = s.value === "never" ? undefined : durationProblem(s.value);
      return problem ? { problem } : undefined;
    },
  });

/** Go `time.Duration` with no JSON methods of its own: nanoseconds as a number. */
export const goDuration = (): FieldType =>
  make("time.Duration", "a number of nanoseconds", {
    is: "scalar",
    test: (s) => {
      if (s.value === null || (typeof s.value === "number" && isWholeNumber(s.value))) return undefined;
      if (typeof s.value !== "string") return { mismatch: true };
      return { warning: goDurationProblem(s.value) };
    },
  });

/** Go `time.Time`: an RFC 3339 string; null leaves it unset. */
export const timestamp = (): FieldType =>
  make("time.Time", 'an RFC 3339 time such as "2030-01-31T12:00:00Z"', {
    is: "scalar",
    test: (s) => {
      if (s.value === null) return undefined;
      if (typeof s.value !== "string") return { mismatch: true };
      const problem = timestampProblem(s.value);
      return problem ? { problem } : undefined;
    },
  });

/** A type with its own UnmarshalJSON, described by a test written from its source. */
export const custom = (goType: string, takes: string, test: (s: TScalar) => Verdict): FieldType =>
  make(goType, takes, { is: "scalar", test });

/** A Go struct. */
export const object = (goType: string, fields: Record<string, FieldType>, ...checks: Check[]): FieldType =>
  make(goType, "a mapping", { is: "object", fields }, checks);

/** A Go slice of `of`. */
export const list = (of: FieldType, ...checks: Check[]): FieldType =>
  make(
    `[]${of.goType}`,
    `a list of ${of.shape.is === "object" ? "mappings" : of.takes}`,
    { is: "list", of },
    checks,
  );

export const opaque = (goType: string): FieldType => make(goType, "a mapping", { is: "opaque" });
export const skip = (): FieldType => make("-", "-", { is: "skip" });
export const ignored = (): FieldType => make("-", "-", { is: "ignored" });

// What Teleport makes of a YAML document (fact B70): tctl converts each document to JSON with
// sigs.k8s.io/yaml, which parses with go-yaml v2, so plain scalars follow go-yaml v2's YAML 1.1 rules
// (`no`, `on`, `y` are booleans; `0777` is octal; `1_000` is 1000), while the repository is parsed here
// with the yaml package's YAML 1.2 rules. This module re-reads every plain scalar of an already parsed
// document with go-yaml v2's rules and gives the JSON value Teleport's decoders receive, keeping each
// value's position. Quoted and block scalars are strings in both dialects.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar } from "yaml";
import type { Finding, ScalarStyle, TEntry, TMap, TNode, TScalar } from "./node.js";

const TAG_PREFIX = "tag:yaml.org,2002:";

/** go-yaml v2's table of plain scalars that are not strings (its resolve.go `resolveMap`). */
const WORDS: ReadonlyMap<string, boolean | null | number | "merge"> = new Map<
  string,
  boolean | null | number | "merge"
>([
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"].map((w) => [w, true] as const),
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"].map(
    (w) => [w, false] as const,
  ),
  ...["", "~", "null", "Null", "NULL"].map((w) => [w, null] as const),
  ...[".nan", ".NaN", ".NAN"].map((w) => [w, Number.NaN] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((w) => [w, Number.POSITIVE_INFINITY] as const),
  ...["-.inf", "-.Inf", "-.INF"].map((w) => [w, Number.NEGATIVE_INFINITY] as const),
  ["<<", "merge"],
]);

/** A `\u` or `\U` escape of a surrogate code point (not itself escaped by a backslash before it). */
const SURROGATE_ESCAPE = /(?<!\\)(?:\\\\)*\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** go-yaml v2 tries a float only when the text looks like one (its `yamlStyleFloat`). */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's ParseInt with base 0: decimal, 0x, 0o, 0b, and a leading 0 for octal. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
/** go-yaml v2 timestamps: `2006-1-2`, optionally with a time; they reach JSON as the text itself. */
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/;

export type Resolved =
  | { type: "bool"; value: boolean }
  | { type: "null"; value: null }
  | { type: "int" | "float"; value: number }
  | { type: "str"; value: string }
  | { type: "merge"; value: "<<" };

function goInt(text: string): number | undefined {
  if (!GO_INT.test(text)) return undefined;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.replace(/^[-+]/, "");
  const lower = digits.toLowerCase();
  let value: number;
  if (lower.startsWith("0x")) value = Number.parseInt(lower.slice(2), 16);
  else if (lower.startsWith("0b")) value = Number.parseInt(lower.slice(2), 2);
  else if (lower.startsWith("0o")) value = Number.parseInt(lower.slice(2), 8);
  else if (lower.length > 1 && lower.startsWith("0")) value = Number.parseInt(lower.slice(1), 8);
  else value = Number.parseInt(lower, 10);
  // Beyond 64 bits ParseInt and ParseUint both fail; go-yaml then tries the text as a float.
  if (value > 2 ** 64) return undefined;
  return value === 0 ? 0 : sign * value;
}

/** What go-yaml v2 makes of the plain scalar `text` (its resolve.go `resolve` with no tag). */
export function resolvePlain(text: string): Resolved {
  const word = WORDS.get(text);
  if (word !== undefined) {
    if (word === "merge") return { type: "merge", value: "<<" };
    if (word === null) return { type: "null", value: null };
    if (typeof word === "boolean") return { type: "bool", value: word };
    return { type: "float", value: word };
  }
  const first = text[0] ?? "";
  if (first === ".") {
    // Go's ParseFloat, which also takes forms like `.5e3`.
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text)
      ? { type: "float", value: Number(text) }
      : { type: "str", value: text };
  }
  if (!/[-+0-9]/.test(first)) return { type: "str", value: text };
  if (TIMESTAMP.test(text)) return { type: "str", value: text };
  const plain = text.replace(/_/g, "");
  const int = goInt(plain);
  if (int !== undefined) return { type: "int", value: int };
  if (YAML_STYLE_FLOAT.test(plain)) return { type: "float", value: Number(plain) };
  if (/^-0b[01]+$/.test(plain)) return { type: "int", value: -Number.parseInt(plain.slice(3), 2) };
  return { type: "str", value: text };
}

/** A scalar with an explicit tag, as go-yaml v2 decodes it; a problem when the text does not fit the tag. */
function resolveTagged(tag: string, text: string): Resolved | string {
  const short = tag.startsWith(TAG_PREFIX) ? tag.slice(TAG_PREFIX.length) : undefined;
  if (short === undefined || short === "str" || short === "binary") return { type: "str", value: text };
  if (!["bool", "int", "float", "null", "timestamp"].includes(short)) return { type: "str", value: text };
  // go-yaml resolves the text of a tagged scalar as if it were plain, quoted or not, then checks the tag.
  const resolved = resolvePlain(text);
  if (short === "timestamp" && TIMESTAMP.test(text)) return { type: "str", value: text };
  if (short === "float" && resolved.type === "int") return { type: "float", value: resolved.value };
  if (resolved.type === short) return resolved;
  return `go-yaml cannot decode ${JSON.stringify(text)} as !!${short}`;
}

/** sigs.k8s.io/yaml turns non-string mapping keys into strings this way; other keys it refuses. */
function keyString(resolved: Resolved): string | undefined {
  switch (resolved.type) {
    case "str":
    case "merge":
      return String(resolved.value);
    case "bool":
      return resolved.value ? "true" : "false";
    case "int":
      return String(resolved.value);
    case "float":
      if (Number.isNaN(resolved.value)) return ".nan";
      if (!Number.isFinite(resolved.value)) return resolved.value > 0 ? ".inf" : "-.inf";
      // Go formats a float key with FormatFloat('g', -1, 32); for the integral and short values a key
      // can sensibly hold that is JavaScript's shortest form too.
      return String(resolved.value);
    default:
      return undefined;
  }
}

function styleOf(scalar: Scalar): ScalarStyle {
  if (scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE") return "quoted";
  if (scalar.type === "BLOCK_LITERAL" || scalar.type === "BLOCK_FOLDED") return "block";
  return "plain";
}

export interface TeleportDocument {
  /** Unset when the document is empty. */
  root?: TNode;
  /** Problems Teleport's reader has with the document (keys it cannot convert, values JSON cannot hold). */
  findings: Finding[];
}

/**
 * Builds Teleport's view of a document that the yaml package parsed without errors; `text`, the file it was
 * parsed from, lets double-quoted scalars be checked as written.
 */
export function teleportDocument(doc: Document.Parsed, text?: string): TeleportDocument {
  const builder = new Builder(doc, text);
  const root = doc.contents ? builder.node(doc.contents as Node, "", 0) : undefined;
  return { ...(root ? { root } : {}), findings: builder.findings };
}

const MAX_ALIAS_DEPTH = 64;

class Builder {
  readonly findings: Finding[] = [];
  constructor(
    private readonly doc: Document.Parsed,
    private readonly text?: string,
  ) {}

  private problem(offset: number, field: string, message: string): void {
    this.findings.push({ offset, field, message, severity: "error" });
  }

  node(node: Node | null, field: string, depth: number): TNode {
    if (isAlias(node)) {
      const target = depth < MAX_ALIAS_DEPTH ? node.resolve(this.doc) : undefined;
      if (target) return this.node(target as Node, field, depth + 1);
      return { type: "scalar", value: null, style: "plain", source: "", offset: node.range?.[0] ?? 0 };
    }
    if (isMap(node)) return this.map(node.items, node.range?.[0] ?? 0, field, depth);
    if (isSeq(node)) {
      return {
        type: "seq",
        items: node.items.map((item, i) => this.node(item as Node | null, `${field}[${i}]`, depth)),
        offset: node.range?.[0] ?? 0,
      };
    }
    if (isScalar(node)) return this.scalar(node, field);
    return { type: "scalar", value: null, style: "plain", source: "", offset: 0 };
  }

  private scalar(node: Scalar, field: string): TScalar {
    const style = styleOf(node);
    // A plain scalar's source is its text as written; a quoted or block one's value is the unescaped text.
    const source =
      style !== "plain" && typeof node.value === "string"
        ? node.value
        : (node.source ?? (node.value === null || node.value === undefined ? "" : String(node.value)));
    const offset = node.range?.[0] ?? 0;
    const base = {
      type: "scalar" as const,
      style,
      source,
      offset,
      ...(node.tag ? { tag: node.tag } : {}),
      ...(typeof node.value === "string" ? { stringInYaml12: true } : {}),
    };
    if (node.tag) {
      const resolved = resolveTagged(node.tag, source);
      if (typeof resolved === "string") {
        this.problem(
          offset,
          field,
          `${resolved}, as Teleport's YAML reader would; remove the tag or fix the value`,
        );
        return { ...base, value: source };
      }
      return { ...base, value: resolved.value };
    }
    const raw = node.type === "QUOTE_DOUBLE" && this.text ? this.text.slice(offset, node.range?.[1]) : "";
    if (SURROGATE_ESCAPE.test(raw)) {
      // go-yaml refuses every escape of a surrogate, even the two halves of a pair, so Teleport refuses the file.
      this.problem(
        offset,
        field,
        "this text escapes a surrogate code point (\\uD800 to \\uDFFF), which Teleport's YAML reader refuses " +
          "even as a pair; write the character itself or escape it as \\U followed by 8 hex digits",
      );
      return { ...base, value: source };
    }
    if (style !== "plain") return { ...base, value: source };
    const resolved = resolvePlain(source);
    if ((resolved.type === "float" || resolved.type === "int") && !Number.isFinite(resolved.value)) {
      this.problem(
        offset,
        field,
        `${source} is a number JSON cannot hold (YAML 1.1, which Teleport reads, makes it ` +
          `${Number.isNaN(resolved.value) ? "not-a-number" : "infinity"}), so Teleport refuses the document; quote it if it is meant as text`,
      );
      return { ...base, value: source };
    }
    return { ...base, value: resolved.value };
  }

  private map(items: unknown[], offset: number, field: string, depth: number): TMap {
    const entries: TEntry[] = [];
    const set = (e: TEntry) => {
      const at = entries.findIndex((x) => x.key === e.key);
      if (at >= 0) entries.splice(at, 1);
      entries.push(e);
    };
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyNode = (isAlias(pair.key) ? pair.key.resolve(this.doc) : pair.key) as Node | null;
      const keyOffset = (pair.key as Node | null)?.range?.[0] ?? offset;
      if (isMap(keyNode) || isSeq(keyNode)) {
        this.problem(
          keyOffset,
          field,
          "keys must be strings; Teleport's YAML reader refuses a mapping or list as a key",
        );
        continue;
      }
      const keyScalar = isScalar(keyNode) ? this.scalar(keyNode, field) : undefined;
      const keySource = keyScalar?.source ?? "";
      const resolved: Resolved =
        keyScalar === undefined || keyScalar.value === null
          ? { type: "null", value: null }
          : keyScalar.style === "plain" && !keyScalar.tag
            ? resolvePlain(keySource)
            : { type: "str", value: String(keyScalar.value) };
      const key = keyString(resolved);
      const child = field ? `${field}.${key ?? keySource}` : (key ?? keySource);
      if (key === undefined) {
        this.problem(
          keyOffset,
          child,
          `the key ${JSON.stringify(keySource)} is null in YAML 1.1, which Teleport reads, and Teleport refuses a null key; quote it`,
        );
        continue;
      }
      if (key !== keySource && resolved.type !== "merge" && resolved.type !== "str") {
        this.problem(
          keyOffset,
          field ? `${field}.${keySource}` : keySource,
          `the key ${JSON.stringify(keySource)} is the key ${JSON.stringify(key)} in YAML 1.1, which Teleport ` +
            `reads, so Teleport would store ${JSON.stringify(key)}; the action refuses keys that YAML 1.1 ` +
            `rewrites (its own rule): quote it ("${keySource}")`,
        );
      }
      if (resolved.type === "merge") {
        this.merge(pair.value as Node | null, child, depth).forEach(set);
        continue;
      }
      if (entries.some((e) => e.key === key)) {
        this.problem(
          keyOffset,
          child,
          `the key ${JSON.stringify(keySource)} is the key ${JSON.stringify(key)} in YAML 1.1, which Teleport reads, ` +
            "and that key is already written in this mapping; Teleport would keep only the last value silently, " +
            "so the action refuses duplicate keys (its own rule); keep one",
        );
      }
      set({ key, keySource, keyOffset, value: this.node(pair.value as Node | null, child, depth) });
    }
    return { type: "map", entries, offset };
  }

  /** `<<: *base` (or a list of them): go-yaml v2 copies the merged mappings' entries in. */
  private merge(value: Node | null, field: string, depth: number): TEntry[] {
    const merged = this.node(value, field, depth);
    if (merged.type === "map") return merged.entries;
    if (merged.type === "seq" && merged.items.every((i) => i.type === "map")) {
      // Earlier mappings in the list win, so they are applied last.
      return [...merged.items].reverse().flatMap((m) => (m.type === "map" ? m.entries : []));
    }
    this.problem(merged.offset, field, "a merge key (<<) needs a mapping or a list of mappings");
    return [];
  }
}

// A document as Teleport sees it: the JSON value that sigs.k8s.io/yaml hands to Teleport's decoders after
// reading the YAML with YAML 1.1 scalar rules (fact B70), with the position of every value in the file so
// that each problem can be reported at its line. Built by yaml11.ts; checked by the kinds' schemas.

/** Where a value is written: a character offset into the file. */
export type Offset = number;

/** How a scalar was written, which decides what YAML 1.1 makes of it. */
export type ScalarStyle = "plain" | "quoted" | "block";

export interface TScalar {
  type: "scalar";
  /** The JSON value Teleport's decoder receives: a plain `no` is `false`, a quoted `"no"` is `"no"`. */
  value: string | number | boolean | null;
  style: ScalarStyle;
  /** The scalar's text as written (without quotes), for messages. */
  source: string;
  /** An explicit tag such as `!!str`, when one was written. */
  tag?: string;
  /**
   * The repository is parsed with YAML 1.2, where a plain `no` is a string: set when YAML 1.2 read a string
   * here, so that a value YAML 1.1 makes a boolean or number can be told from one that is one in both.
   */
  stringInYaml12?: boolean;
  offset: Offset;
}

/** A plain scalar that YAML 1.2 reads as a string but YAML 1.1, which Teleport reads, does not (B70). */
export function isYaml11Surprise(node: TNode): node is TScalar {
  return node.type === "scalar" && node.stringInYaml12 === true && typeof node.value !== "string";
}

/** What YAML 1.1 made of a surprising scalar, in words: "the boolean false", "the number 511". */
export function yaml11Reading(node: TScalar): string {
  if (typeof node.value === "boolean") return `the boolean ${node.value}`;
  if (node.value === null) return "null (no value)";
  return `the number ${node.value}`;
}

export interface TEntry {
  /** The key as Teleport's JSON sees it (a plain `yes:` key is the string "true"). */
  key: string;
  /** The key as written, for messages. */
  keySource: string;
  keyOffset: Offset;
  value: TNode;
}

export interface TMap {
  type: "map";
  /** In document order; when a key is written twice only the last entry is kept, as Teleport does (B72). */
  entries: TEntry[];
  offset: Offset;
}

interface TSeq {
  type: "seq";
  items: TNode[];
  offset: Offset;
}

export type TNode = TScalar | TMap | TSeq;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The plain JSON value of a node: what Teleport decodes. */
export function toJson(node: TNode): JsonValue {
  if (node.type === "scalar") return node.value;
  if (node.type === "seq") return node.items.map(toJson);
  const out: { [key: string]: JsonValue } = {};
  for (const entry of node.entries) out[entry.key] = toJson(entry.value);
  return out;
}

/** The entry named `key`, if the mapping has one. */
export function entry(map: TMap, key: string): TEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** A problem found in a document, before it is given a file and line. */
export interface Finding {
  offset: Offset;
  /** Dotted path of the field, e.g. `spec.allow.logins[0]`. */
  field: string;
  message: string;
  /** A warning does not stop a write (an unknown field, which Teleport drops). */
  severity: "error" | "warning";
}

// Walking one parsed YAML document with positions: typed reads of mappings, lists and strings that report
// each problem at the node it is about, so that an annotation lands on the offending line. Knows YAML, not
// any kind's schema: each kind (workload-cluster.ts, and role and user later) says which keys it allows.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { errorAtOffset, type ManifestError, quote, shorten } from "./errors.js";

export interface Entry {
  key: Scalar;
  value: Node | null;
  /** The value is an alias to no anchor, already reported. */
  broken?: boolean;
}

export class Walker {
  readonly errors: ManifestError[] = [];
  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    /** The document as unknown top-level keys name it: "a workload_cluster document". */
    private readonly rootName: string,
  ) {}

  /** Fields that an unknown, misspelt key was taken for: reporting them missing too would be noise. */
  private readonly misspelt = new Set<string>();

  missing(parent: Node, path: string, hint: string): void {
    if (!this.misspelt.has(path)) this.error(parent.range![0], path, `${path} is missing; ${hint}`);
  }

  error(offset: number, field: string | undefined, message: string): void {
    this.errors.push(errorAtOffset(this.file, this.lineCounter, offset, message, field));
  }

  /** Where to report a value: the value itself, or its key when the value is empty (`bot:`). */
  at(entry: Entry): number {
    const value = entry.value;
    if (value && !(isScalar(value) && value.value === null) && value.range) return value.range[0];
    return entry.key.range![0];
  }

  pos(node: Node): { line: number; col: number } {
    return this.lineCounter.linePos(node.range?.[0] ?? 0);
  }

  resolve(node: unknown): Node | null {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target)
        this.error(node.range?.[0] ?? 0, undefined, `YAML: unknown alias *${shorten(node.source)}`);
      return target ?? null;
    }
    return isScalar(node) || isMap(node) || isSeq(node) ? node : null;
  }

  /** The keys of `map`; unknown keys are reported, naming the allowed ones. */
  fields(
    map: YAMLMap,
    path: string,
    allowed: readonly string[],
    special: Record<string, string> = {},
  ): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    for (const pair of map.items) {
      const key = this.resolve(pair.key);
      const prefix = path === "" ? "" : `${path}.`;
      if (!isScalar(key) || typeof key.value !== "string") {
        const offset = key?.range?.[0] ?? map.range?.[0] ?? 0;
        this.error(offset, path || undefined, `keys must be plain strings, found ${describe(key)}`);
        continue;
      }
      const name = key.value;
      const field = prefix + shorten(name);
      const value = this.resolve(pair.value);
      const entry: Entry = { key, value, ...(isAlias(pair.value) && !value ? { broken: true } : {}) };
      // Own keys only: a key such as `constructor` must not find Object's.
      const specialMessage = Object.hasOwn(special, name) ? special[name] : undefined;
      if (specialMessage !== undefined) {
        this.error(key.range![0], field, specialMessage);
      } else if (!allowed.includes(name)) {
        const where = path === "" ? this.rootName : path;
        const hint = closest(name, allowed);
        if (hint) this.misspelt.add(prefix + hint);
        this.error(
          key.range![0],
          field,
          `unknown field ${quote(name)} in ${where}; allowed: ${allowed.join(", ")}` +
            (hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ""),
        );
      } else {
        entries.set(name, entry);
      }
    }
    return entries;
  }

  /** A required mapping; reports a missing or mistyped one. */
  map(
    entries: Map<string, Entry>,
    key: string,
    parent: Node,
    path: string,
    hint: string,
  ): YAMLMap | undefined {
    const entry = entries.get(key);
    if (!entry) {
      this.missing(parent, path, hint);
      return undefined;
    }
    if (entry.broken) return undefined;
    if (isMap(entry.value)) return entry.value;
    this.error(this.at(entry), path, `${path} must be a mapping, found ${describe(entry.value)}; ${hint}`);
    return undefined;
  }

  seq(
    entries: Map<string, Entry>,
    key: string,
    parent: Node,
    path: string,
    hint: string,
  ): YAMLSeq | undefined {
    const entry = entries.get(key);
    if (!entry) {
      this.missing(parent, path, hint);
      return undefined;
    }
    if (entry.broken) return undefined;
    if (isSeq(entry.value)) {
      if (entry.value.items.length > 0) return entry.value;
      this.error(this.at(entry), path, `${path} is empty; ${hint}`);
      return undefined;
    }
    this.error(this.at(entry), path, `${path} must be a list, found ${describe(entry.value)}; ${hint}`);
    return undefined;
  }

  /** A required non-empty string. */
  string(
    entries: Map<string, Entry>,
    key: string,
    parent: Node,
    path: string,
    hint: string,
  ): { value: string; offset: number } | undefined {
    const entry = entries.get(key);
    if (!entry) {
      this.missing(parent, path, hint);
      return undefined;
    }
    if (entry.broken) return undefined;
    const value = entry.value;
    if (isScalar(value) && typeof value.value === "string") {
      if (value.value.trim() !== "") return { value: value.value, offset: this.at(entry) };
      this.error(this.at(entry), path, `${path} is empty; ${hint}`);
      return undefined;
    }
    if (!value || (isScalar(value) && value.value === null)) {
      this.error(this.at(entry), path, `${path} is empty; ${hint}`);
      return undefined;
    }
    const advice = isScalar(value) ? " (quote it to make it a string)" : "";
    this.error(this.at(entry), path, `${path} must be a string, found ${describe(value)}${advice}; ${hint}`);
    return undefined;
  }
}

export function describe(node: Node | null): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "an empty value";
    if (typeof v === "string") return `the string ${quote(v)}`;
    const written = shorten(node.source ?? String(v));
    if (typeof v === "number" || typeof v === "bigint") return `the number ${written}`;
    if (typeof v === "boolean") return `the boolean ${written}`;
    return `the value ${written}`;
  }
  return "an alias";
}

/** A likely intended key for a misspelt one (edit distance at most 2). */
function closest(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    // Lengths further apart than the distance allowed cannot be close; this keeps a huge key cheap.
    if (Math.abs(name.length - candidate.length) >= bestDistance) continue;
    const d = editDistance(name.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Empty documents are skipped, as tctl does (fact: B1). */
export function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null);
}

/** The document's top-level mapping, or an error at the document saying what a `what` document must be. */
export function rootMapping(w: Walker, doc: Document.Parsed, what: string): YAMLMap | undefined {
  const root = w.resolve(doc.contents);
  if (isMap(root)) return root;
  const offset = root?.range?.[0] ?? doc.range?.[0] ?? 0;
  w.error(
    offset,
    undefined,
    isEmptyDocument(doc)
      ? "the document is empty"
      : `${what} document must be a mapping with kind, version, metadata and spec; found ${describe(root)}`,
  );
  return undefined;
}

// Output writers with the byte layout of Teleport's Go helpers.
// fact: B5 (JSON always an array, 4-space indent, trailing newline, `[]\n` when empty;
// YAML documents joined by `---`, an empty list prints `[]` with no newline).
import { Document, isScalar, Scalar, visit } from "yaml";
import { needsQuotes } from "./go-yaml.js";

/**
 * A JSON string the way Go's encoding/json writes it: HTML-safe escapes for <, > and &, U+2028/U+2029
 * escaped, only \n \r \t \" \\ as short escapes and \u00XX for every other control character.
 */
function goJsonString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** json.MarshalIndent(value, "", indent) (no trailing newline). Key order is the object's own order. */
export function goJson(value: unknown, indent: string, depth = 0): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  const inner = indent.repeat(depth + 1);
  const outer = indent.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => inner + goJson(item, indent, depth + 1));
    return `[\n${items.join(",\n")}\n${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const items = entries.map(([key, v]) => `${inner}${goJsonString(key)}: ${goJson(v, indent, depth + 1)}`);
  return `{\n${items.join(",\n")}\n${outer}}`;
}

/** utils.WriteJSONArray: `[]\n` when empty, else the 4-space indented array and a newline. */
export function writeJsonArray(values: readonly unknown[]): string {
  if (values.length === 0) return "[]\n";
  return `${goJson(values, "    ")}\n`;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) sorted[key] = sortKeysDeep(v);
    }
    return sorted;
  }
  return value;
}

/**
 * One YAML document as Teleport writes it (ghodss/yaml: JSON first, then go-yaml v2): keys sorted, block
 * sequences not indented under their key, single-quoted strings when quoting is needed. A string that
 * go-yaml v2 would read back as something else (`no`, `on`, `12`, `0x1F`, `1e3`, `~`, ...) or that looks
 * like a base-60 number (`12:30`) is quoted, as go-yaml v2's encoder does (fact B70).
 * assumption: other quoting and line folding are close to go-yaml v2, not byte-identical.
 */
export function goYamlDocument(value: unknown): string {
  const doc = new Document(sortKeysDeep(value), { version: "1.1" });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string" && needsQuotes(node.value)) {
        node.type = Scalar.QUOTE_SINGLE;
      }
    },
  });
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 0 });
}

/** utils.WriteYAML for a list: documents joined by `---`; an empty list prints `[]` and no newline. */
export function writeYamlList(values: readonly unknown[]): string {
  if (values.length === 0) return "[]";
  return values.map(goYamlDocument).join("---\n");
}

/**
 * Teleport's asciitable: a header row, a row of dashes as wide as each column, then the rows, written
 * through a tabwriter (min width 5, padding 1, every cell tab-terminated, so lines carry trailing spaces).
 * assumption: the stand-in's text tables follow that algorithm; column titles other than the
 * workload_cluster `Name` column are not in the facts.
 */
export function asciiTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => (row[col] ?? "").length)),
  );
  const lines = [headers, widths.map((width) => "-".repeat(width)), ...rows];
  const cellWidths = headers.map((_, col) =>
    Math.max(5, Math.max(...lines.map((line) => (line[col] ?? "").length)) + 1),
  );
  return lines
    .map((line) => headers.map((_, col) => (line[col] ?? "").padEnd(cellWidths[col]!)).join("") + "\n")
    .join("");
}

/** json.Marshal of decoded YAML (map[string]interface{}): compact, map keys sorted, HTML-safe. */
export function goJsonCompactSorted(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(goJsonCompactSorted).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${goJsonString(key)}:${goJsonCompactSorted(record[key])}`).join(",")}}`;
}

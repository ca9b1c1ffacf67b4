// YAML as `tctl create` reads it: sigs.k8s.io/yaml's YAMLToJSON on top of go-yaml v2 (fact B70, B72).
// The `yaml` package only parses (failsafe schema, so every scalar arrives as its source text); the
// resolution of plain scalars, keys, merges, duplicate keys and the JSON encoding are go-yaml v2's and
// sigs.k8s.io/yaml's, re-implemented here from their behaviour:
// - plain scalars (go-yaml v2 resolve.go): y Y yes Yes YES on On ON true True TRUE are true; n N no No NO
//   off Off OFF false False FALSE are false; "" ~ null Null NULL are null; .inf/.nan forms are floats;
//   otherwise, for text starting with a digit or a sign, underscores are dropped and Go's
//   strconv.ParseInt(s, 0, 64) (0x, 0o, 0b, 0-prefixed octal), then ParseUint, then a YAML-style float
//   are tried; everything else is a string. There is no base-60 (`12:30` stays the string "12:30") and a
//   timestamp stays a string (go-yaml v2 keeps timestamp-looking text as a string for interface{}).
// - duplicate keys: the last value wins silently (yaml.Unmarshal is non-strict, B72).
// - keys that are not strings become strings (sigs.k8s.io/yaml convertToJSONableObject): ints in
//   decimal, floats as FormatFloat(f, 'g', -1, 32), booleans as true/false; a null key is refused.
// - the JSON is json.Marshal of map[string]interface{}: compact, keys in byte order, HTML-safe escapes,
//   NaN and infinities refused.
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  Scalar,
  type YAMLMap,
} from "yaml";

/** A decoded go-yaml value: ints keep their exact decimal text; floats are numbers. */
export type GoValue = null | boolean | string | GoInt | GoFloat | GoValue[] | Map<string, GoValue>;

export class GoInt {
  constructor(
    readonly text: string,
    /** ParseInt failed but ParseUint did (>= 2^63): go-yaml yields uint64. */
    readonly unsigned = false,
  ) {}
}
export class GoFloat {
  constructor(readonly value: number) {}
}

export class GoYamlError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Go's strconv

function digitValue(c: string): number {
  const code = c.toLowerCase().charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  return 99;
}

/** strconv.ParseUint(s, 0, 64): null on any error. */
function parseUintBase0(s: string): bigint | null {
  if (s === "") return null;
  let base = 10;
  let rest = s;
  if (s[0] === "0") {
    const second = (s[1] ?? "").toLowerCase();
    if (s.length >= 3 && second === "b") [base, rest] = [2, s.slice(2)];
    else if (s.length >= 3 && second === "o") [base, rest] = [8, s.slice(2)];
    else if (s.length >= 3 && second === "x") [base, rest] = [16, s.slice(2)];
    else [base, rest] = [8, s.slice(1)];
  }
  let n = 0n;
  for (const c of rest) {
    const d = digitValue(c);
    if (d >= base) return null;
    n = n * BigInt(base) + BigInt(d);
  }
  return n < 1n << 64n ? n : null;
}

/** strconv.ParseInt(s, 0, 64): null on any error. */
function parseIntBase0(s: string): bigint | null {
  let rest = s;
  let negative = false;
  if (rest.startsWith("+") || rest.startsWith("-")) {
    negative = rest[0] === "-";
    rest = rest.slice(1);
  }
  const u = parseUintBase0(rest);
  if (u === null) return null;
  if (!negative && u >= 1n << 63n) return null;
  if (negative && u > 1n << 63n) return null;
  return negative ? -u : u;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseFloat(s, 64) for the decimal forms go-yaml hands it; null on error or overflow. */
function parseDecimalFloat(s: string): number | null {
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------------
// go-yaml v2 resolve()

const BOOL_TRUE = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const BOOL_FALSE = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];
const NULLS = ["", "~", "null", "Null", "NULL"];
const FLOAT_WORDS: Record<string, number> = {
  ".nan": Number.NaN,
  ".NaN": Number.NaN,
  ".NAN": Number.NaN,
  ".inf": Number.POSITIVE_INFINITY,
  ".Inf": Number.POSITIVE_INFINITY,
  ".INF": Number.POSITIVE_INFINITY,
  "+.inf": Number.POSITIVE_INFINITY,
  "+.Inf": Number.POSITIVE_INFINITY,
  "+.INF": Number.POSITIVE_INFINITY,
  "-.inf": Number.NEGATIVE_INFINITY,
  "-.Inf": Number.NEGATIVE_INFINITY,
  "-.INF": Number.NEGATIVE_INFINITY,
};

type Resolved =
  | { tag: "!!null"; value: null }
  | { tag: "!!bool"; value: boolean }
  | { tag: "!!int"; value: GoInt }
  | { tag: "!!float"; value: GoFloat }
  | { tag: "!!str"; value: string };

function hintOf(s: string): string {
  if (s === "") return "N";
  const c = s[0]!;
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return "";
}

/** What go-yaml v2 makes of a plain scalar's text (no explicit tag). */
export function resolvePlain(s: string): Resolved {
  const hint = hintOf(s);
  if (hint === "") return { tag: "!!str", value: s };
  if (BOOL_TRUE.includes(s)) return { tag: "!!bool", value: true };
  if (BOOL_FALSE.includes(s)) return { tag: "!!bool", value: false };
  if (NULLS.includes(s)) return { tag: "!!null", value: null };
  if (s in FLOAT_WORDS) return { tag: "!!float", value: new GoFloat(FLOAT_WORDS[s]!) };
  if (hint === ".") {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) {
      const f = parseDecimalFloat(s);
      if (f !== null) return { tag: "!!float", value: new GoFloat(f) };
    }
    return { tag: "!!str", value: s };
  }
  if (hint === "D" || hint === "S") {
    const plain = s.replaceAll("_", "");
    const i = parseIntBase0(plain);
    if (i !== null) return { tag: "!!int", value: new GoInt(i.toString()) };
    const u = parseUintBase0(plain);
    if (u !== null) return { tag: "!!int", value: new GoInt(u.toString(), true) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseDecimalFloat(plain);
      if (f !== null) return { tag: "!!float", value: new GoFloat(f) };
    }
  }
  return { tag: "!!str", value: s };
}

/** True when go-yaml v2 would not read the unquoted text back as this string (so it quotes it). */
export function needsQuotes(s: string): boolean {
  if (resolvePlain(s).tag !== "!!str") return true;
  // go-yaml v2's encoder also quotes base-60 floats, for other parsers' sake (resolve.go comment).
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

const SHORT_TAGS: Record<string, string> = {
  "tag:yaml.org,2002:str": "!!str",
  "tag:yaml.org,2002:int": "!!int",
  "tag:yaml.org,2002:float": "!!float",
  "tag:yaml.org,2002:bool": "!!bool",
  "tag:yaml.org,2002:null": "!!null",
  "tag:yaml.org,2002:timestamp": "!!timestamp",
  "tag:yaml.org,2002:merge": "!!merge",
};

/** A scalar with an explicit tag: resolve(tag, text) and its `cannot decode` check. */
function resolveTagged(tag: string, s: string): GoValue {
  const short = SHORT_TAGS[tag] ?? tag;
  // assumption: unknown tags (and !!binary) give the text as a string, as for interface{} targets.
  if (!["!!int", "!!float", "!!bool", "!!null", "!!timestamp"].includes(short)) return s;
  if (short === "!!timestamp") return s;
  const resolved = resolvePlain(s);
  if (resolved.tag === short) return resolved.value;
  if (short === "!!float" && resolved.value instanceof GoInt) {
    return new GoFloat(Number(resolved.value.text));
  }
  throw new GoYamlError(`yaml: cannot decode ${resolved.tag} \`${s}\` as a ${short}`);
}

// ---------------------------------------------------------------------------------------------------
// Keys (sigs.k8s.io/yaml convertToJSONableObject)

/** strconv.FormatFloat(f, 'g', -1, 32). */
export function formatFloat32g(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Number.POSITIVE_INFINITY) return ".inf";
  if (f === Number.NEGATIVE_INFINITY) return "-.inf";
  const x = Math.fround(f);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  let digits = "";
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const candidate = x.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === x) {
      const [mantissa, e] = candidate.split("e");
      digits = mantissa!.replace("-", "").replace(".", "");
      exp = Number(e);
      break;
    }
  }
  const sign = x < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${e < 10 ? `0${e}` : e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

function goSprintValue(v: GoValue): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "<nil>";
  if (v instanceof GoInt) return v.text;
  if (v instanceof GoFloat) return String(v.value);
  return typeof v === "boolean" ? String(v) : "...";
}

function keyString(key: GoValue, value: GoValue): string {
  if (typeof key === "string") return key;
  if (typeof key === "boolean") return key ? "true" : "false";
  if (key instanceof GoInt && !key.unsigned) return key.text;
  if (key instanceof GoFloat) return formatFloat32g(key.value);
  if (key === null) {
    // assumption: Go's %+#v of the value is approximated.
    throw new GoYamlError(
      `Unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSprintValue(value)}`,
    );
  }
  if (key instanceof GoInt) {
    throw new GoYamlError(
      `Unsupported map key of type: uint64, key: 0x${BigInt(key.text).toString(16)}, value: ${goSprintValue(value)}`,
    );
  }
  // assumption: go-yaml v2's text for a sequence or mapping used as a key.
  throw new GoYamlError("yaml: invalid map key: a mapping or sequence cannot be a key");
}

// ---------------------------------------------------------------------------------------------------
// The node walk

class Converter {
  private readonly active = new Set<Node>();
  constructor(private readonly doc: Document.Parsed) {}

  private deref(node: unknown): unknown {
    if (isAlias(node)) {
      const target = (node as Alias).resolve(this.doc);
      if (!target) throw new GoYamlError(`yaml: unknown anchor '${(node as Alias).source}' referenced`);
      if (this.active.has(target as Node)) {
        throw new GoYamlError(`yaml: anchor '${(node as Alias).source}' value contains itself`);
      }
      return target;
    }
    return node;
  }

  value(input: unknown): GoValue {
    const node = this.deref(input);
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return this.scalar(node as Scalar);
    this.active.add(node as Node);
    try {
      if (isMap(node)) {
        const out = new Map<string, GoValue>();
        this.mapping(node as YAMLMap, out);
        return out;
      }
      if (isSeq(node)) return node.items.map((item) => this.value(item));
    } finally {
      this.active.delete(node as Node);
    }
    return null;
  }

  private scalar(node: Scalar): GoValue {
    const source = typeof node.source === "string" ? node.source : String(node.value ?? "");
    // The non-specific tag `!` is not resolvable: go-yaml keeps the text as a string.
    if (node.tag === "!") return source;
    if (node.tag) return resolveTagged(node.tag, source);
    if (node.type === Scalar.PLAIN || node.type === undefined) return resolvePlain(source).value;
    return source;
  }

  private isMergeKey(key: unknown): boolean {
    if (!isScalar(key)) return false;
    const scalar = key as Scalar;
    const source = typeof scalar.source === "string" ? scalar.source : String(scalar.value);
    if (source !== "<<") return false;
    return (
      ((scalar.type === Scalar.PLAIN || scalar.type === undefined) && !scalar.tag) ||
      scalar.tag === "tag:yaml.org,2002:merge"
    );
  }

  /** go-yaml v2 mapping(): pairs in order, a merge writes its keys where it stands, the last wins. */
  private mapping(node: YAMLMap, out: Map<string, GoValue>): void {
    for (const pair of node.items) {
      if (this.isMergeKey(pair.key)) {
        this.merge(pair.value, out);
        continue;
      }
      const value = this.value(pair.value);
      const key = this.value(pair.key);
      if (Array.isArray(key) || key instanceof Map) keyString(key, value);
      out.set(keyString(key, value), value);
    }
  }

  /**
   * assumption: go-yaml v2 merge order, as remembered: a sequence of maps is merged last to first, so
   * the first map wins; keys set before the merge key are overwritten by it, later keys overwrite it.
   */
  private merge(input: unknown, out: Map<string, GoValue>): void {
    const node = this.deref(input);
    const fail = () => {
      throw new GoYamlError("yaml: map merge requires map or sequence of maps as the value");
    };
    if (isMap(node)) {
      this.active.add(node as Node);
      try {
        this.mapping(node as YAMLMap, out);
      } finally {
        this.active.delete(node as Node);
      }
      return;
    }
    if (!isSeq(node)) fail();
    const items = (node as { items: unknown[] }).items;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = this.deref(items[i]);
      if (!isMap(item)) fail();
      this.merge(item, out);
    }
  }
}

/** The failsafe parse: no scalar is resolved by the parser, duplicate keys are allowed. */
export function parseGoYaml(text: string): Document.Parsed {
  return parseDocument(text, {
    schema: "failsafe",
    uniqueKeys: false,
    merge: false,
    version: "1.1",
  }) as Document.Parsed;
}

/** The document's value as go-yaml v2 decodes it into interface{} (after a successful parse). */
export function goYamlValue(doc: Document.Parsed): GoValue {
  return new Converter(doc).value(doc.contents);
}

// ---------------------------------------------------------------------------------------------------
// json.Marshal

const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A JSON string as Go's encoding/json writes it (HTML-safe, U+2028/2029 escaped). */
export function goJsonStringLiteral(value: string): string {
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
    } else if (code >= 0xd800 && code <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** encoding/json's float64 text. */
function goFloatText(f: number): string {
  if (!Number.isFinite(f)) {
    const text = Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf";
    throw new GoYamlError(`json: unsupported value: ${text}`);
  }
  if (Object.is(f, -0)) return "-0";
  return String(f);
}

/** json.Marshal of the decoded document: compact, map keys in byte order. */
export function goJsonMarshal(value: GoValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return goJsonStringLiteral(value);
  if (value instanceof GoInt) return value.text;
  if (value instanceof GoFloat) return goFloatText(value.value);
  if (Array.isArray(value)) return `[${value.map(goJsonMarshal).join(",")}]`;
  const keys = [...value.keys()].sort(byteCompare);
  return `{${keys.map((k) => `${goJsonStringLiteral(k)}:${goJsonMarshal(value.get(k)!)}`).join(",")}}`;
}

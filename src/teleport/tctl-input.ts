// The text handed to `tctl create -f`: documents that decode, under tctl's rules, to exactly the values given.
//
// fact B70: tctl reads its input with Kubernetes' YAML-or-JSON decoder; YAML documents become JSON through
// go-yaml v2, whose YAML 1.1 rules make a plain `no`, `on` or `y` a boolean and `0777` an octal number, and
// Teleport's decoders then refuse a boolean where a string belongs (B71). A YAML 1.2 writer leaves such
// strings unquoted. So every document is written in YAML's flow style with every string double-quoted and
// every key quoted: a quoted scalar is a string in every YAML dialect, and numbers, booleans and null are
// written in forms go-yaml v2 reads back as the same value. JSON itself is not used: a stream whose first
// character is `{` is read as concatenated JSON, where the `---` separators are not allowed, so each document
// starts with a `---` line instead. Only printable ASCII is written: every other character is escaped,
// because YAML 1.1 counts U+0085, U+2028 and U+2029 as line breaks and forbids most control characters raw.

/** A value that can be written for tctl: what JSON can hold. */
export type TctlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | TctlValue[]
  | { [key: string]: TctlValue };

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, "0");
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
};

/** A double-quoted YAML scalar holding exactly `text`. */
export function quoteForTctl(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const short = SHORT_ESCAPES[char];
    if (short) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code >= 0xd800 && code <= 0xdfff) {
      // Half of a surrogate pair on its own: no UTF-8 text, and so no YAML file, can hold it.
      throw new Error(
        `the text ${JSON.stringify(text.slice(0, 40))} holds an unpaired surrogate, which Teleport cannot read`,
      );
    } else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

function number(value: number): string {
  if (!Number.isFinite(value))
    throw new Error(`${value} is not a number JSON can hold, so Teleport cannot read it`);
  // JavaScript's shortest form (`12`, `1.5`, `1e+21`, `1e-7`) is a number under go-yaml v2's rules: an integer
  // by ParseInt, anything else by its float pattern, which allows an exponent without a dot.
  return String(value);
}

/** One value in YAML flow style, as go-yaml v2 reads it back to the same JSON value. */
export function flowValue(value: TctlValue): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return quoteForTctl(value);
  if (typeof value === "number") return number(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map((v) => flowValue(v === undefined ? null : v)).join(", ")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${quoteForTctl(k)}: ${flowValue(v)}`).join(", ")}}`;
}

/** The input of one `tctl create -f`: the documents in order, each on its own `---` line. */
export function tctlInput(documents: readonly TctlValue[]): string {
  return documents.map((d) => `---\n${flowValue(d)}\n`).join("");
}

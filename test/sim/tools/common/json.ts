// A JSON reader that remembers where each token starts, so decode errors can name `line L:C` the way
// Go's protojson does, and that reads concatenated documents like Kubernetes' YAMLOrJSONDecoder.
import { badParameter } from "./trace.js";

export type JsonNode =
  | {
      type: "object";
      pos: number;
      entries: { key: string; keyRaw: string; keyPos: number; value: JsonNode }[];
    }
  | { type: "array"; pos: number; items: JsonNode[] }
  | { type: "string"; pos: number; value: string; raw: string }
  | { type: "number"; pos: number; value: number; raw: string }
  | { type: "bool"; pos: number; value: boolean; raw: string }
  | { type: "null"; pos: number; raw: string };

export interface JsonDocument {
  root: JsonNode;
  text: string;
}

/** protojson's position: 1-based line, 1-based column counted in characters. */
export function lineColumn(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const lastNewline = before.lastIndexOf("\n");
  const column = Array.from(before.slice(lastNewline + 1)).length + 1;
  return `${line}:${column}`;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw badParameter(
      `invalid character ${JSON.stringify(this.text[at] ?? "EOF")} ${message} (offset ${at})`,
    );
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /[ \t\r\n]/.test(this.text[this.pos]!)) this.pos++;
  }

  value(): JsonNode {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === "{") return this.object();
    if (ch === "[") return this.array();
    if (ch === '"') {
      const raw = this.stringRaw();
      return { type: "string", pos: start, value: JSON.parse(raw) as string, raw };
    }
    for (const [literal, node] of [
      ["true", { type: "bool", pos: start, value: true, raw: "true" }],
      ["false", { type: "bool", pos: start, value: false, raw: "false" }],
      ["null", { type: "null", pos: start, raw: "null" }],
    ] as const) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return node;
      }
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { type: "number", pos: start, value: Number(number[0]), raw: number[0] };
    }
    return this.fail("looking for beginning of value");
  }

  stringRaw(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === "\\") this.pos += 2;
      else if (ch === '"') {
        this.pos++;
        return this.text.slice(start, this.pos);
      } else this.pos++;
    }
    return this.fail("in string literal", start);
  }

  object(): JsonNode {
    const pos = this.pos++;
    const entries: { key: string; keyRaw: string; keyPos: number; value: JsonNode }[] = [];
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { type: "object", pos, entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail("looking for beginning of object key string");
      const keyPos = this.pos;
      const keyRaw = this.stringRaw();
      this.skipSpace();
      if (this.text[this.pos] !== ":") this.fail("after object key");
      this.pos++;
      const value = this.value();
      entries.push({ key: JSON.parse(keyRaw) as string, keyRaw, keyPos, value });
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === "}") {
        this.pos++;
        return { type: "object", pos, entries };
      }
      this.fail("after object key:value pair");
    }
  }

  array(): JsonNode {
    const pos = this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return { type: "array", pos, items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === "]") {
        this.pos++;
        return { type: "array", pos, items };
      }
      this.fail("after array element");
    }
  }
}

/** Every JSON value in `text`, one after another (json.Decoder in a loop), read lazily. */
export function* parseJsonStream(text: string): Generator<JsonDocument> {
  const reader = new Reader(text);
  for (;;) {
    reader.skipSpace();
    if (reader.pos >= text.length) return;
    const start = reader.pos;
    const root = reader.value();
    yield { root: shift(root, -start), text: text.slice(start, reader.pos) };
  }
}

export function parseJson(text: string): JsonDocument {
  const reader = new Reader(text);
  const root = reader.value();
  reader.skipSpace();
  if (reader.pos !== text.length) reader.fail("after top-level value");
  return { root, text };
}

function shift(node: JsonNode, by: number): JsonNode {
  switch (node.type) {
    case "object":
      return {
        ...node,
        pos: node.pos + by,
        entries: node.entries.map((e) => ({ ...e, keyPos: e.keyPos + by, value: shift(e.value, by) })),
      };
    case "array":
      return { ...node, pos: node.pos + by, items: node.items.map((item) => shift(item, by)) };
    default:
      return { ...node, pos: node.pos + by };
  }
}

/** The plain value of a node. */
export function toPlain(node: JsonNode): unknown {
  switch (node.type) {
    case "object":
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
    case "array":
      return node.items.map(toPlain);
    case "null":
      return null;
    default:
      return node.value;
  }
}

/** The raw text of a token as protojson quotes it in errors (`"x"`, `5`, `{`, `[`). */
export function rawToken(node: JsonNode): string {
  if (node.type === "object") return "{";
  if (node.type === "array") return "[";
  return node.raw;
}

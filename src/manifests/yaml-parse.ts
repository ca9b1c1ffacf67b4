// One file's text as YAML documents with line and column positions, and the YAML problems found on the way:
// syntax errors, and documents refused because they nest too deep.
//
// The yaml package parses and composes nested collections recursively: about a thousand levels exhaust the
// stack, in the composer ("Maximum call stack size exceeded" as a document error) or, for `- - - ...` a few
// kilobytes long, in the parser, which then throws. So nesting is measured first, with the package's lexer
// (a flat token stream, no recursion), and a document nested deeper than MAX_NESTING is blanked out before
// parsing: spaces in place of its characters, line breaks kept, so every other position stays where it was.
import { CST, type Document, Lexer, LineCounter, parseAllDocuments } from "yaml";
import { errorAtOffset, type ManifestError, shorten } from "./errors.js";

/** Far above any manifest (a workload_cluster needs 5 levels) and far below what exhausts the stack. */
const MAX_NESTING = 64;

/** A YAML message can quote the input (a tag, an anchor); this much of it is enough. */
const YAML_MESSAGE_CHARS = 300;

export interface ParsedYaml {
  lineCounter: LineCounter;
  /** Every document, in order; a refused one reads as an empty document, or as none. */
  documents: Document.Parsed[];
  /** Problems that belong to no document read: errors of the stream itself, and refused documents. */
  errors: ManifestError[];
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const deep = tooDeep(text);
  let readable = text;
  for (const { start, end } of deep) {
    readable =
      readable.slice(0, start) + readable.slice(start, end).replace(/[^\r\n]/g, " ") + readable.slice(end);
  }
  const docs = parseAllDocuments(readable, { lineCounter, prettyErrors: false });
  // An empty stream (no document at all) is an array too, and may carry errors of its own.
  const streamErrors = "errors" in docs && Array.isArray(docs.errors) ? docs.errors : [];
  const errors = streamErrors.map((e) => yamlError(file, lineCounter, e));
  for (const { at } of deep) {
    errors.push(
      errorAtOffset(
        file,
        lineCounter,
        at,
        `mappings and lists are nested more than ${MAX_NESTING} levels deep here; ` +
          "a manifest needs only a few levels, so this document is not read",
      ),
    );
  }
  return { lineCounter, documents: docs as Document.Parsed[], errors };
}

/** The document's own YAML errors and warnings; after one, its tree is unreliable, so nothing else is read. */
export function syntaxErrors(doc: Document, file: string, lineCounter: LineCounter): ManifestError[] {
  return [...doc.errors, ...doc.warnings].map((e) => yamlError(file, lineCounter, e));
}

function yamlError(
  file: string,
  lineCounter: LineCounter,
  e: { pos: [number, number]; message: string; code?: string },
) {
  if (e.code === "DUPLICATE_KEY") {
    // Teleport's reader keeps the last of two equal keys and drops the other silently (fact B72).
    return errorAtOffset(
      file,
      lineCounter,
      e.pos[0],
      "YAML: Map keys must be unique: this key is written twice in one mapping. Teleport would keep only " +
        "the last value and silently drop the other, so the action refuses duplicate keys (its own rule); keep one",
    );
  }
  return errorAtOffset(file, lineCounter, e.pos[0], `YAML: ${shorten(e.message, YAML_MESSAGE_CHARS)}`);
}

interface Level {
  indent: number;
  kind: "map" | "seq";
}

/** Lexer control characters: they mark what follows and stand for no character of the text. */
const DOCUMENT_START = "\x02";
const SCALAR_NEXT = "\x1f";
const FLOW_ERROR_END = "\x18";

/**
 * Documents nested deeper than MAX_NESTING: where the first too-deep collection starts (`at`), and the text
 * to blank (`start` to `end`). Block nesting is read from indentation as YAML defines it: a `-`, `?` or
 * key deeper than the collection around it opens a new one, and a list may sit at its key's indentation.
 */
function tooDeep(text: string): DeepDocument[] {
  const scan = new NestingScan();
  for (const token of new Lexer().lex(text)) scan.token(token);
  scan.endDocument(text.length);
  return scan.found;
}

interface DeepDocument {
  at: number;
  start: number;
  end: number;
}

/** tooDeep's one pass over the lexer's tokens: the position, the open collections, and what was found. */
class NestingScan {
  readonly found: DeepDocument[] = [];
  private offset = 0;
  private column = 0;
  private block: Level[] = [];
  private flow = 0;
  /** Where the current node's first token is, if the line has one yet: a key, when a `:` follows. */
  private node: { column: number; offset: number } | undefined;
  private scalarNext = false;
  private documentStart = 0;
  private deepAt: number | undefined;

  token(token: string): void {
    if (token === DOCUMENT_START) return;
    if (token === SCALAR_NEXT) {
      this.scalarNext = true;
      return;
    }
    if (token === FLOW_ERROR_END) {
      this.flow = 0;
      return;
    }
    const at = this.offset;
    const startColumn = this.column;
    this.offset += token.length;
    const lastBreak = token.lastIndexOf("\n");
    this.column = lastBreak < 0 ? this.column + token.length : token.length - lastBreak - 1;

    const type = this.scalarNext ? "scalar" : CST.tokenType(token);
    this.scalarNext = false;
    this.structure(type, at, startColumn);
    if (lastBreak >= 0) this.node = undefined;
  }

  endDocument(end: number): void {
    if (this.deepAt !== undefined) this.found.push({ at: this.deepAt, start: this.documentStart, end });
    this.deepAt = undefined;
    this.block = [];
    this.flow = 0;
    this.node = undefined;
  }

  /** What a token opens or closes; `at` and `startColumn` are where it starts. */
  private structure(type: ReturnType<typeof CST.tokenType>, at: number, startColumn: number): void {
    switch (type) {
      case "doc-start":
      case "doc-end":
        this.endDocument(at);
        this.documentStart = this.offset;
        break;
      case "seq-item-ind":
        this.blockCollection(startColumn, "seq", at);
        this.node = undefined;
        break;
      case "explicit-key-ind":
        this.blockCollection(startColumn, "map", at);
        this.node = undefined;
        break;
      case "map-value-ind":
        this.blockCollection(this.node?.column ?? startColumn, "map", this.node?.offset ?? at);
        this.node = undefined;
        break;
      case "flow-map-start":
      case "flow-seq-start":
        this.node ??= { column: startColumn, offset: at };
        this.flow++;
        this.check(this.block.length + this.flow, at);
        break;
      case "flow-map-end":
      case "flow-seq-end":
        this.flow = Math.max(0, this.flow - 1);
        break;
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar":
      case "alias":
      case "anchor":
      case "tag":
        this.node ??= { column: startColumn, offset: at };
        break;
    }
  }

  private check(depth: number, at: number): void {
    if (depth > MAX_NESTING && this.deepAt === undefined) this.deepAt = at;
  }

  private blockCollection(indent: number, kind: Level["kind"], at: number): void {
    if (this.flow > 0) return;
    let top = this.block.at(-1);
    // A key at a list's indentation ends the list: it belongs to the mapping around it.
    while (top && (top.indent > indent || (kind === "map" && top.indent === indent && top.kind === "seq"))) {
      this.block.pop();
      top = this.block.at(-1);
    }
    if (top?.indent === indent && top.kind === kind) return;
    this.block.push({ indent, kind });
    this.check(this.block.length, at);
  }
}

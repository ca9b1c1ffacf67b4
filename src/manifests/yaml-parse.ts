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
export const MAX_NESTING = 64;

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
    // Teleport's reader keeps the last of two equal keys and drops the other silently (fact F39).
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
function tooDeep(text: string): { at: number; start: number; end: number }[] {
  const found: { at: number; start: number; end: number }[] = [];
  let offset = 0;
  let column = 0;
  let block: Level[] = [];
  let flow = 0;
  /** Where the current node's first token is, if the line has one yet: a key, when a `:` follows. */
  let node: { column: number; offset: number } | undefined;
  let scalarNext = false;
  let documentStart = 0;
  let deepAt: number | undefined;

  const endDocument = (end: number) => {
    if (deepAt !== undefined) found.push({ at: deepAt, start: documentStart, end });
    deepAt = undefined;
    block = [];
    flow = 0;
    node = undefined;
  };
  const check = (depth: number, at: number) => {
    if (depth > MAX_NESTING && deepAt === undefined) deepAt = at;
  };
  const blockCollection = (indent: number, kind: Level["kind"], at: number) => {
    if (flow > 0) return;
    let top = block.at(-1);
    // A key at a list's indentation ends the list: it belongs to the mapping around it.
    while (top && (top.indent > indent || (kind === "map" && top.indent === indent && top.kind === "seq"))) {
      block.pop();
      top = block.at(-1);
    }
    if (top?.indent === indent && top.kind === kind) return;
    block.push({ indent, kind });
    check(block.length, at);
  };

  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT_START) continue;
    if (token === SCALAR_NEXT) {
      scalarNext = true;
      continue;
    }
    if (token === FLOW_ERROR_END) {
      flow = 0;
      continue;
    }
    const at = offset;
    const startColumn = column;
    offset += token.length;
    const lastBreak = token.lastIndexOf("\n");
    column = lastBreak < 0 ? column + token.length : token.length - lastBreak - 1;

    const type = scalarNext ? "scalar" : CST.tokenType(token);
    scalarNext = false;
    switch (type) {
      case "doc-start":
      case "doc-end":
        endDocument(at);
        documentStart = offset;
        break;
      case "seq-item-ind":
        blockCollection(startColumn, "seq", at);
        node = undefined;
        break;
      case "explicit-key-ind":
        blockCollection(startColumn, "map", at);
        node = undefined;
        break;
      case "map-value-ind":
        blockCollection(node?.column ?? startColumn, "map", node?.offset ?? at);
        node = undefined;
        break;
      case "flow-map-start":
      case "flow-seq-start":
        node ??= { column: startColumn, offset: at };
        flow++;
        check(block.length + flow, at);
        break;
      case "flow-map-end":
      case "flow-seq-end":
        flow = Math.max(0, flow - 1);
        break;
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar":
      case "alias":
      case "anchor":
      case "tag":
        node ??= { column: startColumn, offset: at };
        break;
    }
    if (lastBreak >= 0) node = undefined;
  }
  endDocument(text.length);
  return found;
}

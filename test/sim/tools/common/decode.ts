// `tctl create` input: Kubernetes' YAMLOrJSONDecoder semantics. Input whose first non-space character is
// `{` is a stream of concatenated JSON objects; anything else is multi-document YAML, each document
// converted to JSON the way sigs.k8s.io/yaml does (YAML 1.1 scalars, keys sorted). Documents are yielded
// one at a time so that a later broken document fails only after the earlier ones were applied.
// fact: tctl-facts.md §1 "`tctl create` mechanics".
import { type Document, parseDocument } from "yaml";
import { type JsonDocument, parseJson, parseJsonStream, toPlain } from "./json.js";
import { goJsonCompactSorted } from "./output.js";
import { badParameter } from "./trace.js";

export interface InputDocument {
  /** The document as tctl's protojson/encoding-json decoders see it (text + token positions). */
  json: JsonDocument;
  value: Record<string, unknown>;
  kind: string;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "object") return "object";
  return typeof value === "string" ? "string" : typeof value === "number" ? "number" : "bool";
}

function asResource(json: JsonDocument, plain: unknown): InputDocument {
  if (!plain || typeof plain !== "object" || Array.isArray(plain)) {
    // assumption: sigs.k8s.io/yaml's wording for a document that is not an object.
    throw badParameter(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${describeType(plain)} into Go value of type services.UnknownResource`,
    );
  }
  const value = plain as Record<string, unknown>;
  const kind = value["kind"] ?? "";
  if (typeof kind !== "string") {
    throw badParameter(
      `json: cannot unmarshal ${describeType(kind)} into Go struct field UnknownResource.kind of type string`,
    );
  }
  return { json, value, kind };
}

/**
 * Kubernetes' YAMLReader: the input is cut into documents at lines that are `---` (optionally followed by
 * a comment), and each document is parsed on its own, so parser line numbers count from the document's
 * first line. assumption: other text after `---` is left to the YAML parser.
 */
function yamlChunks(text: string): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  for (const line of text.split("\n")) {
    if (/^---\s*(#.*)?$/.test(line.replace(/\r$/, ""))) {
      chunks.push(current.join("\n"));
      current = [];
    } else current.push(line);
  }
  chunks.push(current.join("\n"));
  return chunks;
}

/** The YAML 1.1 core types without the timestamp type, which YAMLToJSON leaves as strings. */
function yamlDocument(text: string): Document.Parsed {
  return parseDocument(text, {
    version: "1.1",
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === "object" && tag.tag !== "tag:yaml.org,2002:timestamp"),
  }) as Document.Parsed;
}

function* decodeYaml(text: string): Generator<InputDocument> {
  for (const chunk of yamlChunks(text)) {
    const doc = yamlDocument(chunk);
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? 1;
      // assumption: sigs.k8s.io/yaml's prefix with go-yaml's `line N:`; the rest is the parser's text.
      throw badParameter(
        `error converting YAML to JSON: yaml: line ${line}: ${error.message.split("\n")[0]}`,
      );
    }
    const plain = doc.toJS({ maxAliasCount: 100 }) as unknown;
    // Empty documents are skipped (fact: tctl-facts.md §1, issue #4703).
    if (plain === null || plain === undefined) continue;
    const compact = goJsonCompactSorted(plain);
    yield asResource(parseJson(compact), JSON.parse(compact));
  }
}

function* decodeJson(text: string): Generator<InputDocument> {
  for (const doc of parseJsonStream(text)) yield asResource(doc, toPlain(doc.root));
}

export function* decodeResources(text: string): Generator<InputDocument> {
  const isJson = text.trimStart().startsWith("{");
  yield* isJson ? decodeJson(text) : decodeYaml(text);
}

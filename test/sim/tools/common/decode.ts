// `tctl create` input: Kubernetes' YAMLOrJSONDecoder semantics. Input whose first non-space character is
// `{` is a stream of concatenated JSON objects; anything else is multi-document YAML, each document
// converted to JSON the way sigs.k8s.io/yaml does on top of go-yaml v2 (`go-yaml.ts`: YAML 1.1 plain
// scalars as go-yaml v2 resolves them, no base-60, the last of duplicate keys wins, keys made strings,
// compact JSON with sorted keys). Documents are yielded one at a time so that a later broken document
// fails only after the earlier ones were applied.
// fact: B1; B70, B72.

import { checkHeader } from "../../cluster/teleport-types.js";
import { GoYamlError, goJsonMarshal, goYamlValue, parseGoYaml } from "./go-yaml.js";
import { type JsonDocument, parseJson, parseJsonStream, toPlain } from "./json.js";
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

function asResource(json: JsonDocument, plain: unknown, fromYaml: boolean): InputDocument {
  // sigs.k8s.io/yaml's jsonUnmarshal prefix around the decoder's error (YAML input only).
  const prefix = fromYaml ? "error unmarshaling JSON: while decoding JSON: " : "";
  if (!plain || typeof plain !== "object" || Array.isArray(plain)) {
    // assumption: sigs.k8s.io/yaml's wording for a document that is not an object.
    throw badParameter(
      `${prefix}json: cannot unmarshal ${describeType(plain)} into Go value of type services.UnknownResource`,
    );
  }
  const value = plain as Record<string, unknown>;
  // UnknownResource.UnmarshalJSON decodes a types.ResourceHeader with encoding/json (B71).
  try {
    checkHeader(value);
  } catch (err) {
    throw badParameter(`${prefix}${(err as Error).message}`);
  }
  const kind = value["kind"] ?? "";
  return { json, value, kind: String(kind) };
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

function* decodeYaml(text: string): Generator<InputDocument> {
  for (const chunk of yamlChunks(text)) {
    const doc = parseGoYaml(chunk);
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? 1;
      // assumption: sigs.k8s.io/yaml's prefix with go-yaml's `line N:`; the rest is the parser's text.
      throw badParameter(
        `error converting YAML to JSON: yaml: line ${line}: ${error.message.split("\n")[0]}`,
      );
    }
    let compact: string;
    try {
      const value = goYamlValue(doc);
      // Empty documents are skipped (fact: B1, issue #4703).
      if (value === null) continue;
      compact = goJsonMarshal(value);
    } catch (err) {
      if (!(err instanceof GoYamlError)) throw err;
      // sigs.k8s.io/yaml: `error converting YAML to JSON: %v` around go-yaml's and json.Marshal's errors.
      throw badParameter(`error converting YAML to JSON: ${err.message}`);
    }
    yield asResource(parseJson(compact), JSON.parse(compact), true);
  }
}

function* decodeJson(text: string): Generator<InputDocument> {
  for (const doc of parseJsonStream(text)) yield asResource(doc, toPlain(doc.root), false);
}

export function* decodeResources(text: string): Generator<InputDocument> {
  const isJson = text.trimStart().startsWith("{");
  yield* isJson ? decodeJson(text) : decodeYaml(text);
}

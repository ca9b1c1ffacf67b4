// The registry of document kinds, in the way tctl keeps one resource handler per kind: each kind is one
// file exporting a KindHandler. The loader finds a document's handler among the kinds its files may hold,
// so a new kind is a new file, not a new branch in load.ts; the access kinds reach it through the sync's
// kind registry (sync/kinds).
import { type Document, isAlias, isMap, isScalar } from "yaml";
import { KIND_WORKLOAD_CLUSTER } from "../core/workload-cluster.js";
import type { ManifestError } from "./errors.js";
import type {
  DeclaredName,
  DocumentResult,
  KindContext,
  KindHandler,
  ManifestSource,
} from "./kind-handler.js";
import { KIND_ROLE, roleKind } from "./role.js";
import { KIND_USER, userKind } from "./user.js";
import { workloadClusterKind } from "./workload-cluster.js";
import { syntaxErrors } from "./yaml-parse.js";

export type {
  DeclaredName,
  DocumentResult,
  KindContext,
  KindHandler,
  ManifestSource,
  ValidateOptions,
} from "./kind-handler.js";

/** Every kind the action reads, by `kind`. */
export const KINDS: ReadonlyMap<string, KindHandler<unknown>> = new Map<string, KindHandler<unknown>>([
  [KIND_WORKLOAD_CLUSTER, workloadClusterKind],
  [KIND_ROLE, roleKind],
  [KIND_USER, userKind],
]);

/** One parsed document: its YAML errors, or what the handler of its kind finds. */
export function validateDocument<R>(
  doc: Document.Parsed,
  ctx: KindContext,
  source: ManifestSource<R>,
): DocumentResult<R> {
  const syntax = syntaxErrors(doc, ctx.file, ctx.lineCounter);
  if (syntax.length > 0) return { errors: syntax };
  const kind = documentKind(doc);
  const handler = source.kinds.find((h) => h.kind === kind) ?? source.fallback;
  return { ...handler.validate(doc, ctx), handler };
}

/** The document's top-level `kind` when it is a string; the handler reports any other shape. */
function documentKind(doc: Document.Parsed): string | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === "kind");
  const value = isAlias(pair?.value) ? pair.value.resolve(doc) : pair?.value;
  return isScalar(value) && typeof value.value === "string" ? value.value : undefined;
}

/**
 * Records where a document's kind and name were first declared; a second document of the same kind and name
 * in one scope is an error naming the first. Returns false for the duplicate.
 */
export function claimName(
  first: Map<string, string>,
  result: {
    declaredName?: DeclaredName;
    handler?: { kind: string; duplicate(name: string, where: string): string };
  },
  file: string,
  errors: ManifestError[],
): boolean {
  const declared = result.declaredName;
  if (!declared || !result.handler) return true;
  const key = `${result.handler.kind}/${declared.value}`;
  const earlier = first.get(key);
  if (earlier) {
    errors.push({
      file,
      line: declared.line,
      col: declared.col,
      field: "metadata.name",
      message: result.handler.duplicate(declared.value, earlier),
    });
    return false;
  }
  first.set(key, `${file}:${declared.line}`);
  return true;
}

// What a document kind's handler is: the types every kind file implements, apart from the registry
// (kinds.ts) that lists the handlers, so that a handler never imports the registry that imports it.
import type { Document, LineCounter } from "yaml";
import type { ManifestError } from "./errors.js";

export interface ValidateOptions {
  /** Accept allow rules that let every identity of an AWS account join (input `allow-account-wide-join`). */
  allowAccountWideJoin: boolean;
}

export interface KindContext {
  /** Repository-relative path, for the errors. */
  file: string;
  /** Positions of the file the document was parsed from. */
  lineCounter: LineCounter;
  /** The file's text, where a check needs a scalar as written (its escapes). */
  text?: string;
  options: ValidateOptions;
}

/** `metadata.name` and where it is written. */
export interface DeclaredName {
  value: string;
  line: number;
  col: number;
}

export interface KindResult<R> {
  /** Set only when the document has no error. */
  resource?: R;
  errors: ManifestError[];
  /** Set whenever the name is a string, even with other errors, so that duplicates show in the same run. */
  declaredName?: DeclaredName;
  /** Problems that do not stop a write, such as a field Teleport would drop. */
  warnings?: ManifestError[];
}

export interface KindHandler<R> {
  /** The document's `kind`. */
  readonly kind: string;
  /** Reads one document without YAML errors; every problem is returned, not just the first. */
  validate(doc: Document.Parsed, ctx: KindContext): KindResult<R>;
  /** The problem with a second document of this kind named `name`; `first` is the first's `file:line`. */
  duplicate(name: string, first: string): string;
}

/** What the files an input selects may hold. */
export interface ManifestSource<R> {
  /** The action input naming the files, for messages. */
  input: string;
  /** A pattern to suggest when the input gives none. */
  examplePattern: string;
  /** The kinds these files may hold. */
  kinds: readonly KindHandler<R>[];
  /**
   * Reads a document whose kind is missing or not one of `kinds`, and reports its kind (so that a role in
   * the workload-clusters files is told it is in the wrong place, with its other problems).
   */
  fallback: KindHandler<R>;
  /** The problem with a file that holds no document. */
  noDocument: string;
}

export interface DocumentResult<R> extends KindResult<R> {
  /** The handler that read the document; unset after a YAML error. */
  handler?: KindHandler<R>;
}

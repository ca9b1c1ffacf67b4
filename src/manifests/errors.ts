// A problem in a manifest, located precisely enough for a GitHub annotation on the offending YAML node.
import type { LineCounter } from "yaml";

export interface ManifestError {
  /**
   * Repository-relative path with forward slashes. Empty for a problem that has no file, such as an input
   * pattern that matches nothing; then `line` and `col` are 0.
   */
  file: string;
  /** 1-based; 0 when the problem is about the file or input as a whole. */
  line: number;
  /** 1-based; 0 when the problem is about the file or input as a whole. */
  col: number;
  message: string;
  /** Dotted path of the offending field, e.g. `spec.token.allow[0].aws_arn`. */
  field?: string;
}

/** An error at a character offset of a file parsed with `lineCounter`. */
export function errorAtOffset(
  file: string,
  lineCounter: LineCounter,
  offset: number,
  message: string,
  field?: string,
): ManifestError {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col, message, ...(field !== undefined ? { field } : {}) };
}

/** Orders by file, line, column; stable, so problems found at one node keep the order they were found in. */
export function compareErrors(a: ManifestError, b: ManifestError): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}

export function sortErrors(errors: ManifestError[]): ManifestError[] {
  return [...errors].sort(compareErrors);
}

/** `file:line:col` (as editors and terminals link it), shortened when the error has no position. */
export function formatLocation(error: ManifestError): string {
  if (error.file === "") return "";
  if (error.line <= 0) return error.file;
  return error.col > 0 ? `${error.file}:${error.line}:${error.col}` : `${error.file}:${error.line}`;
}

/** How much of a manifest value a message quotes: enough to recognise it, never a whole huge value. */
const QUOTED_CHARS = 80;

/**
 * `text` as is when short, else its first `max` characters, "…" and its length: a value copied into a
 * message is repeated in an annotation, a log line and the job summary, so a 5 MB value must not be.
 */
export function shorten(text: string, max = QUOTED_CHARS): string {
  if (text.length <= max) return text;
  // Cutting between the two halves of a surrogate pair would leave half a character.
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? "") ? max - 1 : max;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/** A manifest value in double quotes, as JSON writes it, shortened like `shorten`. */
export function quote(value: string, max = QUOTED_CHARS): string {
  if (value.length <= max) return JSON.stringify(value);
  const short = shorten(value, max);
  const cut = short.lastIndexOf("… (");
  return `${JSON.stringify(`${short.slice(0, cut)}…`)}${short.slice(cut + 1)}`;
}

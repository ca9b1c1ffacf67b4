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

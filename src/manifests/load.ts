// Desired workload clusters from the repository: expand the input's globs, read the files, parse every YAML
// document with positions, validate each one, and check that names are unique across all files. Nothing
// here talks to Teleport, so a pull request from a fork can run it without credentials.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import { LineCounter, parseAllDocuments } from "yaml";
import { errorAtOffset, type ManifestError, sortErrors } from "./errors.js";
import {
  CHILD_DOMAIN_SUFFIX,
  type DeclaredWorkloadCluster,
  type DocumentResult,
  isEmptyDocument,
  type ValidateOptions,
  validateWorkloadClusterDocument,
} from "./workload-cluster.js";

export const WORKLOAD_CLUSTERS_INPUT = "workload-clusters";

/**
 * One pattern, not one per extension: a pattern that matches nothing is an error, so `*.yml` beside
 * `*.yaml` would fail every repository that uses only one of them.
 */
export const DEFAULT_WORKLOAD_CLUSTER_GLOBS = ["teleport/workload-clusters/**/*.{yaml,yml}"];

export interface LoadOptions extends ValidateOptions {
  /** The repository root; patterns and the reported file paths are relative to it. */
  cwd: string;
}

export interface LoadResult {
  /** Valid clusters in declaration order: files sorted by path, documents in file order. */
  clusters: DeclaredWorkloadCluster[];
  /** Sorted by file, line, column. Problems with the input itself have file "" and come first. */
  errors: ManifestError[];
}

/**
 * The input's value as a list of patterns: one per line; blank lines are ignored. Commas do not separate
 * patterns, because a brace pattern such as `*.{yaml,yml}` contains one.
 */
export function parsePatternList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function inputError(message: string): ManifestError {
  return { file: "", line: 0, col: 0, message: `Input "${WORKLOAD_CLUSTERS_INPUT}": ${message}` };
}

const GLOB_CHARS = /[*?[\]{}()!+@]/;

/**
 * Files matched by the patterns, repository-relative and sorted. A leading `!` excludes. Every including
 * pattern must match at least one file, so a typo in a path is caught instead of declaring nothing.
 */
export async function expandPatterns(
  patterns: string[],
  cwd: string,
): Promise<{ files: string[]; errors: ManifestError[] }> {
  const errors: ManifestError[] = [];
  const include: string[] = [];
  const ignore: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === "") continue;
    const negated = pattern.startsWith("!");
    const body = negated ? pattern.slice(1) : pattern;
    // Annotations need repository paths, so nothing outside the repository can be a manifest.
    if (path.isAbsolute(body) || /^[A-Za-z]:[\\/]/.test(body)) {
      errors.push(
        inputError(
          `pattern ${JSON.stringify(pattern)} is absolute; write it relative to the repository root`,
        ),
      );
    } else if (body.split(/[\\/]/).includes("..")) {
      errors.push(
        inputError(`pattern ${JSON.stringify(pattern)} leaves the repository; write it relative to its root`),
      );
    } else if (negated) ignore.push(body);
    else include.push(body);
  }
  if (include.length === 0 && errors.length === 0) {
    const what = ignore.length > 0 ? "has only exclusions (patterns starting with !)" : "gives no pattern";
    errors.push(
      inputError(`${what}; give at least one, such as ${JSON.stringify(DEFAULT_WORKLOAD_CLUSTER_GLOBS[0])}`),
    );
  }
  const matched = await Promise.all(
    include.map((pattern) => glob([pattern], { cwd, ignore, onlyFiles: true, expandDirectories: false })),
  );
  const files = new Set<string>();
  for (const [i, found] of matched.entries()) {
    const pattern = include[i]!;
    if (found.length === 0) errors.push(inputError(await noMatchMessage(pattern, cwd, ignore)));
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(byPath), errors };
}

async function noMatchMessage(pattern: string, cwd: string, ignore: string[]): Promise<string> {
  const base = `pattern ${JSON.stringify(pattern)} matches no file`;
  if (!GLOB_CHARS.test(pattern)) {
    const info = await stat(path.join(cwd, pattern)).catch(() => undefined);
    if (info?.isDirectory()) {
      const dir = pattern.replace(/[\\/]+$/, "");
      return `${base}: it is a directory; to read the YAML files in it, use "${dir}/**/*.{yaml,yml}"`;
    }
  }
  const excluded = ignore.length > 0 ? ` (after excluding ${ignore.map((p) => `!${p}`).join(", ")})` : "";
  return `${base}${excluded} in the repository; fix the pattern, or add the manifests it should match`;
}

/** Code-unit order, independent of the runner's locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every document of one file's text, validated; empty documents are skipped. */
export function parseWorkloadClusterFile(
  file: string,
  text: string,
  options: ValidateOptions,
): DocumentResult[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const results: DocumentResult[] = [];
  // An empty stream (no document at all) is an array too, and may carry errors of its own.
  const streamErrors = "errors" in docs && Array.isArray(docs.errors) ? docs.errors : [];
  for (const e of streamErrors) {
    results.push({ errors: [errorAtOffset(file, lineCounter, e.pos[0], `YAML: ${e.message}`)] });
  }
  for (const doc of docs) {
    if (doc.errors.length === 0 && doc.warnings.length === 0 && isEmptyDocument(doc)) continue;
    results.push(validateWorkloadClusterDocument(doc, file, lineCounter, options));
  }
  if (results.length === 0) {
    // fact: tctl-facts.md §1: tctl refuses input without documents ("no resources found, empty input?").
    results.push({
      errors: [
        {
          file,
          line: 1,
          col: 1,
          message:
            "the file holds no workload_cluster document (it is empty or only comments); " +
            "add one, or change the workload-clusters input so it does not match this file",
        },
      ],
    });
  }
  return results;
}

/**
 * Loads and validates every workload cluster the patterns select. Callers must change nothing anywhere
 * when `errors` is not empty: the point is to find every problem before the first call to Teleport.
 */
export async function loadWorkloadClusters(patterns: string[], options: LoadOptions): Promise<LoadResult> {
  const expanded = await expandPatterns(patterns, options.cwd);
  const errors = [...expanded.errors];
  const texts = await Promise.all(
    expanded.files.map((file) =>
      readFile(path.join(options.cwd, file), "utf8").then(
        (text) => ({ file, text }),
        (error: NodeJS.ErrnoException) => ({ file, error }),
      ),
    ),
  );

  const clusters: DeclaredWorkloadCluster[] = [];
  const firstByName = new Map<string, { file: string; line: number }>();
  for (const entry of texts) {
    if ("error" in entry) {
      const reason = entry.error.code ?? entry.error.message;
      errors.push({ file: entry.file, line: 0, col: 0, message: `cannot read the file: ${reason}` });
      continue;
    }
    for (const result of parseWorkloadClusterFile(entry.file, entry.text, options)) {
      errors.push(...result.errors);
      const declared = result.declaredName;
      if (declared) {
        const first = firstByName.get(declared.value);
        if (first) {
          errors.push({
            file: entry.file,
            line: declared.line,
            col: declared.col,
            field: "metadata.name",
            message:
              `workload cluster ${JSON.stringify(declared.value)} is already declared at ${first.file}:${first.line}; ` +
              `names must be unique, since each is one Teleport Cloud cluster (${declared.value}.${CHILD_DOMAIN_SUFFIX})`,
          });
          continue;
        }
        firstByName.set(declared.value, { file: entry.file, line: declared.line });
      }
      if (result.cluster) clusters.push(result.cluster);
    }
  }
  return { clusters, errors: sortErrors(errors) };
}

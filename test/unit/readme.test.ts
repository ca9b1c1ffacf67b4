import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript build script without type declarations
import { applyTables, renderTables } from "../../scripts/readme-tables.mjs";
import { REPO_ROOT } from "../support/action-runner.js";

const readme = () => fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

describe("README", () => {
  it("has inputs and outputs tables identical to action.yml (node scripts/readme-tables.mjs)", () => {
    const tables = renderTables(fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8"));
    expect(readme()).toBe(applyTables(readme(), tables));
  });

  it("opens with the demo and test commands, and .ci/run runs that test command", () => {
    const opening = readme().split("\n").slice(0, 30).join("\n");
    const commands = [...opening.matchAll(/^(npm [^\n`]+)$/gm)].map((m) => m[1]);
    expect(commands.slice(0, 2)).toEqual(["npm ci && npm run demo", "npm ci && npm test"]);
    expect(fs.readFileSync(path.join(REPO_ROOT, ".ci/run"), "utf8")).toMatch(/^npm test\b/m);
  });
});

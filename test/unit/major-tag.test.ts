// The major tag the release workflow moves (scripts/major-tag.mjs): forward to stable releases only, and a
// tag that is not a release tag stops the release.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { isPrerelease, majorTag } from "../../scripts/major-tag.mjs";
import { REPO_ROOT } from "../support/action-runner.js";

const SCRIPT = path.join(REPO_ROOT, "scripts/major-tag.mjs");

describe("majorTag", () => {
  test.each([
    ["v0.1.0", [], "v0"],
    ["v1.2.3", [], "v1"],
    ["v10.0.0", [], "v10"],
    ["v1.2.3+build.7", [], "v1"],
    ["v1.2.3-rc.1", [], ""],
    ["v1.0.0-alpha", [], ""],
    ["v1.3.0", ["v1.2.9", "v1.3.0", "v2.0.0", "v1.4.0-rc.1", "v0", "v1"], "v1"],
    ["v1.2.4", ["v1.3.0"], ""],
    ["v1.2.4", ["v1.2.10"], ""],
    ["v1.2.4", ["v1.2.3", "v2.5.0", "v1.9.0-rc.1", "not-a-tag"], "v1"],
  ])("%s with %j moves %j", (tag, existing, major) => {
    expect(majorTag(tag, existing)).toBe(major);
  });

  test.each([
    "garbage",
    "",
    "v1",
    "1.2.3",
    "v1.2",
    "v01.2.3",
    "v1.2.3-",
    "v1.2.3-01",
    "v1.2.3 ",
  ])("refuses %j", (tag) => {
    expect(() => majorTag(tag)).toThrow(/is not a release tag: expected v<major>\.<minor>\.<patch>/);
  });

  test("says what a major tag pushed by hand is", () => {
    expect(() => isPrerelease("v1")).toThrow(/v1 is a major tag: the release workflow moves it/);
  });
});

describe("node scripts/major-tag.mjs", () => {
  const run = (...args: string[]) => {
    const { GITHUB_OUTPUT: _, ...env } = process.env;
    return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", env });
  };

  test.each([
    [["v1.2.3"], "major=v1\nprerelease=false\n"],
    [["v1.2.3-rc.1"], "major=\nprerelease=true\n"],
    [["v1.2.4", "v1.3.0"], "major=\nprerelease=false\n"],
  ])("%j prints the outputs", (args, out) => {
    const r = run(...args);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(out);
  });

  test("appends them to $GITHUB_OUTPUT when the runner gives one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "major-tag-"));
    try {
      const output = path.join(dir, "output");
      fs.writeFileSync(output, "earlier=1\n");
      const r = spawnSync(process.execPath, [SCRIPT, "v0.4.1"], {
        encoding: "utf8",
        env: { ...process.env, GITHUB_OUTPUT: output },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("");
      expect(fs.readFileSync(output, "utf8")).toBe("earlier=1\nmajor=v0\nprerelease=false\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("fails with an annotation on garbage", () => {
    const r = run("release-1");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      '::error::"release-1" is not a release tag: expected v<major>.<minor>.<patch>[-<prerelease>]\n',
    );
  });
});

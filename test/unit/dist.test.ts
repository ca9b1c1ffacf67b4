// The committed dist/ must be exactly what the build produces from the committed sources: users run dist/,
// not src/. The build must not embed the checkout's path either, or this would differ between machines.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles, REPO_ROOT } from "../support/action-runner.js";

describe("dist/", () => {
  it("matches a fresh build of the sources", { timeout: 180_000 }, () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "dist-check-"));
    try {
      execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "build.mjs"), out], {
        cwd: REPO_ROOT,
        stdio: "pipe",
      });
      const rel = (root: string) =>
        listFiles(root)
          .map((f) => path.relative(root, f))
          .sort();
      const built = rel(out);
      expect(rel(path.join(REPO_ROOT, "dist"))).toEqual(built);
      for (const file of built) {
        const fresh = fs.readFileSync(path.join(out, file));
        const committed = fs.readFileSync(path.join(REPO_ROOT, "dist", file));
        expect(committed.equals(fresh), `dist/${file} is stale: run "npm run build" and commit dist/`).toBe(
          true,
        );
        expect(fresh.includes(REPO_ROOT), `dist/${file} embeds the checkout path`).toBe(false);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("declares both bundles in action.yml and runs on node24", () => {
    const action = fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8");
    expect(action).toMatch(/using: node24/);
    expect(fs.existsSync(path.join(REPO_ROOT, "dist/main/index.js"))).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, "dist/post/index.js"))).toBe(true);
  });
});

// The tool cache when two installs meet (two jobs on one self-hosted runner) or one was interrupted: the
// cache directory appears whole, a finished one is never removed from under the job using it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cached, moveIntoCache } from "../../src/teleport/tool-cache.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "tool-cache-"));
  dirs.push(d);
  return d;
}

function staging(root: string, name: string, text: string): string {
  const d = path.join(root, name);
  fs.mkdirSync(d);
  for (const tool of ["tctl", "tbot"])
    fs.writeFileSync(path.join(d, tool), `${text} ${tool}`, { mode: 0o755 });
  return d;
}

describe("moveIntoCache", () => {
  it("keeps a finished install untouched: a tool another job is running is neither removed nor replaced", async () => {
    const root = tmp();
    const dir = path.join(root, "cache", "teleport-ent", "18.2.0", "x64");
    await moveIntoCache(staging(root, "a", "first"), dir);
    const inode = fs.statSync(path.join(dir, "tbot")).ino;
    await moveIntoCache(staging(root, "b", "second"), dir);
    expect(fs.readFileSync(path.join(dir, "tbot"), "utf8")).toBe("first tbot");
    expect(fs.statSync(path.join(dir, "tbot")).ino).toBe(inode);
    expect(cached(dir)).toBe(true);
    expect(fs.readdirSync(path.dirname(dir)).sort()).toEqual(["x64", "x64.complete"]);
  });

  it("two installs at once leave one whole directory with its marker and no partial one", async () => {
    const root = tmp();
    const dir = path.join(root, "cache", "teleport-ent", "18.2.0", "x64");
    await Promise.all([
      moveIntoCache(staging(root, "a", "same"), dir),
      moveIntoCache(staging(root, "b", "same"), dir),
    ]);
    expect(cached(dir)).toBe(true);
    expect(fs.readFileSync(path.join(dir, "tctl"), "utf8")).toBe("same tctl");
    expect(fs.readdirSync(path.dirname(dir)).sort()).toEqual(["x64", "x64.complete"]);
  });

  it("replaces what an interrupted install left (no marker, a tool cut short)", async () => {
    const root = tmp();
    const dir = path.join(root, "cache", "teleport-ent", "18.2.0", "x64");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "tctl"), "cut");
    fs.writeFileSync(path.join(dir, "tbot"), "cut");
    await moveIntoCache(staging(root, "a", "whole"), dir);
    expect(fs.readFileSync(path.join(dir, "tctl"), "utf8")).toBe("whole tctl");
    expect(cached(dir)).toBe(true);
  });
});

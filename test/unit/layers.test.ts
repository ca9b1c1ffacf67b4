// The layer check of `npm run lint` (scripts/check-layers.mjs): it passes on src/ and it can fail: an upward
// import, an import between two folders of one layer, a folder in no layer and a circle are each reported.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { checkLayers } from "../../scripts/check-layers.mjs";

const root = mkdtempSync(path.join(tmpdir(), "layers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(root, "src-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("scripts/check-layers.mjs", () => {
  it("finds no upward import and no circle in src/", () => {
    expect(checkLayers(path.resolve("src"))).toEqual([]);
  });

  it("reports an import from a lower layer to a higher one, type-only imports included", () => {
    const dir = tree({
      "core/a.ts": 'import type { B } from "../sync/b.js";\nexport type A = B;\n',
      "sync/b.ts": "export type B = string;\n",
    });
    expect(checkLayers(dir)).toEqual(["core/a.ts imports sync/b.ts (sync: a higher layer)"]);
  });

  it("reports an import between two folders of one layer, and a folder in no layer", () => {
    const dir = tree({
      "sync/a.ts": 'import { b } from "../join/b.js";\nexport const a = b;\n',
      "join/b.ts": "export const b = 1;\n",
      "extra/c.ts": 'import { b } from "../join/b.js";\nexport const c = b;\n',
    });
    expect(checkLayers(dir).sort()).toEqual([
      "extra/c.ts: extra is in no layer of scripts/check-layers.mjs",
      "sync/a.ts imports join/b.ts (join: a folder of the same layer)",
    ]);
  });

  it("reports a circle inside one folder", () => {
    const dir = tree({
      "manifests/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "manifests/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
    });
    expect(checkLayers(dir)).toEqual(["import circle: manifests/a.ts -> manifests/b.ts -> manifests/a.ts"]);
  });
});

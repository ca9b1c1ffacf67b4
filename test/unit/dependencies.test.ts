// package.json's `dependencies` are exactly what the product imports: ncc bundles what src/ imports, and a
// runtime import listed only under devDependencies (or not at all) works here by luck of the dev install.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/action-runner.js";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The packages a TypeScript file imports at run time (type-only imports are erased). */
function runtimeImports(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)(?!\s+type\s)\s[^;]*?\sfrom\s+"([^"]+)"/g),
    ...text.matchAll(/(?:^|\n)\s*import\s+"([^"]+)"/g),
    ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers
    .filter((s) => !s.startsWith(".") && !s.startsWith("node:"))
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!));
}

describe("package.json dependencies", () => {
  it.each([
    ['import { a } from "yaml";', ["yaml"]],
    ['import type { A } from "yaml";', []],
    ['import {\n  a,\n} from "@grpc/grpc-js";', ["@grpc/grpc-js"]],
    ['const m = await import("tar-stream");', ["tar-stream"]],
    ['import * as fs from "node:fs";\nimport { x } from "./x.js";', []],
    ['// the answer from "this mirror" is text', []],
  ])("reads the runtime imports of %j", (text, packages) => {
    expect(runtimeImports(text)).toEqual(packages);
  });

  it("lists every package src/ imports at run time, and nothing else", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const imported = new Set(
      sourceFiles(path.join(REPO_ROOT, "src")).flatMap((f) => runtimeImports(fs.readFileSync(f, "utf8"))),
    );
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});

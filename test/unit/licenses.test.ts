// What the bundle ships is allowed to ship: the repository carries its own license (Apache-2.0, as
// package.json says), and `npm run build` writes dist/THIRD-PARTY-NOTICES.txt with every runtime package of
// the lock file (scripts/notices.mjs), besides ncc's own dist/<entry>/licenses.txt. A package whose license is
// missing there, or is not on the allow-list of permissive licenses, fails this test.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { runtimePackages } from "../../scripts/notices.mjs";

/** Licenses that let the bundle be redistributed under Apache-2.0 with their notices kept. */
const ALLOWED = new Set([
  "MIT",
  "Apache-2.0",
  "ISC",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "0BSD",
  "CC0-1.0",
  "BlueOak-1.0.0",
]);

interface Notice {
  name: string;
  license: string;
  text: string;
}

/** ncc's file: for each package its name, its license on the next line, then the license text. */
function notices(entry: string): Notice[] {
  const text = readFileSync(path.join("dist", entry, "licenses.txt"), "utf8");
  const found: Notice[] = [];
  const head =
    /(?:^|\n\n)(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?)\n([A-Za-z0-9.+-]+(?: (?:OR|AND) [A-Za-z0-9.+-]+)*)\n/g;
  const starts = [...text.matchAll(head)];
  starts.forEach((m, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    found.push({ name: m[1]!, license: m[2]!, text: text.slice(m.index! + m[0].length, end).trim() });
  });
  return found;
}

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  license: string;
  dependencies: Record<string, string>;
};

describe("licenses", () => {
  it("the repository's LICENSE is the Apache License 2.0 that package.json names", () => {
    expect(pkg.license).toBe("Apache-2.0");
    const license = readFileSync("LICENSE", "utf8");
    expect(license).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(license).toMatch(/END OF TERMS AND CONDITIONS/);
  });

  it.each([
    "main",
    "post",
  ])("dist/%s/licenses.txt names a permissive license and its text for every package", (entry) => {
    const list = notices(entry);
    expect(list.length).toBeGreaterThan(0);
    for (const n of list) {
      expect({ name: n.name, allowed: ALLOWED.has(n.license) }).toEqual({ name: n.name, allowed: true });
      expect(n.text.length, `${n.name} has no license text`).toBeGreaterThan(100);
      const manifest = path.join("node_modules", n.name, "package.json");
      if (existsSync(manifest)) {
        // The notice names the license the package itself declares.
        expect(JSON.parse(readFileSync(manifest, "utf8")).license).toBe(n.license);
      }
    }
  });

  it("THIRD-PARTY-NOTICES.txt has every runtime package of the lock, a permissive license and its text", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
    const runtime = runtimePackages(lock) as { name: string; version: string; license: string }[];
    const text = readFileSync(path.join("dist", "THIRD-PARTY-NOTICES.txt"), "utf8");
    const entries = text.split(`\n\n${"-".repeat(78)}\n\n`);
    expect(entries).toHaveLength(runtime.length);
    for (const p of runtime) {
      const entry = entries.find((e) => e.includes(`${p.name} ${p.version}\nLicense: `));
      expect(entry, `${p.name} ${p.version} is missing`).toBeDefined();
      expect({ name: p.name, allowed: ALLOWED.has(p.license) }).toEqual({ name: p.name, allowed: true });
      expect(entry!.length, `${p.name} has no license text`).toBeGreaterThan(200);
      expect(entry).not.toContain("(no license file in the package)");
    }
    // What ncc found in the bundles is a subset: its own list misses packages of lazily loaded chunks.
    const names = new Set(runtime.map((p) => p.name));
    const fromNcc = [...notices("main"), ...notices("post")].map((n) => n.name);
    expect(fromNcc.filter((n) => !names.has(n))).toEqual([]);
    expect(Object.keys(pkg.dependencies).filter((d) => !names.has(d))).toEqual([]);
  });
});

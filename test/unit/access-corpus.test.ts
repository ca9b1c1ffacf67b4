// The malformed access corpus (test/fixtures/access/cases.ts) through the loader: each case must give
// exactly its errors and warnings, at the file, line and column given.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAccess } from "../../src/manifests/access.js";
import type { ManifestError } from "../../src/manifests/errors.js";
import { accessKinds } from "../../src/sync/kinds/index.js";
import { ACCESS_CASES, ACCESS_DIR, CLUSTERS, type ExpectedAccessProblem } from "../fixtures/access/cases.js";

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), "access-corpus-"));
  repos.push(repo);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
  }
  return repo;
}

function expectProblems(got: ManifestError[], want: ExpectedAccessProblem[]): void {
  expect(got.map((e) => `${e.file}:${e.line}:${e.col} ${e.message.slice(0, 200)}`)).toHaveLength(want.length);
  want.forEach((w, i) => {
    const e = got[i]!;
    expect(e).toMatchObject({ file: w.file, line: w.line, ...(w.col !== undefined ? { col: w.col } : {}) });
    expect(e.field).toBe(w.field);
    expect(e.message).toMatch(w.message);
  });
}

describe("malformed access corpus (test/fixtures/access/cases.ts)", () => {
  it.each(ACCESS_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const cwd = await repoWith(c.files);
    const { errors, warnings } = await loadAccess(ACCESS_DIR, c.clusters ?? CLUSTERS, {
      cwd,
      kinds: accessKinds(),
    });
    expectProblems(errors, c.errors);
    expectProblems(warnings, c.warnings ?? []);
  });

  it("has one case per name", () => {
    const names = ACCESS_CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

// Teleport's verdicts (test/fixtures/teleport-corpus/verdicts.ts) through the action's own validation
// (loadAccess): validate must accept what Teleport stores, refuse what Teleport refuses, warn where
// Teleport silently drops part of a document, and refuse the few documents the action refuses on purpose.
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { loadAccess } from "../../src/manifests/access.js";
import type { ManifestError } from "../../src/manifests/errors.js";
import { accessKinds } from "../../src/sync/kinds/index.js";
import { CORPUS, CORPUS_DIR, type CorpusCase, caseFile } from "../fixtures/teleport-corpus/verdicts.js";

const ACCESS_DIR = "teleport/access";
const CLUSTERS = [{ name: "acme", botName: "acme-bot" }];
const FACTS = path.join(import.meta.dirname, "../../docs/teleport-behaviour.md");

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

/** A repository holding the case's document and the documents of the roles it needs. */
async function repoFor(c: CorpusCase): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), "teleport-corpus-"));
  repos.push(repo);
  await mkdir(path.join(repo, ACCESS_DIR), { recursive: true });
  for (const file of [c.file, ...(c.needs ?? [])]) {
    await writeFile(path.join(repo, ACCESS_DIR, file), readFileSync(caseFile(file), "utf8"));
  }
  return repo;
}

const show = (problems: ManifestError[]) =>
  problems.map((e) => `${e.file}:${e.line}:${e.col} ${e.message.slice(0, 300)}`).join("\n") || "(none)";

const atLine = (c: CorpusCase) => (e: ManifestError) =>
  (e.line === c.line || (c.alsoLine !== undefined && e.line === c.alsoLine)) && c.message!.test(e.message);

describe("Teleport's verdicts through validate (loadAccess)", () => {
  it.each(CORPUS.map((c) => [`${c.verdict} ${c.file}`, c] as const))("%s", async (_title, c) => {
    const cwd = await repoFor(c);
    const result = await loadAccess(ACCESS_DIR, CLUSTERS, { cwd, kinds: accessKinds() });
    const file = `${ACCESS_DIR}/${c.file}`;
    const errors = result.errors.filter((e) => e.file === file);
    const warnings = result.warnings.filter((e) => e.file === file);
    const context = `${c.file} (${c.fact}, ${c.source})\nerrors:\n${show(errors)}\nwarnings:\n${show(warnings)}`;
    switch (c.verdict) {
      case "accept":
        expect(errors, context).toEqual([]);
        expect(warnings, context).toEqual([]);
        expect(
          result.byCluster.get("acme")!.map((o) => `${o.kind}/${o.name}`),
          context,
        ).toContain(`${c.kind}/${c.name}`);
        break;
      case "warn":
        expect(errors, context).toEqual([]);
        expect(
          warnings.some(atLine(c)),
          `a warning at line ${c.line} matching ${c.message}\n${context}`,
        ).toBe(true);
        break;
      case "refuse":
      case "ours":
        expect(errors.some(atLine(c)), `an error at line ${c.line} matching ${c.message}\n${context}`).toBe(
          true,
        );
        break;
    }
  });
});

describe("the corpus itself", () => {
  it("has at least 40 documents, with both verdict classes well represented", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    const stored = CORPUS.filter((c) => c.verdict === "accept" || c.verdict === "warn").length;
    const refused = CORPUS.filter((c) => c.verdict === "refuse" || c.verdict === "ours").length;
    expect(stored).toBeGreaterThanOrEqual(15);
    expect(refused).toBeGreaterThanOrEqual(15);
    for (const v of ["accept", "refuse", "warn", "ours"] as const) {
      expect(CORPUS.filter((c) => c.verdict === v).length, v).toBeGreaterThan(0);
    }
    expect(CORPUS.filter((c) => c.kind === "user").length).toBeGreaterThanOrEqual(5);
  });

  it("has one entry per file, every YAML file of the folder an entry, and unique names", () => {
    const files = readdirSync(CORPUS_DIR).filter((f) => /\.ya?ml$/.test(f));
    expect(CORPUS.map((c) => c.file).sort()).toEqual(files.sort());
    const names = CORPUS.map((c) => `${c.kind}/${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it("cites only facts that exist in the facts file (B1-B84)", () => {
    const numbers = [...readFileSync(FACTS, "utf8").matchAll(/^- \*\*(B\d+)\*\*/gm)].map((m) => m[1]!);
    expect(numbers).toContain("B84");
    for (const c of CORPUS) expect(numbers, `${c.file} cites ${c.fact}`).toContain(c.fact);
  });

  it.each(
    CORPUS.map((c) => [c.file, c] as const),
  )("%s: one document, its kind and name, its line", (_f, c) => {
    const text = readFileSync(caseFile(c), "utf8");
    // Teleport's dialect (B70: YAML 1.1); duplicate keys are allowed here (B72, one case has them).
    const docs = parseAllDocuments(text, { version: "1.1", uniqueKeys: false });
    expect(Array.isArray(docs) ? docs.length : 0).toBe(1);
    const doc = (docs as ReturnType<typeof parseAllDocuments> & unknown[])[0]!;
    expect(doc.get("kind")).toBe(c.kind);
    expect(doc.getIn(["metadata", "name"])).toBe(c.name);
    expect(c.verdict === "ours" ? c.why : "", "ours cases say why").toBeDefined();
    if (c.verdict === "accept") {
      expect(c.teleport).toBe("accept");
      expect(c.line).toBeUndefined();
      return;
    }
    expect(c.teleport).toBe(c.verdict === "refuse" ? "refuse" : c.verdict === "warn" ? "accept" : c.teleport);
    expect(c.line).toBeGreaterThan(0);
    expect(c.message).toBeInstanceOf(RegExp);
    expect(text.split("\n")[c.line! - 1], `line ${c.line} of ${c.file}`).toContain(c.at!);
  });
});

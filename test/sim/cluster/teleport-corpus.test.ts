// Teleport's verdicts (test/fixtures/teleport-corpus/verdicts.ts) through the simulator's tctl stand-in:
// `tctl create -f <file>` against an active child, as the child's seeded bot. What Teleport stores must be
// created and read back with the declared values and types (a quoted "no" is still the string "no", an
// unknown field is gone); what Teleport refuses must fail with exit 1, Teleport's text where the source
// gives it, and nothing stored.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { CORPUS, type CorpusCase, caseFile } from "../../fixtures/teleport-corpus/verdicts.js";
import { addChild, botIdentity, type ChildHandle, writeIdentity } from "../child-harness.js";
import { type Simulator, startSimulator } from "../index.js";
import { baseEnv, installTools, plain, runInProcess, type ToolResult } from "../tools/harness.js";

const VERSION = "18.2.0";

let sim: Simulator;
let child: ChildHandle;
let tools: Awaited<ReturnType<typeof installTools>>;
let identity: string;

const tctl = (args: string[]): Promise<ToolResult> =>
  runInProcess("tctl", ["-i", identity, "--auth-server", child.domain, ...args], {
    env: baseEnv({ SSL_CERT_FILE: sim.env.SSL_CERT_FILE, TELEPORT_TOOLS_VERSION: "off" }),
    cwd: tools.dir,
    version: VERSION,
  });

beforeAll(async () => {
  [sim, tools] = await Promise.all([
    startSimulator({ delayMs: 0, mirror: false, version: VERSION }),
    installTools({ version: VERSION, edition: "ent" }),
  ]);
  child = await addChild(sim, "corpus", "corpus-bot");
  identity = await writeIdentity(tools.dir, "bot-identity", await botIdentity(sim, child));
});

afterAll(async () => {
  await sim?.stop();
  if (tools) await rm(tools.dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

function valueAt(object: unknown, path: (string | number)[]): unknown {
  let at: unknown = object;
  for (const step of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at;
}

/** Label selectors print one value as a string and several as a list (utils.Strings). */
const oneOrMany = (v: unknown) => (typeof v === "string" ? [v] : v);

/** The stored object: `tctl get` where tctl can address the name (B8), else the control API. */
async function readBack(c: CorpusCase): Promise<Json | null> {
  if (/[\s,/]/.test(c.name)) {
    return (await sim.control.getResource(child.name, c.kind, c.name)) as Json | null;
  }
  const got = await tctl(["get", `${c.kind}/${c.name}`, "--format=json"]);
  expect(got.code, plain(got.stderr)).toBe(0);
  const list = JSON.parse(got.stdout) as Json[];
  expect(list).toHaveLength(1);
  return list[0]!;
}

/** Declared metadata labels, read as Teleport reads YAML (1.1). */
function declaredLabels(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { version: "1.1", uniqueKeys: false });
  return (doc.toJS() as { metadata?: { labels?: Record<string, unknown> } }).metadata?.labels ?? {};
}

describe("Teleport's verdicts through the simulator's tctl create -f", () => {
  it.each(
    CORPUS.map((c) => [`${c.verdict} (Teleport: ${c.teleport}) ${c.file}`, c] as const),
  )("%s", async (_title, c) => {
    for (const need of c.needs ?? []) {
      const made = await tctl(["create", "-f", caseFile(need)]);
      expect(made.code, `${need}: ${plain(made.stderr)}`).toBe(0);
    }
    const text = readFileSync(caseFile(c), "utf8");
    const result = await tctl(["create", "-f", caseFile(c)]);
    const stderr = plain(result.stderr);
    const context = `${c.file} (${c.fact}, ${c.source})\nexit ${result.code}\nstdout: ${result.stdout}\nstderr: ${stderr}`;
    if (c.teleport === "refuse") {
      expect(result.code, context).toBe(1);
      expect(stderr, context).toMatch(/ERROR: /);
      if (c.tctl) expect(stderr, context).toMatch(c.tctl);
      expect(result.stdout, context).not.toContain("has been");
      expect(await sim.control.getResource(child.name, c.kind, c.name), context).toBeNull();
      return;
    }
    expect(result.code, context).toBe(0);
    expect(result.stdout, context).toMatch(
      new RegExp(
        `^${c.kind} ${JSON.stringify(c.name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} has been (created|updated)$`,
        "m",
      ),
    );
    const stored = await readBack(c);
    expect(stored, context).not.toBeNull();
    expect(valueAt(stored, ["metadata", "name"])).toBe(c.name);
    for (const [key, value] of Object.entries(declaredLabels(text))) {
      expect(valueAt(stored, ["metadata", "labels", key]), `label ${key} of ${c.file}`).toStrictEqual(value);
    }
    for (const { path, equals } of c.readBack ?? []) {
      expect(oneOrMany(valueAt(stored, path)), `${path.join(".")} of ${c.file}`).toStrictEqual(
        oneOrMany(equals),
      );
    }
    for (const path of c.dropped ?? []) {
      expect(valueAt(stored, path), `${path.join(".")} of ${c.file} is dropped (B61)`).toBeUndefined();
    }
  });
});

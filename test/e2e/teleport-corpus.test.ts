// Every document of the Teleport corpus (test/fixtures/teleport-corpus) that the action must write (the
// accepted ones and the warned ones) in one tenant repository: `apply` through the bundle against the
// simulator creates them all without an error, and a second `apply` writes nothing to the child.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { actionWrites, CORPUS, caseFile } from "../fixtures/teleport-corpus/verdicts.js";
import { PARENT_CLUSTER_NAME, type Simulator } from "../sim/index.js";
import type { ActionRunner, StepResult } from "../support/action-runner.js";
import { e2eFile } from "../support/e2e.js";

const WRITES = /^(Create|Update|Upsert|Delete)Resource$|^(Create|Update)Role$|^CreateUserToken$/;
const CLUSTER = "tc-corpus";

let sim: Simulator;
const e2e = e2eFile({ delayMs: 200 }, (s) => {
  sim = s;
});

const written = CORPUS.filter(actionWrites);

function corpusRepo(): ActionRunner {
  const runner = e2e.repo(CLUSTER, {});
  const access = path.join(runner.workspace, "teleport/access");
  fs.mkdirSync(access, { recursive: true });
  for (const c of written) fs.copyFileSync(caseFile(c), path.join(access, c.file));
  return runner;
}

const apply = (runner: ActionRunner): Promise<StepResult> => e2e.run(runner, "apply");

async function childWrites(since: number): Promise<string[]> {
  const calls = await sim.control.calls();
  return calls
    .slice(since)
    .filter(
      (c) => c.cluster !== PARENT_CLUSTER_NAME && c.cluster.startsWith(CLUSTER) && WRITES.test(c.method),
    )
    .map((c) => `${c.method}`);
}

/** The log without the masked secrets, its end only. */
const shown = (step: StepResult) =>
  step.stdout
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n")
    .slice(-8000);

const annotations = (step: StepResult, level: "error" | "warning") =>
  step.stdout.split("\n").filter((l) => l.startsWith(`::${level}`));

describe("the Teleport corpus through apply", () => {
  it(
    "creates every accepted and warned document; a second apply writes nothing",
    { timeout: 240_000 },
    async () => {
      expect(written.length).toBeGreaterThanOrEqual(25);
      const runner = corpusRepo();
      const first = await apply(runner);
      const log = `stdout:\n${shown(first)}\nsummary:\n${first.summary.slice(-3000)}`;
      // Soft: a first run that fails still shows whether the second one writes nothing.
      expect.soft(annotations(first, "error"), log).toEqual([]);
      expect.soft(first.exitCode, log).toBe(0);
      // Each warned document gets its warning, at its line.
      for (const c of written.filter((w) => w.verdict === "warn")) {
        const warnings = annotations(first, "warning");
        expect
          .soft(
            warnings.some((l) => l.includes(c.file) && new RegExp(`line=${c.line}[,:]`).test(l)),
            `a warning for ${c.file}:${c.line}\n${warnings.join("\n")}`,
          )
          .toBe(true);
      }
      for (const c of written) {
        const live = await sim.control.getResource(CLUSTER, c.kind, c.name);
        expect.soft(live, `${c.kind}/${c.name} (${c.file}) in the child`).not.toBeNull();
      }

      const before = (await sim.control.calls()).length;
      const again = await apply(runner);
      const againLog = `stdout:\n${shown(again)}\nsummary:\n${again.summary.slice(-3000)}`;
      expect(again.exitCode, againLog).toBe(0);
      expect(await childWrites(before), againLog).toEqual([]);
    },
  );
});

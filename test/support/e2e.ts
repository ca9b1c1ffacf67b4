// The simulator an end-to-end test file shares: started once before its tests, stopped after them with
// every runner the file made, and a tool cache shared by its runners (one install per file).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../sim/index.js";
import type { ActionRunner } from "./action-runner.js";

export function simulatorForFile(
  options: SimulatorOptions,
  ready: (sim: Simulator, toolCache: string) => void,
  runners: ActionRunner[],
): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
    ready(sim, fs.mkdtempSync(path.join(sim.dir, "tool-cache-")));
  });
  afterAll(async () => {
    for (const r of runners) r.cleanup();
    await sim?.stop();
  });
}

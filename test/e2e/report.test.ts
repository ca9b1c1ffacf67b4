// Fan-out through the bundle against the simulator: `shard: k/n` legs plan disjoint, stable subsets of
// the declared clusters, and `mode: report` merges their plan files into one plan and one summary.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { e2eFile } from "../support/e2e.js";

const e2e = e2eFile({ delayMs: 100 });

const NAMES = ["rp-alpha", "rp-bravo", "rp-charlie", "rp-delta", "rp-echo", "rp-foxtrot"];

const { repo: runner, parentInputs: parent } = e2e;

describe("shards and report", () => {
  it("legs plan disjoint subsets that cover every cluster; report merges them into one plan", async () => {
    const legs: string[][] = [];
    const files: string[] = [];
    const collector = runner(NAMES);
    for (const k of [1, 2, 3]) {
      const leg = runner(NAMES);
      const step = await leg.runMain({ ...parent(), mode: "plan", shard: `${k}/3` });
      expect(step.exitCode).toBe(0);
      const plan = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
      // No cluster of another shard is reported as unmanaged by this leg.
      expect(plan.items.filter((i: { action: string }) => i.action === "unmanaged")).toEqual([]);
      legs.push(plan.items.map((i: { name: string }) => i.name));
      const artifact = path.join(collector.workspace, "plans", `leg-${k}`, "plan.json");
      fs.mkdirSync(path.dirname(artifact), { recursive: true });
      fs.copyFileSync(step.outputs["plan-file"]!, artifact);
      files.push(artifact);
    }
    expect(legs.flat().sort()).toEqual([...NAMES].sort());

    // Stable: a leg keeps its clusters when another cluster is added.
    const grown = runner([...NAMES, "rp-golf"]);
    for (const [k, names] of legs.entries()) {
      const step = await grown.runMain({ ...parent(), mode: "plan", shard: `${k + 1}/3` });
      const plan = JSON.parse(fs.readFileSync(step.outputs["plan-file"]!, "utf8"));
      const now = plan.items.map((i: { name: string }) => i.name);
      for (const n of names) expect(now).toContain(n);
    }

    // A leg that failed leaves no file: the merge knows the fleet is not complete (and so closes no issue).
    const partial = await collector.runMain({ mode: "report", "plan-files": "plans/leg-[12]/plan.json" });
    expect(partial.exitCode).toBe(0);
    expect(partial.stdout).toContain("Not every shard reported a plan file: this run closes no drift issue");

    const report = await collector.runMain({ mode: "report", "plan-files": "plans/**/plan.json" });
    expect(report.exitCode).toBe(0);
    expect(report.stdout).toContain("Merged 3 plan file(s)");
    expect(report.stdout).not.toContain("Not every shard reported");
    const merged = JSON.parse(fs.readFileSync(report.outputs["plan-file"]!, "utf8"));
    expect(merged.items.map((i: { name: string; action: string }) => `${i.action} ${i.name}`)).toEqual(
      [...NAMES].sort().map((n) => `create ${n}`),
    );
    expect(report.outputs.changes).toBe("true");
    for (const n of NAMES) expect(report.summary).toContain(`| ${n} | ➕ create |`);
  });

  it("refuses a shard outside k/n and a report without plan files", async () => {
    const r = runner(NAMES);
    const bad = await r.runMain({ ...parent(), mode: "plan", shard: "4/3" });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain('Input "shard": "4/3" is not k/n with 1 <= k <= n');
    const none = await r.runMain({ mode: "report", "plan-files": "nowhere/*.json" });
    expect(none.exitCode).toBe(1);
    expect(none.stdout).toContain('Input "plan-files": no file matches nowhere/*.json');
  });
});

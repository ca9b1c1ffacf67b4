// The drift issue's report: one table per cluster of the objects that differ from the repository.
import type { DriftEntry } from "../sync/drift.js";

export function driftMarkdown(drift: Record<string, DriftEntry[]>): string {
  const drifted = Object.entries(drift);
  if (!drifted.length) return "No drift.";
  return drifted
    .map(
      ([cluster, entries]) =>
        `#### ${cluster}\n\n| object | change | fields |\n| --- | --- | --- |\n${entries.map((e) => `| ${e.kind}/${e.name} | ${e.change} | ${e.fields.join(", ")} |`).join("\n")}\n`,
    )
    .join("\n");
}

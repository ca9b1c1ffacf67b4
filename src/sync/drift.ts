// The `drift` output and the drift part of reports: per cluster, the owned objects changed outside the
// action (drift), changed on both sides (conflict), or deleted. A pending change (the repository changed)
// is not drift.
import type { AccessKind } from "../core/access.js";
import type { AccessPlan } from "./plan.js";

export interface DriftEntry {
  kind: AccessKind;
  name: string;
  change: "drift" | "conflict" | "deleted";
  /** The fields that differ between the repository and the child, as far as the action can tell. */
  fields: string[];
}

function driftOf(plan: AccessPlan): DriftEntry[] {
  const out: DriftEntry[] = [];
  for (const item of plan.items) {
    if (item.origin !== "drift" && item.origin !== "conflict" && item.origin !== "deleted") continue;
    out.push({
      kind: item.kind,
      name: item.name,
      change: item.origin,
      fields: (item.changes ?? []).map((c) => c.path),
    });
  }
  return out;
}

/** `{cluster: [entries]}` with only the clusters that have any. */
export function driftOutput(plans: readonly AccessPlan[]): Record<string, DriftEntry[]> {
  return Object.fromEntries(plans.map((p) => [p.cluster, driftOf(p)] as const).filter(([, d]) => d.length));
}

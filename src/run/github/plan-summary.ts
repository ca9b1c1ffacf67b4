// The plan file as the plan comment shows it: per cluster a status, counts and one line per change.
import type { ClusterPlanSummary, PlanSummary } from "../../github/body.js";
import type { EventContext } from "../../github/event.js";
import type { PlanItem } from "../../provision/plan.js";
import { reviewSummaryOf } from "../../report/review.js";
import type { AccessItemJson, PlanFile } from "../plan-file.js";

const STATUS: Record<string, ClusterPlanSummary["status"]> = {
  create: "create",
  unchanged: "unchanged",
  conflict: "blocked",
};

const SIGN: Record<string, string> = {
  create: "+",
  update: "~",
  adopt: "~",
  prune: "-",
  blocked: "!",
  conflict: "!",
};

function changeLine(a: AccessItemJson): string {
  const detail =
    a.action === "update" && a.changes?.length
      ? `: ${a.changes.map((c) => c.path).join(", ")}`
      : a.action !== "create"
        ? ` (${a.action})`
        : "";
  return `${SIGN[a.action] ?? "?"} ${a.kind}/${a.name}${detail}`;
}

function clusterSummary(file: PlanFile, item: PlanItem): ClusterPlanSummary {
  const access = file.access[item.name]?.items ?? [];
  const changed = access.filter((a) => !["unchanged", "keep"].includes(a.action));
  const changes = changed.map(changeLine);
  const counts = {
    create: changed.filter((a) => a.action === "create").length + (item.action === "create" ? 1 : 0),
    update: changed.filter((a) => a.action === "update" || a.action === "adopt").length,
    delete: changed.filter((a) => a.action === "prune").length,
  };
  const blocked =
    item.action === "conflict" || changed.some((a) => a.action === "blocked" || a.action === "conflict");
  const status = blocked
    ? "blocked"
    : item.action === "create"
      ? "create"
      : changed.length
        ? "update"
        : (STATUS[item.action] ?? "unchanged");
  return {
    name: item.name,
    status,
    changes: item.action === "create" ? [`+ workload_cluster/${item.name}`, ...changes] : changes,
    counts,
    ...(item.action === "conflict" && item.message ? { error: item.message } : {}),
  };
}

export function planSummaryOf(file: PlanFile, parent: string, event?: EventContext): PlanSummary {
  const review = reviewSummaryOf(file.access);
  return {
    parent,
    ...(review ? { review } : {}),
    clusters: file.items.filter((i) => i.action !== "unmanaged").map((item) => clusterSummary(file, item)),
    ...(event ? { runUrl: event.runUrl, jobSummaryUrl: event.runUrl } : {}),
    ...(event?.headSha ? { headSha: event.headSha } : {}),
  };
}

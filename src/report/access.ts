// The roles and users part of the job summary, plan and annotations: a table per cluster with counts, the
// objects that changed or failed with their fields, unchanged ones counted, never listed. No invite URL or
// secret ever reaches this text: it is built from the plan and the results only.

import type { ItemResult } from "../sync/apply.js";
import { describeChange } from "../sync/diff.js";
import type { AccessItem, AccessPlan } from "../sync/plan.js";
import type { TenantOutcome } from "../tenant/pipeline.js";
import { escapeData, escapeProperty } from "./annotations.js";
import { cell } from "./provision.js";

const ACTION: Record<AccessItem["action"], string> = {
  create: "➕ create",
  update: "✏️ update",
  adopt: "🤝 adopt",
  unchanged: "✔️ unchanged",
  blocked: "⛔ blocked",
  conflict: "⚠️ conflict (not corrected)",
  prune: "🗑️ remove (no longer declared)",
  keep: "📌 kept (no longer declared, prune is off)",
};

const ORIGIN: Record<string, string> = {
  pending: "the repository changed",
  drift: "changed outside the action: corrected",
  conflict: "changed in the repository and in the child",
  deleted: "deleted outside the action: recreated",
};

function resultText(item: Omit<AccessItem, "declared" | "live">, result: ItemResult | undefined): string {
  if (!result) return ACTION[item.action];
  switch (result.status) {
    case "written":
      return item.action === "create" ? "✅ created" : item.action === "adopt" ? "✅ adopted" : "✅ updated";
    case "failed":
      return `❌ ${cell(result.error.message)}`;
    case "skipped":
      return `⏭️ ${cell(result.reason)}`;
    case "removed":
      return "🗑️ removed";
    case "kept":
      return `📌 kept: ${cell(result.reason)}`;
    default:
      return ACTION[item.action];
  }
}

function detail(item: Omit<AccessItem, "declared" | "live">): string {
  if (item.action === "blocked") {
    return `${cell(item.reason)}${item.adoptEntry ? ` (adopt: \`${cell(item.adoptEntry)}\`)` : ""}`;
  }
  const parts: string[] = [];
  if (item.origin && item.origin !== "pending") parts.push(ORIGIN[item.origin]!);
  if (item.action === "conflict" && item.reason) parts.push(cell(item.reason));
  if (item.changes?.length)
    parts.push(item.changes.map((c) => `\`${cell(describeChange(c))}\``).join("<br>"));
  if (item.overrides) parts.push(`overrides \`${cell(item.overrides.file)}:${item.overrides.line}\``);
  if (item.invitePending) parts.push("pending invite issued");
  return parts.join("<br>");
}

/** One cluster's access section, for the summary (with results) or the plan (without). */
export function accessMarkdown(
  plan: Pick<AccessPlan, "cluster" | "notes"> & { items: Omit<AccessItem, "declared" | "live">[] },
  results?: Map<string, ItemResult>,
  invited: string[] = [],
): string {
  const counts = new Map<string, number>();
  for (const i of plan.items) counts.set(i.action, (counts.get(i.action) ?? 0) + 1);
  const listed = plan.items.filter((i) => i.action !== "unchanged");
  const lines = [
    `#### ${cell(plan.cluster)}: roles and users`,
    "",
    [...counts].map(([a, n]) => `${n} ${a}`).join(", ") || "nothing declared",
    "",
  ];
  if (listed.length) {
    lines.push(
      "| object | declared in | result | details |",
      "| --- | --- | --- | --- |",
      ...listed.map(
        (i) =>
          `| ${i.kind}/${cell(i.name)} | ${i.file ? `\`${cell(i.file)}:${i.line}\`` : "(no longer declared)"} | ${resultText(i, results?.get(`${i.kind}/${i.name}`))} | ${detail(i)} |`,
      ),
      "",
    );
  }
  if (invited.length)
    lines.push(
      `Invite links (in the invites file, never shown here) for: ${invited.map(cell).join(", ")}`,
      "",
    );
  for (const note of plan.notes) lines.push(`> ${cell(note)}`, "");
  return lines.join("\n");
}

export function accessSummary(tenants: TenantOutcome[]): string {
  const sections = tenants
    .filter((t) => t.sync?.plan)
    .map((t) =>
      accessMarkdown(
        t.sync!.plan!,
        t.sync!.outcome?.results,
        [...(t.sync!.outcome?.invites.keys() ?? [])].map(
          (u) => `${u} (until ${t.sync!.outcome!.invites.get(u)!.expires})`,
        ),
      ),
    );
  return sections.length ? `\n### Roles and users\n\n${sections.join("\n")}` : "";
}

/** An `::error` at each blocked or refused object's document, naming what to do. */
export function annotateAccess(command: (line: string) => void, tenant: TenantOutcome): void {
  const plan = tenant.sync?.plan;
  if (!plan) return;
  for (const item of plan.items) {
    const result = tenant.sync?.outcome?.results.get(`${item.kind}/${item.name}`);
    let message: string | undefined;
    if (item.action === "blocked") {
      message = `${item.reason}${item.adoptEntry ? `. To take it over, add "${item.adoptEntry}" to the adopt input.` : ""}`;
    } else if (item.action === "conflict") {
      message = `${item.reason}. Repository vs child: ${(item.changes ?? []).map(describeChange).join("; ") || "(only fields Teleport fills in differ)"}`;
    } else if (result?.status === "failed") {
      message = `Teleport refused ${item.kind} ${item.name} in ${plan.cluster}: ${result.error.message}`;
    }
    if (!message) continue;
    const what = item.action === "blocked" || item.action === "conflict" ? item.action : "not written";
    const title = `${plan.cluster}: ${item.kind}/${item.name} ${what}`;
    // A prune candidate is no longer declared anywhere: its annotation has no file.
    const where = item.file ? `file=${escapeProperty(item.file)},line=${item.line},` : "";
    command(`::error ${where}title=${escapeProperty(title)}::${escapeData(message)}`);
  }
}

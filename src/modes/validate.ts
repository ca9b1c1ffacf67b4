// `mode: validate`: the repository's workload cluster and access manifests only; no credentials, no call
// (safe for forks).
import type { ModeContext } from "../run/context.js";
import { loadDeclared } from "../run/declared.js";

export async function validateMode(ctx: ModeContext): Promise<void> {
  const { clusters, access, accessCount } = await loadDeclared(ctx);
  ctx.log.info(
    `${clusters.length} workload cluster(s) declared, all valid: ${clusters.map((c) => c.name).join(", ")}`,
  );
  if (accessCount) {
    ctx.log.info(
      `Roles and users, all valid: ${[...access].map(([c, list]) => `${c} ${list.filter((o) => o.kind === "role").length} role(s), ${list.filter((o) => o.kind === "user").length} user(s)`).join("; ")}`,
    );
  }
  await ctx.writeSummary(
    [
      "### Workload cluster manifests",
      "",
      `All ${clusters.length} declared workload cluster(s) are valid.`,
      "",
      "| cluster | file |",
      "| --- | --- |",
      ...clusters.map((c) => `| ${c.name} | \`${c.file}:${c.line}\` |`),
      "",
    ].join("\n"),
  );
}

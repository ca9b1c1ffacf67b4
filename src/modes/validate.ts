// `mode: validate`: the repository's manifests only; no credentials, no call (safe for forks).
import type { ModeContext } from "./context.js";
import { loadDeclaredClusters } from "./declared.js";

export async function validateMode(ctx: ModeContext): Promise<void> {
  const clusters = await loadDeclaredClusters(ctx);
  ctx.log.info(
    `${clusters.length} workload cluster(s) declared, all valid: ${clusters.map((c) => c.name).join(", ")}`,
  );
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

// `mode: validate`: the repository's workload cluster and access manifests only; no credentials, no call
// (safe for forks).
import type { DeclaredAccessObject } from "../manifests/access.js";
import type { ModeContext } from "../run/context.js";
import { loadDeclared } from "../run/declared.js";
import { accessKinds } from "../sync/kinds/index.js";

function countsByKind(list: readonly DeclaredAccessObject[]): string {
  return accessKinds()
    .map(({ kind }) => `${list.filter((o) => o.kind === kind).length} ${kind}(s)`)
    .join(", ");
}

export async function validateMode(ctx: ModeContext): Promise<void> {
  const { clusters, access, accessCount } = await loadDeclared(ctx);
  ctx.log.info(
    `${clusters.length} workload cluster(s) declared, all valid: ${clusters.map((c) => c.name).join(", ")}`,
  );
  if (accessCount) {
    ctx.log.info(
      `Roles and users, all valid: ${[...access].map(([c, list]) => `${c} ${countsByKind(list)}`).join("; ")}`,
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

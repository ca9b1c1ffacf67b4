// `mode: install`: tctl and tbot only, and a summary of what was installed from where.

import type { ModeContext } from "../run/context.js";
import { installRunTools } from "../run/tools.js";
import type { InstallResult } from "../teleport/install.js";
import { describeTarget } from "../teleport/release.js";

function installSummary(result: InstallResult): string {
  return [
    "### Teleport tools",
    "",
    "| tool | version | path | source |",
    "| --- | --- | --- | --- |",
    ...(["tctl", "tbot"] as const).map(
      (t) =>
        `| ${t} | ${result.target.version} | \`${t === "tctl" ? result.tctlPath : result.tbotPath}\` | ${result.cacheHit ? "tool cache" : "downloaded, SHA-256 verified"} |`,
    ),
    "",
    describeTarget(result.target),
    "",
  ].join("\n");
}

export async function installMode(ctx: ModeContext): Promise<void> {
  await ctx.writeSummary(installSummary(await installRunTools(ctx)));
}

import { toolEnvironment } from "../teleport/env.js";
import { type InstallResult, installTools } from "../teleport/install.js";
import { describeTarget } from "../teleport/release.js";
import type { ModeContext } from "./context.js";

export async function installMode(ctx: ModeContext): Promise<InstallResult> {
  const result = await installTools(ctx.config.install, {
    http: ctx.http,
    exec: (file, args) =>
      ctx.exec(file, args, { env: toolEnvironment(ctx.env), signal: ctx.signal, timeoutMs: 60_000 }),
    toolCacheRoot: ctx.toolCacheRoot,
    tempDir: ctx.tempDir,
    arch: ctx.arch,
    platform: ctx.platform,
    log: ctx.log,
    clock: ctx.clock,
    signal: ctx.signal,
  });
  ctx.addPath(result.toolDir);
  ctx.setOutput("teleport-version", result.target.version);
  ctx.setOutput("tctl-path", result.tctlPath);
  ctx.setOutput("tbot-path", result.tbotPath);
  ctx.setOutput("cache-hit", String(result.cacheHit));
  return result;
}

export function installSummary(result: InstallResult): string {
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

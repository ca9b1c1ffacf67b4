// tctl and tbot for this run: installed (or found in the tool cache), put on PATH, and announced as outputs.
// The install mode and the parent session both start here, so it sits below both.
import { toolEnvironment } from "../teleport/env.js";
import { type InstallResult, installTools } from "../teleport/install.js";
import type { ModeContext } from "./context.js";

export async function installRunTools(ctx: ModeContext): Promise<InstallResult> {
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

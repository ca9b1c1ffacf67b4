// The tool cache, in @actions/tool-cache's layout (<root>/<tool>/<version>/<arch> plus a sibling `.complete`
// marker, written last), so that its find() and other actions see what we installed. No network here.
import { existsSync } from "node:fs";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { type ReleaseTarget, toolCacheName } from "./release.js";

export const TOOLS = ["tctl", "tbot"] as const;
export type ToolName = (typeof TOOLS)[number];

export function toolCachePath(root: string, target: ReleaseTarget, nodeArch: string): string {
  // The layout of @actions/tool-cache (<root>/<tool>/<version>/<arch> plus a sibling `.complete` marker), so
  // that its find() and other actions see what we installed.
  return path.join(root, toolCacheName(target), target.version, nodeArch);
}

/** Both tools and the marker are there: a complete install (no network access). */
export function cached(dir: string): boolean {
  return existsSync(`${dir}.complete`) && TOOLS.every((t) => existsSync(path.join(dir, t)));
}

/** Moves the verified tools from staging into the cache, the marker last. */
export async function moveIntoCache(staging: string, dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(`${dir}.complete`, { force: true });
  await fs.mkdir(dir, { recursive: true });
  for (const tool of TOOLS) {
    const from = path.join(staging, tool);
    const to = path.join(dir, tool);
    try {
      await fs.rename(from, to);
    } catch (error) {
      if ((error as { code?: string }).code !== "EXDEV") throw error;
      await fs.copyFile(from, to);
      await fs.chmod(to, 0o755);
    }
  }
  // Written last: @actions/tool-cache treats a directory without its marker as absent.
  await fs.writeFile(`${dir}.complete`, "");
}

// The tool cache, in @actions/tool-cache's layout (<root>/<tool>/<version>/<arch> plus a sibling `.complete`
// marker, written last), so that its find() and other actions see what we installed. No network here.
import { randomBytes } from "node:crypto";
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

/** How long an install waits for another's marker before it takes a directory without one for a leftover. */
const MARKER_WAIT_MS = 2_000;

/**
 * Moves the verified tools from staging into the cache, the marker last. The directory appears whole, by
 * one rename, and one that another install (a second job on this runner) finished meanwhile is kept as it
 * is: removing it could pull a tool from under a process of that job.
 */
export async function moveIntoCache(staging: string, dir: string): Promise<void> {
  if (cached(dir)) return;
  const next = `${dir}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
  await fs.mkdir(next, { recursive: true });
  try {
    for (const tool of TOOLS) await moveTool(path.join(staging, tool), path.join(next, tool));
    if (!(await claim(next, dir))) return;
  } finally {
    await fs.rm(next, { recursive: true, force: true });
  }
  // Written last: @actions/tool-cache treats a directory without its marker as absent.
  await fs.writeFile(`${dir}.complete`, "");
}

async function moveTool(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as { code?: string }).code !== "EXDEV") throw error;
    await fs.copyFile(from, to);
    await fs.chmod(to, 0o755);
  }
}

/** Puts `next` in place of `dir`; false when another install's finished directory is there instead. */
async function claim(next: string, dir: string): Promise<boolean> {
  try {
    await fs.rename(next, dir);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  }
  // Another install renamed its directory in first and writes its marker next; bounded wait.
  for (let waited = 0; waited < MARKER_WAIT_MS; waited += 50) {
    if (cached(dir)) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // No marker came: what an interrupted install left (perhaps a tool copied half-way). Replaced.
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(`${dir}.complete`, { force: true });
  await fs.rename(next, dir);
  return true;
}

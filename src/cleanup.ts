// Files holding secrets are registered here the moment they are created; the post step removes them even
// when the main step failed or was cancelled. The list travels in the action's saved state.
import * as fs from "node:fs/promises";

const CLEANUP_STATE = "cleanup-paths";

export interface StateStore {
  get(name: string): string;
  save(name: string, value: string): void;
}

export class CleanupRegistry {
  private readonly paths: string[] = [];
  constructor(private readonly state: StateStore) {}

  register(path: string): void {
    if (this.paths.includes(path)) return;
    this.paths.push(path);
    this.state.save(CLEANUP_STATE, JSON.stringify(this.paths));
  }
}

export async function removeRegistered(state: StateStore, log: (message: string) => void): Promise<number> {
  let paths: string[] = [];
  try {
    paths = JSON.parse(state.get(CLEANUP_STATE) || "[]");
  } catch {
    log(`ignoring unreadable state ${CLEANUP_STATE}`);
  }
  for (const p of paths) await fs.rm(p, { recursive: true, force: true });
  return paths.length;
}

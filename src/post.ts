import * as core from "@actions/core";
import { removeRegistered } from "./cleanup.js";

/**
 * The post step: removes every file the main step registered (identities, tokens, staging). Named `run`,
 * like main.ts's, so that tools which run an action's entry from its sources (GitHub's local-action) find it.
 */
export async function run(): Promise<void> {
  try {
    const removed = await removeRegistered({ get: core.getState, save: core.saveState }, core.warning);
    core.info(removed ? `Removed ${removed} temporary path(s) holding credentials` : "Nothing to clean up");
  } catch (error) {
    core.warning(`Cleanup failed: ${(error as Error).message}`);
  }
}

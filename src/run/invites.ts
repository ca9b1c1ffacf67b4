// The invite links of the users a run created: only in a 0600 JSON file under RUNNER_TEMP, registered for
// the post step before it is written, its path the `invites-file` output. Never in a log, summary or plan.
// Each child's links are written the moment its sync has them, before its inventory records them delivered
// (sync/apply.ts): a run killed after that record still leaves every link it recorded in the file.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { InviteLink } from "../core/access.js";
import type { ModeContext } from "./context.js";

type Stored = Record<string, Record<string, InviteLink>>;

export class InvitesFile {
  private readonly byCluster: Stored = {};
  private target = "";
  private written = false;
  /** Children sync at once; their writes of the one file go one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: Pick<ModeContext, "tempDir" | "registerCleanup" | "log">) {}

  /** The file's path once a link is in it, else "" (the `invites-file` output). */
  get path(): string {
    return this.written ? this.target : "";
  }

  /** Adds `cluster`'s links and writes the whole file again; resolves once it is on disk. */
  add(cluster: string, invites: ReadonlyMap<string, InviteLink>): Promise<void> {
    if (!invites.size) return this.queue;
    const write = this.queue.then(async () => {
      this.byCluster[cluster] = { ...this.byCluster[cluster], ...Object.fromEntries(invites) };
      await this.write();
      for (const [user, link] of invites) {
        this.ctx.log.info(`${cluster}: invite for ${user} valid until ${link.expires} (in the invites file)`);
      }
    });
    // One failed write fails its own caller; the next one still runs.
    this.queue = write.catch(() => {});
    return write;
  }

  /** Written whole to a new file, then renamed over the old one: a kill never leaves half a file. */
  private async write(): Promise<void> {
    await fs.mkdir(this.ctx.tempDir, { recursive: true });
    if (!this.target) {
      this.target = path.join(this.ctx.tempDir, `teleport-invites-${randomBytes(6).toString("hex")}.json`);
      this.ctx.registerCleanup(this.target);
    }
    const next = `${this.target}.${randomBytes(4).toString("hex")}.tmp`;
    this.ctx.registerCleanup(next);
    await fs.writeFile(next, `${JSON.stringify(this.byCluster, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await fs.rename(next, this.target);
    this.written = true;
  }
}

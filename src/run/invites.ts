// The invite links of the users a run created: only in a 0600 JSON file under RUNNER_TEMP, registered for
// the post step before it is written, its path the `invites-file` output. Never in a log, summary or plan.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { TenantOutcome } from "../tenant/pipeline.js";
import type { ModeContext } from "./context.js";

export async function writeInvites(ctx: ModeContext, tenants: TenantOutcome[]): Promise<string> {
  const byCluster: Record<string, Record<string, { url: string; expires: string }>> = {};
  for (const t of tenants) {
    const invites = t.sync?.outcome?.invites;
    if (invites?.size) byCluster[t.name] = Object.fromEntries(invites);
  }
  if (!Object.keys(byCluster).length) return "";
  await fs.mkdir(ctx.tempDir, { recursive: true });
  const file = path.join(ctx.tempDir, `teleport-invites-${randomBytes(6).toString("hex")}.json`);
  ctx.registerCleanup(file);
  await fs.writeFile(file, `${JSON.stringify(byCluster, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  for (const [cluster, users] of Object.entries(byCluster)) {
    for (const [user, link] of Object.entries(users)) {
      ctx.log.info(`${cluster}: invite for ${user} valid until ${link.expires} (in the invites file)`);
    }
  }
  return file;
}

// Writes a child's access plan: roles before users, one `tctl create -f` per kind for everything that
// changed. tctl stops a batch at the first error and confirms each success (fact F30), so the failing
// document is reported with its file, line and Teleport's text, and the rest go in a further batch. A new
// user is created with an invite link (`tctl users add`), then given its declared spec; an existing user is
// written with its live status, so its signup survives (fact F19). No link is ever issued for a user that
// already exists (fact F24), except one this action created whose invite failed (fact F21).
import { TeleportApiError } from "../teleport/errors.js";
import { type StageError, stageError } from "../tenant/outcome.js";
import { canonicalJson } from "../util/canonical-json.js";
import { parseDuration } from "../util/duration.js";
import {
  type AccessRef,
  type BatchDocument,
  type ChildApi,
  type InviteLink,
  type Resource,
  refKey,
} from "./child-api.js";
import { type InventoryEntry, inventoryDocuments, liveHash } from "./inventory.js";
import { appliedHash, documentToWrite, INVITE_PENDING } from "./ownership.js";
import { type AccessItem, type AccessPlan, userRoles } from "./plan.js";

export type ItemResult =
  | { status: "written" }
  | { status: "unchanged" }
  | { status: "blocked" }
  | { status: "conflict" }
  | { status: "removed" }
  | { status: "kept"; reason: string }
  | { status: "failed"; error: StageError }
  | { status: "skipped"; reason: string };

export interface AccessOutcome {
  plan: AccessPlan;
  results: Map<string, ItemResult>;
  invites: Map<string, InviteLink>;
  counts: {
    created: number;
    updated: number;
    adopted: number;
    unchanged: number;
    blocked: number;
    failed: number;
    removed: number;
    kept: number;
  };
  /** Why nothing was pruned although something is no longer declared, when that is the case. */
  pruneNote?: string;
}

export interface ApplyAccessOptions {
  repository: string;
  /** Go duration for tctl's --ttl, e.g. `1h`. */
  inviteTtl: string;
  log: (message: string) => void;
  /** More removals than this in one cluster remove none. */
  pruneLimit?: number;
}

const WRITES = new Set(["create", "update", "adopt"]);

/** Errors about one document; anything else (no connection, a deadline) stops the batch for all. */
function aboutTheDocument(error: Error): boolean {
  return !(error instanceof TeleportApiError && (error.transient || error.kind === "ConnectionProblem"));
}

async function writeInBatches(
  api: ChildApi,
  documents: BatchDocument[],
  results: Map<string, ItemResult>,
  log: (m: string) => void,
) {
  let rest = documents;
  while (rest.length) {
    const { applied, failed } = await api.writeBatch(rest);
    for (const ref of applied) results.set(refKey(ref), { status: "written" });
    if (!failed) {
      const unconfirmed = rest.filter((d) => !results.has(refKey(d.ref)));
      for (const d of unconfirmed) {
        results.set(refKey(d.ref), {
          status: "failed",
          error: { kind: "Unknown", message: "tctl exited 0 without confirming this document" },
        });
      }
      return;
    }
    results.set(refKey(failed.ref), { status: "failed", error: stageError(failed.error) });
    log(`${refKey(failed.ref)}: Teleport refused it: ${failed.error.message}`);
    const at = rest.findIndex((d) => refKey(d.ref) === refKey(failed.ref));
    if (!aboutTheDocument(failed.error)) {
      for (const d of rest.slice(at + 1)) {
        results.set(refKey(d.ref), { status: "skipped", reason: `not written: ${failed.error.message}` });
      }
      return;
    }
    rest = rest.slice(at + 1);
  }
}

export async function applyAccess(
  plan: AccessPlan,
  api: ChildApi,
  options: ApplyAccessOptions,
): Promise<AccessOutcome> {
  const results = new Map<string, ItemResult>();
  const invites = new Map<string, InviteLink>();
  const key = (i: AccessItem) => refKey({ kind: i.kind, name: i.name });
  for (const item of plan.items) {
    if (item.action === "unchanged") results.set(key(item), { status: "unchanged" });
    if (item.action === "blocked") results.set(key(item), { status: "blocked" });
    if (item.action === "conflict") results.set(key(item), { status: "conflict" });
    if (item.action === "keep") results.set(key(item), { status: "kept", reason: item.reason ?? "" });
  }
  const inventory = new Map(plan.inventory?.entries ?? []);
  // Recorded before the first write: a run that stops half-way still knows every object it may have made.
  const adding = plan.items.filter(
    (i) => (i.action === "create" || i.action === "adopt") && !inventory.has(key(i)),
  );
  if (adding.length) {
    for (const i of adding) inventory.set(key(i), { a: appliedHash(i.declared) });
    await writeInventory(api, options.repository, inventory, plan, options.log);
  }
  const toWrite = (kind: "role" | "user") =>
    plan.items.filter((i) => i.kind === kind && WRITES.has(i.action));

  const roles = toWrite("role");
  if (roles.length) {
    options.log(`${plan.cluster}: writing ${roles.length} role(s)`);
    await writeInBatches(
      api,
      roles.map((i) => ({
        ref: { kind: "role", name: i.name },
        resource: documentToWrite(i.declared, options.repository),
      })),
      results,
      options.log,
    );
  }

  // A user whose role was not written would be refused (role X is not found) or get less than declared.
  const unwrittenRoles = new Set(
    roles.filter((i) => results.get(key(i))?.status !== "written").map((i) => i.name),
  );
  const users = toWrite("user").filter((i) => {
    const missing = userRoles(i.declared).filter((r) => unwrittenRoles.has(r));
    if (missing.length)
      results.set(key(i), { status: "skipped", reason: `its role ${missing.join(", ")} was not written` });
    return !missing.length;
  });

  const status = new Map<string, Record<string, unknown> | undefined>();
  const linkAfterWrite = new Set<string>();
  const pendingLabel = new Set<string>();
  for (const item of users) {
    if (item.action !== "create") {
      status.set(item.name, item.live?.status as Record<string, unknown> | undefined);
      continue;
    }
    // `tctl users add` needs a role: a user with none is created by the batch and gets its link after.
    if (!userRoles(item.declared).length) {
      linkAfterWrite.add(item.name);
      continue;
    }
    try {
      invites.set(item.name, await api.addUser(item.name, userRoles(item.declared), options.inviteTtl));
      options.log(`${plan.cluster}: user ${item.name} created with an invite link (in the invites file)`);
    } catch (error) {
      // fact F21: a failed token step leaves the user created without a link; the next run issues it.
      const live = (await api.readMany([{ kind: "user", name: item.name }])).get(
        refKey({ kind: "user", name: item.name }),
      );
      if (!live) {
        results.set(key(item), { status: "failed", error: stageError(error) });
        continue;
      }
      pendingLabel.add(item.name);
      options.log(
        `${plan.cluster}: user ${item.name} was created but its invite failed (${(error as Error).message}); the next run issues it`,
      );
    }
  }
  const created = users.filter(
    (i) => i.action === "create" && !results.has(key(i)) && !linkAfterWrite.has(i.name),
  );
  if (created.length) {
    // Their status as Teleport keeps it now, so the full spec written next does not reset it.
    const live = await api.readMany(created.map((i) => ({ kind: "user" as const, name: i.name })));
    for (const i of created)
      status.set(i.name, live.get(key(i))?.status as Record<string, unknown> | undefined);
  }
  for (const item of users.filter((i) => i.invitePending)) {
    try {
      invites.set(item.name, await api.resetUser(item.name, resetTtl(options.inviteTtl)));
      options.log(`${plan.cluster}: user ${item.name}'s pending invite issued now (in the invites file)`);
    } catch (error) {
      pendingLabel.add(item.name);
      options.log(
        `${plan.cluster}: user ${item.name}'s pending invite failed again: ${(error as Error).message}`,
      );
    }
  }
  const userDocs: BatchDocument[] = users
    .filter((i) => !results.has(key(i)))
    .map((i) => {
      const userStatus = status.get(i.name);
      return {
        ref: { kind: "user", name: i.name } as AccessRef,
        resource: documentToWrite(i.declared, options.repository, {
          ...(userStatus ? { status: userStatus } : {}),
          ...(pendingLabel.has(i.name) ? { labels: { [INVITE_PENDING]: "true" } } : {}),
        }),
      };
    });
  if (userDocs.length) {
    options.log(`${plan.cluster}: writing ${userDocs.length} user(s)`);
    await writeInBatches(api, userDocs, results, options.log);
  }
  for (const name of linkAfterWrite) {
    if (results.get(refKey({ kind: "user", name }))?.status !== "written") continue;
    try {
      invites.set(name, await api.resetUser(name, resetTtl(options.inviteTtl)));
      options.log(`${plan.cluster}: user ${name} (no roles) created; its link is in the invites file`);
    } catch (error) {
      options.log(
        `${plan.cluster}: user ${name} was created but its link failed: ${(error as Error).message}`,
      );
    }
  }
  const pruneNote = await prune(plan, api, results, inventory, options);
  await recordWrites(plan, api, results, inventory, options);
  return { plan, results, invites, counts: countOutcome(plan, results), ...(pruneNote ? { pruneNote } : {}) };
}

/** fact F23/F25: a reset link lives at most 24h (an invite 48h): a longer invite-ttl is capped for it. */
function resetTtl(ttl: string): string {
  return parseDuration(ttl) > 24 * 3_600_000 ? "24h" : ttl;
}

async function writeInventory(
  api: ChildApi,
  repository: string,
  entries: Map<string, InventoryEntry>,
  plan: AccessPlan,
  log: (m: string) => void,
): Promise<void> {
  const docs = inventoryDocuments(repository, entries, plan.inventory?.shards ?? 1);
  const { failed } = await api.writeBatch(
    docs.map((d) => ({ ref: { kind: "role", name: d.metadata!.name! }, resource: d })),
  );
  if (failed) {
    throw new Error(
      `could not record the inventory of what the action owns in ${plan.cluster}: ${failed.error.message}`,
    );
  }
  log(`${plan.cluster}: inventory of ${entries.size} owned object(s) recorded`);
}

/** Owned objects no longer declared: users before roles, behind the prune limit, confirmed one by one. */
async function prune(
  plan: AccessPlan,
  api: ChildApi,
  results: Map<string, ItemResult>,
  inventory: Map<string, InventoryEntry>,
  options: ApplyAccessOptions,
): Promise<string | undefined> {
  const doomed = plan.items.filter((i) => i.action === "prune");
  if (!doomed.length) return undefined;
  const keep = (reason: string) => {
    for (const i of doomed) results.set(refKey(i), { status: "kept", reason });
    options.log(`${plan.cluster}: ${reason}`);
    return reason;
  };
  if (!plan.canDelete) {
    return keep(
      `would remove ${doomed.map((i) => refKey(i)).join(", ")}, but the child's bot role (${plan.verbs}) lacks the delete verb on roles and users. A child admin can grant it (add delete to the rule on role and user in the role named after spec.bot.name); until then they are kept`,
    );
  }
  const limit = options.pruneLimit ?? 10;
  if (doomed.length > limit) {
    return keep(
      `${doomed.length} objects would be removed, more than prune-limit (${limit}); none was removed. Check the list, then raise prune-limit to at least ${doomed.length} for one run`,
    );
  }
  for (const item of [
    ...doomed.filter((i) => i.kind === "user"),
    ...doomed.filter((i) => i.kind === "role"),
  ]) {
    try {
      await api.remove({ kind: item.kind, name: item.name });
      results.set(refKey(item), { status: "removed" });
      inventory.delete(refKey(item));
      options.log(`${plan.cluster}: removed ${refKey(item)} (no longer declared)`);
    } catch (error) {
      // fact F27: a role still in use is refused; the others go on.
      results.set(refKey(item), { status: "failed", error: stageError(error) });
      options.log(`${plan.cluster}: could not remove ${refKey(item)}: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/** The inventory after this run: revisions and hashes as read back, rewritten only when it changed. */
async function recordWrites(
  plan: AccessPlan,
  api: ChildApi,
  results: Map<string, ItemResult>,
  inventory: Map<string, InventoryEntry>,
  options: ApplyAccessOptions,
): Promise<void> {
  const written = plan.items.filter((i) => results.get(refKey(i))?.status === "written");
  const readBack = written.length
    ? await api.readMany(written.map((i) => ({ kind: i.kind, name: i.name })))
    : new Map<string, Resource>();
  for (const item of plan.items) {
    const k = refKey(item);
    const status = results.get(k)?.status;
    // An unchanged object keeps its entry: its hash from a read now could differ by a server default
    // Teleport added on read since (fact F14), and rewriting the inventory for that is a write for nothing.
    const live =
      status === "written"
        ? readBack.get(k)
        : item.action === "unchanged" && !inventory.get(k)?.r
          ? item.live
          : undefined;
    if (!live) continue;
    inventory.set(k, {
      r: String(live.metadata?.revision ?? ""),
      h: liveHash(item.kind, live),
      a: appliedHash(item.declared),
    });
  }
  const before = canonicalJson(Object.fromEntries(plan.inventory?.entries ?? []));
  if (canonicalJson(Object.fromEntries(inventory)) !== before) {
    await writeInventory(api, options.repository, inventory, plan, options.log);
  }
}

function countOutcome(plan: AccessPlan, results: Map<string, ItemResult>): AccessOutcome["counts"] {
  const counts = {
    created: 0,
    updated: 0,
    adopted: 0,
    unchanged: 0,
    blocked: 0,
    failed: 0,
    removed: 0,
    kept: 0,
  };
  for (const item of plan.items) {
    const r = results.get(refKey({ kind: item.kind, name: item.name }));
    if (r?.status === "written") {
      if (item.action === "create") counts.created++;
      else if (item.action === "adopt") counts.adopted++;
      else counts.updated++;
    } else if (r?.status === "unchanged") counts.unchanged++;
    else if (r?.status === "blocked" || r?.status === "conflict") counts.blocked++;
    else if (r?.status === "removed") counts.removed++;
    else if (r?.status === "kept") counts.kept++;
    else counts.failed++;
  }
  return counts;
}

// Writes a child's access plan in the registry's order (roles before the users that name them): every kind
// in one `tctl create` when no kind has a step that writes before its batch, else kind by kind with the
// kind's own steps around each batch (a pending invite before it). After the batch come the kinds' steps
// that follow it (the new users' invite links: kinds/user.ts). tctl stops a batch at the first error and
// confirms each success (fact B2), so the failing document is reported with its file, line and Teleport's
// text, and the rest go in a further batch, less those that name the refused one.
import {
  type AccessKind,
  type BatchDocument,
  type BatchResult,
  type ChildApi,
  type InviteLink,
  type Resource,
  refKey,
} from "../core/access.js";
import { TeleportApiError } from "../core/errors.js";
import { stageError } from "../core/outcome.js";
import { canonicalJson } from "../util/canonical-json.js";
import { type InventoryEntry, inventoryDocuments, liveHash } from "./inventory.js";
import { accessKind, accessKinds } from "./kinds/index.js";
import type { AccessKindSpec, ItemResult, KindItem, KindWrite, WriteContext } from "./kinds/spec.js";
import type { Lease } from "./lease.js";
import { appliedHash, documentToWrite } from "./ownership.js";
import type { AccessPlan } from "./plan.js";

export type { ItemResult } from "./kinds/spec.js";
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
  /** This run as the intent records name it, e.g. the workflow run's address and attempt. */
  holder?: string;
  /** Aborted on SIGTERM: the tctl call in flight finishes, no further one starts. */
  signal?: AbortSignal;
  /** The child's sync lease (lease.ts): renewed before each kind, released by the last inventory write. */
  lease?: Pick<Lease, "renew" | "releasing">;
  /**
   * Puts the links where the run's user finds them (the invites file); awaited before the inventory
   * records them delivered, and also when the run stops after issuing them.
   */
  deliver?: (invites: ReadonlyMap<string, InviteLink>) => Promise<void>;
}

/** The run was cancelled between two tctl calls; what was written is recorded in the child already. */
class SyncCancelledError extends Error {
  constructor() {
    super("the run was cancelled: the tctl call in flight finished and no further one was started");
  }
}

const WRITES = new Set(["create", "update", "adopt"]);

/** Errors about one document; anything else (no connection, a deadline) stops the batch for all. */
function aboutTheDocument(error: Error): boolean {
  return !(error instanceof TeleportApiError && (error.transient || error.kind === "ConnectionProblem"));
}

/**
 * The inventory's record of what this run may create and is about to do, written before the first of it:
 * as the first documents of the first batch (tctl applies a file's documents in order and stops at the
 * first failure: B2, B104, so nothing after it is written unless it is), or alone before a kind's own steps
 * (a user's `users add` and links).
 */
interface Intent {
  docs: BatchDocument[];
  cluster: string;
  log: (m: string) => void;
}

/** One `tctl create -f` of the intent and then `documents`; the result is about `documents` only. */
async function writeWithIntent(
  api: ChildApi,
  intent: Intent,
  documents: BatchDocument[],
): Promise<BatchResult> {
  // Spread, the intent shares its first process with the first roles; it still comes before any link.
  const { applied, failed, stored } = await api.writeBatch([...intent.docs, ...documents], {
    spread: true,
    readBack: new Set(documents.map((d) => refKey(d.ref))),
  });
  const done = new Set(applied.map(refKey));
  if (!intent.docs.every((d) => done.has(refKey(d.ref)))) {
    throw new Error(
      `could not record the inventory of what the action owns in ${intent.cluster}: ${failed?.error.message ?? "tctl did not confirm it"}`,
    );
  }
  intent.log(`${intent.cluster}: inventory of what this run may create recorded`);
  intent.docs = [];
  const ours = new Set(documents.map((d) => refKey(d.ref)));
  return {
    applied: applied.filter((r) => ours.has(refKey(r))),
    ...(failed && ours.has(refKey(failed.ref)) ? { failed } : {}),
    ...(stored ? { stored } : {}),
  };
}

/**
 * A create-only document refused because the name exists: someone made it after this run read the child
 * (tctl's own text suggests `-f`, which would take it over).
 */
function takenMeanwhile(document: BatchDocument | undefined, error: Error): Error {
  if (!document?.createOnly || !(error instanceof TeleportApiError) || error.kind !== "AlreadyExists")
    return error;
  const ref = refKey(document.ref);
  return new TeleportApiError(
    "AlreadyExists",
    `${ref} was created in the child by someone else after this run read it, so it is not written (nor sent a link); if it should be the action's, add it to the adopt input`,
    false,
  );
}

async function writeInBatches(ctx: WriteContext, documents: BatchDocument[], intent: Intent) {
  const { api, results, log } = ctx;
  let rest = documents;
  while (rest.length) {
    ctx.stopIfCancelled();
    const { applied, failed, stored } = intent.docs.length
      ? await writeWithIntent(api, intent, rest)
      : await api.writeBatch(rest, { spread: true, readBack: new Set(rest.map((d) => refKey(d.ref))) });
    for (const ref of applied) results.set(refKey(ref), { status: "written" });
    if (stored) ctx.stored.push(stored);
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
    const at = rest.findIndex((d) => refKey(d.ref) === refKey(failed.ref));
    const error = takenMeanwhile(rest[at], failed.error);
    results.set(refKey(failed.ref), { status: "failed", error: stageError(error) });
    log(`${refKey(failed.ref)}: Teleport refused it: ${error.message}`);
    // Spread over several processes, documents after the failed one may have been written by another.
    const after = rest.slice(at + 1).filter((d) => !results.has(refKey(d.ref)));
    if (!aboutTheDocument(failed.error)) {
      for (const d of after) {
        results.set(refKey(d.ref), { status: "skipped", reason: `not written: ${failed.error.message}` });
      }
      return;
    }
    rest = after.filter((d) => {
      // A document naming the one refused (a user its role) would be refused too, or get less than declared.
      const references = accessKind(d.ref.kind)?.references;
      if (references?.kind !== failed.ref.kind || !references.names(d.resource).includes(failed.ref.name))
        return true;
      results.set(refKey(d.ref), {
        status: "skipped",
        reason: `its ${failed.ref.kind} ${failed.ref.name} was not written`,
      });
      return false;
    });
  }
}

export async function applyAccess(
  plan: AccessPlan,
  api: ChildApi,
  options: ApplyAccessOptions,
): Promise<AccessOutcome> {
  const results = settledResults(plan);
  const invites = new Map<string, InviteLink>();
  const inventory = new Map(plan.inventory?.entries ?? []);
  const intent = recordIntents(plan, inventory, options);
  const ctx: WriteContext = {
    cluster: plan.cluster,
    api,
    inviteTtl: options.inviteTtl,
    log: options.log,
    results,
    invites,
    linksSettled: new Set(),
    stopIfCancelled: () => {
      if (options.signal?.aborted) throw new SyncCancelledError();
    },
    stored: [],
  };
  // The first write of this repository here: every object is a create, so the intent can be one too.
  const fresh = !plan.inventory;
  if (fresh) intent.docs = intent.docs.map((d) => ({ ...d, createOnly: true }));
  let pruneNote: string | undefined;
  try {
    if (plan.items.some((i) => i.invitePending && WRITES.has(i.action))) {
      await writeKindByKind(plan, ctx, options, intent, fresh);
    } else {
      await writeAllKinds(plan, ctx, options, intent, fresh);
    }
    ctx.stopIfCancelled();
    pruneNote = await prune(plan, api, results, inventory, options);
  } finally {
    // Before the inventory clears their link marks: killed after that, the links are in the file still.
    if (invites.size) await options.deliver?.(invites);
  }
  await recordWrites(
    plan,
    api,
    { results, settled: ctx.linksSettled, stored: ctx.stored },
    inventory,
    options,
  );
  return { plan, results, invites, counts: countOutcome(plan, results), ...(pruneNote ? { pruneNote } : {}) };
}

const key = (i: { kind: AccessKind; name: string }) => refKey({ kind: i.kind, name: i.name });

/** The results the plan decides without a write. */
function settledResults(plan: AccessPlan): Map<string, ItemResult> {
  const results = new Map<string, ItemResult>();
  for (const item of plan.items) {
    if (item.action === "unchanged") results.set(key(item), { status: "unchanged" });
    if (item.action === "blocked") results.set(key(item), { status: "blocked" });
    if (item.action === "conflict") results.set(key(item), { status: "conflict" });
    if (item.action === "keep") results.set(key(item), { status: "kept", reason: item.reason ?? "" });
  }
  return results;
}

/**
 * Recorded before the first write (folded into it: Intent): every object the run may make, and what it is
 * about to do that Teleport cannot mark as ours at once (a user `tctl users add` creates unlabelled, a link
 * nobody has until the invites file is written), so that a run that stops half-way is finished by the next.
 */
function recordIntents(
  plan: AccessPlan,
  inventory: Map<string, InventoryEntry>,
  options: ApplyAccessOptions,
): Intent {
  const intent: Intent = { docs: [], cluster: plan.cluster, log: options.log };
  const before = canonicalJson(Object.fromEntries(inventory));
  for (const item of plan.items) {
    if (!WRITES.has(item.action)) continue;
    const k = key(item);
    const adding = item.action === "create" || item.action === "adopt";
    const entry = inventory.get(k) ?? (adding ? { a: appliedHash(item.declared) } : undefined);
    if (!entry) continue;
    const intent = accessKind(item.kind)?.intent?.(item);
    inventory.set(k, { ...entry, ...(intent?.link ? { l: options.holder ?? "an earlier run" } : {}) });
  }
  if (canonicalJson(Object.fromEntries(inventory)) === before) return intent;
  intent.docs = inventoryBatch(options.repository, inventory, plan);
  return intent;
}

/**
 * The items whose references were written: an object whose reference was not (a user's role) would be
 * refused (role X is not found) or get less than declared.
 */
function withReferencesWritten(
  spec: AccessKindSpec,
  items: KindItem[],
  attempted: Map<AccessKind, KindItem[]>,
  results: Map<string, ItemResult>,
): KindItem[] {
  const references = spec.references;
  if (!references) return items;
  const unwritten = new Set(
    (attempted.get(references.kind) ?? [])
      .filter((i) => results.get(key(i))?.status !== "written")
      .map((i) => i.name),
  );
  return items.filter((i) => {
    const missing = references.names(i.declared).filter((r) => unwritten.has(r));
    if (missing.length)
      results.set(key(i), {
        status: "skipped",
        reason: `its ${references.kind} ${missing.join(", ")} was not written`,
      });
    return !missing.length;
  });
}

const itemsOf = (plan: AccessPlan, spec: AccessKindSpec): KindItem[] =>
  plan.items.filter((i) => i.kind === spec.kind && WRITES.has(i.action));

/**
 * A kind's documents as its steps shaped them; items those steps settled are not written. A create never
 * takes over an object made since the read when that costs no process of its own: always for a kind whose
 * steps ask for it (a user), and in the first write of the repository here (`fresh`), where all are creates.
 */
function documentsOf(
  spec: AccessKindSpec,
  items: KindItem[],
  ctx: WriteContext,
  repository: string,
  write: KindWrite | undefined,
  fresh: boolean,
): BatchDocument[] {
  return items
    .filter((i) => !ctx.results.has(key(i)))
    .map((i) => {
      const extra = write?.extra(i);
      const createOnly = extra?.createOnly || (fresh && i.action === "create");
      return {
        ref: { kind: spec.kind, name: i.name },
        resource: documentToWrite(i.declared, repository, extra),
        ...(createOnly ? { createOnly: true } : {}),
      };
    });
}

const describeCount = (documents: BatchDocument[]) =>
  accessKinds()
    .map((k) => [k.kind, documents.filter((d) => d.ref.kind === k.kind).length] as const)
    .filter(([, n]) => n)
    .map(([kind, n]) => `${n} ${kind}(s)`)
    .join(", ");

/**
 * Every kind in one batch, in the registry's order (a user's roles before it: B104), when no kind has a step
 * that writes before its batch: one tctl process for all of them, not one per kind.
 */
async function writeAllKinds(
  plan: AccessPlan,
  ctx: WriteContext,
  options: ApplyAccessOptions,
  intent: Intent,
  fresh: boolean,
): Promise<void> {
  const writes: KindWrite[] = [];
  const documents: BatchDocument[] = [];
  await options.lease?.renew();
  for (const spec of accessKinds()) {
    const items = itemsOf(plan, spec);
    const write = spec.prepareWrite && items.length ? await spec.prepareWrite(items, ctx) : undefined;
    if (write) writes.push(write);
    documents.push(...documentsOf(spec, items, ctx, options.repository, write, fresh));
  }
  if (documents.length) {
    ctx.stopIfCancelled();
    ctx.log(`${ctx.cluster}: writing ${describeCount(documents)}`);
    await writeInBatches(ctx, documents, intent);
  }
  for (const write of writes) await write.after?.();
}

/** Kind by kind, each batch between the kind's own steps (a pending invite is issued before its batch). */
async function writeKindByKind(
  plan: AccessPlan,
  ctx: WriteContext,
  options: ApplyAccessOptions,
  intent: Intent,
  fresh: boolean,
): Promise<void> {
  const attempted = new Map<AccessKind, KindItem[]>();
  for (const spec of accessKinds()) {
    const all = itemsOf(plan, spec);
    attempted.set(spec.kind, all);
    ctx.stopIfCancelled();
    await options.lease?.renew();
    const items = withReferencesWritten(spec, all, attempted, ctx.results);
    // A kind's steps before its batch write too (a pending invite): the intent goes before them, alone.
    if (spec.prepareWrite && items.some((i) => i.invitePending) && intent.docs.length) {
      await writeWithIntent(ctx.api, intent, []);
    }
    const write = spec.prepareWrite ? await spec.prepareWrite(items, ctx) : undefined;
    const documents = documentsOf(spec, items, ctx, options.repository, write, fresh);
    if (documents.length) {
      ctx.log(`${ctx.cluster}: writing ${describeCount(documents)}`);
      await writeInBatches(ctx, documents, intent);
    }
    await write?.after?.();
  }
}

/** The inventory's roles as one batch's documents, as many shards as before at least (inventory.ts). */
function inventoryBatch(
  repository: string,
  entries: Map<string, InventoryEntry>,
  plan: AccessPlan,
): BatchDocument[] {
  return inventoryDocuments(repository, entries, plan.inventory?.shards ?? 1).map((d) => ({
    ref: { kind: "role", name: d.metadata!.name! },
    resource: d,
  }));
}

type Peeks = Map<string, Promise<Resource | null | undefined>>;

async function writeInventory(
  api: ChildApi,
  repository: string,
  entries: Map<string, InventoryEntry>,
  plan: AccessPlan,
  log: (m: string) => void,
  lease?: { document: BatchDocument; released: () => void },
  peeks: Peeks = new Map(),
): Promise<void> {
  const documents = [...inventoryBatch(repository, entries, plan), ...(lease ? [lease.document] : [])];
  if (await swapAll(api, documents, peeks)) {
    lease?.released();
    log(`${plan.cluster}: inventory of ${entries.size} owned object(s) recorded`);
    return;
  }
  const { applied, failed } = await api.writeBatch(documents);
  if (lease && applied.some((r) => refKey(r) === refKey(lease.document.ref))) lease.released();
  if (failed && refKey(failed.ref) !== (lease && refKey(lease.document.ref))) {
    throw new Error(
      `could not record the inventory of what the action owns in ${plan.cluster}: ${failed.error.message}`,
    );
  }
  log(`${plan.cluster}: inventory of ${entries.size} owned object(s) recorded`);
}

/**
 * The action's own roles that grant nothing (the inventory's, then the lease's release), in order, over the
 * child's Auth API, each at the revision it has now (B119): no tctl process. False when one of them cannot
 * be written that way (no such API, a cancelled run, another write in between): tctl then writes them all.
 * `peeks`: reads of some of them begun earlier (nothing of this run writes them meanwhile).
 */
async function swapAll(api: ChildApi, documents: BatchDocument[], peeks: Peeks): Promise<boolean> {
  if (!api.swapRole || !api.peekRole) return false;
  try {
    const now = await Promise.all(documents.map((d) => peeks.get(d.ref.name) ?? api.peekRole!(d.ref.name)));
    for (const [i, d] of documents.entries()) {
      const role = now[i];
      if (role === undefined) return false;
      const written = await api.swapRole(
        d.resource,
        role === null ? null : String(role.metadata?.revision ?? ""),
      );
      if (typeof written !== "string") return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Owned objects no longer declared, in the reverse of the write order (users before the roles they name),
 * behind the prune limit, confirmed one by one.
 */
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
      `would remove ${doomed.map((i) => refKey(i)).join(", ")}, but the child's bot role (${plan.verbs}) lacks the delete verb on ${accessKinds()
        .map((k) => k.plural)
        .join(" and ")}. A child admin can grant it (add delete to the rule on ${accessKinds()
        .map((k) => k.kind)
        .join(" and ")} in the role named after spec.bot.name); until then they are kept`,
    );
  }
  const limit = options.pruneLimit ?? 10;
  if (doomed.length > limit) {
    return keep(
      `${doomed.length} objects would be removed, more than prune-limit (${limit}); none was removed. Check the list, then raise prune-limit to at least ${doomed.length} for one run`,
    );
  }
  for (const item of [...accessKinds()].reverse().flatMap((k) => doomed.filter((i) => i.kind === k.kind))) {
    if (options.signal?.aborted) throw new SyncCancelledError();
    try {
      await api.remove({ kind: item.kind, name: item.name });
      results.set(refKey(item), { status: "removed" });
      inventory.delete(refKey(item));
      options.log(`${plan.cluster}: removed ${refKey(item)} (no longer declared)`);
    } catch (error) {
      if (await goneAfterAll(api, item)) {
        results.set(refKey(item), { status: "removed" });
        inventory.delete(refKey(item));
        options.log(
          `${plan.cluster}: removed ${refKey(item)} (no longer declared; tctl's answer was lost: ${(error as Error).message}, but the child no longer has it)`,
        );
        continue;
      }
      // fact B54: a role still in use is refused; the others go on.
      results.set(refKey(item), { status: "failed", error: stageError(error) });
      options.log(`${plan.cluster}: could not remove ${refKey(item)}: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/**
 * A removal that failed may still have been committed (the answer lost on the way back), so the object is
 * read again: absent, the removal is done. A read that fails too leaves the removal failed.
 */
async function goneAfterAll(api: ChildApi, ref: { kind: AccessKind; name: string }): Promise<boolean> {
  try {
    return !(await api.readMany([{ kind: ref.kind, name: ref.name }])).has(key(ref));
  } catch {
    return false;
  }
}

/**
 * What was written, as the child holds it now: read back during the batch (an earlier kind while a later one
 * was written), then over the Auth API where it returns the owned fields (users, after their links, which
 * write them: B120), then with tctl.
 */
async function readBackWritten(
  api: ChildApi,
  written: { kind: AccessKind; name: string }[],
  stored: Promise<Map<string, Resource>>[],
): Promise<Map<string, Resource>> {
  const refs = written.map((i) => ({ kind: i.kind, name: i.name }));
  // Those of the last kind are not among the batches' reads: asked at the same time.
  const [reads, owned] = await Promise.all([
    Promise.all(stored),
    refs.length && api.readOwned ? api.readOwned(refs) : undefined,
  ]);
  const out = new Map<string, Resource>();
  for (const [k, r] of [...reads.flatMap((m) => [...m]), ...(owned ?? [])]) if (!out.has(k)) out.set(k, r);
  const rest = refs.filter((r) => !out.has(refKey(r)));
  if (rest.length) for (const [k, r] of await api.readMany(rest)) out.set(k, r);
  return out;
}

/** The inventory after this run: revisions and hashes as read back, rewritten only when it changed. */
async function recordWrites(
  plan: AccessPlan,
  api: ChildApi,
  {
    results,
    settled,
    stored,
  }: {
    results: Map<string, ItemResult>;
    settled: Set<string>;
    stored: Promise<Map<string, Resource>>[];
  },
  inventory: Map<string, InventoryEntry>,
  options: ApplyAccessOptions,
): Promise<void> {
  const written = plan.items.filter((i) => results.get(refKey(i))?.status === "written");
  // The inventory's and the lease's revisions, read while the written objects are read back.
  const peeks: Peeks = new Map();
  if (written.length && api.peekRole) {
    const names = [
      ...inventoryBatch(options.repository, inventory, plan).map((d) => d.ref.name),
      ...(options.lease ? [options.lease.releasing().document.ref.name] : []),
    ];
    for (const name of names) {
      const peek = api.peekRole(name);
      peek.catch(() => {});
      peeks.set(name, peek);
    }
  }
  const readBack = await readBackWritten(api, written, stored);
  for (const item of plan.items) {
    const k = refKey(item);
    const status = results.get(k)?.status;
    // An unchanged object keeps its entry: its hash from a read now could differ by a server default
    // Teleport added on read since (fact B41), and rewriting the inventory for that is a write for nothing.
    const live =
      status === "written"
        ? readBack.get(k)
        : item.action === "unchanged" && (!inventory.get(k)?.r || item.recordRevision)
          ? item.live
          : undefined;
    if (!live) continue;
    // A link still due (it failed, or was never reached) keeps its intent: the next run reports it.
    const link = inventory.get(k)?.l;
    const linkDue =
      link !== undefined && (item.invitePending || item.action === "create") && !settled.has(item.name);
    inventory.set(k, {
      r: String(live.metadata?.revision ?? ""),
      h: liveHash(item.kind, live),
      a: appliedHash(item.declared),
      ...(linkDue ? { l: link } : {}),
    });
  }
  for (const k of plan.vanished) inventory.delete(k);
  const before = canonicalJson(Object.fromEntries(plan.inventory?.entries ?? []));
  if (canonicalJson(Object.fromEntries(inventory)) !== before) {
    // The lease is released in the same batch, after the inventory: tctl writes it only if the inventory was.
    await writeInventory(
      api,
      options.repository,
      inventory,
      plan,
      options.log,
      options.lease?.releasing(),
      peeks,
    );
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

// One write run per repository and child at a time: a lease kept in the child, like the inventory a role that
// grants nothing, whose description names the run holding it and when the lease ends. Two applies at once
// would otherwise both issue links (each voiding the other's: fact B51) and race on the inventory.
// Where the child's Auth API answers, the lease is taken with CreateRole (only if there is none) or UpdateRole
// (only at the revision this run read): B119. Whoever's write the child accepts holds it; the other run
// reads again and waits. Without that API, `tctl create -f` upserts with no revision check (fact B85), so
// taking the lease is a write followed by a wait and a read that must still show this run: whoever wrote
// last holds it, and a run whose read was not fresh writes nothing. A run that dies keeps the lease until
// it ends (TTL_MS); a longer sync renews it.
import { createHash } from "node:crypto";
import { type BatchDocument, type ChildApi, type Resource, refKey } from "../core/access.js";
import { LABEL_PREFIX, MANAGED_BY } from "./labels.js";

/** How long a lease lasts without renewal: a run renews it when half of it is gone. */
const TTL_MS = 2 * 60_000;
/** How long a run waits for another run's lease before it stops with an error naming that run. */
const WAIT_MS = 10 * 60_000;
/** Between a run's own read of a free lease and its write; an older read is read again. */
const FRESH_MS = 500;
/** After the write, before the read that confirms it: longer than another run's read-to-write (FRESH_MS + the write). */
const SETTLE_MS = 2_000;
const POLL_MS = 5_000;

export interface LeaseClock {
  now(): number;
  /** Waits for another run (may run faster in tests). */
  sleep(ms: number): Promise<void>;
  /** The confirming wait: real time, as it is measured against real tctl calls. */
  settle(ms: number): Promise<void>;
}

export interface LeaseOptions {
  cluster: string;
  repository: string;
  /** This run (the workflow run's address). */
  holder: string;
  clock: LeaseClock;
  log: (message: string) => void;
  /**
   * The lease as read before the run's plan (its revision null: there was none); undefined when it could
   * not be read without a process. See Lease.untouched. Free then, the first take is tried at its
   * revision without reading it again: the child refuses it if anyone wrote the lease since (B119).
   */
  seen?: LeaseRead;
}

interface Stored {
  v: 1;
  /** Empty once released. */
  holder: string;
  expires: string;
}

export interface Lease {
  /**
   * Nobody took the lease between the read of `seen` and this run's take (its revision was still
   * that one), so nobody wrote to the child meanwhile and a plan read after `seen` still holds.
   */
  readonly untouched: boolean;
  /** Taken with the child's revision check (B119), without a tctl process. */
  readonly checked: boolean;
  /** Extends the lease when half of it is gone (a long sync). */
  renew(): Promise<void>;
  /** Releases it, unless the last write of the run already did (releasing). */
  release(): Promise<void>;
  /**
   * The released lease as a document for the run's last batch (the inventory's), saving a process;
   * `released` is called once tctl confirmed it.
   */
  releasing(): { document: BatchDocument; released: () => void };
}

function leaseName(repository: string): string {
  const id = createHash("sha256").update(repository).digest("hex").slice(0, 10);
  return `workload-cluster-action-lease-${id}`;
}

function parse(role: Resource | undefined): Stored | undefined {
  try {
    const value = JSON.parse(String(role?.metadata?.description ?? "")) as Stored;
    return value?.v === 1 && typeof value.holder === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function leaseDocument(repository: string, stored: Stored): Resource {
  return {
    kind: "role",
    version: "v7",
    metadata: {
      name: leaseName(repository),
      description: JSON.stringify(stored),
      // The inventory label keeps it out of pruning and of the owned objects, like the inventory.
      labels: { [MANAGED_BY]: repository, [`${LABEL_PREFIX}inventory`]: "lease" },
    },
    spec: { allow: {}, deny: {} },
  };
}

export interface LeaseRead {
  stored?: Stored;
  /** null: there is no lease role. */
  revision: string | null;
}

const revisionOf = (role: Resource | undefined): string | null =>
  role ? String(role.metadata?.revision ?? "") : null;

/** Over gRPC when the child can be asked that way (no tctl process), else with tctl. */
async function readLease(api: ChildApi, repository: string): Promise<LeaseRead> {
  const ref = { kind: "role", name: leaseName(repository) };
  const peeked = await api.peekRole?.(ref.name);
  const role = peeked !== undefined ? (peeked ?? undefined) : (await api.readMany([ref])).get(refKey(ref));
  const stored = parse(role);
  return { ...(stored ? { stored } : {}), revision: revisionOf(role) };
}

/** The lease (its revision null: none) if it can be read without a tctl process, else undefined. */
export async function leaseSeen(api: ChildApi, repository: string): Promise<LeaseRead | undefined> {
  const peeked = await api.peekRole?.(leaseName(repository));
  if (peeked === undefined) return undefined;
  const stored = parse(peeked ?? undefined);
  return { ...(stored ? { stored } : {}), revision: revisionOf(peeked ?? undefined) };
}

const leaseBatch = (repository: string, stored: Stored): BatchDocument => ({
  ref: { kind: "role", name: leaseName(repository) },
  resource: leaseDocument(repository, stored),
});

const RELEASED: Stored = { v: 1, holder: "", expires: "" };

async function writeLease(api: ChildApi, repository: string, stored: Stored): Promise<void> {
  const { failed } = await api.writeBatch([leaseBatch(repository, stored)]);
  if (failed) throw new Error(`could not write the sync lease: ${failed.error.message}`);
}

/** Conditional takes another write beat in a row before the run gives up (each is followed by a read). */
const MAX_LOST = 5;

/** Takes the lease, waiting (at most WAIT_MS) while another run holds it. */
export async function acquireLease(api: ChildApi, o: LeaseOptions): Promise<Lease> {
  const { clock } = o;
  // Counted in polls, not read from the clock, so that the wait is bounded by what the run slept.
  let waited = 0;
  let waitingFor = "";
  let lost = 0;
  let seen = o.seen;
  for (;;) {
    // The read before the plan serves the first take; a tctl fallback never writes on a read that old.
    const readAt = seen ? Number.NEGATIVE_INFINITY : clock.now();
    const read = seen ?? (await readLease(api, o.repository));
    const firstTake = seen !== undefined;
    seen = undefined;
    const current = read.stored;
    const other = current?.holder && current.holder !== o.holder && Date.parse(current.expires) > clock.now();
    if (other) {
      if (waited >= WAIT_MS) {
        throw new Error(
          `another run of ${o.repository} is syncing ${o.cluster}: ${current.holder} holds its lease until ${current.expires}; waited ${WAIT_MS / 60_000} min. Run again once it has finished. If that run is gone (a lost runner), its lease ends at ${current.expires}, or a child admin may remove role ${leaseName(o.repository)} now`,
        );
      }
      if (waitingFor !== current.holder) {
        o.log(
          `${o.cluster}: waiting for ${current.holder}, which is syncing this child (lease until ${current.expires})`,
        );
        waitingFor = current.holder;
      }
      await clock.sleep(POLL_MS);
      waited += POLL_MS;
      continue;
    }
    const untouched = o.seen !== undefined && read.revision === o.seen.revision;
    const expires = clock.now() + TTL_MS;
    const taken = await take(api, o, read.revision, readAt, expires);
    if (taken === null) {
      // At the revision seen before the plan, another write since is no contest lost: read and try again.
      if (firstTake) continue;
      lost++;
      if (lost >= MAX_LOST) {
        throw new Error(
          `could not take the sync lease of ${o.cluster}: another write to role ${leaseName(o.repository)} came first ${MAX_LOST} times in a row`,
        );
      }
      continue;
    }
    return heldLease(api, o, { untouched, expires, revision: taken === "unchecked" ? undefined : taken });
  }
}

const holding = (o: LeaseOptions, expires: number): Stored => ({
  v: 1,
  holder: o.holder,
  expires: new Date(expires).toISOString(),
});

/**
 * One attempt to take the free lease read at `revision`: the new revision when the child checked it
 * (CreateRole / UpdateRole, B119: nobody can have written in between), "unchecked" when it was written with
 * tctl and confirmed after a settle (B85), null when another write came first (read it again).
 */
async function take(
  api: ChildApi,
  o: LeaseOptions,
  revision: string | null,
  readAt: number,
  expires: number,
): Promise<string | "unchecked" | null> {
  const stored = holding(o, expires);
  const swapped = await api.swapRole?.(leaseDocument(o.repository, stored), revision);
  if (swapped !== undefined) return swapped;
  if (o.clock.now() - readAt > FRESH_MS) return null;
  await writeLease(api, o.repository, stored);
  await o.clock.settle(SETTLE_MS);
  return (await readLease(api, o.repository)).stored?.holder === o.holder ? "unchecked" : null;
}

function heldLease(
  api: ChildApi,
  o: LeaseOptions,
  taken: { untouched: boolean; expires: number; revision: string | undefined },
): Lease {
  let { expires, revision } = taken;
  let released = false;
  /** With the revision known, only over the lease as this run left it; else with tctl. */
  const rewrite = async (stored: Stored): Promise<boolean> => {
    if (revision !== undefined) {
      // A cancelled run's Auth connection refuses new calls; tctl's write is let finish (tctl.ts).
      const swapped = await api
        .swapRole?.(leaseDocument(o.repository, stored), revision)
        .catch(() => undefined);
      if (typeof swapped === "string") {
        revision = swapped;
        return true;
      }
      if (swapped === null) {
        // Lost answer or another write: the lease as it is now says which.
        const now = await readLease(api, o.repository);
        if (now.stored?.holder !== stored.holder || now.stored.expires !== stored.expires) return false;
        revision = now.revision ?? undefined;
        return true;
      }
    }
    await writeLease(api, o.repository, stored);
    return true;
  };
  return {
    untouched: taken.untouched,
    checked: taken.revision !== undefined,
    renew: async () => {
      if (expires - o.clock.now() > TTL_MS / 2) return;
      const next = o.clock.now() + TTL_MS;
      if (!(await rewrite(holding(o, next)))) {
        throw new Error(
          `${o.cluster}: the sync lease (role ${leaseName(o.repository)}) was changed by someone else while this run held it; stopping before writing more`,
        );
      }
      expires = next;
    },
    release: async () => {
      if (!released) await rewrite(RELEASED);
      released = true;
    },
    releasing: () => ({
      document: leaseBatch(o.repository, RELEASED),
      released: () => {
        released = true;
      },
    }),
  };
}

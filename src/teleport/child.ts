// A child cluster's roles and users through tctl with the child's identity (YAML goes through
// tctl create, whose parser is Teleport's own). The sync's ChildApi port, served with these facts:
// `get` of several references prints YAML only and aborts on the first missing one
// (B6, B35, B36); `create -f` stops at the first error and confirms each success on its own line (B2, B42,
// B44); `users reset` prints the link on a line of its own (B50, B53). Links are minted over the child's Auth
// API when it can be asked (B117), with tctl only as the fallback.
// With an access probe (one gRPC connection to the child's Auth API: grpc/access.ts), the names the child
// reports missing are left out of the `get` before it runs, so a missing name costs no process (B100, B102).
import * as fs from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import {
  type AccessRef,
  type BatchDocument,
  type BatchResult,
  type ChildApi,
  type InviteLink,
  type Resource,
  refKey,
  type TctlKindNames,
  type WriteOptions,
} from "../core/access.js";
import { TeleportApiError } from "../core/errors.js";
import { escapesNextComma, joinRefs, tctlRef } from "../core/refs.js";
import type { Http } from "../net/http.js";
import { parseDuration } from "../util/duration.js";
import { AccessProbe } from "./grpc/access.js";
import { parseIdentityFile } from "./identity.js";
import type { Tctl } from "./tctl.js";
import { type TctlValue, tctlInput } from "./tctl-input.js";
import { findProxy, type ProxyAddress, type ProxyFind } from "./webapi.js";

export interface TctlChildOptions {
  /** Masks an invite or reset URL the moment it is read. */
  mask: (value: string) => void;
  now?: () => number;
  /**
   * Opens the access probe on first use; undefined (or a rejection) when the child cannot be asked over
   * gRPC, and then every read goes through tctl alone, as before.
   */
  probe?: () => Promise<AccessProbe | undefined>;
  /** Says once why the probe is not used. */
  log?: (message: string) => void;
}

const MAX_RESET_MS = 24 * 3_600_000;
/** fact B119: the refusals of a conditional role write that another write beat (or a delete, for Update). */
const LOST_SWAP = new Set(["CompareFailed", "AlreadyExists", "NotFound"]);

/** A promise opened once, from outside: the first `open` decides. */
function gate(): { opened: Promise<boolean>; open: (go: boolean) => void } {
  let open: (go: boolean) => void = () => {};
  const opened = new Promise<boolean>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Consecutive documents that agree on `createOnly`: each run is one tctl process. */
function runsOf(documents: BatchDocument[]): BatchDocument[][] {
  const runs: BatchDocument[][] = [];
  for (const d of documents) {
    const last = runs.at(-1);
    if (last && Boolean(last[0]!.createOnly) === Boolean(d.createOnly)) last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/**
 * At most this many tctl processes at once for one kind's writes (reads: READS_AT_ONCE). Each process pays
 * its start-up and connection once (about 11 round trips at 70 ms: DESIGN section 7), then a round trip per
 * name read (B95) or two per document written (B96): at a distance, three processes read or write three
 * times as fast, and a runner's two cores start three Go processes without strain.
 */
const AT_ONCE = 3;
/**
 * A read goes by at most two: a re-run with nothing to write is all read, and two processes keep it within
 * issue 19's budget of two per no-change run while halving a large read's round trips.
 */
const READS_AT_ONCE = 2;
/** Names per process below which another process costs more than it saves. */
const READS_PER_PROCESS = 10;
/**
 * The same for a read-back while the next kind is written: the run waits for it only if it outlasts that
 * kind's writes, so halving a small read is worth a process.
 */
const READ_BACK_PER_PROCESS = 5;
/**
 * Documents per write process at least: with three, the headline's roles went in three processes instead
 * of two and finished 0.1 s sooner (the runner's two cores start them less quickly): not worth a process.
 */
const WRITES_PER_PROCESS = 4;

/** `items` in up to `atOnce` slices of at least `perProcess`, in order. */
function spreadOver<T>(items: T[], perProcess: number, atOnce = AT_ONCE): T[][] {
  const n = Math.min(atOnce, Math.floor(items.length / perProcess));
  if (n <= 1) return [items];
  const size = Math.ceil(items.length / n);
  return Array.from({ length: n }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((c) => c.length);
}

/** Consecutive documents of one kind. */
function kindRuns(documents: BatchDocument[]): BatchDocument[][] {
  const runs: BatchDocument[][] = [];
  for (const d of documents) {
    const last = runs.at(-1);
    if (last && last[0]!.ref.kind === d.ref.kind) last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/**
 * Whether writing kind after kind, each spread, is quicker than one process for all: in round trips, a
 * process's start-up weighs about as much as four documents. Charged once per kind, although a later
 * kind's processes start beside the first's (writeSpread): that keeps a small batch in one process.
 */
function spreadPays(kinds: BatchDocument[][]): boolean {
  const cost = (slices: BatchDocument[][]) =>
    slices.length && WRITES_PER_PROCESS * 2 + Math.max(...slices.map((s) => s.length));
  const single = WRITES_PER_PROCESS * 2 + kinds.reduce((n, k) => n + k.length, 0);
  const spread = kinds.reduce((n, k) => n + cost(spreadOver(k, WRITES_PER_PROCESS)), 0);
  return spread < single;
}

/** Linux caps one argument at 128 KiB; a `get` of thousands of names is split well below that. */
const MAX_REFS_ARG = 64 * 1024;

const nameOf = (r: Resource) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");
// Any kind tctl prints is taken as it names itself: the adapter serves whatever kinds the sync registers,
// and only references the caller asked for are ever matched against what is read or confirmed.
const kindOf = (r: Resource): string | undefined =>
  typeof r.kind === "string" && r.kind ? r.kind : undefined;

/** `getting resource "NAME" of type "KIND"`: the reference a failed `get` names (fact B35, B7). */
function failedRef(error: TeleportApiError): AccessRef | undefined {
  const m = /getting resource "((?:[^"\\]|\\.)*)" of type "([a-z_]+)"/.exec(error.message);
  return m ? { kind: m[2]!, name: JSON.parse(`"${m[1]}"`) as string } : undefined;
}

function chunks(refs: AccessRef[]): AccessRef[][] {
  const out: AccessRef[][] = [];
  let current: AccessRef[] = [];
  let size = 0;
  for (const ref of refs) {
    // A name ending in an escaping backslash would swallow the comma after it (B8): it is read alone.
    if (escapesNextComma(ref.name)) {
      out.push([ref]);
      continue;
    }
    const length = refKey(ref).length + 1;
    if (current.length && size + length > MAX_REFS_ARG) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(ref);
    size += length;
  }
  if (current.length) out.push(current);
  return out;
}

/** tctl's line per confirmed document: `role "x" has been created`, `user "x" has been created|updated`. */
const CONFIRMED = /^([a-z_]+) "((?:[^"\\]|\\.)*)" has been (?:created|updated)$/;

export class TctlChildApi implements ChildApi {
  private count = 0;
  private probe?: Promise<AccessProbe | undefined>;
  /** The child answered CreateRole/UpdateRole with Unimplemented (a Teleport older than them). */
  private swapUnsupported = false;

  constructor(
    private readonly tctl: Tctl,
    private readonly options: TctlChildOptions,
  ) {}

  get processes(): number {
    return this.count;
  }

  /** `names`: the objects the command is about, so that their names never decide how an error is read. */
  private run(args: string[], names: readonly string[], write = false) {
    this.count++;
    return this.tctl.run(args, { write, names });
  }

  private openProbe(): Promise<AccessProbe | undefined> {
    this.probe ??= (this.options.probe?.() ?? Promise.resolve(undefined)).catch((error: Error) => {
      this.options.log?.(`reading through tctl only: ${error.message}`);
      return undefined;
    });
    return this.probe;
  }

  /** The refs the child does not report missing; all of them when it cannot be asked. */
  private async present(refs: AccessRef[]): Promise<AccessRef[]> {
    const probe = await this.openProbe();
    if (!probe || !refs.length) return refs;
    try {
      const existence = await probe.exists(refs);
      return refs.filter((r) => existence.get(refKey(r)) !== "missing");
    } catch (error) {
      this.options.log?.(
        `the existence check failed (${(error as Error).message}); reading through tctl only`,
      );
      this.probe = Promise.resolve(undefined);
      probe.close();
      return refs;
    }
  }

  async ownRole(name: string): Promise<Resource | undefined> {
    return (await this.roleOverGrpc(name, false)) ?? undefined;
  }

  peekRole(name: string): Promise<Resource | null | undefined> {
    return this.roleOverGrpc(name, true);
  }

  /** `missingIsAnswer`: NotFound is null (an object that may not exist yet), else a failure to log. */
  private async roleOverGrpc(name: string, missingIsAnswer: boolean): Promise<Resource | null | undefined> {
    const probe = await this.openProbe();
    if (!probe) return undefined;
    try {
      return await probe.roleRules(name);
    } catch (error) {
      if (missingIsAnswer && error instanceof TeleportApiError && error.kind === "NotFound") return null;
      this.options.log?.(`could not read role ${name} over gRPC: ${(error as Error).message}`);
      return undefined;
    }
  }

  async swapRole(role: Resource, revision: string | null): Promise<string | null | undefined> {
    const probe = this.swapUnsupported ? undefined : await this.openProbe();
    if (!probe) return undefined;
    try {
      return await probe.swapRole(role, revision);
    } catch (error) {
      if (!(error instanceof TeleportApiError)) throw error;
      if (error.kind === "NotImplemented") {
        this.swapUnsupported = true;
        this.options.log?.(`the child does not offer CreateRole/UpdateRole (${error.message}); using tctl`);
        return undefined;
      }
      // Another write came first, or the outcome is unknown: the caller reads the role again either way.
      if (LOST_SWAP.has(error.kind) || error.transient) return null;
      throw error;
    }
  }

  async passwordStates(names: string[]): Promise<Map<string, number> | undefined> {
    const probe = await this.openProbe();
    if (!probe || !names.length) return probe ? new Map() : undefined;
    try {
      return await probe.passwordStates(names);
    } catch (error) {
      this.options.log?.(`could not read the users' status over gRPC: ${(error as Error).message}`);
      return undefined;
    }
  }

  async readOwned(refs: AccessRef[]): Promise<Map<string, Resource> | undefined> {
    const probe = await this.openProbe();
    if (!probe) return undefined;
    const names = refs.filter((r) => r.kind === "user").map((r) => r.name);
    if (!names.length) return new Map();
    try {
      const users = await probe.users(names);
      return new Map(
        [...users].flatMap(([name, user]) => (user ? [[refKey({ kind: "user", name }), user] as const] : [])),
      );
    } catch (error) {
      this.options.log?.(`could not read the users over gRPC: ${(error as Error).message}`);
      return undefined;
    }
  }

  async close(): Promise<void> {
    (await this.probe)?.close();
  }

  async readMany(refs: AccessRef[]): Promise<Map<string, Resource>> {
    const out = new Map<string, Resource>();
    // A name created after the check is not seen until the next read; one deleted after it is dropped below.
    const present = await this.present(refs);
    // Spread only when the child said which names exist: without that, each process would pay for its
    // own missing names (B6).
    const checked = (await this.openProbe()) !== undefined;
    const slices = checked ? spreadOver(present, READS_PER_PROCESS, READS_AT_ONCE) : [present];
    await Promise.all(
      slices.map(async (slice) => {
        for (const chunk of chunks(slice)) await this.readSlice(chunk, out);
      }),
    );
    return out;
  }

  /** One `tctl get` of the references, again without each one the child reports missing. */
  private async readSlice(slice: AccessRef[], out: Map<string, Resource>): Promise<void> {
    let remaining = slice;
    while (remaining.length) {
      let stdout: string;
      try {
        ({ stdout } = await this.run(
          ["get", joinRefs(remaining), "--format=yaml"],
          remaining.map((r) => r.name),
        ));
      } catch (error) {
        const missing =
          error instanceof TeleportApiError && error.kind === "NotFound" ? failedRef(error) : undefined;
        if (!missing || !remaining.some((r) => refKey(r) === refKey(missing))) throw error;
        // The first missing name aborts the whole command (fact B6): drop it and read the rest again.
        remaining = remaining.filter((r) => refKey(r) !== refKey(missing));
        continue;
      }
      // tctl prints with go-yaml v2, which quotes every string that YAML 1.1 would read as something else;
      // what it leaves plain reads the same under the YAML 1.2 rules used here.
      for (const doc of parseAllDocuments(stdout)) {
        const value = doc.toJS() as Resource | Resource[] | null;
        for (const r of Array.isArray(value) ? value : value ? [value] : []) {
          const kind = kindOf(r);
          if (kind) out.set(refKey({ kind, name: nameOf(r) }), r);
        }
      }
      return;
    }
  }

  async list(kind: TctlKindNames): Promise<Resource[]> {
    this.count++;
    return this.tctl.get(kind.plural, (item) => item as Resource);
  }

  async writeBatch(documents: BatchDocument[], options: WriteOptions = {}): Promise<BatchResult> {
    const applied: AccessRef[] = [];
    const reads: Promise<void>[] = [];
    const stored = new Map<string, Resource>();
    const done = (result: BatchResult): BatchResult => ({
      ...result,
      applied,
      ...(reads.length ? { stored: Promise.all(reads).then(() => stored) } : {}),
    });
    for (const run of runsOf(documents)) {
      const result = options.spread
        ? await this.writeSpread(run, (refs) => reads.push(this.readBack(refs, options.readBack, stored)))
        : await this.writeRun(run);
      applied.push(...result.applied);
      if (result.failed || result.applied.length < run.length) return done(result);
    }
    return done({ applied });
  }

  /**
   * The written objects of `refs` that `wanted` names, read into `stored`; a read that fails leaves them
   * to the caller's own read.
   */
  private async readBack(
    refs: AccessRef[],
    wanted: ReadonlySet<string> | undefined,
    stored: Map<string, Resource>,
  ): Promise<void> {
    const due = refs.filter((r) => wanted?.has(refKey(r)));
    if (!due.length) return;
    try {
      // Just written, they exist: no existence check first.
      const slices = spreadOver(due, READ_BACK_PER_PROCESS, READS_AT_ONCE);
      await Promise.all(
        slices.map(async (slice) => {
          for (const chunk of chunks(slice)) await this.readSlice(chunk, stored);
        }),
      );
    } catch (error) {
      this.options.log?.(`reading back what was written failed (${(error as Error).message}); read later`);
    }
  }

  /**
   * Kind after kind (a user's roles before it: B45), each kind's documents by up to AT_ONCE processes at
   * once, when that is quicker than one process; stops after the first kind with a failure. `written` gets
   * each kind's written references when a later kind follows, so they can be read while it is written.
   */
  private async writeSpread(
    run: BatchDocument[],
    written: (refs: AccessRef[]) => void,
  ): Promise<BatchResult> {
    const kinds = kindRuns(run);
    if (!spreadPays(kinds)) return this.writeRun(run);
    // Every kind's processes start at once: tctl connects before it reads its input (B121), so a later
    // kind's processes connect while the kind before it is written, and get their documents after it.
    const gates = kinds.map(() => gate());
    const started = kinds.map((kind, i) =>
      spreadOver(kind, WRITES_PER_PROCESS).map((s) => this.writeRun(s, i ? gates[i]!.opened : undefined)),
    );
    // A process that fails before its kind is awaited is not an unhandled rejection; it is read below.
    for (const p of started.flat()) p.catch(() => {});
    const applied: AccessRef[] = [];
    try {
      for (const [i, kind] of kinds.entries()) {
        // Cancelled meanwhile, the run starts no further write: these processes stop unfed.
        if (this.tctl.cancelled) return { applied };
        gates[i]!.open(true);
        const results = await Promise.all(started[i]!);
        const refs = results.flatMap((r) => r.applied);
        applied.push(...refs);
        const failed = results.find((r) => r.failed)?.failed;
        if (failed) return { applied, failed };
        if (refs.length < kind.length) return { applied };
        if (i < kinds.length - 1) written(refs);
      }
      return { applied };
    } finally {
      // The processes of a kind not reached are stopped before they are given a document.
      for (const g of gates) g.open(false);
      await Promise.allSettled(started.flat());
    }
  }

  /**
   * One `tctl create [-f]` of documents that agree on `createOnly`, read from standard input; with
   * `opened`, the process starts now and is given them once `opened` is true (false: it is stopped).
   */
  private async writeRun(documents: BatchDocument[], opened?: Promise<boolean>): Promise<BatchResult> {
    // Written for tctl's YAML 1.1 reader, so that every string stays a string (tctl-input.ts, fact B70).
    const text = tctlInput(documents.map((d) => d.resource as TctlValue));
    this.count++;
    const result = await this.tctl.attempt(["create", ...(documents[0]?.createOnly ? [] : ["-f"])], {
      write: true,
      names: documents.map((d) => d.ref.name),
      input: opened ? opened.then((go) => (go ? text : undefined)) : text,
    });
    const { stdout, error: failure } = result;
    const confirmed = new Set(
      stdout
        .split("\n")
        .map((l) => CONFIRMED.exec(l.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]}/${JSON.parse(`"${m[2]}"`)}`),
    );
    const applied: AccessRef[] = [];
    for (const d of documents) {
      if (!confirmed.has(refKey(d.ref))) break;
      applied.push(d.ref);
    }
    if (!failure) return { applied };
    const failed = documents[applied.length];
    return failed ? { applied, failed: { ref: failed.ref, error: failure } } : { applied };
  }

  async remove(ref: AccessRef): Promise<void> {
    const { stdout } = await this.run(["rm", tctlRef(ref)], [ref.name], true);
    // fact B54, B55, B11: a removal is confirmed by its line; one refactor exited 0 without removing.
    const confirmed = `${ref.kind} ${JSON.stringify(ref.name)} has been deleted`;
    if (!stdout.split("\n").some((line) => line.trim() === confirmed)) {
      throw new TeleportApiError(
        "Unknown",
        `tctl rm ${tctlRef(ref)} exited 0 but did not confirm the removal`,
        false,
      );
    }
  }

  async inviteLink(name: string, ttl: string): Promise<InviteLink> {
    const probe = await this.openProbe();
    const link = probe
      ? await probe.inviteLink(name, parseDuration(ttl)).catch((error: unknown) => {
          // A server without the call is asked through tctl; any other answer stands.
          if (error instanceof TeleportApiError && error.kind === "NotImplemented") return undefined;
          throw error;
        })
      : undefined;
    if (link) {
      this.options.mask(link.url);
      return { url: link.url, expires: link.expires ?? this.expiresIn(ttl) };
    }
    // tctl can mint a link for an existing user only as a reset, which lives at most 24h (fact B50).
    const capped = parseDuration(ttl) > MAX_RESET_MS ? "24h" : ttl;
    const { stdout } = await this.run(["users", "reset", name, "--ttl", capped], [name], true);
    return this.resetLink(stdout, capped);
  }

  private resetLink(stdout: string, ttl: string): InviteLink {
    const url = stdout
      .split("\n")
      .map((l) => l.trim())
      .find((l) => /^https:\/\/\S+\/web\/(invite|reset)\/\S+$/.test(l));
    if (!url) throw new TeleportApiError("Unknown", "tctl users reset printed no reset link", false);
    this.options.mask(url);
    return { url, expires: this.expiresIn(ttl) };
  }

  /** When a link of `ttl` minted now stops working, for a link whose answer does not say. */
  private expiresIn(ttl: string): string {
    return new Date((this.options.now?.() ?? Date.now()) + parseDuration(ttl)).toISOString();
  }
}

export interface ProbeConnection {
  http: Http;
  proxy: ProxyAddress;
  identityFile: string;
  signal?: AbortSignal;
  readFile?: (file: string) => Promise<string>;
  /** The proxy's find, asked earlier; asked now when absent or it came to nothing. */
  found?: Promise<ProxyFind | undefined>;
}

/**
 * The access probe of one child: its cluster name from `/webapi/find` (TLS routing needed: B21), then one
 * connection with the identity tbot wrote. Rejects when either step fails; the caller reads through tctl.
 */
export async function openAccessProbe(c: ProbeConnection): Promise<AccessProbe> {
  const read = c.readFile ?? ((file: string) => fs.readFile(file, "utf8"));
  const identity = parseIdentityFile(await read(c.identityFile));
  const find =
    (await c.found) ??
    (await findProxy(c.http, c.proxy, {
      policy: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 10_000 },
      ...(c.signal ? { signal: c.signal } : {}),
    }));
  if (!find.tlsRoutingEnabled || !find.clusterName) {
    throw new Error("the child's proxy does not route its Auth API by ALPN (TLS routing)");
  }
  const probe = new AccessProbe({
    proxy: c.proxy,
    clusterName: find.clusterName,
    identity,
    ...(find.serverVersion ? { clientVersion: find.serverVersion } : {}),
    ...(c.signal ? { signal: c.signal } : {}),
  });
  try {
    await probe.connect();
  } catch (error) {
    probe.close();
    throw error;
  }
  return probe;
}

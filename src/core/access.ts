// The access vocabulary every layer shares: references to a child's roles, users and any other access kind,
// and the port through which the sync reaches a child (src/teleport/child.ts serves it with tctl and the
// child's identity; tests pass an in-memory child). Resources are plain JSON as Teleport prints them. Kept
// below both the sync and the tctl adapter so that neither has to import the other.

/** Teleport's name of a kind (`role`, `user`); which kinds the action syncs is the sync's registry. */
export type AccessKind = string;

/** How tctl names a kind: singular in a reference (`tctl get role/x`), plural for a list (`tctl get roles`). */
export interface TctlKindNames {
  kind: AccessKind;
  plural: string;
}

export interface AccessRef {
  kind: AccessKind;
  name: string;
}

export const refKey = (ref: AccessRef): string => `${ref.kind}/${ref.name}`;

/** An object as the child returns it (`tctl get`): JSON with metadata.revision and server defaults. */
export type Resource = Record<string, unknown> & {
  kind?: string;
  version?: string;
  metadata?: { name?: string; labels?: Record<string, string>; revision?: string; description?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};

export interface BatchDocument {
  ref: AccessRef;
  resource: Resource;
  /**
   * Written only if it does not exist yet (`tctl create` without `-f`): an object someone else made since
   * the run read the child fails with AlreadyExists instead of being taken over.
   */
  createOnly?: boolean;
}

/** How far one `tctl create -f` of several documents got: tctl stops at the first error (fact B2). */
export interface BatchResult {
  /** The documents tctl confirmed, in order (with `spread`, in order within each process). */
  applied: AccessRef[];
  /**
   * Written objects as the child held them right after their kind was written (`WriteOptions.readBack`),
   * keyed `kind/name`; those not read then are absent. Still being read when the batch returns, so that
   * what follows the batch (the users' links) does not wait for it; it never rejects.
   */
  stored?: Promise<Map<string, Resource>>;
  /**
   * The first document that failed, with Teleport's text; the ones after it were not attempted, except,
   * with `spread`, those another process wrote (they are in `applied`).
   */
  failed?: { ref: AccessRef; error: Error };
}

export interface WriteOptions {
  /**
   * The documents of one kind do not depend on each other: a large batch may be written kind after kind,
   * each kind's documents by several processes at once.
   */
  spread?: boolean;
  /**
   * Keys (`kind/name`) to read back once written, while a later kind of the batch is written (so the read
   * costs no time of its own); those of the last kind are left to the caller, who may read them later.
   */
  readBack?: ReadonlySet<string>;
}

export interface InviteLink {
  url: string;
  /** When the link stops working (now + TTL). */
  expires: string;
}

export interface ChildApi {
  /**
   * Reads the named objects in as few calls as the child allows: names the child reports missing when
   * asked first over gRPC are left out, then one `tctl get` of several references (repeated without a name
   * Teleport reports missing). Missing objects are simply absent from the map.
   */
  readMany(refs: AccessRef[]): Promise<Map<string, Resource>>;
  /**
   * The bot's own role, as far as kind, name, revision and rules go, read without a tctl process;
   * undefined when the child cannot be asked that way (then the sync learns the verbs through tctl).
   */
  ownRole?(name: string): Promise<Resource | undefined>;
  /**
   * A role as far as kind, metadata (name, description, revision) and rules go, read without a tctl
   * process: null when the child says it does not exist, undefined when it cannot be asked that way.
   */
  peekRole?(name: string): Promise<Resource | null | undefined>;
  /**
   * Each existing user's `status.password_state` as the child holds it now, read without a tctl process
   * (users it says do not exist are absent); undefined when the child cannot be asked that way.
   */
  passwordStates?(names: string[]): Promise<Map<string, number> | undefined>;
  /**
   * Objects read without a tctl process where the child's Auth API returns every field the action owns in
   * them as tctl prints them (users); those it cannot read that way, or that do not exist, are absent.
   * Undefined when the child cannot be asked that way.
   */
  readOwned?(refs: AccessRef[]): Promise<Map<string, Resource> | undefined>;
  /**
   * Writes one of the action's own roles that grant nothing (its sync lease) only if the child still holds
   * it at `revision` (null: only if it does not exist), without a tctl process: the new revision; null when
   * another write came first (or the answer was lost: read it again); undefined when the child cannot be
   * asked that way.
   */
  swapRole?(role: Resource, revision: string | null): Promise<string | null | undefined>;
  /** Closes any connection the adapter keeps open. */
  close?(): Promise<void>;
  /** Every object of a kind (needs `list` and `read`); rejects with AccessDenied otherwise. */
  list(kind: TctlKindNames): Promise<Resource[]>;
  /**
   * Writes the documents in order with one `tctl create -f`, or one process per run of documents that
   * differ in `createOnly`; it stops at the first failure, as one tctl process does.
   */
  writeBatch(documents: BatchDocument[], options?: WriteOptions): Promise<BatchResult>;
  /**
   * A new link for an existing user who has not signed up: an invite over the child's Auth API (B117), or
   * `tctl users reset` (a reset link of at most 24h: B50) when the child cannot be asked that way. Either
   * wipes the user's password and MFA devices and voids earlier links (B51).
   */
  inviteLink(name: string, ttl: string): Promise<InviteLink>;
  /** `tctl rm kind/name`, confirmed by tctl's `has been deleted` line, not only its exit code (fact B11). */
  remove(ref: AccessRef): Promise<void>;
  /** How many tctl processes this child has run, for logs and benchmarks. */
  readonly processes: number;
}

// What one access kind brings to every layer: how documents of it are read and checked, how tctl names it,
// which names the action never touches, what of a live object it owns, and any steps of its own around the
// write. The sync, tctl adapter, adopt input and validate mode iterate the registry (index.ts) instead of
// naming kinds, so that a kind is one file and one line there, the way tctl keeps one handler per resource.
import type { AccessKind, ChildApi, InviteLink, Resource, TctlKindNames } from "../../core/access.js";
import type { StageError } from "../../core/outcome.js";
import type { AccessRead } from "../../manifests/access-document.js";
import type { KindHandler } from "../../manifests/kinds.js";

export type ItemResult =
  | { status: "written" }
  | { status: "unchanged" }
  | { status: "blocked" }
  | { status: "conflict" }
  | { status: "removed" }
  | { status: "kept"; reason: string }
  | { status: "failed"; error: StageError }
  | { status: "skipped"; reason: string };

/** The part of a planned item a kind's own steps read. */
export interface KindItem {
  kind: AccessKind;
  name: string;
  action: string;
  declared: Resource;
  live?: Resource;
  invitePending?: boolean;
  undelivered?: string;
}

/** What a kind's write steps may use and record: results of items and issued links, by `kind/name`. */
export interface WriteContext {
  cluster: string;
  api: ChildApi;
  /** Go duration for tctl's --ttl. */
  inviteTtl: string;
  log: (message: string) => void;
  results: Map<string, ItemResult>;
  invites: Map<string, InviteLink>;
  /** Names whose due link needs no more issuing: it is in `invites`, or the user signed up. */
  linksSettled: Set<string>;
  /** Throws once the run is cancelled: called before each tctl call that changes something. */
  stopIfCancelled(): void;
  /** Written objects the batches are reading back (BatchResult.stored), keyed `kind/name`. */
  stored: Promise<Map<string, Resource>>[];
}

/** What a document carries besides the declared one: live status to keep, labels of the kind's own. */
interface WriteExtra {
  status?: Record<string, unknown>;
  labels?: Record<string, string>;
  /** Written only if it does not exist yet (BatchDocument.createOnly). */
  createOnly?: boolean;
}

export interface KindWrite {
  /** Added to each item's document; items given a result in the steps before are not written. */
  extra(item: KindItem): WriteExtra;
  /** Steps once the batch is written. */
  after?(): Promise<void>;
}

/** Objects of another kind a document needs before Teleport accepts it (a user's roles). */
interface KindReferences {
  kind: AccessKind;
  names(resource: Resource): string[];
  /** Names Teleport always has, never read or required. */
  builtIn: readonly string[];
}

export interface AccessKindSpec extends TctlKindNames {
  /** Reads and checks one declared document of the kind. */
  manifest: KindHandler<AccessRead>;
  /** Why the action never writes `name` (in a child whose seeded bot is `botName`), or undefined. */
  protectedName(name: string, botName?: string): string | undefined;
  /** The child's seeded bot's own object of the kind, which the action joins as and never changes. */
  botObject?(botName: string): string;
  references?: KindReferences;
  /**
   * The part of a live object the action owns, hashed into the inventory: a change outside it (a server
   * default, a signup) is not drift. `metadata` is the live one without its revision and our own labels.
   */
  ownedFields(live: Resource, metadata: Record<string, unknown>): unknown;
  /** Whether an owned object is written although it is unchanged (a user whose invite is still due). */
  pendingWrite?(live: Resource): boolean;
  /** A user who completed signup: never sent a link again (it would wipe their password and MFA). */
  signedUp?(live: Resource): boolean;
  /** What a run records in the inventory before writing the item (its intent): `link` for a link to issue. */
  intent?(item: KindItem): { link?: boolean } | undefined;
  /** Steps of the kind's own before its batch (the user's invite links); by default none. */
  prepareWrite?(items: KindItem[], ctx: WriteContext): Promise<KindWrite>;
}

// The `user` kind and its invite links. A new user is created labelled with its declared spec in the kind's
// batch (without `-f`, so one someone else made since the read is refused, not taken over), then gets an
// invite link: the call `tctl users add` makes after creating a user (B117), over the child's Auth API. An
// existing user is written with its live status, so its signup survives (fact B46). No link is ever issued
// for a user that already exists (fact B51), except one this action created whose invite failed: the next
// run issues it. Before every link the run records its intent in the inventory (apply.ts), so that a link
// nobody received (the run stopped first) is reported and issued again by the next run, but never to a user
// who has signed up (re-read right before the link).
import type { Resource } from "../../core/access.js";
import { botUserName, PRESET_ROLES, protectedNameProblem } from "../../manifests/protected-names.js";
import { userKind } from "../../manifests/user.js";
import { INVITE_PENDING, labelsOf } from "../labels.js";
import type { AccessKindSpec, KindItem, KindWrite, WriteContext } from "./spec.js";

function userRoles(resource: Resource): string[] {
  const roles = (resource.spec as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

export const userSpec: AccessKindSpec = {
  kind: "user",
  plural: "users",
  manifest: userKind,
  protectedName: (name, botName) => protectedNameProblem("user", name, botName),
  botObject: botUserName,
  references: { kind: "role", names: userRoles, builtIn: PRESET_ROLES },
  // Only what the action writes: a signup changes the status, never these (fact B46).
  ownedFields: (live, metadata) => {
    const spec = (live.spec ?? {}) as Record<string, unknown>;
    return { metadata, roles: spec.roles ?? [], traits: traitsOf(spec.traits) };
  },
  pendingWrite: (live) => labelsOf(live)[INVITE_PENDING] !== undefined,
  signedUp,
  intent: (item) => (item.action === "create" || item.invitePending ? { link: true } : undefined),
  prepareWrite: prepareUsers,
};

/**
 * A trait without values is one thing however it was read: tctl prints a Go nil list as null (F22), and a
 * list stored empty comes back nil over gRPC (B120), so null and [] hash alike.
 */
function traitsOf(traits: unknown): Record<string, unknown> {
  if (typeof traits !== "object" || traits === null) return {};
  return Object.fromEntries(Object.entries(traits).map(([k, v]) => [k, v ?? []]));
}

/** fact B46: `status.password_state` 2 (SET) once the user finished signup with a link. */
const PASSWORD_SET = 2;

/** As tctl prints it: omitted when 0 (unspecified). */
function passwordStateOf(live: Resource): number {
  const state = (live.status as { password_state?: unknown } | undefined)?.password_state;
  return typeof state === "number" ? state : 0;
}

function signedUp(live: Resource): boolean {
  return passwordStateOf(live) === PASSWORD_SET;
}

/** Password states, `name` -> state, of the users that exist (others are absent). */
type PasswordStates = Map<string, number>;

/** The users' password states read with tctl, for a child that cannot be asked over gRPC. */
async function passwordStatesByTctl(names: string[], ctx: WriteContext): Promise<PasswordStates> {
  const live = await ctx.api.readMany(names.map((name) => ({ kind: "user", name })));
  return new Map(
    names.flatMap((name) => {
      const user = live.get(key(name));
      return user ? [[name, passwordStateOf(user)] as const] : [];
    }),
  );
}

/**
 * The status each existing user is written with: as the plan read it, with the password state read again
 * just before the batch (`fresh`, where that cost no process), since Teleport stores the status a write
 * carries (B46) and a signup since the plan's read would otherwise be written over.
 */
function statusToKeep(existing: KindItem[], fresh: PasswordStates | undefined): UserWrite["status"] {
  const out: UserWrite["status"] = new Map();
  for (const item of existing) {
    const status = { ...((item.live?.status as Record<string, unknown> | undefined) ?? {}) };
    const now = fresh?.get(item.name);
    if (now !== undefined) {
      if (now) status.password_state = now;
      else delete status.password_state;
    }
    out.set(item.name, Object.keys(status).length ? status : undefined);
  }
  return out;
}

/**
 * The users of `names` a link may go to now, their password states read again right before it (`fresh`,
 * else with tctl): a signup may have happened since the plan read them, and a link to a user who signed up
 * would wipe their password and MFA (fact B51).
 */
async function mayGetLink(
  names: string[],
  ctx: WriteContext,
  fresh: PasswordStates | undefined,
): Promise<string[]> {
  if (!names.length) return [];
  const states = fresh ?? (await passwordStatesByTctl(names, ctx));
  return names.filter((name) => {
    const state = states.get(name);
    if (state !== undefined && state !== PASSWORD_SET) return true;
    if (state !== undefined) {
      ctx.linksSettled.add(name);
      ctx.log(
        `${ctx.cluster}: user ${name} has signed up; no link is issued (it would wipe their password and MFA)`,
      );
    }
    return false;
  });
}

/** What the invite steps learn for the batch: each user's status to keep, and whose link failed. */
interface UserWrite {
  status: Map<string, Record<string, unknown> | undefined>;
  /** Users whose invite could not be issued this run. */
  pendingLabel: Set<string>;
}

const key = (name: string) => `user/${name}`;

async function prepareUsers(users: KindItem[], ctx: WriteContext): Promise<KindWrite> {
  const existing = users.filter((i) => i.action !== "create");
  // Read once for both the statuses the batch writes and the pending invites issued before it: over gRPC,
  // where that costs no process (B118).
  const fresh = existing.length ? await ctx.api.passwordStates?.(existing.map((i) => i.name)) : undefined;
  const w: UserWrite = { status: statusToKeep(existing, fresh), pendingLabel: new Set() };
  await issuePendingInvites(users, ctx, w, fresh);
  return {
    extra: (item) => {
      const status = w.status.get(item.name);
      return {
        ...(status ? { status } : {}),
        ...(w.pendingLabel.has(item.name) ? { labels: { [INVITE_PENDING]: "true" } } : {}),
        // A new user is created labelled, never taken over: one someone made since the read is refused.
        ...(item.action === "create" ? { createOnly: true } : {}),
      };
    },
    after: () => invitesForCreated(users, ctx),
  };
}

async function issuePendingInvites(
  users: KindItem[],
  ctx: WriteContext,
  w: UserWrite,
  fresh: PasswordStates | undefined,
): Promise<void> {
  const due = users.filter((i) => i.invitePending && i.action !== "create").map((i) => i.name);
  for (const name of await mayGetLink(due, ctx, fresh)) {
    ctx.stopIfCancelled();
    try {
      ctx.invites.set(name, await ctx.api.inviteLink(name, ctx.inviteTtl));
      ctx.linksSettled.add(name);
      ctx.log(`${ctx.cluster}: user ${name}'s pending invite issued now (in the invites file)`);
    } catch (error) {
      w.pendingLabel.add(name);
      ctx.linksSettled.add(name);
      ctx.log(`${ctx.cluster}: user ${name}'s pending invite failed again: ${(error as Error).message}`);
    }
  }
}

/** Links at once on the child's one Auth connection: each is a single call (B117), not a tctl process. */
const LINKS_AT_ONCE = 32;

/**
 * The invite of every user the batch created. They are not read again first: the batch created them moments
 * ago without `-f`, with no password (B46) and no link, so none can have signed up. A link that fails keeps
 * the run's intent in the inventory, and the next run issues it (the way it finishes an interrupted run).
 */
async function invitesForCreated(users: KindItem[], ctx: WriteContext): Promise<void> {
  const queue = users
    .filter((i) => i.action === "create" && ctx.results.get(key(i.name))?.status === "written")
    .map((i) => i.name);
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      ctx.stopIfCancelled();
      try {
        ctx.invites.set(name, await ctx.api.inviteLink(name, ctx.inviteTtl));
        ctx.linksSettled.add(name);
        ctx.log(`${ctx.cluster}: user ${name} created with an invite link (in the invites file)`);
      } catch (error) {
        ctx.log(
          `${ctx.cluster}: user ${name} was created but its invite failed (${(error as Error).message}); the next run issues it`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LINKS_AT_ONCE, queue.length) }, worker));
}

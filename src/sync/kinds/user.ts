// The `user` kind and its invite links. A new user is created with an invite link (`tctl users add`), then
// given its declared spec; an existing user is written with its live status, so its signup survives (fact
// B46). No link is ever issued for a user that already exists (fact B51), except one this action created
// whose invite failed (fact B48): it is labelled, and the next run issues it. Before `users add` and every
// link the run records its intent in the inventory (apply.ts), so that a run stopped in between is finished
// by the next: the unlabelled user is taken as ours, and the link nobody received is reported and issued
// again, but never to a user who has signed up (re-read right before the link).
import type { Resource } from "../../core/access.js";
import { TeleportApiError } from "../../core/errors.js";
import { stageError } from "../../core/outcome.js";
import { botUserName, PRESET_ROLES, protectedNameProblem } from "../../manifests/protected-names.js";
import { userKind } from "../../manifests/user.js";
import { parseDuration } from "../../util/duration.js";
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
    return { metadata, roles: spec.roles ?? [], traits: spec.traits ?? {} };
  },
  pendingWrite: (live) => labelsOf(live)[INVITE_PENDING] !== undefined,
  signedUp,
  intent: (item) => {
    if (item.action === "create")
      return userRoles(item.declared).length ? { add: true, link: true } : { link: true };
    return item.invitePending ? { link: true } : undefined;
  },
  prepareWrite: prepareUsers,
};

/** fact B46: `status.password_state` 2 (SET) once the user finished signup with a link. */
function signedUp(live: Resource): boolean {
  return (live.status as { password_state?: unknown } | undefined)?.password_state === 2;
}

/**
 * The users of `names` a link may go to now, read again right before it (a signup may have happened since
 * the plan read them): a link to a user who signed up would wipe their password and MFA (fact B51).
 */
async function mayGetLink(names: string[], ctx: WriteContext): Promise<string[]> {
  if (!names.length) return [];
  const live = await ctx.api.readMany(names.map((name) => ({ kind: "user", name })));
  return names.filter((name) => {
    const user = live.get(key(name));
    if (user && !signedUp(user)) return true;
    if (user) {
      ctx.linksSettled.add(name);
      ctx.log(
        `${ctx.cluster}: user ${name} has signed up; no link is issued (it would wipe their password and MFA)`,
      );
    }
    return false;
  });
}

/** What the invite steps learn for the batch: each user's status to keep, and who gets a link when. */
interface UserWrite {
  status: Map<string, Record<string, unknown> | undefined>;
  /** Users without roles: `tctl users add` needs one, so the batch creates them and the link follows. */
  linkAfterWrite: Set<string>;
  /** Users whose invite could not be issued this run. */
  pendingLabel: Set<string>;
}

const key = (name: string) => `user/${name}`;

async function prepareUsers(users: KindItem[], ctx: WriteContext): Promise<KindWrite> {
  const w: UserWrite = { status: new Map(), linkAfterWrite: new Set(), pendingLabel: new Set() };
  await createWithInvites(users, ctx, w);
  keepCreatedStatus(users, ctx, w);
  await issuePendingInvites(users, ctx, w);
  return {
    extra: (item) => {
      const status = w.status.get(item.name);
      return {
        ...(status ? { status } : {}),
        ...(w.pendingLabel.has(item.name) ? { labels: { [INVITE_PENDING]: "true" } } : {}),
      };
    },
    after: () => linksAfterWrite(ctx, w),
  };
}

async function createWithInvites(users: KindItem[], ctx: WriteContext, w: UserWrite): Promise<void> {
  for (const item of users) {
    if (item.action !== "create") {
      w.status.set(item.name, item.live?.status as Record<string, unknown> | undefined);
      continue;
    }
    if (!userRoles(item.declared).length) {
      w.linkAfterWrite.add(item.name);
      continue;
    }
    ctx.stopIfCancelled();
    try {
      ctx.invites.set(item.name, await ctx.api.addUser(item.name, userRoles(item.declared), ctx.inviteTtl));
      ctx.linksSettled.add(item.name);
      ctx.log(`${ctx.cluster}: user ${item.name} created with an invite link (in the invites file)`);
    } catch (error) {
      if (error instanceof TeleportApiError && error.kind === "AlreadyExists") {
        // Someone else created it since the plan read the child: never ours to label or to send a link.
        ctx.results.set(key(item.name), { status: "failed", error: stageError(error) });
        continue;
      }
      // fact B48: a failed token step leaves the user created without a link; the next run issues it.
      const live = (await ctx.api.readMany([{ kind: "user", name: item.name }])).get(key(item.name));
      if (!live) {
        ctx.results.set(key(item.name), { status: "failed", error: stageError(error) });
        continue;
      }
      w.pendingLabel.add(item.name);
      ctx.linksSettled.add(item.name);
      ctx.log(
        `${ctx.cluster}: user ${item.name} was created but its invite failed (${(error as Error).message}); the next run issues it`,
      );
    }
  }
}

/**
 * The status Teleport's CreateUser stored for the users `users add` created moments ago: password unset, no
 * MFA device (B46, B47; an upsert recomputes the device field anyway). Nobody holds their link yet (it goes
 * to the invites file at the end of the run), so nothing has changed it, and writing it with the full spec
 * next keeps it without a `tctl get` to read it back.
 */
function keepCreatedStatus(users: KindItem[], ctx: WriteContext, w: UserWrite): void {
  const created = users.filter(
    (i) => i.action === "create" && !ctx.results.has(key(i.name)) && !w.linkAfterWrite.has(i.name),
  );
  for (const i of created) w.status.set(i.name, { password_state: 1, mfa_weakest_device: 1 });
}

async function issuePendingInvites(users: KindItem[], ctx: WriteContext, w: UserWrite): Promise<void> {
  const due = users.filter((i) => i.invitePending && i.action !== "create").map((i) => i.name);
  for (const name of await mayGetLink(due, ctx)) {
    ctx.stopIfCancelled();
    try {
      ctx.invites.set(name, await ctx.api.resetUser(name, resetTtl(ctx.inviteTtl)));
      ctx.linksSettled.add(name);
      ctx.log(`${ctx.cluster}: user ${name}'s pending invite issued now (in the invites file)`);
    } catch (error) {
      w.pendingLabel.add(name);
      ctx.linksSettled.add(name);
      ctx.log(`${ctx.cluster}: user ${name}'s pending invite failed again: ${(error as Error).message}`);
    }
  }
}

async function linksAfterWrite(ctx: WriteContext, w: UserWrite): Promise<void> {
  const written = [...w.linkAfterWrite].filter((name) => ctx.results.get(key(name))?.status === "written");
  for (const name of await mayGetLink(written, ctx)) {
    ctx.stopIfCancelled();
    try {
      ctx.invites.set(name, await ctx.api.resetUser(name, resetTtl(ctx.inviteTtl)));
      ctx.linksSettled.add(name);
      ctx.log(`${ctx.cluster}: user ${name} (no roles) created; its link is in the invites file`);
    } catch (error) {
      ctx.log(`${ctx.cluster}: user ${name} was created but its link failed: ${(error as Error).message}`);
    }
  }
}

/** fact B50/B52: a reset link lives at most 24h (an invite 48h): a longer invite-ttl is capped for it. */
function resetTtl(ttl: string): string {
  return parseDuration(ttl) > 24 * 3_600_000 ? "24h" : ttl;
}

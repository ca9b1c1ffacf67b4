// `tctl users add|reset|update|rm|ls` in the stand-in.
// fact: B50; B48 (users add), B49 (all twelve traits), B50 (reset),
// B68 (users update messages).
import type { SimResource } from "../proxy/wire.js";
import { flattenCommaList } from "./common/args.js";
import type { AuthApi } from "./common/auth.js";
import { humanTtl, parseGoDuration } from "./common/duration.js";
import { asciiTable, goJson, writeJsonArray } from "./common/output.js";
import { stringsOf } from "./common/resources.js";
import { badParameter, goQuote, isKind } from "./common/trace.js";
import { type Context, withApi } from "./tctl-context.js";

/** Trait flags of `users add` and the trait names they fill (fact: B48, B49). */
export const TRAIT_FLAGS: Record<string, string> = {
  logins: "logins",
  "windows-logins": "windows_logins",
  "kubernetes-users": "kubernetes_users",
  "kubernetes-groups": "kubernetes_groups",
  "db-users": "db_users",
  "db-names": "db_names",
  "db-roles": "db_roles",
  "aws-role-arns": "aws_role_arns",
  "azure-identities": "azure_identities",
  "gcp-service-accounts": "gcp_service_accounts",
  "host-user-uid": "host_user_uid",
  "host-user-gid": "host_user_gid",
};

/** The names `users update` prints for each change (gap B68). */
const UPDATE_NAMES: Record<string, string> = {
  roles: "roles",
  logins: "logins",
  windows_logins: "Windows logins",
  kubernetes_users: "Kubernetes users",
  kubernetes_groups: "Kubernetes groups",
  db_users: "database users",
  db_names: "database names",
  db_roles: "database roles",
  aws_role_arns: "AWS role ARNs",
  azure_identities: "Azure identities",
  gcp_service_accounts: "GCP service accounts",
  host_user_uid: "Host user UID",
  host_user_gid: "Host user GID",
};

// ---------------------------------------------------------------------------------------------------
// tctl users (fact: B48)

/** Checks every role exists, client side, like tctl (missing: the server's `role x is not found`). */
async function checkRoles(api: AuthApi, roles: string[]): Promise<void> {
  for (const role of roles) await api.getResource("role", role);
}

/** The URL's host:port exactly as written (Node's URL would drop :443). */
function urlHost(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  return match ? match[1]!.replace(/^[^@]*@/, "") : url;
}

type UserToken = Awaited<ReturnType<AuthApi["createUserToken"]>>;

function printUserToken(ctx: Context, token: UserToken, message: (ttl: string) => string): void {
  if (ctx.cli.str("format") === "json") {
    // json.MarshalIndent(token, "", "  ") without a trailing newline (fact: B48).
    ctx.out(goJson(token, "  "));
    return;
  }
  const ttl = humanTtl(Date.parse(token.metadata.expires) - ctx.io.nowMs());
  ctx.out(`${message(ttl)}\n${token.spec.url}\n\n`);
  ctx.out(`NOTE: Make sure ${urlHost(token.spec.url)} points at a Teleport proxy which users can access.\n`);
}

function ttlSeconds(ctx: Context): number {
  return Math.round(parseGoDuration(ctx.cli.str("ttl") ?? "") / 1000);
}

export async function runUsersAdd(ctx: Context): Promise<void> {
  const account = ctx.cli.arg("account")!;
  const roles = flattenCommaList(ctx.cli.strs("roles"));
  // assumption: text for `--roles ""` (kingpin's required check passes on an empty value).
  if (roles.length === 0) throw badParameter("please use --roles to assign a user to roles");
  const ttl = ttlSeconds(ctx);
  await withApi(ctx, async (api) => {
    await checkRoles(api, roles);
    // All twelve trait keys, unset lists nil, the host UID/GID [""] (fact B49).
    const traits: Record<string, string[] | null> = {};
    for (const [flag, trait] of Object.entries(TRAIT_FLAGS)) {
      const value = ctx.cli.str(flag);
      if (value !== undefined) traits[trait] = flattenCommaList([value]);
      else traits[trait] = trait === "host_user_uid" || trait === "host_user_gid" ? [""] : null;
    }
    const user = { kind: "user", version: "v2", metadata: { name: account }, spec: { roles, traits } };
    try {
      await api.createResource(user as SimResource);
    } catch (err) {
      if (isKind(err, "AlreadyExists")) {
        ctx.out(
          `NOTE: To update an existing local user:\n> tctl users update ${account} --set-roles ${roles.join(",")} # replace roles\n`,
        );
      }
      throw err;
    }
    const token = await api.createUserToken(account, "invite", ttl);
    printUserToken(
      ctx,
      token,
      (t) =>
        `User ${goQuote(account)} has been created but requires a password. Share this URL with the user to complete user setup, link is valid for ${t}:`,
    );
  });
}

export async function runUsersReset(ctx: Context): Promise<void> {
  const account = ctx.cli.arg("account")!;
  const ttl = ttlSeconds(ctx);
  await withApi(ctx, async (api) => {
    const token = await api.createUserToken(account, "reset", ttl);
    printUserToken(
      ctx,
      token,
      (t) =>
        `User ${goQuote(account)} has been reset. Share this URL with the user to complete password reset, link is valid for ${t}:`,
    );
  });
}

/**
 * `users update` prints `\tNew <name>: a,b` per change, with B68's names, in random order.
 * assumption: "Nothing to update" is an error (exit 1).
 */
export async function runUsersUpdate(ctx: Context): Promise<void> {
  const account = ctx.cli.arg("account")!;
  await withApi(ctx, async (api) => {
    const user = await api.getResource("user", account);
    const spec = { ...(user.spec ?? {}) } as Record<string, unknown>;
    const traits = { ...((spec["traits"] ?? {}) as Record<string, string[]>) };
    const changes: [string, string[]][] = [];
    const setRoles = ctx.cli.str("set-roles");
    if (setRoles !== undefined) {
      const roles = flattenCommaList([setRoles]);
      await checkRoles(api, roles);
      spec["roles"] = roles;
      changes.push(["roles", roles]);
    }
    for (const [flag, trait] of Object.entries(TRAIT_FLAGS)) {
      const value = ctx.cli.str(`set-${flag}`);
      if (value === undefined) continue;
      traits[trait] = flattenCommaList([value]);
      changes.push([trait, traits[trait]!]);
    }
    if (changes.length === 0)
      throw badParameter("Nothing to update. Please provide at least one --set flag.");
    spec["traits"] = traits;
    const metadata = { ...user.metadata };
    delete metadata.revision;
    await api.upsertResource({ ...user, metadata, spec });
    ctx.out(`User ${account} has been updated:\n`);
    // Go ranges over a map: the order is random (gap B68).
    for (let i = changes.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [changes[i], changes[j]] = [changes[j]!, changes[i]!];
    }
    for (const [field, values] of changes) ctx.out(`\tNew ${UPDATE_NAMES[field]}: ${values.join(",")}\n`);
  });
}

export async function runUsersRm(ctx: Context): Promise<void> {
  const names = ctx.cli.arg("logins")!.split(",");
  await withApi(ctx, async (api) => {
    for (const name of names) {
      await api.deleteResource("user", name);
      ctx.out(`User ${goQuote(name)} has been deleted\n`);
    }
  });
}

/** assumption: `users ls` text is a `User`/`Roles` table; JSON is an array like `get`. */
export async function runUsersLs(ctx: Context): Promise<void> {
  await withApi(ctx, async (api) => {
    const users = await api.listResources("user");
    if (ctx.cli.str("format") === "json") {
      ctx.out(writeJsonArray(users));
      return;
    }
    if (users.length === 0) {
      ctx.out("No users found\n");
      return;
    }
    ctx.out(
      asciiTable(
        ["User", "Roles"],
        users.map((user) => [user.metadata.name, stringsOf(user.spec?.["roles"]).join(",")]),
      ),
    );
  });
}

// The simulator's `tctl` stand-in: the real command lines, flags and environment variables, the real
// texts on stdout/stderr and exit codes, and the simulator's Auth API over the TLS-routed mutual-TLS
// channel. fact: tctl-facts.md §1-§4 (each behaviour cites its paragraph).
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import type { SimResource } from "../wire.js";
import {
  type CommandSpec,
  type FlagSpec,
  flattenCommaList,
  type Parsed,
  parseCommandLine,
} from "./common/args.js";
import { type AuthApi, connectAuth, goOpenError } from "./common/auth.js";
import { decodeResources, type InputDocument } from "./common/decode.js";
import { humanTtl, parseGoDuration } from "./common/duration.js";
import type { ToolIo } from "./common/io.js";
import { asciiTable, goJson, writeJsonArray, writeYamlList } from "./common/output.js";
import { protoJsonToObject } from "./common/proto.js";
import {
  kindDisplayName,
  normalizeRoleVersion,
  parseRef,
  parseRefs,
  type ResourceRef,
  requireName,
  type StandInKind,
  strictUser,
  stringsOf,
} from "./common/resources.js";
import { alreadyExists, badParameter, goQuote, isKind, printFatal, wrap } from "./common/trace.js";
import { type BuildStamp, currentStamp, versionLine } from "./common/version.js";

const FORMAT_GET = ["yaml", "json", "text"] as const;
const FORMAT_USERS = ["text", "json"] as const;

const GLOBAL_FLAGS: FlagSpec[] = [
  { long: "debug", short: "d", kind: "bool" },
  { long: "config", short: "c", kind: "string", envar: "TELEPORT_CONFIG_FILE" },
  { long: "config-string", kind: "string" },
  { long: "auth-server", kind: "strings", envar: "TELEPORT_AUTH_SERVER" },
  { long: "identity", short: "i", kind: "string", envar: "TELEPORT_IDENTITY_FILE" },
  { long: "insecure", kind: "bool" },
];

/** Trait flags of `users add` and the trait names they fill (fact: tctl-facts.md §3). */
const TRAIT_FLAGS: Record<string, string> = {
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

/**
 * Real tctl commands the stand-in does not model. assumption: they fail with a plain statement that the
 * stand-in lacks them, rather than kingpin's unknown-command error.
 */
const UNSUPPORTED_TCTL = [
  "status",
  "edit",
  "tokens",
  "bots",
  "auth",
  "nodes",
  "apps",
  "db",
  "kube",
  "windows_desktops",
  "sso",
  "acl",
  "access-requests",
  "requests",
  "alerts",
  "locks",
  "lock",
  "devices",
  "inventory",
  "recordings",
  "notifications",
  "plugins",
  "login_rule",
  "idp",
  "autoupdate",
  "top",
  "terraform",
  "stable-unix-users",
  "workload-identity",
  "scoped",
].map((name): CommandSpec => ({ name, unsupported: true }));

const TCTL: CommandSpec = {
  name: "tctl",
  flags: GLOBAL_FLAGS,
  commands: [
    ...UNSUPPORTED_TCTL,
    { name: "version" },
    {
      name: "get",
      args: [{ name: "resources", required: true }],
      flags: [
        { long: "format", kind: "string", default: "yaml", enum: FORMAT_GET },
        { long: "with-secrets", kind: "bool" },
        { long: "verbose", short: "v", kind: "bool" },
      ],
    },
    {
      name: "create",
      args: [{ name: "filename" }],
      flags: [
        { long: "force", short: "f", kind: "bool" },
        { long: "confirm", kind: "bool" },
      ],
    },
    {
      name: "rm",
      aliases: ["del", "delete"],
      args: [{ name: "resource", required: true }, { name: "name" }],
    },
    {
      name: "list-kinds",
      aliases: ["api-resources"],
      flags: [{ long: "format", kind: "string", default: "text", enum: ["text", "json", "yaml"] }],
    },
    {
      name: "users",
      commands: [
        {
          name: "add",
          args: [{ name: "account", required: true }],
          flags: [
            { long: "roles", kind: "strings", required: true },
            ...Object.keys(TRAIT_FLAGS).map((long): FlagSpec => ({ long, kind: "string" })),
            { long: "ttl", kind: "string", default: "1h" },
            { long: "format", kind: "string", default: "text", enum: FORMAT_USERS },
          ],
        },
        {
          name: "reset",
          args: [{ name: "account", required: true }],
          flags: [
            { long: "ttl", kind: "string", default: "8h" },
            { long: "format", kind: "string", default: "text", enum: FORMAT_USERS },
          ],
        },
        {
          name: "update",
          args: [{ name: "account", required: true }],
          flags: [
            { long: "set-roles", kind: "string" },
            ...Object.keys(TRAIT_FLAGS).map((long): FlagSpec => ({ long: `set-${long}`, kind: "string" })),
          ],
        },
        { name: "rm", aliases: ["del"], args: [{ name: "logins", required: true }] },
        {
          name: "ls",
          flags: [{ long: "format", kind: "string", default: "text", enum: FORMAT_USERS }],
        },
      ],
    },
  ],
};

interface Context {
  io: ToolIo;
  cli: Parsed;
  stamp: BuildStamp;
  out(text: string): void;
}

/**
 * Opens the Auth API connection from the global flags.
 * fact: tctl-facts.md §4: `--identity` without `--auth-server` -> `tctl --identity also requires --auth-server`.
 * assumption: without an identity file the stand-in cannot load tsh profiles or local admin credentials
 * and says so (real tctl would look in ~/.tsh and /var/lib/teleport).
 */
async function connect(ctx: Context): Promise<AuthApi> {
  const { cli, io } = ctx;
  const identity = cli.str("identity");
  const authServers = cli.strs("auth-server");
  if (identity && authServers.length === 0) throw badParameter("tctl --identity also requires --auth-server");
  const configPath = cli.str("config");
  if (cli.given("config") && configPath) {
    try {
      readFileSync(resolvePath(io.cwd, configPath));
    } catch (err) {
      throw goOpenError(configPath, err);
    }
  }
  if (!identity) {
    throw badParameter(
      "the simulator's tctl stand-in needs an identity file: pass --identity (or TELEPORT_IDENTITY_FILE) and --auth-server",
    );
  }
  return connectAuth({
    authServers,
    identityPath: resolvePath(io.cwd, identity),
    insecure: cli.bool("insecure"),
    env: io.env,
    clientVersion: ctx.stamp.version,
    nowMs: io.nowMs(),
  });
}

async function withApi(ctx: Context, fn: (api: AuthApi) => Promise<void>): Promise<void> {
  const api = await connect(ctx);
  try {
    await fn(api);
  } finally {
    api.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// tctl get (fact: tctl-facts.md §2)

async function collect(
  api: AuthApi,
  ref: ResourceRef,
  withSecrets: boolean,
): Promise<Record<string, unknown>[]> {
  try {
    if (ref.kind === "workload_cluster") {
      return ref.name ? [await api.getWorkloadCluster(ref.name)] : await api.listWorkloadClusters();
    }
    // --with-secrets is forced on for tokens (fact: tctl-facts.md §2).
    const secrets = withSecrets || ref.kind === "token";
    if (ref.name)
      return [(await api.getResource(ref.kind, ref.name, secrets)) as unknown as Record<string, unknown>];
    return (await api.listResources(ref.kind, secrets)) as unknown as Record<string, unknown>[];
  } catch (err) {
    if (ref.name) throw wrap(err, `getting resource ${goQuote(ref.name)} of type ${goQuote(ref.kind)}`);
    throw err;
  }
}

function labelsText(labels: unknown): string {
  if (!labels || typeof labels !== "object") return "";
  return Object.entries(labels as Record<string, unknown>)
    .map(([key, value]) => `${key}=${stringsOf(value).join(",")}`)
    .join(",");
}

/** assumption: the text tables' columns (only workload_cluster's one `Name` column is in the facts). */
function textTable(kind: StandInKind, resources: Record<string, unknown>[]): string {
  const name = (r: Record<string, unknown>) =>
    String((r["metadata"] as { name?: string } | undefined)?.name ?? "");
  const spec = (r: Record<string, unknown>) => (r["spec"] ?? {}) as Record<string, unknown>;
  switch (kind) {
    case "workload_cluster":
      return asciiTable(
        ["Name"],
        resources.map((r) => [name(r)]),
      );
    case "user":
      return asciiTable(
        ["User"],
        resources.map((r) => [name(r)]),
      );
    case "token":
      return asciiTable(
        ["Token", "Type", "Labels", "Expiry Time (UTC)"],
        resources.map((r) => [
          name(r),
          stringsOf(spec(r)["roles"]).join(","),
          labelsText((r["metadata"] as Record<string, unknown> | undefined)?.["labels"]),
          String((r["metadata"] as { expires?: string } | undefined)?.expires ?? "never"),
        ]),
      );
    case "role":
      // The text table hides default-implicit-role (fact: tctl-facts.md §2).
      return asciiTable(
        ["Role", "Allowed to login as", "Node Labels", "Access to resources"],
        resources
          .filter((r) => name(r) !== "default-implicit-role")
          .map((r) => {
            const allow = (spec(r)["allow"] ?? {}) as Record<string, unknown>;
            const rules = Array.isArray(allow["rules"]) ? (allow["rules"] as Record<string, unknown>[]) : [];
            return [
              name(r),
              stringsOf(allow["logins"]).join(","),
              labelsText(allow["node_labels"]),
              rules
                .map(
                  (rule) => `${stringsOf(rule["resources"]).join(",")}:${stringsOf(rule["verbs"]).join(",")}`,
                )
                .join(","),
            ];
          }),
      );
  }
}

async function runGet(ctx: Context): Promise<void> {
  const refs = parseRefs(ctx.cli.arg("resources")!);
  const format = ctx.cli.str("format") ?? "yaml";
  if (refs.length > 1 && format !== "yaml")
    throw badParameter("mixed resource types only support YAML formatting");
  await withApi(ctx, async (api) => {
    const all: Record<string, unknown>[] = [];
    for (const ref of refs) all.push(...(await collect(api, ref, ctx.cli.bool("with-secrets"))));
    if (format === "json") ctx.out(writeJsonArray(all));
    else if (format === "text") ctx.out(textTable(refs[0]!.kind, all));
    else ctx.out(writeYamlList(all));
  });
}

// ---------------------------------------------------------------------------------------------------
// tctl create (fact: tctl-facts.md §1)

async function createRole(ctx: Context, api: AuthApi, doc: InputDocument, force: boolean): Promise<void> {
  const role = normalizeRoleVersion(doc.value);
  const name = requireName(role);
  const existing = await api.findResource("role", name);
  if (existing && !force) throw alreadyExists(`role ${goQuote(name)} already exists`);
  await api.upsertResource(role as unknown as SimResource);
  // upsertVerb(exists, force) can only say "updated" on a path that already failed: always "created".
  ctx.out(`role ${goQuote(name)} has been created\n`);
}

async function createUser(ctx: Context, api: AuthApi, doc: InputDocument, force: boolean): Promise<void> {
  const user = strictUser(doc.value);
  const name = requireName(user);
  const existing = await api.findResource("user", name);
  if (existing && !force) throw alreadyExists(`user ${goQuote(name)} already exists`);
  if (existing) {
    const createdBy = existing.spec?.["created_by"];
    const spec = { ...((user["spec"] ?? {}) as Record<string, unknown>) };
    if (createdBy === undefined) delete spec["created_by"];
    else spec["created_by"] = createdBy;
    await api.upsertResource({ ...user, spec } as unknown as SimResource);
    ctx.out(`user ${goQuote(name)} has been updated\n`);
    return;
  }
  await api.createResource(user as unknown as SimResource);
  ctx.out(`user ${goQuote(name)} has been created\n`);
}

async function createWorkloadCluster(
  ctx: Context,
  api: AuthApi,
  doc: InputDocument,
  force: boolean,
): Promise<void> {
  const cluster = protoJsonToObject("teleport.workloadcluster.v1.WorkloadCluster", doc.json);
  const name = String((cluster["metadata"] as { name?: string } | undefined)?.name ?? "");
  if (force) await api.upsertWorkloadCluster(cluster);
  else await api.createWorkloadCluster(cluster);
  ctx.out(`workload cluster ${goQuote(name)} has been created\n`);
}

/**
 * assumption: tokens are always upserted and reported as `provision_token "<n>" has been created`,
 * as tctl's token handler is remembered; the facts do not cover tokens.
 */
async function createToken(ctx: Context, api: AuthApi, doc: InputDocument): Promise<void> {
  const name = requireName(doc.value);
  await api.upsertResource(doc.value as unknown as SimResource);
  ctx.out(`provision_token ${goQuote(name)} has been created\n`);
}

async function readInput(ctx: Context): Promise<string> {
  const filename = ctx.cli.arg("filename");
  if (filename === undefined) return ctx.io.readStdin();
  try {
    return readFileSync(resolvePath(ctx.io.cwd, filename), "utf8");
  } catch (err) {
    throw goOpenError(filename, err);
  }
}

async function runCreate(ctx: Context): Promise<void> {
  const force = ctx.cli.bool("force");
  await withApi(ctx, async (api) => {
    const text = await readInput(ctx);
    let count = 0;
    for (const doc of decodeResources(text)) {
      count++;
      try {
        switch (doc.kind) {
          case "role":
            await createRole(ctx, api, doc, force);
            break;
          case "user":
            await createUser(ctx, api, doc, force);
            break;
          case "workload_cluster":
            await createWorkloadCluster(ctx, api, doc, force);
            break;
          case "token":
            await createToken(ctx, api, doc);
            break;
          default:
            throw badParameter(`creating resources of type ${goQuote(doc.kind)} is not supported`);
        }
      } catch (err) {
        if (isKind(err, "AlreadyExists")) throw wrap(err, "use -f or --force flag to overwrite");
        if (isKind(err, "NotImplemented")) {
          throw badParameter(`creating resources of type ${goQuote(doc.kind)} is not supported`);
        }
        throw err;
      }
    }
    if (count === 0) throw badParameter("no resources found, empty input?");
  });
}

// ---------------------------------------------------------------------------------------------------
// tctl rm (fact: tctl-facts.md §4)

async function runRm(ctx: Context): Promise<void> {
  const ref = parseRef(ctx.cli.arg("resource")!);
  const extraName = ctx.cli.arg("name");
  if (extraName !== undefined) {
    if (ref.name) throw badParameter(`unexpected ${extraName}`);
    if (extraName.includes("::")) {
      throw badParameter("the simulator's tctl stand-in does not support scoped resource names");
    }
    ref.name = extraName;
  }
  await withApi(ctx, async (api) => {
    if (!ref.name) {
      throw badParameter("provide a full resource name to delete, for example:\n$ tctl rm cluster/east\n");
    }
    try {
      if (ref.kind === "workload_cluster") await api.deleteWorkloadCluster(ref.name);
      else await api.deleteResource(ref.kind, ref.name);
    } catch (err) {
      throw wrap(err, `error deleting resource ${goQuote(ref.name)} of type ${goQuote(ref.kind)}`);
    }
    // assumption: tokens are reported like the other kinds (`token "x" has been deleted`).
    ctx.out(`${kindDisplayName(ref.kind)} ${goQuote(ref.name)} has been deleted\n`);
  });
}

// ---------------------------------------------------------------------------------------------------
// tctl list-kinds (fact: tctl-facts.md §2 last bullet)

/**
 * assumption: the stand-in lists only the kinds it implements; descriptions other than
 * workload_cluster's are the stand-in's own, and the text table's columns are assumed.
 */
function runListKinds(ctx: Context): void {
  const kinds = [
    {
      kind: "role",
      supported_commands: ["get", "create", "edit", "rm"],
      singleton: false,
      mfa_required: false,
      description: "A set of permissions granted to users and bots",
    },
    {
      kind: "token",
      supported_commands: ["get", "create", "rm"],
      singleton: false,
      mfa_required: false,
      description: "A provision token used to join agents and bots",
    },
    {
      kind: "user",
      supported_commands: ["get", "create", "edit", "rm"],
      singleton: false,
      mfa_required: true,
      description: "A Teleport user",
    },
    {
      kind: "workload_cluster",
      supported_commands: ["get", "create", "edit", "rm"],
      singleton: false,
      mfa_required: true,
      description: "A workload cluster managed by Teleport",
    },
  ];
  const format = ctx.cli.str("format");
  if (format === "json") ctx.out(writeJsonArray(kinds));
  else if (format === "yaml") ctx.out(writeYamlList(kinds));
  else {
    ctx.out(
      asciiTable(
        ["Kind", "Supported Commands", "Singleton", "MFA Required", "Description"],
        kinds.map((k) => [
          k.kind,
          k.supported_commands.join(","),
          String(k.singleton),
          String(k.mfa_required),
          k.description,
        ]),
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// tctl users (fact: tctl-facts.md §3)

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
    // json.MarshalIndent(token, "", "  ") without a trailing newline (fact: tctl-facts.md §3).
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

async function runUsersAdd(ctx: Context): Promise<void> {
  const account = ctx.cli.arg("account")!;
  const roles = flattenCommaList(ctx.cli.strs("roles"));
  // assumption: text for `--roles ""` (kingpin's required check passes on an empty value).
  if (roles.length === 0) throw badParameter("please use --roles to assign a user to roles");
  const ttl = ttlSeconds(ctx);
  await withApi(ctx, async (api) => {
    await checkRoles(api, roles);
    const traits: Record<string, string[]> = {};
    for (const [flag, trait] of Object.entries(TRAIT_FLAGS)) {
      const value = ctx.cli.str(flag);
      if (value !== undefined) traits[trait] = flattenCommaList([value]);
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

async function runUsersReset(ctx: Context): Promise<void> {
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
 * assumption: `users update` prints `\tNew <field>: a,b` with the trait name as the field, roles first;
 * "Nothing to update" is an error (exit 1).
 */
async function runUsersUpdate(ctx: Context): Promise<void> {
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
    for (const [field, values] of changes) ctx.out(`\tNew ${field}: ${values.join(",")}\n`);
  });
}

async function runUsersRm(ctx: Context): Promise<void> {
  const names = ctx.cli.arg("logins")!.split(",");
  await withApi(ctx, async (api) => {
    for (const name of names) {
      await api.deleteResource("user", name);
      ctx.out(`User ${goQuote(name)} has been deleted\n`);
    }
  });
}

/** assumption: `users ls` text is a `User`/`Roles` table; JSON is an array like `get`. */
async function runUsersLs(ctx: Context): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------

function usage(): string {
  return [
    "usage: tctl [<flags>] <command> [<args> ...]",
    "",
    "Admin tool for the Teleport Access Platform (simulator stand-in).",
    "",
    "Commands:",
    "  version                     Print the version of your tctl binary.",
    "  get <resources>             Print a YAML declaration of various Teleport resources.",
    "  create [<filename>]         Create or update a Teleport resource from a YAML file.",
    "  rm <resource>               Delete a resource.",
    "  list-kinds                  Lists the resource kinds tctl supports.",
    "  users add|reset|update|rm|ls  Manage user accounts.",
    "",
  ].join("\n");
}

/** Runs `tctl` with the process described by `io`; resolves to the exit code. */
export async function runTctl(io: ToolIo, stamp: BuildStamp = currentStamp()): Promise<number> {
  let debug = io.argv.includes("-d") || io.argv.includes("--debug");
  try {
    // Client-tools auto-update (TELEPORT_TOOLS_VERSION) is deliberately ignored: the stand-in never
    // re-executes another version (fact: tctl-facts.md §4 "Client-tools auto-update").
    const cli = parseCommandLine(TCTL, io.argv, io.env);
    debug = cli.bool("debug");
    const ctx: Context = { io, cli, stamp, out: (text) => io.stdout.write(text) };
    if (cli.raw.unsupported) {
      throw badParameter(`the simulator's tctl stand-in does not support "tctl ${cli.command}"`);
    }
    if (cli.raw.help) {
      io.stdout.write(usage());
      return 0;
    }
    switch (cli.command) {
      case "version":
        io.stdout.write(`${versionLine(stamp)}\n`);
        return 0;
      case "get":
        await runGet(ctx);
        return 0;
      case "create":
        await runCreate(ctx);
        return 0;
      case "rm":
        await runRm(ctx);
        return 0;
      case "list-kinds":
        runListKinds(ctx);
        return 0;
      case "users add":
        await runUsersAdd(ctx);
        return 0;
      case "users reset":
        await runUsersReset(ctx);
        return 0;
      case "users update":
        await runUsersUpdate(ctx);
        return 0;
      case "users rm":
        await runUsersRm(ctx);
        return 0;
      case "users ls":
        await runUsersLs(ctx);
        return 0;
      default:
        throw badParameter(
          `command ${goQuote(cli.command)} is not supported by the simulator's tctl stand-in`,
        );
    }
  } catch (err) {
    return printFatal(err, io.stderr, debug);
  }
}

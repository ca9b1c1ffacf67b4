// The simulator's `tctl` stand-in: the real command lines, flags and environment variables, the real
// texts on stdout/stderr and exit codes, and the simulator's Auth API over the TLS-routed mutual-TLS
// channel. fact: B1-B10 (each behaviour cites its paragraph).
import { type CommandSpec, type FlagSpec, parseCommandLine } from "./common/args.js";
import type { ToolIo } from "./common/io.js";
import { badParameter, goQuote, printFatal } from "./common/trace.js";
import { type BuildStamp, currentStamp, versionLine } from "./common/version.js";
import type { Context } from "./tctl-context.js";
import { runCreate, runGet, runListKinds, runRm } from "./tctl-resources.js";
import {
  runUsersAdd,
  runUsersLs,
  runUsersReset,
  runUsersRm,
  runUsersUpdate,
  TRAIT_FLAGS,
} from "./tctl-users.js";

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
    // re-executes another version (fact: B10).
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

// What every tctl command gets: the process, the parsed command line, the build stamp, and the Auth API
// connection from the global flags. fact: B10 (global flags, `--identity also requires
// --auth-server`).
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import type { Parsed } from "./common/args.js";
import { type AuthApi, connectAuth, goOpenError } from "./common/auth.js";
import type { ToolIo } from "./common/io.js";
import { badParameter } from "./common/trace.js";
import type { BuildStamp } from "./common/version.js";

export interface Context {
  io: ToolIo;
  cli: Parsed;
  stamp: BuildStamp;
  out(text: string): void;
}

/**
 * Opens the Auth API connection from the global flags.
 * fact: B10: `--identity` without `--auth-server` -> `tctl --identity also requires --auth-server`.
 * assumption: without an identity file the stand-in cannot load tsh profiles or local admin credentials
 * and says so (real tctl would look in ~/.tsh and /var/lib/teleport).
 */
export async function connect(ctx: Context): Promise<AuthApi> {
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

export async function withApi(ctx: Context, fn: (api: AuthApi) => Promise<void>): Promise<void> {
  const api = await connect(ctx);
  try {
    await fn(api);
  } finally {
    api.close();
  }
}

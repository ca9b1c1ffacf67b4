// The simulator's `tbot` stand-in: `tbot version` and `tbot start -c <config>` with a v2 config, joining
// with the github or iam method through the simulator's join endpoint (wire.ts) and writing the identity
// service's files to directory destinations. fact: B24 (files and identity layout),
// B26 (config, IAM and GitHub joining); B10 last bullet (TELEPORT_PROXY/AUTH_SERVER refused).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import {
  JOIN_CHALLENGE_PATH,
  JOIN_PATH,
  type JoinChallengeResponse,
  type JoinRequest,
  type JoinResponse,
} from "../proxy/wire.js";
import { type CommandSpec, parseCommandLine } from "./common/args.js";
import { goOpenError, normalizeAddr } from "./common/auth.js";
import {
  awsCredentialsFromEnv,
  REGION_FALLBACK_WARNING,
  resolveAwsRegion,
  signGetCallerIdentity,
  stsEndpoint,
} from "./common/aws.js";
import { fetchGithubIdToken } from "./common/github.js";
import { encodeIdentityFile } from "./common/identity.js";
import type { ToolIo } from "./common/io.js";
import { type BotKey, generateBotKey, keyAlgorithmForSuite } from "./common/keys.js";
import { type Destination, parseTbotConfig, type TbotConfig } from "./common/tbot-config.js";
import { badParameter, printFatal, type TraceError, traceError, userMessage, wrap } from "./common/trace.js";
import { type BuildStamp, currentStamp, versionLine } from "./common/version.js";
import { findProxy, postJson, type WebClientOptions } from "./common/web.js";

const TBOT: CommandSpec = {
  name: "tbot",
  flags: [{ long: "debug", short: "d", kind: "bool" }],
  commands: [
    { name: "version" },
    // assumption: real tbot commands the stand-in does not model fail with a plain statement saying so.
    ...[
      "init",
      "configure",
      "migrate",
      "db",
      "proxy",
      "kube",
      "ssh-proxy-command",
      "ssh-multiplexer-proxy-command",
      "install",
      "spiffe-inspect",
      "keypair",
      "copy-binaries",
    ].map((name): CommandSpec => ({ name, unsupported: true })),
    {
      name: "start",
      flags: [
        { long: "config", short: "c", kind: "string", envar: "TBOT_CONFIG_PATH" },
        { long: "oneshot", kind: "bool" },
        { long: "fips", kind: "bool" },
        { long: "insecure", kind: "bool" },
        { long: "log-format", kind: "string", enum: ["text", "json"] },
        // Legacy flags that tbot binds to these environment variables; they conflict with a config file.
        { long: "proxy-server", kind: "string", envar: "TELEPORT_PROXY" },
        { long: "auth-server", kind: "string", envar: "TELEPORT_AUTH_SERVER" },
      ],
    },
  ],
};

/**
 * tbot's log lines on stderr.
 * assumption: the layout `<RFC 3339 time> <LEVEL> [TBOT] <message> key:value` is the stand-in's
 * rendering of tbot's text logs; no secret (token, key, ID token, AWS credentials) is ever logged.
 */
class Logger {
  constructor(
    private readonly io: ToolIo,
    private debugEnabled: boolean,
  ) {}
  enableDebug(): void {
    this.debugEnabled = true;
  }
  private line(level: string, message: string, fields: Record<string, string>): void {
    const extra = Object.entries(fields)
      .map(([key, value]) => ` ${key}:${/\s/.test(value) ? JSON.stringify(value) : value}`)
      .join("");
    this.io.stderr.write(
      `${new Date(this.io.nowMs()).toISOString()} ${level.padEnd(5)} [TBOT]      ${message}${extra}\n`,
    );
  }
  debug(message: string, fields: Record<string, string> = {}) {
    if (this.debugEnabled) this.line("DEBUG", message, fields);
  }
  info(message: string, fields: Record<string, string> = {}) {
    this.line("INFO", message, fields);
  }
  warn(message: string, fields: Record<string, string> = {}) {
    this.line("WARN", message, fields);
  }
  error(message: string, fields: Record<string, string> = {}) {
    this.line("ERROR", message, fields);
  }
}

/**
 * utils.TryReadValueAsFile: an absolute path is read as the file holding the value.
 * assumption: only absolute paths are treated as files.
 */
function tokenValue(token: string): string {
  if (!token.startsWith("/")) return token;
  try {
    return readFileSync(token, "utf8").trim();
  } catch (err) {
    throw goOpenError(token, err);
  }
}

interface BotIdentity {
  key: BotKey;
  join: JoinResponse;
}

async function joinCluster(
  config: TbotConfig,
  addr: string,
  web: WebClientOptions,
  stamp: BuildStamp,
  log: Logger,
): Promise<BotIdentity> {
  const find = await findProxy(addr, web);
  const key = generateBotKey(keyAlgorithmForSuite(find.auth?.signature_algorithm_suite));
  log.debug("Generated bot key", { algorithm: key.algorithm });
  const tokenName = tokenValue(config.onboarding.token);
  const request: JoinRequest = {
    token_name: tokenName,
    join_method: config.onboarding.joinMethod as "github" | "iam",
    public_key_pem: key.publicKeyPem,
  };
  if (config.onboarding.joinMethod === "github") {
    request.id_token = await fetchGithubIdToken(web);
  } else {
    const credentials = awsCredentialsFromEnv(web.env);
    const { region, defaulted } = resolveAwsRegion(web.env);
    if (defaulted) log.warn(REGION_FALLBACK_WARNING);
    const { challenge } = await postJson<JoinChallengeResponse>(
      addr,
      JOIN_CHALLENGE_PATH,
      { token_name: tokenName },
      web,
    );
    const signed = signGetCallerIdentity({
      credentials,
      region,
      endpoint: stsEndpoint(web.env, region, config.fips || stamp.fips),
      challenge,
    });
    request.iam = { challenge, signed_request: signed };
  }
  const join = await postJson<JoinResponse>(addr, JOIN_PATH, request, web);
  log.info("Fetched new bot identity", { identity: `${join.user}, roles=[${join.roles.join(" ")}]` });
  return { key, join };
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** A file-system failure in Go's words (`open <path>: permission denied`). */
function goFsError(op: string, path: string, err: unknown): TraceError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "no such file or directory",
    ENOTDIR: "not a directory",
    EISDIR: "is a directory",
    EROFS: "read-only file system",
  };
  return traceError(
    code === "EACCES" || code === "EPERM" ? "AccessDenied" : "BadParameter",
    `${op} ${path}: ${reason[code ?? ""] ?? String((err as Error).message)}`,
  );
}

/** Writes one file with tbot's 0600 permissions (fact: B24 mode 0600). */
function writeSecret(dir: string, name: string, content: string): void {
  const path = join(dir, name);
  try {
    writeFileSync(path, content, { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (err) {
    throw goFsError("open", path, err);
  }
}

/**
 * Creates a directory destination when it is missing.
 * assumption: tbot creates the destination directory (mode 0700, parents included) when it does not exist.
 */
function prepareDirectory(path: string): void {
  try {
    if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw goFsError("mkdir", path, err);
  }
  // `.write-test` is one of the artifacts written to every destination (fact: B24); the stand-in leaves it empty.
  writeSecret(path, ".write-test", "");
}

/**
 * The ssh_config the identity service renders.
 * assumption: the stand-in's own template (Host blocks for the cluster with the destination's files).
 */
function sshConfig(dir: string, cluster: string, proxyAddr: string, tbotPath: string): string {
  const proxyHost = proxyAddr.replace(/:\d+$/, "");
  return [
    `# Begin generated Teleport configuration for ${proxyHost} by tbot`,
    "",
    `# Common flags for all ${cluster} hosts`,
    `Host *.${cluster} ${proxyHost}`,
    `    UserKnownHostsFile "${join(dir, "known_hosts")}"`,
    `    IdentityFile "${join(dir, "key")}"`,
    `    CertificateFile "${join(dir, "key-cert.pub")}"`,
    "",
    `# Flags for all ${cluster} hosts except the proxy`,
    `Host *.${cluster} !${proxyHost}`,
    "    Port 3022",
    `    ProxyCommand "${tbotPath}" ssh-proxy-command --destination-dir=${dir} --proxy-server=${proxyAddr} --cluster=${cluster} --user=%r --host=%h --port=%p`,
    "",
    "# End generated Teleport configuration",
    "",
  ].join("\n");
}

/** The identity service's artifacts (fact: B24 and B25). */
function writeIdentityOutput(
  destination: Destination,
  identity: BotIdentity,
  sshConfigMode: "on" | "off",
  proxyAddr: string,
  tbotPath: string,
  cwd: string,
): string | undefined {
  if (destination.type !== "directory") return undefined;
  const dir = resolvePath(cwd, destination.path);
  prepareDirectory(dir);
  const { key, join: joined } = identity;
  const tlsCas = joined.tls_ca_pems.map(withNewline).join("");
  writeSecret(
    dir,
    "identity",
    encodeIdentityFile({
      privateKeyPem: key.privateKeyPem,
      sshCert: joined.ssh_cert,
      tlsCertPem: joined.tls_cert_pem,
      sshCaLines: joined.ssh_ca_lines,
      tlsCaPems: joined.tls_ca_pems,
    }),
  );
  writeSecret(dir, "tlscert", withNewline(joined.tls_cert_pem));
  writeSecret(dir, "key", withNewline(key.privateKeyPem));
  writeSecret(dir, "key.pub", `${key.sshPublicKey}\n`);
  writeSecret(dir, "key-cert.pub", withNewline(joined.ssh_cert.trim()));
  writeSecret(dir, "teleport-host-ca.crt", tlsCas);
  // assumption: the join answer carries no user or database CA, so these files are written empty.
  writeSecret(dir, "teleport-user-ca.crt", "");
  writeSecret(dir, "teleport-database-ca.crt", "");
  if (sshConfigMode === "on") {
    const knownHosts = joined.ssh_ca_lines.map((line) => withNewline(line.trim())).join("");
    const config = sshConfig(dir, joined.cluster_name, proxyAddr, tbotPath);
    writeSecret(dir, "known_hosts", knownHosts);
    writeSecret(dir, "ssh_config", config);
    writeSecret(dir, `${joined.cluster_name}.known_hosts`, knownHosts);
    writeSecret(dir, `${joined.cluster_name}.ssh_config`, config);
  }
  return dir;
}

/**
 * Directory storage keeps the bot's own identity.
 * assumption: the stand-in stores the same artifacts as an identity output (tbot keeps internal ones).
 */
function writeStorage(
  config: TbotConfig,
  identity: BotIdentity,
  addr: string,
  tbotPath: string,
  cwd: string,
): void {
  if (config.storage.type !== "directory") return;
  writeIdentityOutput(config.storage, identity, "off", addr, tbotPath, cwd);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function runStart(
  io: ToolIo,
  cli: ReturnType<typeof parseCommandLine>,
  stamp: BuildStamp,
  log: Logger,
): Promise<number> {
  const configPath = cli.str("config");
  // assumption: the stand-in needs a config file; the legacy flag-only form of `tbot start` is not modelled.
  if (!configPath)
    throw badParameter("the simulator's tbot stand-in requires a config file: tbot start -c <path>");
  // fact: B10: tbot rejects TELEPORT_PROXY/TELEPORT_AUTH_SERVER alongside its config.
  // assumption: the text; the stand-in refuses whenever either is set.
  for (const [flag, envar] of [
    ["proxy-server", "TELEPORT_PROXY"],
    ["auth-server", "TELEPORT_AUTH_SERVER"],
  ] as const) {
    if (cli.given(flag)) {
      throw badParameter(
        `--${flag} (environment variable ${envar}) cannot be used together with a config file (-c); unset ${envar}`,
      );
    }
  }
  let text: string;
  try {
    text = readFileSync(resolvePath(io.cwd, configPath), "utf8");
  } catch (err) {
    throw wrap(goOpenError(configPath, err), "failed to read config file");
  }
  const config = parseTbotConfig(text);
  if (cli.bool("oneshot")) config.oneshot = true;
  if (cli.bool("insecure")) config.insecure = true;
  if (cli.bool("fips")) config.fips = true;
  if (config.debug) log.enableDebug();
  for (const warning of config.warnings) log.warn(warning);
  // assumption: FIPS mode needs a FIPS build, with this text.
  if (config.fips && !stamp.fips)
    throw badParameter("FIPS mode is enabled but this tbot binary was not built with FIPS support");

  // assumption: a proxy_server without a port means 443, an auth_server without one 3025.
  const addr = config.proxyServer
    ? normalizeAddr(config.proxyServer, 443)
    : normalizeAddr(config.authServer!, 3025);
  const web: WebClientOptions = { env: io.env, insecure: config.insecure, timeoutMs: 30_000 };
  const tbotPath = io.execPath ?? "tbot";
  log.info("Initializing tbot", { version: stamp.version, oneshot: String(config.oneshot) });

  // Renewal loop: bounded by the stop signal in daemon mode, a single pass with oneshot.
  for (let generation = 1; ; generation++) {
    let identity: BotIdentity;
    try {
      identity = await joinCluster(config, addr, web, stamp, log);
    } catch (err) {
      log.error("Failed to fetch bot identity", { join_method: config.onboarding.joinMethod });
      throw err;
    }
    writeStorage(config, identity, addr, tbotPath, io.cwd);
    for (const service of config.services) {
      const dir = writeIdentityOutput(
        service.destination,
        identity,
        service.sshConfig,
        addr,
        tbotPath,
        io.cwd,
      );
      log.info("Generated identity output", { destination: dir ?? "memory" });
    }
    if (config.oneshot) {
      log.info("Oneshot mode enabled, exiting successfully");
      return 0;
    }
    log.info("Waiting for the next renewal", {
      renewal_interval: `${Math.round(config.renewalIntervalMs / 1000)}s`,
      generation: String(generation),
    });
    await sleep(config.renewalIntervalMs, io.stop);
    if (io.stop?.aborted) {
      log.info("Received stop signal, exiting");
      return 0;
    }
  }
}

/** Runs `tbot` with the process described by `io`; resolves to the exit code. */
export async function runTbot(io: ToolIo, stamp: BuildStamp = currentStamp()): Promise<number> {
  let debug = io.argv.includes("-d") || io.argv.includes("--debug");
  const log = new Logger(io, debug);
  try {
    const cli = parseCommandLine(TBOT, io.argv, io.env);
    debug = cli.bool("debug");
    if (debug) log.enableDebug();
    if (cli.raw.help) {
      io.stdout.write(
        "usage: tbot [<flags>] <command> [<args> ...]\n\nCommands:\n  version\n  start -c <config>\n",
      );
      return 0;
    }
    if (cli.command === "version") {
      io.stdout.write(`${versionLine(stamp)}\n`);
      return 0;
    }
    return await runStart(io, cli, stamp, log);
  } catch (err) {
    log.debug("Exiting with error", { error: userMessage(err).split("\n")[0] ?? "" });
    return printFatal(err, io.stderr, false);
  }
}

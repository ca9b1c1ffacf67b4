// Joins a cluster with tbot and returns the identity file it wrote. The configuration follows the workload
// cluster guide's tbot.yaml (fact: B14 last bullets; B26): v2, oneshot,
// proxy_server, onboarding {join_method, token}, memory storage, one identity service to a directory.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { stringify } from "yaml";
import type { Exec } from "../util/exec.js";
import { formatDuration } from "../util/log.js";
import { type RetryClock, type RetryPolicy, retry } from "../util/retry.js";
import { toolEnvironment } from "./env.js";
import { stripAnsi } from "./tctl.js";
import { formatProxyAddress, type ProxyAddress } from "./webapi.js";

export type JoinMethod = "github" | "iam";

interface TbotConfigInput {
  proxy: ProxyAddress;
  joinMethod: JoinMethod;
  /** The join token's name (for a workload cluster's child: spec.bot.name). */
  token: string;
  identityDir: string;
}

function tbotConfig(input: TbotConfigInput): Record<string, unknown> {
  return {
    version: "v2",
    oneshot: true,
    proxy_server: formatProxyAddress(input.proxy),
    onboarding: { join_method: input.joinMethod, token: input.token },
    storage: { type: "memory" },
    services: [{ type: "identity", destination: { type: "directory", path: input.identityDir } }],
  };
}

/**
 * tbot's environment: no TELEPORT_* leftovers (tbot rejects TELEPORT_PROXY/TELEPORT_AUTH_SERVER next to a
 * config: fact B10), and for IAM joins no STS endpoint override: Teleport forwards the signed
 * request to AWS and accepts only AWS's STS hosts (fact: B28).
 */
function tbotEnvironment(env: NodeJS.ProcessEnv, joinMethod: JoinMethod, extra: Record<string, string> = {}) {
  const out = toolEnvironment(env, extra);
  if (joinMethod === "iam") {
    delete out.AWS_ENDPOINT_URL_STS;
    delete out.AWS_ENDPOINT_URL;
  }
  return out;
}

export interface JoinOptions extends Omit<TbotConfigInput, "identityDir"> {
  tbotPath: string;
  /** RUNNER_TEMP: the identity lives in a 0700 directory below it. */
  tempDir: string;
  /** A short name for the directory, e.g. "parent" or the child's name. */
  label: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  extraEnv?: Record<string, string>;
  /** Called with the directory before anything secret is written into it, so cleanup can find it. */
  registerCleanup: (dir: string) => void;
  clock: RetryClock;
  log: (message: string) => void;
  signal?: AbortSignal;
  retryPolicy?: RetryPolicy;
}

export class TbotError extends Error {
  override name = "TbotError";
  constructor(
    message: string,
    /** The cluster was not reachable yet: worth another attempt. Never set for a refusal. */
    readonly transient: boolean,
    /** tbot's last line, for the retry log. */
    readonly lastLine = "",
  ) {
    super(message);
  }
}

/** A few attempts over about half a minute, for a proxy that resets connections for a moment. */
const TBOT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 4000,
  maxDelayMs: 15_000,
  deadlineMs: 10 * 60_000,
};

const TRANSIENT =
  /connection refused|connection reset|i\/o timeout|no such host|Cannot connect|unavailable|EOF/i;

export async function joinWithTbot(options: JoinOptions): Promise<string> {
  await fs.mkdir(options.tempDir, { recursive: true });
  const dir = await fs.mkdtemp(
    path.join(options.tempDir, `teleport-${options.label.replace(/[^a-z0-9-]/gi, "-")}-`),
  );
  options.registerCleanup(dir);
  await fs.chmod(dir, 0o700);
  const identityDir = path.join(dir, "identity");
  await fs.mkdir(identityDir, { mode: 0o700 });
  const configFile = path.join(dir, "tbot.yaml");
  await fs.writeFile(configFile, stringify(tbotConfig({ ...options, identityDir })), { mode: 0o600 });
  const env = tbotEnvironment(options.env, options.joinMethod, options.extraEnv);
  const identityFile = path.join(identityDir, "identity");
  const attempt = async (): Promise<string> => {
    const result = await options.exec(options.tbotPath, ["start", "-c", configFile], {
      env,
      timeoutMs: 5 * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.exitCode === 0) {
      try {
        await fs.access(identityFile);
        return identityFile;
      } catch {
        throw new TbotError(`tbot exited 0 but wrote no identity file to ${identityDir}`, false);
      }
    }
    const output = stripAnsi(`${result.stderr}\n${result.stdout}`);
    const lines = output
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    // Teleport's error (an `ERROR:` line and its wrapped causes) says why; else the lines that look like one.
    const errorAt = lines.findIndex((l) => l.startsWith("ERROR:"));
    const why =
      (errorAt >= 0
        ? lines.slice(errorAt, errorAt + 8)
        : lines.filter((l) => /error|denied|fail|missing|invalid/i.test(l)).slice(-5)
      ).join("\n") || lines.slice(-5).join("\n");
    const exit =
      result.exitCode === null ? `killed by ${result.signal ?? "a signal"}` : `exit ${result.exitCode}`;
    throw new TbotError(
      `tbot could not join ${formatProxyAddress(options.proxy)} with the ${options.joinMethod} join token "${options.token}" (${exit}):\n${why}`,
      TRANSIENT.test(output) && !/denied|did not match/i.test(output),
      lines.at(-1) ?? "",
    );
  };
  return retry(attempt, {
    policy: options.retryPolicy ?? TBOT_RETRY,
    clock: options.clock,
    isTransient: (e) => e instanceof TbotError && e.transient,
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: ({ attempt: n, attempts, delayMs, error }) =>
      options.log(
        `tbot join failed (attempt ${n} of ${attempts}); retrying in ${formatDuration(delayMs)}: ${(error as TbotError).lastLine}`,
      ),
  });
}

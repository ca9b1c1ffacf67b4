// The action's GitHub client: octokit (core + REST pagination) with one request hook that owns pacing and
// retries. GitHub asks integrations to send mutations one at a time, at least a second apart, and to honour
// Retry-After on secondary limits (fact: B83 secondary limits; the REST "best practices" page). The waits go
// through the injected clock, so a test proves them without sitting out real seconds; that is why this hook
// replaces @octokit/plugin-throttling and plugin-retry, whose waits run on their own timers.
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { RequestError } from "@octokit/request-error";
import type { Logger } from "../util/log.js";
import { type RetryClock, realClock } from "../util/retry.js";
import { GitHubError, GitHubPermissionError, GitHubRateLimitError } from "./errors.js";

const PacedOctokit = Octokit.plugin(paginateRest);
export type GitHubOctokit = InstanceType<typeof PacedOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl?: string;
  /** GITHUB_GRAPHQL_URL; derived from apiUrl when absent (octokit maps /api/v3 to /api/graphql). */
  graphqlUrl?: string;
  clock?: RetryClock;
  log?: Logger;
  /** Gap between the end of one mutation and the start of the next. */
  minMutationIntervalMs?: number;
  /** Attempts per request, first included. */
  maxAttempts?: number;
  /** A single wait longer than this (a far primary-limit reset, a huge Retry-After) fails instead. */
  maxWaitMs?: number;
  requestTimeoutMs?: number;
  /** Login to trust when neither GraphQL `viewer` nor REST `/user` answers (a `comment-author` input). */
  commentAuthor?: string;
  userAgent?: string;
}

export interface GitHubIdentity {
  /** Login as REST writes it for authors (`github-actions[bot]` for GITHUB_TOKEN). */
  login: string;
  /** Which rule decided, for the log: a wrong identity is the classic cause of duplicate comments. */
  source: "graphql-viewer" | "rest-user" | "configured" | "default-bot";
}

export interface GitHubClient {
  octokit: GitHubOctokit;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The token's own identity, resolved once. */
  identity(): Promise<GitHubIdentity>;
  log: Logger;
}

export const DEFAULT_BOT_LOGIN = "github-actions[bot]";

const silentLog: Logger = { info() {}, warning() {}, debug() {} };

/** REST writes bots as `name[bot]`, GraphQL as `name` (B77); compare without the suffix, case-blind. */
export function sameLogin(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/\[bot\]$/, "");
  return norm(a) === norm(b);
}

interface HookOptions {
  method?: string;
  url?: string;
  query?: unknown;
  request?: { signal?: AbortSignal; [k: string]: unknown };
  [k: string]: unknown;
}

function isMutation(options: HookOptions): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return false;
  // GraphQL is always POST; only a `mutation` operation writes.
  if (String(options.url ?? "").endsWith("graphql")) {
    return typeof options.query === "string" && /^\s*mutation\b/.test(options.query);
  }
  return true;
}

function header(error: RequestError, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

type Decision = { retry: true; waitMs: number; why: string } | { retry: false; error: Error };

/** Which failures are worth another attempt, and after how long. */
function classify(
  error: unknown,
  options: HookOptions,
  attempt: number,
  now: number,
  maxWaitMs: number,
): Decision {
  if (!(error instanceof RequestError)) return { retry: false, error: error as Error };
  const status = error.status;
  const message = String(
    (error.response?.data as { message?: unknown } | undefined)?.message ?? error.message,
  );
  const method = (options.method ?? "GET").toUpperCase();
  if (status === 403 || status === 429) {
    const retryAfterHeader = header(error, "retry-after");
    const retryAfter = Number(retryAfterHeader);
    if (retryAfterHeader !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
      const waitMs = retryAfter * 1000;
      if (waitMs > maxWaitMs) {
        return {
          retry: false,
          error: new GitHubRateLimitError(
            `GitHub rate limit: asked to wait ${retryAfter} s, longer than this run waits; re-run later`,
            status,
            now + waitMs,
          ),
        };
      }
      return { retry: true, waitMs, why: `rate limited (${status}), Retry-After ${retryAfter} s` };
    }
    if (header(error, "x-ratelimit-remaining") === "0") {
      const resetAt = Number(header(error, "x-ratelimit-reset")) * 1000;
      const waitMs = Math.max(0, resetAt - now) + 1000;
      if (!Number.isFinite(resetAt) || waitMs > maxWaitMs) {
        const when = Number.isFinite(resetAt) ? new Date(resetAt).toISOString() : "an unknown time";
        return {
          retry: false,
          error: new GitHubRateLimitError(
            `GitHub API rate limit exhausted for this token; it resets at ${when}`,
            status,
            resetAt,
          ),
        };
      }
      return { retry: true, waitMs, why: "primary rate limit exhausted, waiting for its reset" };
    }
    if (status === 429 || /secondary rate limit|abuse/i.test(message)) {
      // No Retry-After: GitHub says to wait at least a minute, then back off exponentially.
      const waitMs = 60_000 * 2 ** (attempt - 1);
      if (waitMs > maxWaitMs) {
        return {
          retry: false,
          error: new GitHubRateLimitError(`GitHub secondary rate limit persists; re-run later`, status),
        };
      }
      return { retry: true, waitMs, why: "secondary rate limit without Retry-After" };
    }
    if (/not accessible by|must have (admin|push)|insufficient|permission/i.test(message)) {
      return { retry: false, error: new GitHubPermissionError(message, undefined) };
    }
    return { retry: false, error: new GitHubError(`GitHub ${status}: ${message}`, "api", status) };
  }
  if (status === 401) {
    return {
      retry: false,
      error: new GitHubError(`GitHub rejected the token (401 ${message})`, "auth", 401),
    };
  }
  // A create that failed in flight may still have landed; retrying it could post twice. Edits and reads are
  // idempotent, and GraphQL minimizing is too.
  const idempotent = method !== "POST" || String(options.url ?? "").endsWith("graphql");
  const transient = status >= 500 || status === 408;
  if (transient && idempotent) {
    return { retry: true, waitMs: Math.min(30_000, 1000 * 2 ** (attempt - 1)), why: `GitHub ${status}` };
  }
  return { retry: false, error: new GitHubError(`GitHub ${status}: ${message}`, "api", status) };
}

interface Settings {
  clock: RetryClock;
  log: Logger;
  /** Gap between the end of one mutation and the start of the next. */
  interval: number;
  maxAttempts: number;
  maxWaitMs: number;
  timeoutMs: number;
}

function settingsOf(options: GitHubClientOptions): Settings {
  return {
    clock: options.clock ?? realClock,
    log: options.log ?? silentLog,
    interval: options.minMutationIntervalMs ?? 1000,
    maxAttempts: options.maxAttempts ?? 5,
    maxWaitMs: options.maxWaitMs ?? 5 * 60_000,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
  };
}

/** One warning per client when the token's budget runs low: a run that then fails says why. */
function budgetWatcher(log: Logger): (headers: Record<string, unknown> | undefined) => void {
  let lowWarned = false;
  return (headers) => {
    const remaining = Number(headers?.["x-ratelimit-remaining"]);
    if (!lowWarned && Number.isFinite(remaining) && remaining < 100) {
      lowWarned = true;
      const reset = Number(headers?.["x-ratelimit-reset"]) * 1000;
      const when = Number.isFinite(reset) ? ` (resets ${new Date(reset).toISOString()})` : "";
      log.warning(`GitHub API budget is low: ${remaining} requests left${when}`);
    }
  };
}

type Send = (o: HookOptions) => Promise<unknown>;

/** Sends one request with a timeout per attempt, retrying what classify() says is worth it. */
function retryingSender(settings: Settings): (request: Send, opts: HookOptions) => Promise<unknown> {
  const { clock, log, maxAttempts, maxWaitMs, timeoutMs } = settings;
  const noteBudget = budgetWatcher(log);
  return async (request, opts) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const signal = AbortSignal.timeout(timeoutMs);
        const response = (await request({ ...opts, request: { ...opts.request, signal } })) as {
          headers?: Record<string, unknown>;
        };
        noteBudget(response.headers);
        return response;
      } catch (error) {
        const decision = classify(error, opts, attempt, clock.now(), maxWaitMs);
        if (!decision.retry) throw decision.error;
        if (attempt >= maxAttempts) {
          if (error instanceof RequestError && (error.status === 403 || error.status === 429)) {
            throw new GitHubRateLimitError(
              `GitHub kept rate limiting after ${attempt} attempts; re-run later`,
              error.status,
            );
          }
          throw new GitHubError(`GitHub request failed after ${attempt} attempts: ${decision.why}`, "api");
        }
        log.info(`GitHub: ${decision.why}; retrying in ${Math.round(decision.waitMs / 1000)} s`);
        await clock.sleep(decision.waitMs);
      }
    }
  };
}

/**
 * The request hook. Mutations queue behind one another: a run never has two writes in flight (secondary
 * limits count concurrent writes), and each starts `interval` after the previous one ended.
 */
function pacedHook(settings: Settings): (request: Send, opts: HookOptions) => Promise<unknown> {
  const { clock, interval } = settings;
  const send = retryingSender(settings);
  let writeChain: Promise<unknown> = Promise.resolve();
  let lastWriteEnd = Number.NEGATIVE_INFINITY;
  return (request, opts) => {
    if (!isMutation(opts)) return send(request, opts);
    const run = writeChain.then(async () => {
      const wait = lastWriteEnd + interval - clock.now();
      if (wait > 0) await clock.sleep(wait);
      try {
        return await send(request, opts);
      } finally {
        lastWriteEnd = clock.now();
      }
    });
    writeChain = run.catch(() => undefined);
    return run;
  };
}

function graphqlOf(octokit: GitHubOctokit, graphqlUrl: string | undefined): GitHubClient["graphql"] {
  const gql = graphqlUrl ? octokit.graphql.defaults({ url: graphqlUrl }) : octokit.graphql;
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    try {
      return (await gql(query, variables)) as T;
    } catch (error) {
      // GraphQL reports a refusal inside a 200 answer rather than as a 403.
      const errors = (error as { errors?: { type?: string; message?: string }[] }).errors;
      const forbidden = errors?.find((e) => e.type === "FORBIDDEN");
      if (forbidden) throw new GitHubPermissionError(forbidden.message ?? "forbidden", undefined);
      if (errors?.some((e) => e.type === "RATE_LIMITED")) {
        throw new GitHubRateLimitError("GitHub GraphQL rate limit exhausted; re-run later", 200);
      }
      throw error;
    }
  };
}

async function resolveIdentity(
  octokit: GitHubOctokit,
  graphql: GitHubClient["graphql"],
  log: Logger,
  commentAuthor: string | undefined,
): Promise<GitHubIdentity> {
  // GraphQL viewer answers for PATs and App tokens, REST /user only for PATs (B76).
  try {
    const data = await graphql<{ viewer?: { login?: string } }>("query { viewer { login } }");
    const login = data.viewer?.login;
    if (login) return { login, source: "graphql-viewer" };
  } catch (error) {
    log.debug(`GitHub: viewer query failed (${(error as Error).message})`);
  }
  try {
    const { data } = await octokit.request("GET /user");
    if (data.login) return { login: data.login, source: "rest-user" };
  } catch (error) {
    log.debug(`GitHub: GET /user failed (${(error as Error).message})`);
  }
  if (commentAuthor) return { login: commentAuthor, source: "configured" };
  return { login: DEFAULT_BOT_LOGIN, source: "default-bot" };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const settings = settingsOf(options);
  const { log } = settings;
  const octokit = new PacedOctokit({
    auth: options.token,
    baseUrl: (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    userAgent: options.userAgent ?? "teleport-workload-cluster-action",
    // Our hook logs what matters; octokit's own console warnings would bypass the action's logger.
    log: { debug() {}, info() {}, warn: (m: string) => log.debug(m), error: (m: string) => log.debug(m) },
  });
  const hook = pacedHook(settings);
  octokit.hook.wrap(
    "request",
    (request, opts) => hook(request as unknown as Send, opts as unknown as HookOptions) as never,
  );
  const graphql = graphqlOf(octokit, options.graphqlUrl);
  let identity: Promise<GitHubIdentity> | undefined;
  return {
    octokit,
    graphql,
    log,
    identity() {
      identity ??= resolveIdentity(octokit, graphql, log, options.commentAuthor).then((id) => {
        log.info(`GitHub: acting as ${id.login} (from ${id.source})`);
        return id;
      });
      return identity;
    },
  };
}

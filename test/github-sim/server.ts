// A GitHub API stand-in on 127.0.0.1 for the comment, guard and drift-issue code (B78):
// REST with `Link` pagination (30 per page unless `per_page`, at most 100), the two bot login forms, the 65,536
// character body limit, secondary and primary rate limits with their headers, per-token permissions refused
// as "Resource not accessible by integration", GraphQL for viewer and minimizeComment, and a call log.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { handleGraphql } from "./graphql.js";
import { type Scope, type SimIssue, type SimRepo, SimState, type SimToken } from "./state.js";
import {
  checkBody,
  commentJson,
  DOCS,
  HttpError,
  issueJson,
  notFound,
  page,
  pullJson,
  userJson,
  type Wire,
} from "./wire.js";

export { BODY_LIMIT } from "./wire.js";

export interface SimCall {
  method: string;
  /** Path without the API prefix and query. */
  path: string;
  query: Record<string, string>;
  status: number;
  login: string | null;
  /** Simulator clock when the request arrived. */
  at: number;
  mutation: boolean;
  graphql?: string[];
}

export interface Fault {
  status: 403 | 429 | 500 | 502 | 503;
  /** `server-error`: a 5xx as GitHub sends when it is unwell; the request has no effect. */
  kind: "secondary" | "primary" | "server-error";
  /** Seconds, sent as Retry-After (secondary limits). */
  retryAfter?: number;
  /** Only requests this matches count. */
  match?: (call: { method: string; path: string; mutation: boolean }) => boolean;
}

export interface GitHubSimOptions {
  /** Clock for timestamps and the call log; a test passes its fake clock. */
  now?: () => number;
  /** GitHub Enterprise Server layout: REST under /api/v3, GraphQL at /api/graphql. */
  enterprise?: boolean;
  /** Delay before each answer, so overlapping requests would show in maxConcurrentMutations. */
  latencyMs?: number;
  webUrl?: string;
}

export interface GitHubSim {
  /** What GITHUB_API_URL would hold. */
  apiUrl: string;
  graphqlUrl: string;
  state: SimState;
  calls: SimCall[];
  /** The most mutations ever in flight at once. */
  maxConcurrentMutations: number;
  /** Fail the next `count` matching requests with a rate limit. */
  failNext(count: number, fault: Fault): void;
  mutations(): SimCall[];
  close(): Promise<void>;
}

export async function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const now = options.now ?? Date.now;
  const state = new SimState(now);
  const prefix = options.enterprise ? "/api/v3" : "";
  const graphqlPath = options.enterprise ? "/api/graphql" : "/graphql";
  const web = options.webUrl ?? "https://github.example";
  const calls: SimCall[] = [];
  const faults: (Fault & { left: number })[] = [];
  const budget = new Map<string, number>();
  let inFlightMutations = 0;
  const w: Wire = { apiBase: "", web, prefix };

  const sim: GitHubSim = {
    apiUrl: "",
    graphqlUrl: "",
    state,
    calls,
    maxConcurrentMutations: 0,
    failNext(count, fault) {
      faults.push({ ...fault, left: count });
    },
    mutations: () => calls.filter((c) => c.mutation),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const need = (token: SimToken, ok: boolean) => {
    if (ok) return;
    const who = token.kind === "installation" ? "integration" : "personal access token";
    throw new HttpError(403, {
      message: `Resource not accessible by ${who}`,
      documentation_url: DOCS,
      status: "403",
    });
  };
  const has = (token: SimToken, scope: Scope, level: "read" | "write") =>
    token.permissions[scope] === "write" || (level === "read" && token.permissions[scope] === "read");
  // Comments on a pull request go through either permission; on an issue only through `issues` (B80).
  const canComment = (token: SimToken, issue: SimIssue, level: "read" | "write") =>
    has(token, "issues", level) || (!!issue.pull && has(token, "pull_requests", level));

  const repoOf = (owner: string, name: string): SimRepo => {
    const repo = state.findRepo(owner, name);
    if (!repo) throw notFound();
    return repo;
  };
  const issueOf = (repo: SimRepo, n: string): SimIssue => {
    const issue = repo.issues.get(Number(n));
    if (!issue) throw notFound();
    return issue;
  };

  type Handler = (
    m: string[],
    ctx: { token: SimToken; url: URL; body: Record<string, unknown>; res: http.ServerResponse },
  ) => [number, unknown];
  const R = "/repos/([^/]+)/([^/]+)";
  const routes: [string, RegExp, Handler][] = [
    [
      "GET",
      /^\/user$/,
      (_m, { token }) => {
        // Installation tokens (GITHUB_TOKEN, Apps) are not users (B76).
        need(token, token.kind === "user");
        return [200, userJson(token.account)];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/issues/(\\d+)/comments$`),
      ([, o, r, n], { token, url, res }) => {
        const repo = repoOf(o!, r!);
        const issue = issueOf(repo, n!);
        need(token, canComment(token, issue, "read"));
        const all = repo.comments.filter((c) => c.issueNumber === issue.number);
        return [200, page(w, url, all, res).map((c) => commentJson(w, repo, c))];
      },
    ],
    [
      "POST",
      new RegExp(`^${R}/issues/(\\d+)/comments$`),
      ([, o, r, n], { token, body }) => {
        const repo = repoOf(o!, r!);
        const issue = issueOf(repo, n!);
        need(token, canComment(token, issue, "write"));
        const text = checkBody(body.body, "IssueComment");
        return [201, commentJson(w, repo, state.addComment(repo, issue.number, token.account, text))];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/issues/comments/(\\d+)$`),
      ([, o, r, id], { token }) => {
        const repo = repoOf(o!, r!);
        const c = repo.comments.find((x) => x.id === Number(id));
        if (!c) throw notFound();
        need(token, canComment(token, issueOf(repo, String(c.issueNumber)), "read"));
        return [200, commentJson(w, repo, c)];
      },
    ],
    [
      "PATCH",
      new RegExp(`^${R}/issues/comments/(\\d+)$`),
      ([, o, r, id], { token, body }) => {
        const repo = repoOf(o!, r!);
        const c = repo.comments.find((x) => x.id === Number(id));
        if (!c) throw notFound();
        need(token, canComment(token, issueOf(repo, String(c.issueNumber)), "write"));
        c.body = checkBody(body.body, "IssueComment");
        c.updatedAt = state.stamp();
        return [200, commentJson(w, repo, c)];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/issues$`),
      ([, o, r], { token, url, res }) => {
        const repo = repoOf(o!, r!);
        need(token, has(token, "issues", "read"));
        const q = url.searchParams;
        const want = q.get("state") ?? "open";
        const labels = (q.get("labels") ?? "")
          .split(",")
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean);
        const creator = q.get("creator")?.toLowerCase();
        const sort = q.get("sort") === "updated" ? "updatedAt" : "createdAt";
        const asc = q.get("direction") === "asc";
        const items = [...repo.issues.values()]
          .filter((i) => want === "all" || i.state === want)
          .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
          .filter((i) => !creator || i.author.login.toLowerCase() === creator)
          .sort((a, b) => (asc ? 1 : -1) * a[sort].localeCompare(b[sort]));
        return [200, page(w, url, items, res).map((i) => issueJson(w, repo, i))];
      },
    ],
    [
      "POST",
      new RegExp(`^${R}/issues$`),
      ([, o, r], { token, body }) => {
        const repo = repoOf(o!, r!);
        need(token, has(token, "issues", "write"));
        if (typeof body.title !== "string" || !body.title) {
          throw new HttpError(422, {
            message: "Validation Failed",
            errors: [{ field: "title", code: "missing" }],
          });
        }
        const text = body.body === undefined ? "" : checkBody(body.body, "Issue");
        const labels = Array.isArray(body.labels) && !token.dropsLabels ? body.labels.map(String) : [];
        const issue = state.createIssue(repo, token.account, { title: body.title, body: text, labels });
        return [201, issueJson(w, repo, issue, true)];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/issues/(\\d+)$`),
      ([, o, r, n], { token }) => {
        const repo = repoOf(o!, r!);
        need(token, has(token, "issues", "read"));
        return [200, issueJson(w, repo, issueOf(repo, n!), true)];
      },
    ],
    [
      "PATCH",
      new RegExp(`^${R}/issues/(\\d+)$`),
      ([, o, r, n], { token, body }) => {
        const repo = repoOf(o!, r!);
        const issue = issueOf(repo, n!);
        need(token, has(token, "issues", "write") || (!!issue.pull && has(token, "pull_requests", "write")));
        if (body.body !== undefined) issue.body = checkBody(body.body, "Issue");
        if (typeof body.title === "string") issue.title = body.title;
        if (Array.isArray(body.labels)) issue.labels = body.labels.map(String);
        if (body.state === "closed" && issue.state === "open") {
          issue.state = "closed";
          issue.closedAt = state.stamp();
          issue.closedBy = token.account;
          issue.stateReason = typeof body.state_reason === "string" ? body.state_reason : "completed";
        } else if (body.state === "open" && issue.state === "closed") {
          issue.state = "open";
          issue.closedAt = null;
          issue.closedBy = null;
          issue.stateReason = "reopened";
        }
        issue.updatedAt = state.stamp();
        return [200, issueJson(w, repo, issue, true)];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/commits/([0-9a-f]{7,40})/pulls$`),
      ([, o, r, sha], { token, url, res }) => {
        const repo = repoOf(o!, r!);
        need(token, has(token, "pull_requests", "read"));
        const pulls = [...repo.issues.values()].filter((i) => i.pull);
        // Merged pull requests that brought the commit in; otherwise the open ones that contain it.
        const merged = pulls.filter(
          (i) => i.pull!.merged && (i.pull!.mergeCommitSha === sha || i.pull!.commits.includes(sha!)),
        );
        const list =
          merged.length > 0
            ? merged
            : pulls.filter((i) => i.state === "open" && i.pull!.commits.includes(sha!));
        return [200, page(w, url, list, res).map((i) => pullJson(w, repo, i))];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/pulls/(\\d+)$`),
      ([, o, r, n], { token }) => {
        const repo = repoOf(o!, r!);
        need(token, has(token, "pull_requests", "read"));
        const issue = issueOf(repo, n!);
        if (!issue.pull) throw notFound();
        return [200, pullJson(w, repo, issue, true)];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/pulls/(\\d+)/commits$`),
      ([, o, r, n], { token, url, res }) => {
        const repo = repoOf(o!, r!);
        need(token, has(token, "pull_requests", "read"));
        const issue = issueOf(repo, n!);
        if (!issue.pull) throw notFound();
        // GitHub lists at most 250 commits of a pull request.
        const commits = issue.pull.commits
          .slice(0, 250)
          .map((sha) => ({ sha, commit: { message: `commit ${sha}` } }));
        return [200, page(w, url, commits, res)];
      },
    ],
  ];

  const rateHeaders = (res: http.ServerResponse, login: string, resource: string) => {
    const left = Math.max(0, (budget.get(login) ?? 5000) - 1);
    budget.set(login, left);
    res.setHeader("x-ratelimit-limit", "5000");
    res.setHeader("x-ratelimit-remaining", String(left));
    res.setHeader("x-ratelimit-used", String(5000 - left));
    res.setHeader("x-ratelimit-reset", String(Math.floor(now() / 1000) + 3600));
    res.setHeader("x-ratelimit-resource", resource);
  };

  const send = (res: http.ServerResponse, status: number, payload: unknown) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.end(JSON.stringify(payload));
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const isGraphql = url.pathname === graphqlPath;
    const path = isGraphql
      ? "/graphql"
      : url.pathname.startsWith(prefix)
        ? url.pathname.slice(prefix.length)
        : "";
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, { message: "Problems parsing JSON", documentation_url: DOCS });
      }
    }
    const mutation = isGraphql ? /^\s*mutation\b/.test(String(body.query ?? "")) : method !== "GET";
    const call: SimCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      login: null,
      at: now(),
      mutation,
    };
    calls.push(call);
    if (mutation) {
      inFlightMutations++;
      sim.maxConcurrentMutations = Math.max(sim.maxConcurrentMutations, inFlightMutations);
    }
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? "");
      if (!auth) throw new HttpError(401, { message: "Requires authentication", documentation_url: DOCS });
      const token = state.tokens.get(auth[1]!);
      if (!token) throw new HttpError(401, { message: "Bad credentials", documentation_url: DOCS });
      call.login = token.account.login;
      const fault = faults.find((f) => f.left > 0 && (!f.match || f.match({ method, path, mutation })));
      if (fault) {
        fault.left--;
        if (fault.kind === "server-error") {
          throw new HttpError(fault.status, { message: "Server Error" });
        }
        if (fault.kind === "primary") {
          res.setHeader("x-ratelimit-remaining", "0");
          res.setHeader("x-ratelimit-reset", String(Math.floor(now() / 1000) + (fault.retryAfter ?? 60)));
          throw new HttpError(fault.status, {
            message: `API rate limit exceeded for user ID ${token.account.id}.`,
            documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
          });
        }
        if (fault.retryAfter !== undefined) res.setHeader("retry-after", String(fault.retryAfter));
        throw new HttpError(fault.status, {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
            "If you reach out to GitHub Support for help, please include the request ID SIM:0000.",
          documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
        });
      }
      rateHeaders(res, token.account.login, isGraphql ? "graphql" : "core");
      if (isGraphql) {
        if (method !== "POST") throw notFound();
        const result = handleGraphql(state, token, body);
        call.graphql = result.ops;
        call.status = 200;
        return send(res, 200, result.json);
      }
      for (const [m, re, handler] of routes) {
        const match = m === method ? re.exec(path) : null;
        if (!match) continue;
        const [status, payload] = handler(match, { token, url, body, res });
        call.status = status;
        return send(res, status, payload);
      }
      throw notFound();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      call.status = error.status;
      return send(res, error.status, error.payload);
    } finally {
      if (mutation) inFlightMutations--;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((error: Error) => {
        send(res, 500, { message: `simulator error: ${error.message}` });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  w.apiBase = `http://127.0.0.1:${port}${prefix}`;
  sim.apiUrl = w.apiBase;
  sim.graphqlUrl = `http://127.0.0.1:${port}${graphqlPath}`;
  return sim;
}

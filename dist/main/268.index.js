export const id = 268;
export const ids = [268];
export const modules = {

/***/ 6268:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  COMMENT_BUDGET: () => (/* reexport */ github_body/* COMMENT_BUDGET */.ub),
  DEFAULT_BOT_LOGIN: () => (/* reexport */ DEFAULT_BOT_LOGIN),
  DRIFT_LABEL: () => (/* reexport */ DRIFT_LABEL),
  GITHUB_BODY_LIMIT: () => (/* reexport */ github_body/* GITHUB_BODY_LIMIT */.nY),
  GitHubError: () => (/* reexport */ GitHubError),
  GitHubPermissionError: () => (/* reexport */ GitHubPermissionError),
  GitHubRateLimitError: () => (/* reexport */ GitHubRateLimitError),
  MARKER_TOOL: () => (/* reexport */ MARKER_TOOL),
  MARKER_VERSION: () => (/* reexport */ MARKER_VERSION),
  UnsafeBodyError: () => (/* reexport */ github_body/* UnsafeBodyError */.Fn),
  assertSafeBody: () => (/* reexport */ github_body/* assertSafeBody */.M0),
  bodyLength: () => (/* reexport */ github_body/* bodyLength */.ZA),
  buildPlanBody: () => (/* reexport */ github_body/* buildPlanBody */.C6),
  canonicalJson: () => (/* reexport */ canonical_json/* canonicalJson */.d),
  checkApprovedPlan: () => (/* reexport */ checkApprovedPlan),
  createGitHubClient: () => (/* reexport */ createGitHubClient),
  decodeValue: () => (/* reexport */ decodeValue),
  encodeValue: () => (/* reexport */ encodeValue),
  findMergedPullRequest: () => (/* reexport */ findMergedPullRequest),
  findPlanComments: () => (/* reexport */ findPlanComments),
  markApplied: () => (/* reexport */ markApplied),
  minimizeComment: () => (/* reexport */ minimizeComment),
  needs: () => (/* reexport */ needs),
  parseClustersMarker: () => (/* reexport */ parseClustersMarker),
  parseDriftMarker: () => (/* reexport */ parseDriftMarker),
  parseMarker: () => (/* reexport */ parseMarker),
  parsePlanMarker: () => (/* reexport */ parsePlanMarker),
  planHasChanges: () => (/* reexport */ github_body/* planHasChanges */.ZB),
  planHash: () => (/* reexport */ planHash),
  planSalt: () => (/* reexport */ planSalt),
  renderClustersMarker: () => (/* reexport */ renderClustersMarker),
  renderDriftMarker: () => (/* reexport */ renderDriftMarker),
  renderMarker: () => (/* reexport */ renderMarker),
  renderPlanMarker: () => (/* reexport */ renderPlanMarker),
  reviewSection: () => (/* reexport */ github_body/* reviewSection */.mM),
  sameLogin: () => (/* reexport */ sameLogin),
  syncDriftIssue: () => (/* reexport */ syncDriftIssue),
  upsertPlanComment: () => (/* reexport */ upsertPlanComment)
});

// EXTERNAL MODULE: ./src/github/body.ts
var github_body = __webpack_require__(9695);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 12 modules
var dist_src = __webpack_require__(4730);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-paginate-rest/dist-bundle/index.js
var dist_bundle = __webpack_require__(3779);
// EXTERNAL MODULE: ./node_modules/@octokit/request-error/dist-src/index.js
var request_error_dist_src = __webpack_require__(1015);
// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
;// CONCATENATED MODULE: ./src/github/errors.ts
// Errors the GitHub code raises. Each says what to do about it, because the action's log is the only place a
// user sees them, and none carries a token or a request body (bodies may hold plan details).
class GitHubError extends Error {
    kind;
    status;
    name = "GitHubError";
    constructor(message, kind, status) {
        super(message);
        this.kind = kind;
        this.status = status;
    }
}
/** A 403 that is not a rate limit: the token cannot do this. `permission` names the job permission to add. */
class GitHubPermissionError extends GitHubError {
    permission;
    name = "GitHubPermissionError";
    constructor(message, permission) {
        super(message, "permission", 403);
        this.permission = permission;
    }
}
class GitHubRateLimitError extends GitHubError {
    resetAt;
    name = "GitHubRateLimitError";
    constructor(message, status, 
    /** When GitHub said the limit lifts (epoch ms), if it said. */
    resetAt) {
        super(message, "rate-limit", status);
        this.resetAt = resetAt;
    }
}
/**
 * Runs `fn` and, when GitHub refuses it for lack of permission, names the permission the job needs. Call
 * sites know what they were doing (commenting on a pull request or on an issue); the transport does not.
 */
async function needs(permission, doing, fn) {
    try {
        return await fn();
    }
    catch (error) {
        if (error instanceof GitHubPermissionError) {
            throw new GitHubPermissionError(`GitHub refused to ${doing}: the token lacks the "${permission}" permission; ` +
                `add "${permission}" to the job's permissions (GitHub said: ${error.message})`, permission);
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/github/client.ts
// The action's GitHub client: octokit (core + REST pagination) with one request hook that owns pacing and
// retries. GitHub asks integrations to send mutations one at a time, at least a second apart, and to honour
// Retry-After on secondary limits (fact: B83 secondary limits; the REST "best practices" page). The waits go
// through the injected clock, so a test proves them without sitting out real seconds; that is why this hook
// replaces @octokit/plugin-throttling and plugin-retry, whose waits run on their own timers.





const PacedOctokit = dist_src/* Octokit */.E.plugin(dist_bundle/* paginateRest */.ud);
const DEFAULT_BOT_LOGIN = "github-actions[bot]";
const silentLog = { info() { }, warning() { }, debug() { } };
/** REST writes bots as `name[bot]`, GraphQL as `name` (B77); compare without the suffix, case-blind. */
function sameLogin(a, b) {
    const norm = (s) => s
        .trim()
        .toLowerCase()
        .replace(/\[bot\]$/, "");
    return norm(a) === norm(b);
}
function isMutation(options) {
    const method = (options.method ?? "GET").toUpperCase();
    if (method === "GET" || method === "HEAD")
        return false;
    // GraphQL is always POST; only a `mutation` operation writes.
    if (String(options.url ?? "").endsWith("graphql")) {
        return typeof options.query === "string" && /^\s*mutation\b/.test(options.query);
    }
    return true;
}
function header(error, name) {
    const value = error.response?.headers?.[name];
    return value === undefined || value === null ? undefined : String(value);
}
/** Which failures are worth another attempt, and after how long. */
function classify(error, options, attempt, now, maxWaitMs) {
    if (!(error instanceof request_error_dist_src/* RequestError */.G))
        return { retry: false, error: error };
    const status = error.status;
    const message = String(error.response?.data?.message ?? error.message);
    const method = (options.method ?? "GET").toUpperCase();
    if (status === 403 || status === 429) {
        const retryAfterHeader = header(error, "retry-after");
        const retryAfter = Number(retryAfterHeader);
        if (retryAfterHeader !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
            const waitMs = retryAfter * 1000;
            if (waitMs > maxWaitMs) {
                return {
                    retry: false,
                    error: new GitHubRateLimitError(`GitHub rate limit: asked to wait ${retryAfter} s, longer than this run waits; re-run later`, status, now + waitMs),
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
                    error: new GitHubRateLimitError(`GitHub API rate limit exhausted for this token; it resets at ${when}`, status, resetAt),
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
function settingsOf(options) {
    return {
        clock: options.clock ?? retry/* realClock */.dQ,
        log: options.log ?? silentLog,
        interval: options.minMutationIntervalMs ?? 1000,
        maxAttempts: options.maxAttempts ?? 5,
        maxWaitMs: options.maxWaitMs ?? 5 * 60_000,
        timeoutMs: options.requestTimeoutMs ?? 30_000,
    };
}
/** One warning per client when the token's budget runs low: a run that then fails says why. */
function budgetWatcher(log) {
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
/** Sends one request with a timeout per attempt, retrying what classify() says is worth it. */
function retryingSender(settings) {
    const { clock, log, maxAttempts, maxWaitMs, timeoutMs } = settings;
    const noteBudget = budgetWatcher(log);
    return async (request, opts) => {
        for (let attempt = 1;; attempt++) {
            try {
                const signal = AbortSignal.timeout(timeoutMs);
                const response = (await request({ ...opts, request: { ...opts.request, signal } }));
                noteBudget(response.headers);
                return response;
            }
            catch (error) {
                const decision = classify(error, opts, attempt, clock.now(), maxWaitMs);
                if (!decision.retry)
                    throw decision.error;
                if (attempt >= maxAttempts) {
                    if (error instanceof request_error_dist_src/* RequestError */.G && (error.status === 403 || error.status === 429)) {
                        throw new GitHubRateLimitError(`GitHub kept rate limiting after ${attempt} attempts; re-run later`, error.status);
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
function pacedHook(settings) {
    const { clock, interval } = settings;
    const send = retryingSender(settings);
    let writeChain = Promise.resolve();
    let lastWriteEnd = Number.NEGATIVE_INFINITY;
    return (request, opts) => {
        if (!isMutation(opts))
            return send(request, opts);
        const run = writeChain.then(async () => {
            const wait = lastWriteEnd + interval - clock.now();
            if (wait > 0)
                await clock.sleep(wait);
            try {
                return await send(request, opts);
            }
            finally {
                lastWriteEnd = clock.now();
            }
        });
        writeChain = run.catch(() => undefined);
        return run;
    };
}
function graphqlOf(octokit, graphqlUrl) {
    const gql = graphqlUrl ? octokit.graphql.defaults({ url: graphqlUrl }) : octokit.graphql;
    return async (query, variables = {}) => {
        try {
            return (await gql(query, variables));
        }
        catch (error) {
            // GraphQL reports a refusal inside a 200 answer rather than as a 403.
            const errors = error.errors;
            const forbidden = errors?.find((e) => e.type === "FORBIDDEN");
            if (forbidden)
                throw new GitHubPermissionError(forbidden.message ?? "forbidden", undefined);
            if (errors?.some((e) => e.type === "RATE_LIMITED")) {
                throw new GitHubRateLimitError("GitHub GraphQL rate limit exhausted; re-run later", 200);
            }
            throw error;
        }
    };
}
async function resolveIdentity(octokit, graphql, log, commentAuthor) {
    // GraphQL viewer answers for PATs and App tokens, REST /user only for PATs (B76).
    try {
        const data = await graphql("query { viewer { login } }");
        const login = data.viewer?.login;
        if (login)
            return { login, source: "graphql-viewer" };
    }
    catch (error) {
        log.debug(`GitHub: viewer query failed (${error.message})`);
    }
    try {
        const { data } = await octokit.request("GET /user");
        if (data.login)
            return { login: data.login, source: "rest-user" };
    }
    catch (error) {
        log.debug(`GitHub: GET /user failed (${error.message})`);
    }
    if (commentAuthor)
        return { login: commentAuthor, source: "configured" };
    return { login: DEFAULT_BOT_LOGIN, source: "default-bot" };
}
function createGitHubClient(options) {
    const settings = settingsOf(options);
    const { log } = settings;
    const octokit = new PacedOctokit({
        auth: options.token,
        baseUrl: (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, ""),
        userAgent: options.userAgent ?? "teleport-workload-cluster-action",
        // Our hook logs what matters; octokit's own console warnings would bypass the action's logger.
        log: { debug() { }, info() { }, warn: (m) => log.debug(m), error: (m) => log.debug(m) },
    });
    const hook = pacedHook(settings);
    octokit.hook.wrap("request", (request, opts) => hook(request, opts));
    const graphql = graphqlOf(octokit, options.graphqlUrl);
    let identity;
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

;// CONCATENATED MODULE: ./src/github/marker.ts
// The hidden header that makes a comment or issue ours (format documented in MARKER.md). It sits on the first
// line so a quote of it further down a body (someone pasting an old comment) never matches, and it carries a
// version so a later format can still recognise, and leave alone, what this one wrote.
const MARKER_TOOL = "teleport-workload-cluster-action";
const MARKER_VERSION = 1;
// Anything outside this set is %XX-encoded: keeps values free of spaces (the field separator), `=` and `>`,
// so no value can end the comment early, while proxy addresses like `acme.teleport.sh:443` stay readable.
const PLAIN = /[A-Za-z0-9._:-]/;
function encodeValue(value) {
    let out = "";
    for (const byte of Buffer.from(value, "utf8")) {
        const ch = String.fromCharCode(byte);
        out += byte < 0x80 && PLAIN.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    return out;
}
function decodeValue(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        return value;
    }
}
/** Every marker, whichever its kind and payload, opens the same way; only the payload after it differs. */
function opening(kind) {
    return `<!-- ${MARKER_TOOL}:${kind} v${MARKER_VERSION} `;
}
function renderMarker(kind, fields) {
    const parts = fields
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => `${k}=${encodeValue(String(v))}`);
    return `${opening(kind)}${parts.join(" ")} -->`;
}
const MARKER_LINE = new RegExp(`^<!-- ${MARKER_TOOL}:(plan|drift) v(\\d+)((?: [a-z]+=[^ ]*)*) -->`);
/** The marker at the very top of `body`, whatever its version; null when the body does not start with one. */
function parseMarker(body) {
    const m = MARKER_LINE.exec(body);
    if (!m)
        return null;
    const fields = {};
    for (const part of m[3].trim().split(" ").filter(Boolean)) {
        const eq = part.indexOf("=");
        fields[part.slice(0, eq)] = decodeValue(part.slice(eq + 1));
    }
    return { kind: m[1], version: Number(m[2]), fields, line: m[0] };
}
function renderPlanMarker(m) {
    return renderMarker("plan", [
        ["parent", m.parent],
        ["head", m.head],
        ["hash", m.hash],
        ["run", m.run],
        ["state", m.state],
    ]);
}
/** A v1 plan marker, or null (another kind, another version, or not ours at all). */
function parsePlanMarker(body) {
    const m = parseMarker(body);
    if (!m || m.kind !== "plan" || m.version !== 1)
        return null;
    const { parent, head, hash, run, state } = m.fields;
    if (!parent || !head || !hash)
        return null;
    return { parent, head, hash, run, state: state === "applied" ? "applied" : "planned" };
}
function renderDriftMarker(m) {
    return renderMarker("drift", [
        ["parent", m.parent],
        ["drift", m.drift],
        ["check", m.check],
        ["run", m.run],
    ]);
}
function parseDriftMarker(body) {
    const m = parseMarker(body);
    if (!m || m.kind !== "drift" || m.version !== 1)
        return null;
    const { parent, drift, check, run } = m.fields;
    if (!parent)
        return null;
    return {
        parent,
        drift: drift === "yes" ? "yes" : "no",
        check: check === "failed" ? "failed" : "ok",
        run: run ?? "",
    };
}
// The per-cluster plan hashes ride at the end of the plan comment rather than in its first-line marker: the
// first line stays short and readable, and a table of one hash per cluster can be long. The payload is
// base64url JSON, so it holds no space or `>`. The last occurrence wins, since it is the one this action
// appended after the rendered plan.
const CLUSTERS = opening("clusters");
function renderClustersMarker(hashes) {
    return `${CLUSTERS}${Buffer.from(JSON.stringify(hashes)).toString("base64url")} -->`;
}
/** The per-cluster hashes of a plan comment body; empty when it carries none or they do not decode. */
function parseClustersMarker(body) {
    const at = body.lastIndexOf(CLUSTERS);
    if (at < 0)
        return {};
    const end = body.indexOf(" -->", at);
    try {
        return JSON.parse(Buffer.from(body.slice(at + CLUSTERS.length, end), "base64url").toString("utf8"));
    }
    catch {
        return {};
    }
}

;// CONCATENATED MODULE: ./src/github/comment.ts
// The sticky plan comment: one per pull request and parent cluster, edited in place (an edit sends no
// notification, B84). Found by the marker on its first line and by its author being this token's identity
// (anyone can paste a marker), over every page of comments (B78: the 31st comment is where naive lookups
// go blind). Duplicates from racing runs heal: the oldest is kept and the rest are minimized.




const PR_WRITE = "pull-requests: write";
function toPlanComment(c) {
    const marker = parsePlanMarker(c.body ?? "");
    if (!marker || !c.user)
        return null;
    return {
        id: c.id,
        nodeId: c.node_id,
        url: c.html_url,
        body: c.body ?? "",
        author: c.user.login,
        createdAt: c.created_at,
        marker,
    };
}
/**
 * Our plan comments for `parent` on the pull request. Applied comments are closed for good (a new plan gets
 * a new comment) and minimized ones are hidden, so neither counts unless the guard asks for applied ones.
 */
async function findPlanComments(input) {
    const { client, owner, repo, prNumber, parent } = input;
    const wanted = (c) => c !== null && c.marker.parent === parent && (input.includeApplied || c.marker.state !== "applied");
    const me = await client.identity();
    // Listing needs only read, but the sticky comment is written next: name what the job needs.
    const all = await needs(PR_WRITE, "list the pull request's comments", () => client.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: prNumber,
        per_page: 100,
    }));
    const ours = all
        .filter((c) => c.user && sameLogin(c.user.login, me.login))
        .map(toPlanComment)
        .filter(wanted)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    if (ours.length === 0)
        return { kept: null, duplicates: [] };
    // REST does not say whether a comment is minimized; one GraphQL read of the candidates does. Without it
    // (a token GraphQL refuses) every candidate counts as visible, which at worst edits a hidden comment.
    const hidden = new Set();
    try {
        const data = await client.graphql("query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { id isMinimized } } }", { ids: ours.map((c) => c.nodeId) });
        for (const n of data.nodes)
            if (n?.isMinimized)
                hidden.add(n.id);
    }
    catch (error) {
        if (!(error instanceof GitHubPermissionError))
            throw error;
        client.log.debug(`GitHub: cannot tell minimized comments apart (${error.message})`);
    }
    const live = ours.filter((c) => !hidden.has(c.nodeId));
    return { kept: live[0] ?? null, duplicates: live.slice(1) };
}
async function minimizeComment(client, nodeId) {
    await needs(PR_WRITE, "hide a duplicate plan comment", () => client.graphql("mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }", { id: nodeId }));
}
/** Orders commits of a pull request, fetched only when a run is not for the current head. */
class CommitOrder {
    ref;
    currentHead;
    order;
    constructor(ref, currentHead) {
        this.ref = ref;
        this.currentHead = currentHead;
    }
    async rank(sha) {
        if (!this.order) {
            const { client, owner, repo, prNumber } = this.ref;
            const commits = await client.octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
                owner,
                repo,
                pull_number: prNumber,
                per_page: 100,
            });
            this.order = new Map(commits.map((c, i) => [c.sha, i]));
            // The head is the newest even if the list was cut (GitHub lists at most 250 commits).
            this.order.set(this.currentHead, Number.MAX_SAFE_INTEGER);
        }
        return this.order.get(sha) ?? -1;
    }
}
/**
 * Whether a run for `headSha` may write over `existing`: a run for the pull request's current head always may;
 * an older run only over a comment made for an even older commit, so it never clobbers a newer plan.
 */
async function staleReason(order, headSha, existing) {
    if (headSha === order.currentHead)
        return undefined;
    const mine = await order.rank(headSha);
    if (mine < 0)
        return `commit ${headSha.slice(0, 12)} is no longer part of the pull request`;
    if (existing && (await order.rank(existing.marker.head)) > mine) {
        return `the comment shows a newer commit (${existing.marker.head.slice(0, 12)}) than this run's ${headSha.slice(0, 12)}`;
    }
    return undefined;
}
function composeBody(input) {
    const marker = renderPlanMarker({
        parent: input.parent,
        head: input.headSha,
        hash: input.planHash,
        run: input.runId === undefined ? undefined : String(input.runId),
        state: "planned",
    });
    const body = `${marker}\n${input.body}`;
    (0,github_body/* assertSafeBody */.M0)(body);
    if ((0,github_body/* bodyLength */.ZA)(body) > github_body/* GITHUB_BODY_LIMIT */.nY) {
        throw new GitHubError(`the plan comment is ${(0,github_body/* bodyLength */.ZA)(body)} characters, over GitHub's ${github_body/* GITHUB_BODY_LIMIT */.nY}; build it with buildPlanBody`, "too-long");
    }
    return body;
}
async function upsertPlanComment(input) {
    const { client, owner, repo, prNumber, headSha, mode } = input;
    if (mode === "never")
        return { id: null, url: null, action: "skipped", minimized: 0, reason: "mode never" };
    const body = composeBody(input);
    const { kept, duplicates } = await findPlanComments(input);
    const { data: pr } = await client.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner,
        repo,
        pull_number: prNumber,
    });
    const order = new CommitOrder(input, pr.head.sha);
    const stale = await staleReason(order, headSha, kept);
    if (stale) {
        client.log.info(`Plan comment left alone: ${stale}`);
        return { id: kept?.id ?? null, url: kept?.url ?? null, action: "stale", minimized: 0, reason: stale };
    }
    for (const dup of duplicates)
        await minimizeComment(client, dup.nodeId);
    if (duplicates.length > 0) {
        client.log.info(`Plan comment: kept ${kept.id}, minimized ${duplicates.length} duplicate(s)`);
    }
    if (!kept) {
        if (mode === "changes" && !input.hasChanges) {
            return { id: null, url: null, action: "skipped", minimized: 0, reason: "no changes" };
        }
        const { data } = await needs(PR_WRITE, "comment on the pull request", () => client.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner,
            repo,
            issue_number: prNumber,
            body,
        }));
        return { id: Number(data.id), url: data.html_url, action: "created", minimized: duplicates.length };
    }
    // Listing many pages takes a while; a newer run may have written since. Re-read just before the edit.
    const { data: fresh } = await client.octokit.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: kept.id,
    });
    const current = toPlanComment(fresh) ?? kept;
    const raced = await staleReason(order, headSha, current);
    if (raced) {
        return { id: kept.id, url: kept.url, action: "stale", minimized: duplicates.length, reason: raced };
    }
    if (current.body === body) {
        return { id: kept.id, url: kept.url, action: "unchanged", minimized: duplicates.length };
    }
    const { data } = await needs(PR_WRITE, "edit the plan comment", () => client.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: kept.id,
        body,
    }));
    return { id: Number(data.id), url: data.html_url, action: "updated", minimized: duplicates.length };
}

;// CONCATENATED MODULE: ./src/github/drift-issue.ts
// One drift issue per parent cluster, kept up to date in place (one rolling issue, not one
// per run). Found through the issues list by label, marker and author, not through search (B82: search lags
// its index and has a tighter limit). Reopened rather than duplicated, closed only by a complete clean
// run (a partial run must not close an issue it did not check), and a failing check never closes it: an error
// says nothing about drift, so it is shown in its own section.




const DRIFT_LABEL = "teleport-drift";
const ISSUES_WRITE = "issues: write";
const DRIFT_OPEN = "<!-- drift-report -->";
const DRIFT_CLOSE = "<!-- /drift-report -->";
// Room for the marker, headings and status lines around the two sections.
const SECTION_BUDGET = Math.floor((github_body/* COMMENT_BUDGET */.ub - 2_000) / 2);
function fitSection(text, runUrl) {
    if ((0,github_body/* bodyLength */.ZA)(text) <= SECTION_BUDGET)
        return text;
    const cut = Array.from(text)
        .slice(0, SECTION_BUDGET - 200)
        .join("");
    return `${cut}\n\n… cut to fit GitHub's size limit; the full report is in [the run](${runUrl}).`;
}
/** The drift report kept in the current issue body, so a failed check does not erase what was last seen. */
function previousDriftSection(body) {
    const start = body.indexOf(DRIFT_OPEN);
    const end = body.indexOf(DRIFT_CLOSE);
    if (start < 0 || end < start)
        return undefined;
    return body.slice(start + DRIFT_OPEN.length, end).trim();
}
function render(input, marker, oldBody) {
    const run = `[run ${input.runId}](${input.runUrl})`;
    const status = input.state === "drift"
        ? `**Drift found** by ${run}.`
        : input.state === "check-failed"
            ? `**The drift check is failing** (${run}); the drift below is as last seen.`
            : `**No drift** in ${run}, which checked every cluster.`;
    const lines = [renderDriftMarker(marker), `## Teleport drift: \`${input.parent}\``, "", status];
    if (input.state === "check-failed")
        lines.push("", "### Check errors", "", fitSection(input.body, input.runUrl));
    const drift = input.state === "drift"
        ? fitSection(input.body, input.runUrl)
        : input.state === "clean"
            ? "None." + (input.body ? `\n\n${fitSection(input.body, input.runUrl)}` : "")
            : (previousDriftSection(oldBody) ?? "Not known yet.");
    lines.push("", "### Drift", "", DRIFT_OPEN, drift, DRIFT_CLOSE);
    const body = lines.join("\n");
    (0,github_body/* assertSafeBody */.M0)(body);
    return body;
}
async function findIssue(input, label) {
    const { client, owner, repo, parent } = input;
    const me = await client.identity();
    const items = (await needs("issues: read", "list the drift issues", () => client.octokit.paginate("GET /repos/{owner}/{repo}/issues", {
        owner,
        repo,
        labels: label,
        state: "all",
        per_page: 100,
    })));
    const ours = items.filter((i) => 
    // The issues list includes pull requests (B80).
    i.pull_request === undefined &&
        i.user !== null &&
        sameLogin(i.user.login, me.login) &&
        parseDriftMarker(i.body ?? "")?.parent === parent);
    const open = ours.filter((i) => i.state === "open").sort((a, b) => a.number - b.number);
    if (open.length > 1)
        client.log.warning(`Several open drift issues for ${parent}; using #${open[0].number}`);
    if (open[0])
        return open[0];
    // Reopen the most recently closed one rather than start a new thread.
    return ours.sort((a, b) => (b.closed_at ?? b.updated_at).localeCompare(a.closed_at ?? a.updated_at))[0];
}
/** Who closed the issue, for the reopening comment; the list answer does not always say. */
async function closedBy(input, issue) {
    let login = issue.closed_by?.login;
    if (!login) {
        const { data } = await input.client.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
            owner: input.owner,
            repo: input.repo,
            issue_number: issue.number,
        });
        login = data.closed_by?.login;
    }
    return login ? ` @${login} closed it, but` : "";
}
const nothing = () => ({ number: null, url: null, state: null, action: "none" });
function nextMarker(parent, state, prev, runId) {
    return {
        parent,
        drift: state === "drift" ? "yes" : state === "clean" ? "no" : prev.drift,
        check: state === "check-failed" ? "failed" : "ok",
        run: runId,
    };
}
/** The comment a change of state deserves; a second write in the same run says nothing new. */
function transition(state, open, prev, sameRun) {
    if (sameRun)
        return undefined;
    if (state === "drift" && !open && prev.drift === "yes")
        return "reopened-drift-persists";
    if (state === "drift" && (prev.drift === "no" || !open))
        return "new-drift";
    if (state === "check-failed" && (prev.check === "ok" || !open))
        return "check-failing";
    if (state === "clean" && open)
        return "resolved";
    return undefined;
}
async function openIssue(input, label, body) {
    const { client, owner, repo, parent } = input;
    const { data } = await needs(ISSUES_WRITE, "open the drift issue", () => client.octokit.request("POST /repos/{owner}/{repo}/issues", {
        owner,
        repo,
        title: input.title ?? `Teleport drift: ${parent}`,
        body,
        labels: [label],
    }));
    if (!data.labels.some((l) => (typeof l === "string" ? l : l.name) === label)) {
        // Without the label the next run cannot find this issue and would open another.
        client.log.warning(`GitHub dropped the "${label}" label from drift issue #${data.number}; add it by hand`);
    }
    return { number: data.number, url: data.html_url, state: "open", action: "created" };
}
/** Rewrites the body and opens or closes the issue; what changed, as the result's action says it. */
async function rewriteIssue(input, issue, body, wantOpen) {
    const open = issue.state === "open";
    if (wantOpen === open && body === (issue.body ?? ""))
        return "unchanged";
    const change = wantOpen === open ? {} : wantOpen ? { state: "open" } : { state: "closed" };
    const reason = change.state === "closed" ? { state_reason: "completed" } : {};
    await needs(ISSUES_WRITE, "update the drift issue", () => input.client.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        owner: input.owner,
        repo: input.repo,
        issue_number: issue.number,
        body,
        ...change,
        ...reason,
    }));
    return wantOpen === open ? "updated" : wantOpen ? "reopened" : "closed";
}
async function postComment(input, issue, comment, closer) {
    const run = `[run ${input.runId}](${input.runUrl})`;
    const text = {
        "new-drift": `Drift found by ${run}.`,
        "reopened-drift-persists": `Reopened:${closer} the drift is still there (${run}). It closes by itself once a complete run finds none.`,
        "check-failing": `The drift check failed in ${run}; see the error section. This does not close the issue.`,
        resolved: `Resolved: ${run} checked every cluster and found no drift.`,
    }[comment];
    await needs(ISSUES_WRITE, "comment on the drift issue", () => input.client.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: input.owner,
        repo: input.repo,
        issue_number: issue.number,
        body: text,
    }));
}
async function syncDriftIssue(input) {
    const { parent, state } = input;
    const label = input.label ?? DRIFT_LABEL;
    const runId = String(input.runId);
    const issue = await findIssue(input, label);
    // A partial run that found nothing has nothing to say: the clusters it skipped may still drift.
    if (state === "clean" && !input.complete) {
        return issue
            ? { number: issue.number, url: issue.html_url, state: issue.state, action: "none" }
            : nothing();
    }
    const prev = (issue && parseDriftMarker(issue.body ?? "")) || {
        parent,
        drift: "no",
        check: "ok",
        run: "",
    };
    const next = nextMarker(parent, state, prev, runId);
    const body = render(input, next, issue?.body ?? "");
    if (!issue)
        return state === "clean" ? nothing() : openIssue(input, label, body);
    const open = issue.state === "open";
    const wantOpen = state !== "clean";
    const comment = transition(state, open, prev, prev.run === runId);
    // Asked before reopening: afterwards GitHub no longer says who closed it.
    const closer = comment === "reopened-drift-persists" ? await closedBy(input, issue) : "";
    // A closed issue that stays closed is only rewritten when its recorded state changes, not for every
    // clean run: nobody reads it, and each write spends the repository's shared API budget.
    const quietClosed = !wantOpen && !open && prev.drift === next.drift && prev.check === next.check;
    const action = quietClosed ? "none" : await rewriteIssue(input, issue, body, wantOpen);
    if (comment)
        await postComment(input, issue, comment, closer);
    return { number: issue.number, url: issue.html_url, state: wantOpen ? "open" : "closed", action, comment };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/util/canonical-json.ts
var canonical_json = __webpack_require__(1989);
;// CONCATENATED MODULE: ./src/github/guard.ts
// The approved-plan guard: on a push to the default branch, apply only what the pull request showed. The
// plan comment carries a hash of the change set; apply re-plans, hashes, and compares (after dflook and
// tfaction). Hashes, not rendered text, are compared, so a comment cut down to fit never fails the check.






/** The one place the salt is put together: the comment, the guard and the per-cluster hashes must agree. */
function planSalt(ref, prNumber, parent) {
    return { repository: `${ref.owner}/${ref.repo}`, prNumber, parent };
}
/**
 * sha256 (hex) of the canonical change set, salted with repository, pull request and parent: a hash approved
 * on one pull request or for one parent cannot be replayed for another.
 */
function planHash(changeSet, salt) {
    return (0,external_node_crypto_.createHash)("sha256")
        .update("teleport-workload-cluster-action plan v1\n")
        .update(`${salt.repository}\n${salt.prNumber}\n${salt.parent}\n`)
        .update((0,canonical_json/* canonicalJson */.d)(changeSet))
        .digest("hex");
}
/** The merged pull request whose merge (or squash, or last rebased) commit is `sha`; null for a direct push. */
async function findMergedPullRequest(input) {
    const { client, owner, repo, sha } = input;
    const pulls = await needs("pull-requests: read", "look up the pull request of the pushed commit", () => client.octokit.paginate("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
        owner,
        repo,
        commit_sha: sha,
        per_page: 100,
    }));
    const pr = pulls.find((p) => p.merged_at && p.merge_commit_sha === sha);
    if (!pr)
        return null;
    return { number: pr.number, headSha: pr.head.sha, mergeCommitSha: sha, url: pr.html_url };
}
function pick(found) {
    const all = [found.kept, ...found.duplicates].filter((c) => c !== null);
    return all.find((c) => c.marker.state === "planned") ?? all[0];
}
async function checkApprovedPlan(input) {
    const { sha, parent } = input;
    const pullRequest = await findMergedPullRequest(input);
    if (!pullRequest) {
        return {
            ok: false,
            reason: "no-approved-plan",
            details: `commit ${sha.slice(0, 12)} is not the merge of a pull request, so no plan was approved for it`,
        };
    }
    const hash = planHash(input.changeSet, planSalt(input, pullRequest.number, parent));
    const comment = pick(await findPlanComments({ ...input, prNumber: pullRequest.number, includeApplied: true }));
    const pr = `pull request #${pullRequest.number}`;
    if (!comment) {
        return {
            ok: false,
            reason: "no-approved-plan",
            details: `${pr} has no plan comment for ${parent} from this token's identity`,
            pullRequest,
            hash,
        };
    }
    if (comment.marker.state === "applied") {
        return {
            ok: false,
            reason: "no-approved-plan",
            details: `the plan on ${pr} for ${parent} was already applied; a new change needs a new plan`,
            pullRequest,
            comment,
            hash,
        };
    }
    if (comment.marker.head !== pullRequest.headSha) {
        return {
            ok: false,
            reason: "no-approved-plan",
            details: `the plan comment on ${pr} was made for commit ${comment.marker.head.slice(0, 12)}, ` +
                `but the pull request's final head is ${pullRequest.headSha.slice(0, 12)}: no plan was shown for what was merged`,
            pullRequest,
            comment,
            hash,
        };
    }
    if (comment.marker.hash !== hash) {
        return {
            ok: false,
            reason: "plan-changed",
            details: `the plan shown on ${pr} (hash ${comment.marker.hash.slice(0, 12)}) differs from the plan now ` +
                `(hash ${hash.slice(0, 12)}): the clusters changed since it was approved; re-run the plan`,
            pullRequest,
            comment,
            hash,
        };
    }
    return { ok: true, pullRequest, comment, hash };
}
/** Closes the comment for reuse (state=applied in its marker) and says where it was applied. */
async function markApplied(input) {
    const { client, owner, repo, comment } = input;
    const { data: fresh } = await client.octokit.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: comment.id,
    });
    const body = fresh.body ?? comment.body;
    const marker = parsePlanMarker(body);
    if (!marker)
        throw new Error(`comment ${comment.id} no longer starts with a plan marker`);
    if (marker.state === "applied")
        return { id: comment.id, url: comment.url, action: "unchanged" };
    const line = body.slice(0, body.indexOf("-->") + 3);
    const where = input.runUrl ? ` in [this run](${input.runUrl})` : "";
    const run = input.runId === undefined ? marker.run : String(input.runId);
    const next = `${renderPlanMarker({ ...marker, run, state: "applied" })}\n> ✅ **Applied**${where}.\n${body.slice(line.length).replace(/^\n/, "")}`;
    const { data } = await needs("pull-requests: write", "mark the plan comment applied", () => client.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: comment.id,
        body: next,
    }));
    return { id: Number(data.id), url: data.html_url, action: "updated" };
}

;// CONCATENATED MODULE: ./src/github/index.ts
// The GitHub side of the action: sticky plan comment, approved-plan guard and drift issue (README "GitHub: the plan on the pull request").









/***/ })

};

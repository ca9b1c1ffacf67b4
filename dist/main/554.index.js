export const id = 554;
export const ids = [554];
export const modules = {

/***/ 8984:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ checkJoinMatch)
/* harmony export */ });
/* harmony import */ var _manifests_aws_arn_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5521);

function describeRule(rule) {
    const parts = [
        rule.aws_account ? `aws_account "${rule.aws_account}"` : undefined,
        rule.aws_arn ? `aws_arn "${rule.aws_arn}"` : undefined,
    ].filter(Boolean);
    return parts.join(", ") || "(empty rule)";
}
function checkJoinMatch(declared, caller, viaRole) {
    const rules = declared.spec.token?.allow ?? [];
    if (rules.some((rule) => (0,_manifests_aws_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .allowRuleMatches */ .bB)(rule, caller)))
        return { caller };
    const session = caller.arn.split("/").at(-1);
    const fixIdentity = viaRole
        ? `or change role-to-assume / role-session-name (the session name "${session}" is the ARN's last part) so the ARN matches`
        : "or run with credentials whose ARN matches (e.g. role-to-assume)";
    return {
        caller,
        error: {
            kind: "JoinMismatch",
            message: `${declared.name} (${declared.file}:${declared.line}): the ARN this run joins with, ${caller.arn} (account ${caller.account}), matches none of the join token's allow rules: ${rules.map(describeRule).join("; ")}. Nothing was created: a workload cluster's configuration cannot be changed after creation, so its child could never be joined.`,
            advice: `Add an allow rule that matches it, for example aws_account "${caller.account}" with aws_arn "${caller.arn.replace(/\/[^/]*$/, "/*")}", ${fixIdentity}.`,
        },
    };
}


/***/ }),

/***/ 8864:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ apiRetrier)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4266);


/** Runs parent API calls with retries on transient errors only (never access denied or bad input). */
function apiRetrier(policy, clock, signal) {
    return (fn) => (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L5)(fn, { policy, clock, isTransient: _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isTransientApiError */ .f0, ...(signal ? { signal } : {}) });
}


/***/ }),

/***/ 5679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ describeChanges),
/* harmony export */   n: () => (/* binding */ diffSpec)
/* harmony export */ });
/** The spec as Teleport compares it: the wire form, with empty fields omitted (protojson). */
function normalizeSpec(spec) {
    const out = { regions: (spec.regions ?? []).map((r) => ({ name: r.name ?? "" })) };
    if (spec.bot?.name)
        out.bot = { name: spec.bot.name };
    if (spec.token && (spec.token.join_method || spec.token.allow?.length)) {
        out.token = {
            join_method: spec.token.join_method ?? "",
            allow: (spec.token.allow ?? []).map((a) => ({
                ...(a.aws_account ? { aws_account: a.aws_account } : {}),
                ...(a.aws_arn ? { aws_arn: a.aws_arn } : {}),
            })),
        };
    }
    return out;
}
function diffSpec(declared, live) {
    const changes = [];
    walk(normalizeSpec(declared), normalizeSpec(live), "spec", changes);
    return changes;
}
function walk(a, b, path, out) {
    if (Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.max(a.length, b.length); i++)
            walk(a[i], b[i], `${path}[${i}]`, out);
        return;
    }
    if (isObject(a) && isObject(b)) {
        for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
            walk(a[key], b[key], `${path}.${key}`, out);
        return;
    }
    if (a !== b)
        out.push({ path, declared: a, live: b });
}
function isObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
function describeChanges(changes) {
    const show = (v) => (v === undefined ? "(absent)" : JSON.stringify(v));
    return changes.map((c) => `${c.path}: repository ${show(c.declared)}, parent ${show(c.live)}`).join("; ");
}


/***/ }),

/***/ 2836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ proxyOutput),
/* harmony export */   g: () => (/* binding */ clusterOutput)
/* harmony export */ });
/* harmony import */ var _teleport_webapi_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(777);

function proxyOutput(domain) {
    if (!domain)
        return "";
    try {
        return (0,_teleport_webapi_js__WEBPACK_IMPORTED_MODULE_0__/* .formatProxyAddress */ .uf)((0,_teleport_webapi_js__WEBPACK_IMPORTED_MODULE_0__/* .proxyOfDomain */ ["in"])(domain));
    }
    catch {
        return "";
    }
}
function clusterOutput(cluster, fallbackState = "") {
    const domain = cluster?.status?.domain ?? "";
    return { domain, proxy: proxyOutput(domain), state: cluster?.status?.state ?? fallbackState };
}


/***/ }),

/***/ 1685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f: () => (/* binding */ join),
  L: () => (/* binding */ syncJoinedChild)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
// EXTERNAL MODULE: ./src/teleport/tbot.ts
var tbot = __webpack_require__(2166);
// EXTERNAL MODULE: ./src/teleport/webapi.ts
var webapi = __webpack_require__(777);
;// CONCATENATED MODULE: ./src/join/child.ts



async function joinChild(declared, cluster, options) {
    const arn = options.aws.caller.arn;
    const domain = cluster?.status?.domain;
    const token = declared.spec.bot?.name;
    if (!domain || !token) {
        return {
            arn,
            error: {
                kind: "NotReady",
                message: `${declared.name} cannot be joined: the parent reports ${domain ? "no bot name" : "no domain"} for it`,
            },
        };
    }
    let proxy;
    try {
        proxy = (0,webapi/* formatProxyAddress */.uf)((0,webapi/* proxyOfDomain */["in"])(domain));
    }
    catch (error) {
        return {
            arn,
            error: (0,outcome/* stageError */.v)(`${declared.name}: the parent's domain "${domain}" is not an address: ${error.message}`, undefined, "BadParameter"),
        };
    }
    options.log(`${declared.name}: joining the child ${proxy} with tbot (iam join, token "${token}") as ${arn}`);
    const found = options.http
        ? (0,webapi/* findProxy */.EE)(options.http, (0,webapi/* proxyOfDomain */["in"])(domain), {
            policy: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 10_000 },
            ...(options.signal ? { signal: options.signal } : {}),
        }).catch(() => undefined)
        : undefined;
    try {
        const identityFile = await (0,tbot/* joinWithTbot */.s)({
            tbotPath: options.tbotPath,
            proxy: (0,webapi/* proxyOfDomain */["in"])(domain),
            joinMethod: "iam",
            token,
            tempDir: options.tempDir,
            label: declared.name,
            exec: options.exec,
            env: options.env,
            extraEnv: await options.aws.tbotEnvironment(),
            registerCleanup: options.registerCleanup,
            clock: options.clock,
            log: (m) => options.log(`${declared.name}: ${m}`),
            retryPolicy: {
                attempts: 1000,
                baseDelayMs: 2000,
                maxDelayMs: 15_000,
                deadlineMs: options.childReadyTimeoutMs,
            },
            ...(options.signal ? { signal: options.signal } : {}),
        });
        options.log(`${declared.name}: joined; identity at ${identityFile}`);
        return { identityFile, proxy, arn, ...(found ? { found } : {}) };
    }
    catch (error) {
        const refused = error instanceof tbot/* TbotError */.w && !error.transient;
        const advice = refused && /did not match any allow rules/.test(error.message)
            ? `Teleport compared ${arn} with the allow rules of ${declared.name}'s join token and none matched. Check the rules in ${declared.file}:${declared.line} against this ARN.`
            : error instanceof tbot/* TbotError */.w && error.transient
                ? `The child did not accept the join within child-ready-timeout (${Math.round(options.childReadyTimeoutMs / 1000)} s); a longer timeout may help if the cluster was just created.`
                : undefined;
        return { proxy, arn, error: (0,outcome/* stageError */.v)(error, advice, refused ? "AccessDenied" : undefined) };
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/core/access.ts
// The access vocabulary every layer shares: references to a child's roles, users and any other access kind,
// and the port through which the sync reaches a child (src/teleport/child.ts serves it with tctl and the
// child's identity; tests pass an in-memory child). Resources are plain JSON as Teleport prints them. Kept
// below both the sync and the tctl adapter so that neither has to import the other.
const refKey = (ref) => `${ref.kind}/${ref.name}`;

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/refs.ts
var core_refs = __webpack_require__(9301);
// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(6518);
// EXTERNAL MODULE: ./node_modules/@grpc/grpc-js/build/src/index.js
var src = __webpack_require__(3033);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/teleport/grpc/access-schema.ts
var access_schema = __webpack_require__(7606);
// EXTERNAL MODULE: ./src/teleport/grpc/channel.ts
var channel = __webpack_require__(9531);
// EXTERNAL MODULE: ./src/teleport/grpc/codec.ts
var codec = __webpack_require__(4570);
// EXTERNAL MODULE: ./src/teleport/grpc/errors.ts
var grpc_errors = __webpack_require__(1265);
;// CONCATENATED MODULE: ./src/teleport/grpc/access.ts
// Asks a child's Auth API, over one mutual-TLS gRPC connection through its proxy with the child bot's
// identity (channel.ts), whether objects exist, without starting a tctl process: GetRole / GetUser per name,
// reading only the status code (OK, NotFound), under the same RBAC as `tctl get` (fact B100, B102). It also
// reads the rules of the bot's own role (B101), which the bot may always read (B35), to learn its verbs, and
// mints invite links with the call `tctl users add` makes after creating the user (B117), so that twenty
// links cost twenty concurrent calls on one connection instead of twenty tctl processes. The sync lease, a
// role of the action's that grants nothing, is written with CreateRole and UpdateRole (B119): their
// revision check is what makes one run's take of it exclusive.
// Users written moments ago are read back here too: GetUser returns every field the action owns in a user
// (B120), so their revisions and hashes for the inventory cost no process. Everything else is still read
// and written with tctl, whose parser and printer are Teleport's own (DESIGN section 3).







class AccessProbe {
    options;
    client;
    credentials;
    address;
    constructor(options) {
        this.options = options;
        this.address = (0,webapi/* formatProxyAddress */.uf)(options.proxy);
        this.credentials = new channel/* TlsRoutingCredentials */.EW({ clusterName: options.clusterName, ...options.identity });
        this.client = new src/* Client */.Kj(this.address, this.credentials, {
            "grpc.max_receive_message_length": 64 * 1024 * 1024,
            // An idle connection closes by itself, so a caller that forgets close() does not keep Node alive.
            "grpc.client_idle_timeout_ms": 5_000,
        });
    }
    /** Calls in flight at once for a question about many names. */
    get atOnce() {
        return this.options.concurrency ?? 32;
    }
    /** Opens the connection; rejects with ConnectFailure (channel.ts) when none could be made. */
    connect() {
        return (0,channel/* waitForConnection */.h1)(this.client, this.credentials, this.options.proxy, this.options.connectTimeoutMs ?? 10_000);
    }
    call(kind, request) {
        const method = access_schema/* ACCESS_METHODS */.e[kind];
        const metadata = new src/* Metadata */.OS();
        if (this.options.clientVersion)
            metadata.set("version", this.options.clientVersion);
        return new Promise((resolve, reject) => {
            if (this.options.signal?.aborted) {
                reject(this.options.signal.reason ?? new Error("cancelled"));
                return;
            }
            this.client.makeUnaryRequest(method.path, (value) => (0,codec/* encodeMessage */.mH)(method.request, value), (bytes) => (0,codec/* decodeMessage */.Y8)(method.response, bytes), request, metadata, { deadline: Date.now() + (this.options.callTimeoutMs ?? 30_000) }, (error, response) => {
                if (error)
                    reject(error);
                else
                    resolve(response ?? {});
            });
        });
    }
    /**
     * Whether each object exists, keyed `kind/name`. NotFound is `missing`; a denial (no read verb, where
     * NotFound hides behind AccessDenied: B35) is `unknown`, left for tctl to report. Kinds other than role
     * and user are `unknown`. Any other failure (the connection lost, a deadline) rejects.
     */
    async exists(refs) {
        const answers = await (0,concurrency/* mapLimit */.s)(refs, this.atOnce, (ref) => this.existence(ref));
        return new Map(refs.map((ref, i) => [`${ref.kind}/${ref.name}`, answers[i]]));
    }
    /**
     * Each existing user's `status.password_state` (B118: 0 unspecified, 1 unset, 2 set once they signed up);
     * a user the child says does not exist is left out. A denial or any other failure rejects.
     */
    async passwordStates(names) {
        const answers = await (0,concurrency/* mapLimit */.s)(names, this.atOnce, async (name) => {
            try {
                const answer = (await this.call("user", { name }));
                return answer.user?.status?.password_state ?? 0;
            }
            catch (error) {
                if (error.code === src/* status */.h5.NOT_FOUND)
                    return undefined;
                throw (0,grpc_errors/* fromGrpcStatus */.d)(error, { write: false, address: this.address });
            }
        });
        return new Map(names.flatMap((name, i) => (answers[i] === undefined ? [] : [[name, answers[i]]])));
    }
    /**
     * Users as far as the fields the action owns in them go (B120: metadata, `spec.roles`, `spec.traits`)
     * and `status.password_state`, as JSON keys tctl prints; a user the child says does not exist is null.
     * One with an expiry is undefined: how tctl prints the time is not matched here, so tctl reads it.
     */
    async users(names) {
        const answers = await (0,concurrency/* mapLimit */.s)(names, this.atOnce, async (name) => {
            try {
                return userAsPrinted((await this.call("user", { name })).user ?? {});
            }
            catch (error) {
                if (error.code === src/* status */.h5.NOT_FOUND)
                    return null;
                throw (0,grpc_errors/* fromGrpcStatus */.d)(error, { write: false, address: this.address });
            }
        });
        return new Map(names.map((name, i) => [name, answers[i]]));
    }
    async existence(ref) {
        if (ref.kind !== "role" && ref.kind !== "user")
            return "unknown";
        try {
            await this.call(ref.kind, ref.kind === "role" ? { Name: ref.name } : { name: ref.name });
            return "found";
        }
        catch (error) {
            const code = error.code;
            if (code === src/* status */.h5.NOT_FOUND)
                return "missing";
            if (code === src/* status */.h5.PERMISSION_DENIED)
                return "unknown";
            throw (0,grpc_errors/* fromGrpcStatus */.d)(error, { write: false, address: this.address });
        }
    }
    /** A role's kind, name, revision and allow/deny rules, as JSON keys tctl prints (B101). */
    async roleRules(name) {
        try {
            return (await this.call("role", { Name: name }));
        }
        catch (error) {
            throw (0,grpc_errors/* fromGrpcStatus */.d)(error, { write: false, address: this.address });
        }
    }
    /**
     * Writes `role` only if the child holds it at `revision` (UpdateRole, CompareFailed otherwise) or, for
     * `null`, only if it does not exist yet (CreateRole, AlreadyExists otherwise): fact B119. Answers the
     * stored revision. Only for roles that grant nothing: the message carries metadata and rules alone.
     */
    async swapRole(role, revision) {
        const spec = (role.spec ?? {});
        const grants = Object.entries(spec).some(([key, value]) => key !== "allow" && key !== "deny" ? true : Object.keys(value ?? {}).length > 0);
        if (grants)
            throw new Error(`role ${String(role.metadata?.name)} grants something: write it with tctl`);
        const metadata = { ...(role.metadata ?? {}), ...(revision === null ? {} : { revision }) };
        const message = { kind: role.kind, version: role.version, metadata, spec: { allow: {}, deny: {} } };
        try {
            const stored = await this.call(revision === null ? "createRole" : "updateRole", { Role: message });
            return String(stored.metadata?.revision ?? "");
        }
        catch (error) {
            throw (0,grpc_errors/* fromGrpcStatus */.d)(error, { write: true, address: this.address });
        }
    }
    /**
     * A new invite link for an existing local user: CreateResetPasswordToken of type `invite` (B117), which,
     * like every link, wipes the user's password and MFA devices and voids their earlier links (B51).
     */
    async inviteLink(name, ttlMs) {
        let token;
        try {
            token = await this.call("link", {
                Name: name,
                Type: "invite",
                TTL: (BigInt(Math.round(ttlMs)) * 1000000n).toString(),
            });
        }
        catch (error) {
            throw (0,grpc_errors/* fromGrpcStatus */.d)(error, { write: true, address: this.address });
        }
        const spec = token.spec;
        const expires = token.metadata
            ?.expires;
        if (typeof spec?.url !== "string" || !spec.url)
            throw new Error(`Teleport returned no invite link for ${name}`);
        const ms = expires?.seconds ? Number(expires.seconds) * 1000 + Math.floor((expires.nanos ?? 0) / 1e6) : 0;
        return { url: spec.url, ...(ms ? { expires: new Date(ms).toISOString() } : {}) };
    }
    close() {
        this.client.close();
    }
}
/**
 * A UserV2 message in the shape tctl prints it (F10, B120): empty fields left out, as omitempty does, and a
 * trait without values null, as a Go nil list prints; undefined for a user with an expiry.
 */
function userAsPrinted(message) {
    const m = message;
    const meta = m.metadata ?? {};
    if (meta.expires !== undefined)
        return undefined;
    const traits = Object.fromEntries((m.spec?.traits?.Values ?? []).map((e) => [e.key ?? "", e.value?.Values?.length ? e.value.Values : null]));
    return {
        kind: m.kind ?? "user",
        version: m.version ?? "",
        metadata: {
            name: meta.name ?? "",
            ...(meta.description ? { description: meta.description } : {}),
            ...(meta.labels && Object.keys(meta.labels).length ? { labels: meta.labels } : {}),
            ...(meta.revision ? { revision: meta.revision } : {}),
        },
        spec: {
            ...(m.spec?.roles?.length ? { roles: m.spec.roles } : {}),
            ...(Object.keys(traits).length ? { traits } : {}),
        },
        ...(m.status?.password_state ? { status: { password_state: m.status.password_state } } : {}),
    };
}

// EXTERNAL MODULE: ./src/teleport/identity.ts
var teleport_identity = __webpack_require__(1725);
;// CONCATENATED MODULE: ./src/teleport/tctl-input.ts
// The text handed to `tctl create -f`: documents that decode, under tctl's rules, to exactly the values given.
//
// fact B70: tctl reads its input with Kubernetes' YAML-or-JSON decoder; YAML documents become JSON through
// go-yaml v2, whose YAML 1.1 rules make a plain `no`, `on` or `y` a boolean and `0777` an octal number, and
// Teleport's decoders then refuse a boolean where a string belongs (B71). A YAML 1.2 writer leaves such
// strings unquoted. So every document is written in YAML's flow style with every string double-quoted and
// every key quoted: a quoted scalar is a string in every YAML dialect, and numbers, booleans and null are
// written in forms go-yaml v2 reads back as the same value. JSON itself is not used: a stream whose first
// character is `{` is read as concatenated JSON, where the `---` separators are not allowed, so each document
// starts with a `---` line instead. Only printable ASCII is written: every other character is escaped,
// because YAML 1.1 counts U+0085, U+2028 and U+2029 as line breaks and forbids most control characters raw.
function hex(code, digits) {
    return code.toString(16).toUpperCase().padStart(digits, "0");
}
const SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
};
/** A double-quoted YAML scalar holding exactly `text`. */
function quoteForTctl(text) {
    let out = '"';
    for (const char of text) {
        const code = char.codePointAt(0);
        const short = SHORT_ESCAPES[char];
        if (short)
            out += short;
        else if (code >= 0x20 && code <= 0x7e)
            out += char;
        else if (code >= 0xd800 && code <= 0xdfff) {
            // Half of a surrogate pair on its own: no UTF-8 text, and so no YAML file, can hold it.
            throw new Error(`the text ${JSON.stringify(text.slice(0, 40))} holds an unpaired surrogate, which Teleport cannot read`);
        }
        else if (code <= 0xffff)
            out += `\\u${hex(code, 4)}`;
        else
            out += `\\U${hex(code, 8)}`;
    }
    return `${out}"`;
}
function number(value) {
    if (!Number.isFinite(value))
        throw new Error(`${value} is not a number JSON can hold, so Teleport cannot read it`);
    // JavaScript's shortest form (`12`, `1.5`, `1e+21`, `1e-7`) is a number under go-yaml v2's rules: an integer
    // by ParseInt, anything else by its float pattern, which allows an exponent without a dot.
    return String(value);
}
/** One value in YAML flow style, as go-yaml v2 reads it back to the same JSON value. */
function flowValue(value) {
    if (value === null || value === undefined)
        return "null";
    if (typeof value === "string")
        return quoteForTctl(value);
    if (typeof value === "number")
        return number(value);
    if (typeof value === "boolean")
        return value ? "true" : "false";
    if (Array.isArray(value))
        return `[${value.map((v) => flowValue(v === undefined ? null : v)).join(", ")}]`;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${quoteForTctl(k)}: ${flowValue(v)}`).join(", ")}}`;
}
/** The input of one `tctl create -f`: the documents in order, each on its own `---` line. */
function tctlInput(documents) {
    return documents.map((d) => `---\n${flowValue(d)}\n`).join("");
}

;// CONCATENATED MODULE: ./src/teleport/child.ts
// A child cluster's roles and users through tctl with the child's identity (YAML goes through
// tctl create, whose parser is Teleport's own). The sync's ChildApi port, served with these facts:
// `get` of several references prints YAML only and aborts on the first missing one
// (B6, B35, B36); `create -f` stops at the first error and confirms each success on its own line (B2, B42,
// B44); `users reset` prints the link on a line of its own (B50, B53). Links are minted over the child's Auth
// API when it can be asked (B117), with tctl only as the fallback.
// With an access probe (one gRPC connection to the child's Auth API: grpc/access.ts), the names the child
// reports missing are left out of the `get` before it runs, so a missing name costs no process (B100, B102).










const MAX_RESET_MS = 24 * 3_600_000;
/** fact B119: the refusals of a conditional role write that another write beat (or a delete, for Update). */
const LOST_SWAP = new Set(["CompareFailed", "AlreadyExists", "NotFound"]);
/** A promise opened once, from outside: the first `open` decides. */
function gate() {
    let open = () => { };
    const opened = new Promise((resolve) => {
        open = resolve;
    });
    return { opened, open };
}
/** Consecutive documents that agree on `createOnly`: each run is one tctl process. */
function runsOf(documents) {
    const runs = [];
    for (const d of documents) {
        const last = runs.at(-1);
        if (last && Boolean(last[0].createOnly) === Boolean(d.createOnly))
            last.push(d);
        else
            runs.push([d]);
    }
    return runs;
}
/**
 * At most this many tctl processes at once for one kind's writes (reads: READS_AT_ONCE). Each process pays
 * its start-up and connection once (about 11 round trips at 70 ms: DESIGN section 7), then a round trip per
 * name read (B95) or two per document written (B96): at a distance, three processes read or write three
 * times as fast, and a runner's two cores start three Go processes without strain.
 */
const AT_ONCE = 3;
/**
 * A read goes by at most two: a re-run with nothing to write is all read, and two processes keep it within
 * issue 19's budget of two per no-change run while halving a large read's round trips.
 */
const READS_AT_ONCE = 2;
/** Names per process below which another process costs more than it saves. */
const READS_PER_PROCESS = 10;
/**
 * The same for a read-back while the next kind is written: the run waits for it only if it outlasts that
 * kind's writes, so halving a small read is worth a process.
 */
const READ_BACK_PER_PROCESS = 5;
/**
 * Documents per write process at least: with three, the headline's roles went in three processes instead
 * of two and finished 0.1 s sooner (the runner's two cores start them less quickly): not worth a process.
 */
const WRITES_PER_PROCESS = 4;
/** `items` in up to `atOnce` slices of at least `perProcess`, in order. */
function spreadOver(items, perProcess, atOnce = AT_ONCE) {
    const n = Math.min(atOnce, Math.floor(items.length / perProcess));
    if (n <= 1)
        return [items];
    const size = Math.ceil(items.length / n);
    return Array.from({ length: n }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((c) => c.length);
}
/** Consecutive documents of one kind. */
function kindRuns(documents) {
    const runs = [];
    for (const d of documents) {
        const last = runs.at(-1);
        if (last && last[0].ref.kind === d.ref.kind)
            last.push(d);
        else
            runs.push([d]);
    }
    return runs;
}
/**
 * Whether writing kind after kind, each spread, is quicker than one process for all: in round trips, a
 * process's start-up weighs about as much as four documents. Charged once per kind, although a later
 * kind's processes start beside the first's (writeSpread): that keeps a small batch in one process.
 */
function spreadPays(kinds) {
    const cost = (slices) => slices.length && WRITES_PER_PROCESS * 2 + Math.max(...slices.map((s) => s.length));
    const single = WRITES_PER_PROCESS * 2 + kinds.reduce((n, k) => n + k.length, 0);
    const spread = kinds.reduce((n, k) => n + cost(spreadOver(k, WRITES_PER_PROCESS)), 0);
    return spread < single;
}
/** Linux caps one argument at 128 KiB; a `get` of thousands of names is split well below that. */
const MAX_REFS_ARG = 64 * 1024;
const nameOf = (r) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");
// Any kind tctl prints is taken as it names itself: the adapter serves whatever kinds the sync registers,
// and only references the caller asked for are ever matched against what is read or confirmed.
const kindOf = (r) => typeof r.kind === "string" && r.kind ? r.kind : undefined;
/** `getting resource "NAME" of type "KIND"`: the reference a failed `get` names (fact B35, B7). */
function failedRef(error) {
    const m = /getting resource "((?:[^"\\]|\\.)*)" of type "([a-z_]+)"/.exec(error.message);
    return m ? { kind: m[2], name: JSON.parse(`"${m[1]}"`) } : undefined;
}
function chunks(refs) {
    const out = [];
    let current = [];
    let size = 0;
    for (const ref of refs) {
        // A name ending in an escaping backslash would swallow the comma after it (B8): it is read alone.
        if ((0,core_refs/* escapesNextComma */.DZ)(ref.name)) {
            out.push([ref]);
            continue;
        }
        const length = refKey(ref).length + 1;
        if (current.length && size + length > MAX_REFS_ARG) {
            out.push(current);
            current = [];
            size = 0;
        }
        current.push(ref);
        size += length;
    }
    if (current.length)
        out.push(current);
    return out;
}
/** tctl's line per confirmed document: `role "x" has been created`, `user "x" has been created|updated`. */
const CONFIRMED = /^([a-z_]+) "((?:[^"\\]|\\.)*)" has been (?:created|updated)$/;
class TctlChildApi {
    tctl;
    options;
    count = 0;
    probe;
    /** The child answered CreateRole/UpdateRole with Unimplemented (a Teleport older than them). */
    swapUnsupported = false;
    constructor(tctl, options) {
        this.tctl = tctl;
        this.options = options;
    }
    get processes() {
        return this.count;
    }
    /** `names`: the objects the command is about, so that their names never decide how an error is read. */
    run(args, names, write = false) {
        this.count++;
        return this.tctl.run(args, { write, names });
    }
    openProbe() {
        this.probe ??= (this.options.probe?.() ?? Promise.resolve(undefined)).catch((error) => {
            this.options.log?.(`reading through tctl only: ${error.message}`);
            return undefined;
        });
        return this.probe;
    }
    /** The refs the child does not report missing; all of them when it cannot be asked. */
    async present(refs) {
        const probe = await this.openProbe();
        if (!probe || !refs.length)
            return refs;
        try {
            const existence = await probe.exists(refs);
            return refs.filter((r) => existence.get(refKey(r)) !== "missing");
        }
        catch (error) {
            this.options.log?.(`the existence check failed (${error.message}); reading through tctl only`);
            this.probe = Promise.resolve(undefined);
            probe.close();
            return refs;
        }
    }
    async ownRole(name) {
        return (await this.roleOverGrpc(name, false)) ?? undefined;
    }
    peekRole(name) {
        return this.roleOverGrpc(name, true);
    }
    /** `missingIsAnswer`: NotFound is null (an object that may not exist yet), else a failure to log. */
    async roleOverGrpc(name, missingIsAnswer) {
        const probe = await this.openProbe();
        if (!probe)
            return undefined;
        try {
            return await probe.roleRules(name);
        }
        catch (error) {
            if (missingIsAnswer && error instanceof errors/* TeleportApiError */.st && error.kind === "NotFound")
                return null;
            this.options.log?.(`could not read role ${name} over gRPC: ${error.message}`);
            return undefined;
        }
    }
    async swapRole(role, revision) {
        const probe = this.swapUnsupported ? undefined : await this.openProbe();
        if (!probe)
            return undefined;
        try {
            return await probe.swapRole(role, revision);
        }
        catch (error) {
            if (!(error instanceof errors/* TeleportApiError */.st))
                throw error;
            if (error.kind === "NotImplemented") {
                this.swapUnsupported = true;
                this.options.log?.(`the child does not offer CreateRole/UpdateRole (${error.message}); using tctl`);
                return undefined;
            }
            // Another write came first, or the outcome is unknown: the caller reads the role again either way.
            if (LOST_SWAP.has(error.kind) || error.transient)
                return null;
            throw error;
        }
    }
    async passwordStates(names) {
        const probe = await this.openProbe();
        if (!probe || !names.length)
            return probe ? new Map() : undefined;
        try {
            return await probe.passwordStates(names);
        }
        catch (error) {
            this.options.log?.(`could not read the users' status over gRPC: ${error.message}`);
            return undefined;
        }
    }
    async readOwned(refs) {
        const probe = await this.openProbe();
        if (!probe)
            return undefined;
        const names = refs.filter((r) => r.kind === "user").map((r) => r.name);
        if (!names.length)
            return new Map();
        try {
            const users = await probe.users(names);
            return new Map([...users].flatMap(([name, user]) => (user ? [[refKey({ kind: "user", name }), user]] : [])));
        }
        catch (error) {
            this.options.log?.(`could not read the users over gRPC: ${error.message}`);
            return undefined;
        }
    }
    async close() {
        (await this.probe)?.close();
    }
    async readMany(refs) {
        const out = new Map();
        // A name created after the check is not seen until the next read; one deleted after it is dropped below.
        const present = await this.present(refs);
        // Spread only when the child said which names exist: without that, each process would pay for its
        // own missing names (B6).
        const checked = (await this.openProbe()) !== undefined;
        const slices = checked ? spreadOver(present, READS_PER_PROCESS, READS_AT_ONCE) : [present];
        await Promise.all(slices.map(async (slice) => {
            for (const chunk of chunks(slice))
                await this.readSlice(chunk, out);
        }));
        return out;
    }
    /** One `tctl get` of the references, again without each one the child reports missing. */
    async readSlice(slice, out) {
        let remaining = slice;
        while (remaining.length) {
            let stdout;
            try {
                ({ stdout } = await this.run(["get", (0,core_refs/* joinRefs */.FX)(remaining), "--format=yaml"], remaining.map((r) => r.name)));
            }
            catch (error) {
                const missing = error instanceof errors/* TeleportApiError */.st && error.kind === "NotFound" ? failedRef(error) : undefined;
                if (!missing || !remaining.some((r) => refKey(r) === refKey(missing)))
                    throw error;
                // The first missing name aborts the whole command (fact B6): drop it and read the rest again.
                remaining = remaining.filter((r) => refKey(r) !== refKey(missing));
                continue;
            }
            // tctl prints with go-yaml v2, which quotes every string that YAML 1.1 would read as something else;
            // what it leaves plain reads the same under the YAML 1.2 rules used here.
            for (const doc of (0,dist/* parseAllDocuments */.hR)(stdout)) {
                const value = doc.toJS();
                for (const r of Array.isArray(value) ? value : value ? [value] : []) {
                    const kind = kindOf(r);
                    if (kind)
                        out.set(refKey({ kind, name: nameOf(r) }), r);
                }
            }
            return;
        }
    }
    async list(kind) {
        this.count++;
        return this.tctl.get(kind.plural, (item) => item);
    }
    async writeBatch(documents, options = {}) {
        const applied = [];
        const reads = [];
        const stored = new Map();
        const done = (result) => ({
            ...result,
            applied,
            ...(reads.length ? { stored: Promise.all(reads).then(() => stored) } : {}),
        });
        for (const run of runsOf(documents)) {
            const result = options.spread
                ? await this.writeSpread(run, (refs) => reads.push(this.readBack(refs, options.readBack, stored)))
                : await this.writeRun(run);
            applied.push(...result.applied);
            if (result.failed || result.applied.length < run.length)
                return done(result);
        }
        return done({ applied });
    }
    /**
     * The written objects of `refs` that `wanted` names, read into `stored`; a read that fails leaves them
     * to the caller's own read.
     */
    async readBack(refs, wanted, stored) {
        const due = refs.filter((r) => wanted?.has(refKey(r)));
        if (!due.length)
            return;
        try {
            // Just written, they exist: no existence check first.
            const slices = spreadOver(due, READ_BACK_PER_PROCESS, READS_AT_ONCE);
            await Promise.all(slices.map(async (slice) => {
                for (const chunk of chunks(slice))
                    await this.readSlice(chunk, stored);
            }));
        }
        catch (error) {
            this.options.log?.(`reading back what was written failed (${error.message}); read later`);
        }
    }
    /**
     * Kind after kind (a user's roles before it: B45), each kind's documents by up to AT_ONCE processes at
     * once, when that is quicker than one process; stops after the first kind with a failure. `written` gets
     * each kind's written references when a later kind follows, so they can be read while it is written.
     */
    async writeSpread(run, written) {
        const kinds = kindRuns(run);
        if (!spreadPays(kinds))
            return this.writeRun(run);
        // Every kind's processes start at once: tctl connects before it reads its input (B121), so a later
        // kind's processes connect while the kind before it is written, and get their documents after it.
        const gates = kinds.map(() => gate());
        const started = kinds.map((kind, i) => spreadOver(kind, WRITES_PER_PROCESS).map((s) => this.writeRun(s, i ? gates[i].opened : undefined)));
        // A process that fails before its kind is awaited is not an unhandled rejection; it is read below.
        for (const p of started.flat())
            p.catch(() => { });
        const applied = [];
        try {
            for (const [i, kind] of kinds.entries()) {
                // Cancelled meanwhile, the run starts no further write: these processes stop unfed.
                if (this.tctl.cancelled)
                    return { applied };
                gates[i].open(true);
                const results = await Promise.all(started[i]);
                const refs = results.flatMap((r) => r.applied);
                applied.push(...refs);
                const failed = results.find((r) => r.failed)?.failed;
                if (failed)
                    return { applied, failed };
                if (refs.length < kind.length)
                    return { applied };
                if (i < kinds.length - 1)
                    written(refs);
            }
            return { applied };
        }
        finally {
            // The processes of a kind not reached are stopped before they are given a document.
            for (const g of gates)
                g.open(false);
            await Promise.allSettled(started.flat());
        }
    }
    /**
     * One `tctl create [-f]` of documents that agree on `createOnly`, read from standard input; with
     * `opened`, the process starts now and is given them once `opened` is true (false: it is stopped).
     */
    async writeRun(documents, opened) {
        // Written for tctl's YAML 1.1 reader, so that every string stays a string (tctl-input.ts, fact B70).
        const text = tctlInput(documents.map((d) => d.resource));
        this.count++;
        const result = await this.tctl.attempt(["create", ...(documents[0]?.createOnly ? [] : ["-f"])], {
            write: true,
            names: documents.map((d) => d.ref.name),
            input: opened ? opened.then((go) => (go ? text : undefined)) : text,
        });
        const { stdout, error: failure } = result;
        const confirmed = new Set(stdout
            .split("\n")
            .map((l) => CONFIRMED.exec(l.trim()))
            .filter((m) => m !== null)
            .map((m) => `${m[1]}/${JSON.parse(`"${m[2]}"`)}`));
        const applied = [];
        for (const d of documents) {
            if (!confirmed.has(refKey(d.ref)))
                break;
            applied.push(d.ref);
        }
        if (!failure)
            return { applied };
        const failed = documents[applied.length];
        return failed ? { applied, failed: { ref: failed.ref, error: failure } } : { applied };
    }
    async remove(ref) {
        const { stdout } = await this.run(["rm", (0,core_refs/* tctlRef */.dM)(ref)], [ref.name], true);
        // fact B54, B55, B11: a removal is confirmed by its line; one refactor exited 0 without removing.
        const confirmed = `${ref.kind} ${JSON.stringify(ref.name)} has been deleted`;
        if (!stdout.split("\n").some((line) => line.trim() === confirmed)) {
            throw new errors/* TeleportApiError */.st("Unknown", `tctl rm ${(0,core_refs/* tctlRef */.dM)(ref)} exited 0 but did not confirm the removal`, false);
        }
    }
    async inviteLink(name, ttl) {
        const probe = await this.openProbe();
        const link = probe
            ? await probe.inviteLink(name, (0,duration/* parseDuration */.E)(ttl)).catch((error) => {
                // A server without the call is asked through tctl; any other answer stands.
                if (error instanceof errors/* TeleportApiError */.st && error.kind === "NotImplemented")
                    return undefined;
                throw error;
            })
            : undefined;
        if (link) {
            this.options.mask(link.url);
            return { url: link.url, expires: link.expires ?? this.expiresIn(ttl) };
        }
        // tctl can mint a link for an existing user only as a reset, which lives at most 24h (fact B50).
        const capped = (0,duration/* parseDuration */.E)(ttl) > MAX_RESET_MS ? "24h" : ttl;
        const { stdout } = await this.run(["users", "reset", name, "--ttl", capped], [name], true);
        return this.resetLink(stdout, capped);
    }
    resetLink(stdout, ttl) {
        const url = stdout
            .split("\n")
            .map((l) => l.trim())
            .find((l) => /^https:\/\/\S+\/web\/(invite|reset)\/\S+$/.test(l));
        if (!url)
            throw new errors/* TeleportApiError */.st("Unknown", "tctl users reset printed no reset link", false);
        this.options.mask(url);
        return { url, expires: this.expiresIn(ttl) };
    }
    /** When a link of `ttl` minted now stops working, for a link whose answer does not say. */
    expiresIn(ttl) {
        return new Date((this.options.now?.() ?? Date.now()) + (0,duration/* parseDuration */.E)(ttl)).toISOString();
    }
}
/**
 * The access probe of one child: its cluster name from `/webapi/find` (TLS routing needed: B21), then one
 * connection with the identity tbot wrote. Rejects when either step fails; the caller reads through tctl.
 */
async function openAccessProbe(c) {
    const read = c.readFile ?? ((file) => promises_.readFile(file, "utf8"));
    const identity = (0,teleport_identity/* parseIdentityFile */.M)(await read(c.identityFile));
    const find = (await c.found) ??
        (await (0,webapi/* findProxy */.EE)(c.http, c.proxy, {
            policy: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 10_000 },
            ...(c.signal ? { signal: c.signal } : {}),
        }));
    if (!find.tlsRoutingEnabled || !find.clusterName) {
        throw new Error("the child's proxy does not route its Auth API by ALPN (TLS routing)");
    }
    const probe = new AccessProbe({
        proxy: c.proxy,
        clusterName: find.clusterName,
        identity,
        ...(find.serverVersion ? { clientVersion: find.serverVersion } : {}),
        ...(c.signal ? { signal: c.signal } : {}),
    });
    try {
        await probe.connect();
    }
    catch (error) {
        probe.close();
        throw error;
    }
    return probe;
}

// EXTERNAL MODULE: ./src/teleport/tctl.ts
var teleport_tctl = __webpack_require__(7350);
// EXTERNAL MODULE: ./src/util/canonical-json.ts
var canonical_json = __webpack_require__(1989);
// EXTERNAL MODULE: ./src/sync/kinds/index.ts + 2 modules
var kinds = __webpack_require__(8713);
// EXTERNAL MODULE: ./src/sync/ownership.ts
var ownership = __webpack_require__(7806);
;// CONCATENATED MODULE: ./src/sync/inventory.ts
// What the action owns in a child, kept in the child itself so that it needs only the verbs the guide's bot
// has (no list: fact B56): roles that grant nothing, named after the repository, whose description holds
// the owned objects with the revision and a hash of each as last written. It is read in the same `tctl get`
// as the declared names. The revision tells whether anyone wrote since: server defaults change on read
// without one (fact B41), and a user's signup writes one but changes none of the fields the action owns
// (fact B46), which the hash shows.





/** Objects per inventory role: keeps each role's description far below any backend item limit. */
const PER_SHARD = 250;
function inventoryName(repository, shard = 0) {
    const id = (0,external_node_crypto_.createHash)("sha256").update(repository).digest("hex").slice(0, 10);
    return `workload-cluster-action-inventory-${id}${shard ? `-${shard}` : ""}`;
}
const inventoryRef = (repository, shard = 0) => ({
    kind: "role",
    name: inventoryName(repository, shard),
});
function parseStored(role) {
    const text = role?.metadata?.description;
    if (typeof text !== "string")
        return undefined;
    try {
        const value = JSON.parse(text);
        return value && value.v === 1 && typeof value.objects === "object" ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** How many shards shard 0 says there are (1 when there is no inventory yet). */
function shardCount(first) {
    return parseStored(first)?.shards ?? 1;
}
function readInventory(repository, live) {
    const first = parseStored(live.get(refKey(inventoryRef(repository))));
    if (!first)
        return undefined;
    const entries = new Map();
    for (let shard = 0; shard < first.shards; shard++) {
        const stored = shard === 0 ? first : parseStored(live.get(refKey(inventoryRef(repository, shard))));
        for (const [key, entry] of Object.entries(stored?.objects ?? {}))
            entries.set(key, entry);
    }
    return { entries, shards: first.shards };
}
/** The inventory roles to write: they grant nothing, and carry our ownership label. */
function inventoryDocuments(repository, entries, previousShards = 1) {
    const keys = [...entries.keys()].sort();
    const shards = Math.max(1, Math.ceil(keys.length / PER_SHARD));
    const docs = [];
    // Shards beyond the new count are emptied, not removed: the guide's bot cannot delete.
    for (let shard = 0; shard < Math.max(shards, previousShards); shard++) {
        const objects = Object.fromEntries(keys.slice(shard * PER_SHARD, (shard + 1) * PER_SHARD).map((k) => [k, entries.get(k)]));
        const stored = { v: 1, shard, shards, objects };
        docs.push({
            kind: "role",
            version: "v7",
            metadata: {
                name: inventoryName(repository, shard),
                description: JSON.stringify(stored),
                labels: { [ownership/* MANAGED_BY */.Kf]: repository, [`${ownership/* LABEL_PREFIX */.Ag}inventory`]: "true" },
            },
            spec: { allow: {}, deny: {} },
        });
    }
    return docs;
}
/**
 * The fields of a live object the action owns, as its kind tells (for users only what the action writes,
 * never the status a signup changes), hashed; without our labels or the revision.
 */
function liveHash(kind, live) {
    const labels = Object.fromEntries(Object.entries((0,ownership/* labelsOf */.PC)(live)).filter(([k]) => !k.startsWith(ownership/* LABEL_PREFIX */.Ag)));
    const { revision: _r, labels: _l, ...metadata } = live.metadata ?? {};
    const withLabels = { ...metadata, labels };
    const owned = (0,kinds/* accessKind */.P3)(kind)?.ownedFields(live, withLabels) ?? { ...live, metadata: withLabels };
    return (0,external_node_crypto_.createHash)("sha256").update((0,canonical_json/* canonicalJson */.d)(owned)).digest("hex").slice(0, 32);
}

;// CONCATENATED MODULE: ./src/sync/apply.ts
// Writes a child's access plan in the registry's order (roles before the users that name them): every kind
// in one `tctl create` when no kind has a step that writes before its batch, else kind by kind with the
// kind's own steps around each batch (a pending invite before it). After the batch come the kinds' steps
// that follow it (the new users' invite links: kinds/user.ts). tctl stops a batch at the first error and
// confirms each success (fact B2), so the failing document is reported with its file, line and Teleport's
// text, and the rest go in a further batch, less those that name the refused one.







/** The run was cancelled between two tctl calls; what was written is recorded in the child already. */
class SyncCancelledError extends Error {
    constructor() {
        super("the run was cancelled: the tctl call in flight finished and no further one was started");
    }
}
const WRITES = new Set(["create", "update", "adopt"]);
/** Errors about one document; anything else (no connection, a deadline) stops the batch for all. */
function aboutTheDocument(error) {
    return !(error instanceof errors/* TeleportApiError */.st && (error.transient || error.kind === "ConnectionProblem"));
}
/** One `tctl create -f` of the intent and then `documents`; the result is about `documents` only. */
async function writeWithIntent(api, intent, documents) {
    // Spread, the intent shares its first process with the first roles; it still comes before any link.
    const { applied, failed, stored } = await api.writeBatch([...intent.docs, ...documents], {
        spread: true,
        readBack: new Set(documents.map((d) => refKey(d.ref))),
    });
    const done = new Set(applied.map(refKey));
    if (!intent.docs.every((d) => done.has(refKey(d.ref)))) {
        throw new Error(`could not record the inventory of what the action owns in ${intent.cluster}: ${failed?.error.message ?? "tctl did not confirm it"}`);
    }
    intent.log(`${intent.cluster}: inventory of what this run may create recorded`);
    intent.docs = [];
    const ours = new Set(documents.map((d) => refKey(d.ref)));
    return {
        applied: applied.filter((r) => ours.has(refKey(r))),
        ...(failed && ours.has(refKey(failed.ref)) ? { failed } : {}),
        ...(stored ? { stored } : {}),
    };
}
/**
 * A create-only document refused because the name exists: someone made it after this run read the child
 * (tctl's own text suggests `-f`, which would take it over).
 */
function takenMeanwhile(document, error) {
    if (!document?.createOnly || !(error instanceof errors/* TeleportApiError */.st) || error.kind !== "AlreadyExists")
        return error;
    const ref = refKey(document.ref);
    return new errors/* TeleportApiError */.st("AlreadyExists", `${ref} was created in the child by someone else after this run read it, so it is not written (nor sent a link); if it should be the action's, add it to the adopt input`, false);
}
async function writeInBatches(ctx, documents, intent) {
    const { api, results, log } = ctx;
    let rest = documents;
    while (rest.length) {
        ctx.stopIfCancelled();
        const { applied, failed, stored } = intent.docs.length
            ? await writeWithIntent(api, intent, rest)
            : await api.writeBatch(rest, { spread: true, readBack: new Set(rest.map((d) => refKey(d.ref))) });
        for (const ref of applied)
            results.set(refKey(ref), { status: "written" });
        if (stored)
            ctx.stored.push(stored);
        if (!failed) {
            const unconfirmed = rest.filter((d) => !results.has(refKey(d.ref)));
            for (const d of unconfirmed) {
                results.set(refKey(d.ref), {
                    status: "failed",
                    error: { kind: "Unknown", message: "tctl exited 0 without confirming this document" },
                });
            }
            return;
        }
        const at = rest.findIndex((d) => refKey(d.ref) === refKey(failed.ref));
        const error = takenMeanwhile(rest[at], failed.error);
        results.set(refKey(failed.ref), { status: "failed", error: (0,outcome/* stageError */.v)(error) });
        log(`${refKey(failed.ref)}: Teleport refused it: ${error.message}`);
        // Spread over several processes, documents after the failed one may have been written by another.
        const after = rest.slice(at + 1).filter((d) => !results.has(refKey(d.ref)));
        if (!aboutTheDocument(failed.error)) {
            for (const d of after) {
                results.set(refKey(d.ref), { status: "skipped", reason: `not written: ${failed.error.message}` });
            }
            return;
        }
        rest = after.filter((d) => {
            // A document naming the one refused (a user its role) would be refused too, or get less than declared.
            const references = (0,kinds/* accessKind */.P3)(d.ref.kind)?.references;
            if (references?.kind !== failed.ref.kind || !references.names(d.resource).includes(failed.ref.name))
                return true;
            results.set(refKey(d.ref), {
                status: "skipped",
                reason: `its ${failed.ref.kind} ${failed.ref.name} was not written`,
            });
            return false;
        });
    }
}
async function applyAccess(plan, api, options) {
    const results = settledResults(plan);
    const invites = new Map();
    const inventory = new Map(plan.inventory?.entries ?? []);
    const intent = recordIntents(plan, inventory, options);
    const ctx = {
        cluster: plan.cluster,
        api,
        inviteTtl: options.inviteTtl,
        log: options.log,
        results,
        invites,
        linksSettled: new Set(),
        stopIfCancelled: () => {
            if (options.signal?.aborted)
                throw new SyncCancelledError();
        },
        stored: [],
    };
    // The first write of this repository here: every object is a create, so the intent can be one too.
    const fresh = !plan.inventory;
    if (fresh)
        intent.docs = intent.docs.map((d) => ({ ...d, createOnly: true }));
    let pruneNote;
    try {
        if (plan.items.some((i) => i.invitePending && WRITES.has(i.action))) {
            await writeKindByKind(plan, ctx, options, intent, fresh);
        }
        else {
            await writeAllKinds(plan, ctx, options, intent, fresh);
        }
        ctx.stopIfCancelled();
        pruneNote = await prune(plan, api, results, inventory, options);
    }
    finally {
        // Before the inventory clears their link marks: killed after that, the links are in the file still.
        if (invites.size)
            await options.deliver?.(invites);
    }
    await recordWrites(plan, api, { results, settled: ctx.linksSettled, stored: ctx.stored }, inventory, options);
    return { plan, results, invites, counts: countOutcome(plan, results), ...(pruneNote ? { pruneNote } : {}) };
}
const key = (i) => refKey({ kind: i.kind, name: i.name });
/** The results the plan decides without a write. */
function settledResults(plan) {
    const results = new Map();
    for (const item of plan.items) {
        if (item.action === "unchanged")
            results.set(key(item), { status: "unchanged" });
        if (item.action === "blocked")
            results.set(key(item), { status: "blocked" });
        if (item.action === "conflict")
            results.set(key(item), { status: "conflict" });
        if (item.action === "keep")
            results.set(key(item), { status: "kept", reason: item.reason ?? "" });
    }
    return results;
}
/**
 * Recorded before the first write (folded into it: Intent): every object the run may make, and what it is
 * about to do that Teleport cannot mark as ours at once (a user `tctl users add` creates unlabelled, a link
 * nobody has until the invites file is written), so that a run that stops half-way is finished by the next.
 */
function recordIntents(plan, inventory, options) {
    const intent = { docs: [], cluster: plan.cluster, log: options.log };
    const before = (0,canonical_json/* canonicalJson */.d)(Object.fromEntries(inventory));
    for (const item of plan.items) {
        if (!WRITES.has(item.action))
            continue;
        const k = key(item);
        const adding = item.action === "create" || item.action === "adopt";
        const entry = inventory.get(k) ?? (adding ? { a: (0,ownership/* appliedHash */.GF)(item.declared) } : undefined);
        if (!entry)
            continue;
        const intent = (0,kinds/* accessKind */.P3)(item.kind)?.intent?.(item);
        inventory.set(k, { ...entry, ...(intent?.link ? { l: options.holder ?? "an earlier run" } : {}) });
    }
    if ((0,canonical_json/* canonicalJson */.d)(Object.fromEntries(inventory)) === before)
        return intent;
    intent.docs = inventoryBatch(options.repository, inventory, plan);
    return intent;
}
/**
 * The items whose references were written: an object whose reference was not (a user's role) would be
 * refused (role X is not found) or get less than declared.
 */
function withReferencesWritten(spec, items, attempted, results) {
    const references = spec.references;
    if (!references)
        return items;
    const unwritten = new Set((attempted.get(references.kind) ?? [])
        .filter((i) => results.get(key(i))?.status !== "written")
        .map((i) => i.name));
    return items.filter((i) => {
        const missing = references.names(i.declared).filter((r) => unwritten.has(r));
        if (missing.length)
            results.set(key(i), {
                status: "skipped",
                reason: `its ${references.kind} ${missing.join(", ")} was not written`,
            });
        return !missing.length;
    });
}
const itemsOf = (plan, spec) => plan.items.filter((i) => i.kind === spec.kind && WRITES.has(i.action));
/**
 * A kind's documents as its steps shaped them; items those steps settled are not written. A create never
 * takes over an object made since the read when that costs no process of its own: always for a kind whose
 * steps ask for it (a user), and in the first write of the repository here (`fresh`), where all are creates.
 */
function documentsOf(spec, items, ctx, repository, write, fresh) {
    return items
        .filter((i) => !ctx.results.has(key(i)))
        .map((i) => {
        const extra = write?.extra(i);
        const createOnly = extra?.createOnly || (fresh && i.action === "create");
        return {
            ref: { kind: spec.kind, name: i.name },
            resource: (0,ownership/* documentToWrite */.wb)(i.declared, repository, extra),
            ...(createOnly ? { createOnly: true } : {}),
        };
    });
}
const describeCount = (documents) => (0,kinds/* accessKinds */.c4)()
    .map((k) => [k.kind, documents.filter((d) => d.ref.kind === k.kind).length])
    .filter(([, n]) => n)
    .map(([kind, n]) => `${n} ${kind}(s)`)
    .join(", ");
/**
 * Every kind in one batch, in the registry's order (a user's roles before it: B104), when no kind has a step
 * that writes before its batch: one tctl process for all of them, not one per kind.
 */
async function writeAllKinds(plan, ctx, options, intent, fresh) {
    const writes = [];
    const documents = [];
    await options.lease?.renew();
    for (const spec of (0,kinds/* accessKinds */.c4)()) {
        const items = itemsOf(plan, spec);
        const write = spec.prepareWrite && items.length ? await spec.prepareWrite(items, ctx) : undefined;
        if (write)
            writes.push(write);
        documents.push(...documentsOf(spec, items, ctx, options.repository, write, fresh));
    }
    if (documents.length) {
        ctx.stopIfCancelled();
        ctx.log(`${ctx.cluster}: writing ${describeCount(documents)}`);
        await writeInBatches(ctx, documents, intent);
    }
    for (const write of writes)
        await write.after?.();
}
/** Kind by kind, each batch between the kind's own steps (a pending invite is issued before its batch). */
async function writeKindByKind(plan, ctx, options, intent, fresh) {
    const attempted = new Map();
    for (const spec of (0,kinds/* accessKinds */.c4)()) {
        const all = itemsOf(plan, spec);
        attempted.set(spec.kind, all);
        ctx.stopIfCancelled();
        await options.lease?.renew();
        const items = withReferencesWritten(spec, all, attempted, ctx.results);
        // A kind's steps before its batch write too (a pending invite): the intent goes before them, alone.
        if (spec.prepareWrite && items.some((i) => i.invitePending) && intent.docs.length) {
            await writeWithIntent(ctx.api, intent, []);
        }
        const write = spec.prepareWrite ? await spec.prepareWrite(items, ctx) : undefined;
        const documents = documentsOf(spec, items, ctx, options.repository, write, fresh);
        if (documents.length) {
            ctx.log(`${ctx.cluster}: writing ${describeCount(documents)}`);
            await writeInBatches(ctx, documents, intent);
        }
        await write?.after?.();
    }
}
/** The inventory's roles as one batch's documents, as many shards as before at least (inventory.ts). */
function inventoryBatch(repository, entries, plan) {
    return inventoryDocuments(repository, entries, plan.inventory?.shards ?? 1).map((d) => ({
        ref: { kind: "role", name: d.metadata.name },
        resource: d,
    }));
}
async function writeInventory(api, repository, entries, plan, log, lease, peeks = new Map()) {
    const documents = [...inventoryBatch(repository, entries, plan), ...(lease ? [lease.document] : [])];
    if (await swapAll(api, documents, peeks)) {
        lease?.released();
        log(`${plan.cluster}: inventory of ${entries.size} owned object(s) recorded`);
        return;
    }
    const { applied, failed } = await api.writeBatch(documents);
    if (lease && applied.some((r) => refKey(r) === refKey(lease.document.ref)))
        lease.released();
    if (failed && refKey(failed.ref) !== (lease && refKey(lease.document.ref))) {
        throw new Error(`could not record the inventory of what the action owns in ${plan.cluster}: ${failed.error.message}`);
    }
    log(`${plan.cluster}: inventory of ${entries.size} owned object(s) recorded`);
}
/**
 * The action's own roles that grant nothing (the inventory's, then the lease's release), in order, over the
 * child's Auth API, each at the revision it has now (B119): no tctl process. False when one of them cannot
 * be written that way (no such API, a cancelled run, another write in between): tctl then writes them all.
 * `peeks`: reads of some of them begun earlier (nothing of this run writes them meanwhile).
 */
async function swapAll(api, documents, peeks) {
    if (!api.swapRole || !api.peekRole)
        return false;
    try {
        const now = await Promise.all(documents.map((d) => peeks.get(d.ref.name) ?? api.peekRole(d.ref.name)));
        for (const [i, d] of documents.entries()) {
            const role = now[i];
            if (role === undefined)
                return false;
            const written = await api.swapRole(d.resource, role === null ? null : String(role.metadata?.revision ?? ""));
            if (typeof written !== "string")
                return false;
        }
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Owned objects no longer declared, in the reverse of the write order (users before the roles they name),
 * behind the prune limit, confirmed one by one.
 */
async function prune(plan, api, results, inventory, options) {
    const doomed = plan.items.filter((i) => i.action === "prune");
    if (!doomed.length)
        return undefined;
    const keep = (reason) => {
        for (const i of doomed)
            results.set(refKey(i), { status: "kept", reason });
        options.log(`${plan.cluster}: ${reason}`);
        return reason;
    };
    if (!plan.canDelete) {
        return keep(`would remove ${doomed.map((i) => refKey(i)).join(", ")}, but the child's bot role (${plan.verbs}) lacks the delete verb on ${(0,kinds/* accessKinds */.c4)()
            .map((k) => k.plural)
            .join(" and ")}. A child admin can grant it (add delete to the rule on ${(0,kinds/* accessKinds */.c4)()
            .map((k) => k.kind)
            .join(" and ")} in the role named after spec.bot.name); until then they are kept`);
    }
    const limit = options.pruneLimit ?? 10;
    if (doomed.length > limit) {
        return keep(`${doomed.length} objects would be removed, more than prune-limit (${limit}); none was removed. Check the list, then raise prune-limit to at least ${doomed.length} for one run`);
    }
    for (const item of [...(0,kinds/* accessKinds */.c4)()].reverse().flatMap((k) => doomed.filter((i) => i.kind === k.kind))) {
        if (options.signal?.aborted)
            throw new SyncCancelledError();
        try {
            await api.remove({ kind: item.kind, name: item.name });
            results.set(refKey(item), { status: "removed" });
            inventory.delete(refKey(item));
            options.log(`${plan.cluster}: removed ${refKey(item)} (no longer declared)`);
        }
        catch (error) {
            if (await goneAfterAll(api, item)) {
                results.set(refKey(item), { status: "removed" });
                inventory.delete(refKey(item));
                options.log(`${plan.cluster}: removed ${refKey(item)} (no longer declared; tctl's answer was lost: ${error.message}, but the child no longer has it)`);
                continue;
            }
            // fact B54: a role still in use is refused; the others go on.
            results.set(refKey(item), { status: "failed", error: (0,outcome/* stageError */.v)(error) });
            options.log(`${plan.cluster}: could not remove ${refKey(item)}: ${error.message}`);
        }
    }
    return undefined;
}
/**
 * A removal that failed may still have been committed (the answer lost on the way back), so the object is
 * read again: absent, the removal is done. A read that fails too leaves the removal failed.
 */
async function goneAfterAll(api, ref) {
    try {
        return !(await api.readMany([{ kind: ref.kind, name: ref.name }])).has(key(ref));
    }
    catch {
        return false;
    }
}
/**
 * What was written, as the child holds it now: read back during the batch (an earlier kind while a later one
 * was written), then over the Auth API where it returns the owned fields (users, after their links, which
 * write them: B120), then with tctl.
 */
async function readBackWritten(api, written, stored) {
    const refs = written.map((i) => ({ kind: i.kind, name: i.name }));
    // Those of the last kind are not among the batches' reads: asked at the same time.
    const [reads, owned] = await Promise.all([
        Promise.all(stored),
        refs.length && api.readOwned ? api.readOwned(refs) : undefined,
    ]);
    const out = new Map();
    for (const [k, r] of [...reads.flatMap((m) => [...m]), ...(owned ?? [])])
        if (!out.has(k))
            out.set(k, r);
    const rest = refs.filter((r) => !out.has(refKey(r)));
    if (rest.length)
        for (const [k, r] of await api.readMany(rest))
            out.set(k, r);
    return out;
}
/** The inventory after this run: revisions and hashes as read back, rewritten only when it changed. */
async function recordWrites(plan, api, { results, settled, stored, }, inventory, options) {
    const written = plan.items.filter((i) => results.get(refKey(i))?.status === "written");
    // The inventory's and the lease's revisions, read while the written objects are read back.
    const peeks = new Map();
    if (written.length && api.peekRole) {
        const names = [
            ...inventoryBatch(options.repository, inventory, plan).map((d) => d.ref.name),
            ...(options.lease ? [options.lease.releasing().document.ref.name] : []),
        ];
        for (const name of names) {
            const peek = api.peekRole(name);
            peek.catch(() => { });
            peeks.set(name, peek);
        }
    }
    const readBack = await readBackWritten(api, written, stored);
    for (const item of plan.items) {
        const k = refKey(item);
        const status = results.get(k)?.status;
        // An unchanged object keeps its entry: its hash from a read now could differ by a server default
        // Teleport added on read since (fact B41), and rewriting the inventory for that is a write for nothing.
        const live = status === "written"
            ? readBack.get(k)
            : item.action === "unchanged" && (!inventory.get(k)?.r || item.recordRevision)
                ? item.live
                : undefined;
        if (!live)
            continue;
        // A link still due (it failed, or was never reached) keeps its intent: the next run reports it.
        const link = inventory.get(k)?.l;
        const linkDue = link !== undefined && (item.invitePending || item.action === "create") && !settled.has(item.name);
        inventory.set(k, {
            r: String(live.metadata?.revision ?? ""),
            h: liveHash(item.kind, live),
            a: (0,ownership/* appliedHash */.GF)(item.declared),
            ...(linkDue ? { l: link } : {}),
        });
    }
    for (const k of plan.vanished)
        inventory.delete(k);
    const before = (0,canonical_json/* canonicalJson */.d)(Object.fromEntries(plan.inventory?.entries ?? []));
    if ((0,canonical_json/* canonicalJson */.d)(Object.fromEntries(inventory)) !== before) {
        // The lease is released in the same batch, after the inventory: tctl writes it only if the inventory was.
        await writeInventory(api, options.repository, inventory, plan, options.log, options.lease?.releasing(), peeks);
    }
}
function countOutcome(plan, results) {
    const counts = {
        created: 0,
        updated: 0,
        adopted: 0,
        unchanged: 0,
        blocked: 0,
        failed: 0,
        removed: 0,
        kept: 0,
    };
    for (const item of plan.items) {
        const r = results.get(refKey({ kind: item.kind, name: item.name }));
        if (r?.status === "written") {
            if (item.action === "create")
                counts.created++;
            else if (item.action === "adopt")
                counts.adopted++;
            else
                counts.updated++;
        }
        else if (r?.status === "unchanged")
            counts.unchanged++;
        else if (r?.status === "blocked" || r?.status === "conflict")
            counts.blocked++;
        else if (r?.status === "removed")
            counts.removed++;
        else if (r?.status === "kept")
            counts.kept++;
        else
            counts.failed++;
    }
    return counts;
}

// EXTERNAL MODULE: ./src/sync/labels.ts
var labels = __webpack_require__(7048);
;// CONCATENATED MODULE: ./src/sync/lease.ts
// One write run per repository and child at a time: a lease kept in the child, like the inventory a role that
// grants nothing, whose description names the run holding it and when the lease ends. Two applies at once
// would otherwise both issue links (each voiding the other's: fact B51) and race on the inventory.
// Where the child's Auth API answers, the lease is taken with CreateRole (only if there is none) or UpdateRole
// (only at the revision this run read): B119. Whoever's write the child accepts holds it; the other run
// reads again and waits. Without that API, `tctl create -f` upserts with no revision check (fact B85), so
// taking the lease is a write followed by a wait and a read that must still show this run: whoever wrote
// last holds it, and a run whose read was not fresh writes nothing. A run that dies keeps the lease until
// it ends (TTL_MS); a longer sync renews it.



/** How long a lease lasts without renewal: a run renews it when half of it is gone. */
const TTL_MS = 2 * 60_000;
/** How long a run waits for another run's lease before it stops with an error naming that run. */
const WAIT_MS = 10 * 60_000;
/** Between a run's own read of a free lease and its write; an older read is read again. */
const FRESH_MS = 500;
/** After the write, before the read that confirms it: longer than another run's read-to-write (FRESH_MS + the write). */
const SETTLE_MS = 2_000;
const POLL_MS = 5_000;
function leaseName(repository) {
    const id = (0,external_node_crypto_.createHash)("sha256").update(repository).digest("hex").slice(0, 10);
    return `workload-cluster-action-lease-${id}`;
}
function parse(role) {
    try {
        const value = JSON.parse(String(role?.metadata?.description ?? ""));
        return value?.v === 1 && typeof value.holder === "string" ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function leaseDocument(repository, stored) {
    return {
        kind: "role",
        version: "v7",
        metadata: {
            name: leaseName(repository),
            description: JSON.stringify(stored),
            // The inventory label keeps it out of pruning and of the owned objects, like the inventory.
            labels: { [labels/* MANAGED_BY */.Kf]: repository, [`${labels/* LABEL_PREFIX */.Ag}inventory`]: "lease" },
        },
        spec: { allow: {}, deny: {} },
    };
}
const revisionOf = (role) => role ? String(role.metadata?.revision ?? "") : null;
/** Over gRPC when the child can be asked that way (no tctl process), else with tctl. */
async function readLease(api, repository) {
    const ref = { kind: "role", name: leaseName(repository) };
    const peeked = await api.peekRole?.(ref.name);
    const role = peeked !== undefined ? (peeked ?? undefined) : (await api.readMany([ref])).get(refKey(ref));
    const stored = parse(role);
    return { ...(stored ? { stored } : {}), revision: revisionOf(role) };
}
/** The lease (its revision null: none) if it can be read without a tctl process, else undefined. */
async function leaseSeen(api, repository) {
    const peeked = await api.peekRole?.(leaseName(repository));
    if (peeked === undefined)
        return undefined;
    const stored = parse(peeked ?? undefined);
    return { ...(stored ? { stored } : {}), revision: revisionOf(peeked ?? undefined) };
}
const leaseBatch = (repository, stored) => ({
    ref: { kind: "role", name: leaseName(repository) },
    resource: leaseDocument(repository, stored),
});
const RELEASED = { v: 1, holder: "", expires: "" };
async function writeLease(api, repository, stored) {
    const { failed } = await api.writeBatch([leaseBatch(repository, stored)]);
    if (failed)
        throw new Error(`could not write the sync lease: ${failed.error.message}`);
}
/** Conditional takes another write beat in a row before the run gives up (each is followed by a read). */
const MAX_LOST = 5;
/** Takes the lease, waiting (at most WAIT_MS) while another run holds it. */
async function acquireLease(api, o) {
    const { clock } = o;
    // Counted in polls, not read from the clock, so that the wait is bounded by what the run slept.
    let waited = 0;
    let waitingFor = "";
    let lost = 0;
    let seen = o.seen;
    for (;;) {
        // The read before the plan serves the first take; a tctl fallback never writes on a read that old.
        const readAt = seen ? Number.NEGATIVE_INFINITY : clock.now();
        const read = seen ?? (await readLease(api, o.repository));
        const firstTake = seen !== undefined;
        seen = undefined;
        const current = read.stored;
        const other = current?.holder && current.holder !== o.holder && Date.parse(current.expires) > clock.now();
        if (other) {
            if (waited >= WAIT_MS) {
                throw new Error(`another run of ${o.repository} is syncing ${o.cluster}: ${current.holder} holds its lease until ${current.expires}; waited ${WAIT_MS / 60_000} min. Run again once it has finished. If that run is gone (a lost runner), its lease ends at ${current.expires}, or a child admin may remove role ${leaseName(o.repository)} now`);
            }
            if (waitingFor !== current.holder) {
                o.log(`${o.cluster}: waiting for ${current.holder}, which is syncing this child (lease until ${current.expires})`);
                waitingFor = current.holder;
            }
            await clock.sleep(POLL_MS);
            waited += POLL_MS;
            continue;
        }
        const untouched = o.seen !== undefined && read.revision === o.seen.revision;
        const expires = clock.now() + TTL_MS;
        const taken = await take(api, o, read.revision, readAt, expires);
        if (taken === null) {
            // At the revision seen before the plan, another write since is no contest lost: read and try again.
            if (firstTake)
                continue;
            lost++;
            if (lost >= MAX_LOST) {
                throw new Error(`could not take the sync lease of ${o.cluster}: another write to role ${leaseName(o.repository)} came first ${MAX_LOST} times in a row`);
            }
            continue;
        }
        return heldLease(api, o, { untouched, expires, revision: taken === "unchecked" ? undefined : taken });
    }
}
const holding = (o, expires) => ({
    v: 1,
    holder: o.holder,
    expires: new Date(expires).toISOString(),
});
/**
 * One attempt to take the free lease read at `revision`: the new revision when the child checked it
 * (CreateRole / UpdateRole, B119: nobody can have written in between), "unchecked" when it was written with
 * tctl and confirmed after a settle (B85), null when another write came first (read it again).
 */
async function take(api, o, revision, readAt, expires) {
    const stored = holding(o, expires);
    const swapped = await api.swapRole?.(leaseDocument(o.repository, stored), revision);
    if (swapped !== undefined)
        return swapped;
    if (o.clock.now() - readAt > FRESH_MS)
        return null;
    await writeLease(api, o.repository, stored);
    await o.clock.settle(SETTLE_MS);
    return (await readLease(api, o.repository)).stored?.holder === o.holder ? "unchecked" : null;
}
function heldLease(api, o, taken) {
    let { expires, revision } = taken;
    let released = false;
    /** With the revision known, only over the lease as this run left it; else with tctl. */
    const rewrite = async (stored) => {
        if (revision !== undefined) {
            // A cancelled run's Auth connection refuses new calls; tctl's write is let finish (tctl.ts).
            const swapped = await api
                .swapRole?.(leaseDocument(o.repository, stored), revision)
                .catch(() => undefined);
            if (typeof swapped === "string") {
                revision = swapped;
                return true;
            }
            if (swapped === null) {
                // Lost answer or another write: the lease as it is now says which.
                const now = await readLease(api, o.repository);
                if (now.stored?.holder !== stored.holder || now.stored.expires !== stored.expires)
                    return false;
                revision = now.revision ?? undefined;
                return true;
            }
        }
        await writeLease(api, o.repository, stored);
        return true;
    };
    return {
        untouched: taken.untouched,
        checked: taken.revision !== undefined,
        renew: async () => {
            if (expires - o.clock.now() > TTL_MS / 2)
                return;
            const next = o.clock.now() + TTL_MS;
            if (!(await rewrite(holding(o, next)))) {
                throw new Error(`${o.cluster}: the sync lease (role ${leaseName(o.repository)}) was changed by someone else while this run held it; stopping before writing more`);
            }
            expires = next;
        },
        release: async () => {
            if (!released)
                await rewrite(RELEASED);
            released = true;
        },
        releasing: () => ({
            document: leaseBatch(o.repository, RELEASED),
            released: () => {
                released = true;
            },
        }),
    };
}

// EXTERNAL MODULE: ./src/manifests/access.ts
var access = __webpack_require__(5146);
// EXTERNAL MODULE: ./src/sync/diff.ts
var diff = __webpack_require__(7552);
;// CONCATENATED MODULE: ./src/sync/verbs.ts

const VERBS = ["list", "read", "create", "update", "delete"];
const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
function rulesOf(resource, side) {
    const conditions = resource.spec?.[side];
    return Array.isArray(conditions?.rules) ? conditions.rules : [];
}
function grants(rule, kind, verb) {
    const resources = strings(rule.resources);
    const verbs = strings(rule.verbs);
    return ((resources.includes(kind) || resources.includes("*")) && (verbs.includes(verb) || verbs.includes("*")));
}
/**
 * The verbs the role grants on each registered kind. A rule with a `where` clause grants only for the objects it
 * matches, so it is not counted (the sync must work without it); a deny rule removes a verb even with one.
 */
function botVerbs(role) {
    const out = Object.fromEntries((0,kinds/* accessKinds */.c4)().map((k) => [k.kind, new Set()]));
    for (const { kind } of (0,kinds/* accessKinds */.c4)()) {
        for (const verb of VERBS) {
            const allowed = rulesOf(role, "allow").some((r) => !r.where && grants(r, kind, verb));
            const denied = rulesOf(role, "deny").some((r) => grants(r, kind, verb));
            if (allowed && !denied)
                out[kind].add(verb);
        }
    }
    return out;
}
const canList = (verbs, kind) => (verbs[kind]?.has("list") && verbs[kind]?.has("read")) ?? false;
function describeVerbs(verbs) {
    return (0,kinds/* accessKinds */.c4)()
        .map(({ kind }) => `${kind}: ${[...(verbs[kind] ?? [])].join(", ") || "none"}`)
        .join("; ");
}

;// CONCATENATED MODULE: ./src/sync/plan.ts
// What the sync would do to each declared object of one child, of every registered kind: create, update
// (with the fields), unchanged, adopt (take over an existing object the adopt input names) or blocked (exists and is not
// ours, or belongs to Teleport). Unchanged is decided by our applied-hash label against the repository, so
// server defaults (fact B41) never cause a rewrite and a re-run writes nothing.







const INVENTORY_LABEL = `${ownership/* LABEL_PREFIX */.Ag}inventory`;
/** The objects to read: the declared ones and the objects they reference that the repository does not declare. */
function refsToRead(declared) {
    const refs = declared.map((d) => ({ kind: d.kind, name: d.name }));
    const seen = new Set(refs.map(refKey));
    for (const d of declared) {
        const references = (0,kinds/* accessKind */.P3)(d.kind)?.references;
        for (const name of references?.names(d.resource) ?? []) {
            const ref = { kind: references.kind, name };
            if (seen.has(refKey(ref)) || references.builtIn.includes(name))
                continue;
            seen.add(refKey(ref));
            refs.push(ref);
        }
    }
    return refs;
}
function adopts(adopt, cluster, ref) {
    const key = refKey(ref);
    return adopt.includes(key) || adopt.includes(`${cluster}:${key}`);
}
function planAccess(declared, state, ctx) {
    const declaredKeys = new Set(declared.map((d) => refKey(d)));
    const items = declared.map((d) => planItem(d, state, ctx, declaredKeys));
    items.push(...pruneItems(declared, state, ctx));
    const vanished = [...(state.inventory?.entries.keys() ?? [])].filter((k) => !declaredKeys.has(k) && !state.live.has(k));
    return {
        cluster: ctx.cluster,
        items,
        vanished,
        verbs: describeVerbs(state.verbs),
        notes: [...planNotes(state, ctx), ...vanishedNotes(vanished, ctx)],
        canDelete: (0,kinds/* accessKinds */.c4)().every((k) => state.verbs[k.kind]?.has("delete")),
        ...(state.inventory ? { inventory: state.inventory } : {}),
        presets: new Map(access/* PRESET_ROLES */.sZ.flatMap((name) => {
            const live = state.live.get(refKey({ kind: "role", name }));
            return live ? [[name, live]] : [];
        })),
    };
}
function planItem(d, state, ctx, declaredKeys) {
    const ref = { kind: d.kind, name: d.name };
    const live = state.live.get(refKey(ref));
    const base = {
        kind: d.kind,
        name: d.name,
        file: d.file,
        line: d.line,
        ...(d.overrides ? { overrides: d.overrides } : {}),
        ...(d.fieldLines ? { fieldLines: d.fieldLines } : {}),
        declared: d.resource,
        ...(live ? { live } : {}),
    };
    const missing = missingReferences(d, state, ctx, declaredKeys);
    if (missing)
        return { ...base, action: "blocked", reason: missing };
    if (!live) {
        const deleted = state.inventory?.entries.get(refKey(ref))?.r !== undefined;
        return { ...base, action: "create", ...(deleted ? { origin: "deleted" } : {}) };
    }
    const owner = (0,ownership/* ownershipOf */.VL)(ref, live, ctx.repository, ctx.botName);
    if (owner.owner === "teleport") {
        return {
            ...base,
            action: "blocked",
            reason: `${refKey(ref)} is ${owner.why}; the action never changes it`,
        };
    }
    const entry = state.inventory?.entries.get(refKey(ref));
    // A user `tctl users add` made for a run that stopped before its labelled spec: that run recorded the
    // intent first, so the user is finished as the action's own, not blocked.
    const finishing = owner.owner === "none" && entry?.i === "add" && entry.r === undefined;
    if (owner.owner !== "us" && !finishing) {
        const whose = owner.owner === "none"
            ? "exists in the child and was not written by this action"
            : `is managed by ${owner.repository}`;
        return notOurs(base, ref, live, whose, ctx);
    }
    return planOwned(base, ref, live, state, finishing);
}
/** Why Teleport would refuse the object: what it references exists neither in the repository nor the child. */
function missingReferences(d, state, ctx, declaredKeys) {
    const references = (0,kinds/* accessKind */.P3)(d.kind)?.references;
    if (!references)
        return undefined;
    const { kind } = references;
    const missing = references
        .names(d.resource)
        .filter((name) => !declaredKeys.has(refKey({ kind, name })) &&
        !references.builtIn.includes(name) &&
        !state.live.has(refKey({ kind, name })));
    if (!missing.length)
        return undefined;
    const many = missing.length > 1;
    return `its ${kind}${many ? "s" : ""} ${missing.join(", ")} exist${many ? "" : "s"} neither in the repository nor in the child ${ctx.cluster}; Teleport would refuse the ${d.kind} (${kind} ${missing[0]} is not found)`;
}
/** An object the action did not write: adopted when the adopt input names it, else blocked. */
function notOurs(base, ref, live, whose, ctx) {
    if (adopts(ctx.adopt, ctx.cluster, ref)) {
        return { ...base, action: "adopt", reason: whose, changes: (0,diff/* diffResource */.b)(base.declared, live) };
    }
    return {
        ...base,
        action: "blocked",
        reason: `${refKey(ref)} ${whose}`,
        adoptEntry: `${ctx.cluster}:${refKey(ref)}`,
    };
}
/** An owned object: who changed it since the action's last write decides between update and conflict. */
function planOwned(base, ref, live, state, finishing) {
    const kind = (0,kinds/* accessKind */.P3)(ref.kind);
    const entry = state.inventory?.entries.get(refKey(ref));
    // A link an earlier run began to issue and never delivered is due again, unless the user signed up
    // since: a new link would wipe their password and MFA devices (B46, B51).
    const undelivered = entry?.l;
    const labelledPending = kind?.pendingWrite?.(live) ?? false;
    const linkDue = (labelledPending || undelivered !== undefined) && !kind?.signedUp?.(live);
    const pending = labelledPending || linkDue || finishing;
    const label = (0,ownership/* labelsOf */.PC)(live)[ownership/* APPLIED_HASH */.rs];
    // Our own write whose answer never arrived (a kill, a lost response): only this action writes the
    // applied-hash label, so a label other than the one recorded is that write, and its revision is ours.
    const unrecorded = entry !== undefined && label !== undefined && label !== entry.a;
    const lastApplied = unrecorded ? label : (entry?.a ?? label);
    const gitChanged = lastApplied !== (0,ownership/* appliedHash */.GF)(base.declared);
    const childChanged = !unrecorded &&
        entry?.r !== undefined &&
        live.metadata?.revision !== entry.r &&
        entry.h !== liveHash(ref.kind, live);
    const changes = (0,diff/* diffResource */.b)(base.declared, live);
    if (gitChanged && childChanged) {
        return {
            ...base,
            action: "conflict",
            origin: "conflict",
            changes,
            reason: `${refKey(ref)} changed in the repository and, outside the action, in the child (revision ${live.metadata?.revision}); it is not overwritten. Settle it by hand: put what should stay into the repository, then run again (or restore the child's copy)`,
        };
    }
    const link = undelivered !== undefined ? { undelivered } : {};
    if (!gitChanged && !childChanged && !pending) {
        const record = unrecorded || undelivered !== undefined;
        return { ...base, action: "unchanged", ...link, ...(record ? { recordRevision: true } : {}) };
    }
    return {
        ...base,
        action: "update",
        changes,
        ...(childChanged ? { origin: "drift" } : gitChanged ? { origin: "pending" } : {}),
        ...(linkDue ? { invitePending: true } : {}),
        ...(finishing ? { finishing: true } : {}),
        ...link,
    };
}
function planNotes(state, ctx) {
    const notes = [];
    const unlisted = (0,kinds/* accessKinds */.c4)().filter((k) => !state.listed[k.kind]);
    if (unlisted.length) {
        notes.push(`The child's bot may not list ${unlisted.map((k) => k.plural).join(" or ")} (verbs ${describeVerbs(state.verbs)}): only the declared names were read.`);
    }
    notes.push(...undeliveredNotes(state, ctx));
    const unrecorded = [...state.live.entries()].filter(([k, r]) => state.listed[k.split("/")[0]] &&
        (0,ownership/* labelsOf */.PC)(r)[ownership/* MANAGED_BY */.Kf] === ctx.repository &&
        (0,ownership/* labelsOf */.PC)(r)[INVENTORY_LABEL] === undefined &&
        !state.inventory?.entries.has(k));
    if (unrecorded.length && state.inventory) {
        notes.push(`Owned (labelled ${ownership/* MANAGED_BY */.Kf}: ${ctx.repository}) but missing from the inventory: ${unrecorded.map(([k]) => k).join(", ")}; they are recorded on the next write.`);
    }
    return notes;
}
function vanishedNotes(vanished, ctx) {
    if (!vanished.length)
        return [];
    return [
        `No longer declared and already gone from ${ctx.cluster}: ${vanished.join(", ")} (an earlier removal whose answer was lost, or removed by hand); a write run drops them from the inventory.`,
    ];
}
/** Users whose link an interrupted run began to issue and never delivered: who, and what happens now. */
function undeliveredNotes(state, ctx) {
    const notes = [];
    for (const [k, entry] of state.inventory?.entries ?? []) {
        const live = state.live.get(k);
        if (entry.l === undefined || !live)
            continue;
        const kind = (0,kinds/* accessKind */.P3)(k.split("/")[0]);
        const name = k.slice(k.indexOf("/") + 1);
        notes.push(kind?.signedUp?.(live)
            ? `${k} in ${ctx.cluster}: a link issued by ${entry.l} never reached an invites file, but the user has signed up since; no new link is issued.`
            : `${k} in ${ctx.cluster}: a link issued by ${entry.l} never reached an invites file (that run stopped first, or the link failed), so nobody has it. A write run issues a new one (which voids the old) into its invites file: send ${name} that one.`);
    }
    return notes;
}
/** Owned objects no longer declared here: from the inventory, and from the ownership label where listed. */
function pruneItems(declared, state, ctx) {
    const declaredKeys = new Set(declared.map((d) => refKey({ kind: d.kind, name: d.name })));
    const keys = new Set(state.inventory?.entries.keys() ?? []);
    for (const [k, r] of state.live) {
        if ((0,ownership/* labelsOf */.PC)(r)[ownership/* MANAGED_BY */.Kf] === ctx.repository && (0,ownership/* labelsOf */.PC)(r)[INVENTORY_LABEL] === undefined)
            keys.add(k);
    }
    const out = [];
    for (const key of [...keys].sort()) {
        if (declaredKeys.has(key))
            continue;
        const live = state.live.get(key);
        if (!live)
            continue;
        const ref = { kind: key.split("/")[0], name: key.slice(key.indexOf("/") + 1) };
        // Only what is ours now: a label someone changed, or a Teleport object, is never removed.
        if ((0,ownership/* ownershipOf */.VL)(ref, live, ctx.repository, ctx.botName).owner !== "us")
            continue;
        out.push({
            ...ref,
            file: "",
            line: 0,
            action: ctx.prune ? "prune" : "keep",
            reason: ctx.prune ? "no longer declared" : "no longer declared (kept: prune is off)",
            declared: live,
            live,
        });
    }
    return out;
}
function describeItem(item) {
    const what = `${item.kind}/${item.name}`;
    switch (item.action) {
        case "update":
            return `${what}: update${item.finishing ? " (created by an interrupted run of this action: finished now)" : ""}${item.origin === "drift" ? " (changed outside the action)" : ""}${item.changes?.length ? ` (${item.changes.map(diff/* describeChange */.u).join("; ")})` : ""}${item.invitePending ? "; its invite is issued now" : ""}`;
        case "adopt":
            return `${what}: adopt (${item.reason})`;
        case "conflict":
            return `${what}: conflict, not corrected: ${item.reason}${item.changes?.length ? ` (${item.changes.map(diff/* describeChange */.u).join("; ")})` : ""}`;
        case "prune":
        case "keep":
            return `${what}: ${item.reason}`;
        case "blocked":
            return `${what}: blocked: ${item.reason}${item.adoptEntry ? `; to take it over, add "${item.adoptEntry}" to the adopt input` : ""}`;
        default:
            return `${what}: ${item.action}${item.overrides ? ` (overrides ${item.overrides.file}:${item.overrides.line})` : ""}`;
    }
}

;// CONCATENATED MODULE: ./src/sync/read.ts
// Reads what the sync needs from a child in as few tctl processes as the bot's verbs allow, for every kind
// registered. The bot's verbs come from its own role, read over gRPC when the child answers it (B101).
// With `list` (or with the verbs unknown) `tctl get roles` (JSON) returns every role, the bot's own and the
// inventory among them, in one process, and `tctl get users` (each further kind) follows when it may be
// listed too (two processes for any size of child). Without `list` (the guide's bot: facts B33, B34) the
// inventory and the declared names are read in one `tctl get` of several references, after the child said
// over gRPC which of them exist (B100), so a missing name costs nothing; then the inventory's other shards,
// and the owned objects no longer declared, in one more each: at most three processes, none for a child
// that holds none of the names. Without gRPC, each name Teleport reports missing costs a process (B6).





const read_nameOf = (r) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");
function dedupe(refs) {
    const seen = new Set();
    return refs.filter((r) => {
        const k = refKey(r);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
async function tryList(api, kind) {
    try {
        return await api.list(kind);
    }
    catch (error) {
        if (error instanceof errors/* TeleportApiError */.st && error.kind === "AccessDenied")
            return undefined;
        throw error;
    }
}
/**
 * `ownRole`: the bot's own role asked already (readChild asks it otherwise): no other run writes it, so it
 * may be read before the lease's revision is, in the same round trip.
 */
async function readChild(api, botName, wanted, repository = "", ownRole) {
    const live = new Map();
    const [first, ...others] = (0,kinds/* accessKinds */.c4)();
    const listed = Object.fromEntries((0,kinds/* accessKinds */.c4)().map((k) => [k.kind, false]));
    const inventory0 = repository ? [inventoryRef(repository)] : [];
    const ownRef = { kind: "role", name: botName };
    // The bot's own role over gRPC when the child answers it (no process); else through tctl below.
    const rules = await (ownRole ?? api.ownRole?.(botName));
    let verbs = rules ? botVerbs(rules) : undefined;
    // Without the verbs known, the roles are listed first, the bot's own among them; with them, only if allowed.
    if ((!verbs || canList(verbs, first.kind)) && (await listInto(api, first, live)))
        listed[first.kind] = true;
    else {
        const refs = dedupe([...(verbs ? [] : [ownRef]), ...inventory0, ...wanted]);
        for (const [k, v] of await api.readMany(refs))
            live.set(k, v);
    }
    if (!verbs) {
        const ownRole = live.get(refKey(ownRef));
        if (!ownRole)
            throw new Error(`cannot read role ${botName}, the role of the bot this action joined as`);
        verbs = botVerbs(ownRole);
    }
    for (const kind of others) {
        if (listed[first.kind] && canList(verbs, kind.kind) && (await listInto(api, kind, live))) {
            listed[kind.kind] = true;
        }
    }
    await readSecondPass(api, live, listed, wanted, others, repository);
    const inventory = repository ? readInventory(repository, live) : undefined;
    if (inventory)
        await readOwned(api, live, listed, wanted, inventory);
    return { verbs, live, listed, ...(inventory ? { inventory } : {}) };
}
async function listInto(api, kind, live) {
    const resources = await tryList(api, kind);
    for (const r of resources ?? [])
        live.set(refKey({ kind: kind.kind, name: read_nameOf(r) }), r);
    return resources !== undefined;
}
/**
 * What only the first read could name (inventory shards, owned objects no longer declared), and, after a
 * list of the first kind, the declared objects of the kinds that could not be listed.
 */
async function readSecondPass(api, live, listed, wanted, others, repository) {
    const more = [];
    if (repository) {
        const shards = shardCount(live.get(refKey(inventoryRef(repository))));
        for (let shard = 1; shard < shards; shard++)
            more.push(inventoryRef(repository, shard));
    }
    // Unlisted, the first read asked for every declared name already (readChild).
    const firstListed = listed[(0,kinds/* accessKinds */.c4)()[0].kind] === true;
    for (const { kind } of others) {
        if (firstListed && !listed[kind])
            more.push(...wanted.filter((r) => r.kind === kind && !live.has(refKey(r))));
    }
    if (more.length)
        for (const [k, v] of await api.readMany(dedupe(more)))
            live.set(k, v);
}
async function readOwned(api, live, listed, wanted, inventory) {
    const owned = [...inventory.entries.keys()]
        .map((k) => ({ kind: k.split("/")[0], name: k.slice(k.indexOf("/") + 1) }))
        .filter((r) => !listed[r.kind] && !live.has(refKey(r)) && !wanted.some((w) => refKey(w) === refKey(r)));
    if (owned.length)
        for (const [k, v] of await api.readMany(owned))
            live.set(k, v);
}

;// CONCATENATED MODULE: ./src/sync/stage.ts
// The sync stage of a tenant's pipeline: read the child's roles and users with the identity the join stage
// produced, plan, and (unless planning) write. Blocked objects and refused writes fail the stage after
// every other object was written.








function tctlChild(c) {
    const proxy = (0,webapi/* parseProxyAddress */.u)(c.proxy);
    const http = c.http;
    const tctl = new teleport_tctl/* Tctl */.SE({
        tctlPath: c.tctlPath,
        proxy,
        identityFile: c.identityFile,
        exec: c.exec,
        env: c.env,
        ...(c.signal ? { signal: c.signal } : {}),
    });
    return new TctlChildApi(tctl, {
        mask: c.mask,
        ...(c.log ? { log: c.log } : {}),
        ...(http
            ? {
                probe: () => openAccessProbe({
                    http,
                    proxy,
                    identityFile: c.identityFile,
                    ...(c.found ? { found: c.found } : {}),
                    ...(c.signal ? { signal: c.signal } : {}),
                }),
            }
            : {}),
    });
}
async function syncChild(api, options) {
    const leasing = options.write && options.holder && options.clock;
    const own = api.ownRole?.(options.botName);
    const seen = leasing ? await leaseSeen(api, options.repository) : undefined;
    const plan = await readAndPlan(api, options, own);
    // A run with nothing to write takes no lease, so a re-run writes nothing at all; one that writes takes
    // it, then reads and plans again unless nobody took the lease since before the first read: what another
    // run did while this one waited is not done twice.
    if (!leasing || !needsWrite(plan))
        return decideAndWrite(api, options, plan);
    const lease = await acquireLease(api, {
        cluster: options.cluster,
        repository: options.repository,
        holder: options.holder,
        clock: options.clock,
        log: options.log,
        ...(seen ? { seen } : {}),
    });
    try {
        const current = lease.untouched ? plan : await readAndPlan(api, options);
        return await decideAndWrite(api, options, current, lease);
    }
    finally {
        // Released also when the run failed or was cancelled; a run killed outright leaves it to expire.
        await lease.release().catch((error) => options.log(`${options.cluster}: ${error.message}`));
    }
}
/** Whether applying the plan writes anything: an object, or the inventory (a revision to record). */
function needsWrite(plan) {
    return plan.items.some((i) => ["create", "update", "adopt", "prune"].includes(i.action) ||
        i.recordRevision ||
        (i.action === "unchanged" && !plan.inventory?.entries.get(`${i.kind}/${i.name}`)?.r));
}
async function readAndPlan(api, options, ownRole) {
    const state = await readChild(api, options.botName, refsToRead(options.objects), options.repository, ownRole);
    return planAccess(options.objects, state, {
        cluster: options.cluster,
        botName: options.botName,
        repository: options.repository,
        adopt: options.adopt,
        prune: options.prune,
    });
}
function leaseNote(lease) {
    if (!lease)
        return "";
    return lease.checked ? " (the sync lease taken over the Auth API)" : ", the sync lease's among them";
}
async function decideAndWrite(api, options, plan, lease) {
    options.log(`${options.cluster}: the child's bot may ${plan.verbs}; read in ${api.processes} tctl process(es)${leaseNote(lease)}`);
    for (const item of plan.items)
        if (item.action !== "unchanged")
            options.log(`${options.cluster}: ${describeItem(item)}`);
    for (const note of plan.notes)
        (options.warn ?? options.log)(`${options.cluster}: ${note}`);
    if (!options.write)
        return { plan, processes: api.processes };
    const outcome = await applyAccess(plan, api, {
        repository: options.repository,
        inviteTtl: options.inviteTtl,
        log: options.log,
        pruneLimit: options.pruneLimit,
        ...(options.holder ? { holder: options.holder } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(lease ? { lease } : {}),
        ...(options.deliver ? { deliver: options.deliver } : {}),
    });
    const c = outcome.counts;
    options.log(`${options.cluster}: ${c.created} created, ${c.updated} updated, ${c.adopted} adopted, ${c.unchanged} unchanged, ${c.blocked} blocked, ${c.failed} failed, ${c.removed} removed, ${c.kept} kept (${api.processes} tctl processes)`);
    const bad = c.blocked + c.failed;
    const error = bad
        ? {
            kind: c.failed ? "SyncFailed" : "Blocked",
            message: `${bad} ${(0,kinds/* accessKinds */.c4)()
                .map((k) => `${k.kind}(s)`)
                .join("/")} of ${options.cluster} were not written: ${plan.items
                .filter((i) => {
                const r = outcome.results.get(`${i.kind}/${i.name}`);
                return r && !["written", "unchanged", "removed", "kept"].includes(r.status);
            })
                .map((i) => `${i.kind}/${i.name}`)
                .join(", ")}`,
        }
        : undefined;
    return { plan, outcome, processes: api.processes, ...(error ? { error } : {}) };
}

// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
;// CONCATENATED MODULE: ./src/run/child.ts
// What apply, sync and plan share to reach a child: the join options, the tctl-backed child API with the
// identity the join produced, and the sync options from the configuration.





function joinOptions(ctx, session, aws) {
    return {
        aws,
        tbotPath: session.tools.tbotPath,
        tempDir: ctx.tempDir,
        exec: ctx.exec,
        env: ctx.env,
        registerCleanup: ctx.registerCleanup,
        clock: ctx.clock,
        log: (m) => ctx.log.info(m),
        childReadyTimeoutMs: ctx.config.childReadyTimeoutMs,
        signal: ctx.signal,
        http: ctx.http,
    };
}
/**
 * Joins the child, unless `earlier` holds a join of it through the same domain: the approved-plan guard
 * joins every child to re-plan, and its identity serves the sync that follows, so each child is joined
 * once per run. Only a successful join is kept; a failed one is tried again by the next stage.
 */
async function join(ctx, session, aws, declared, cluster, earlier) {
    const domain = cluster?.status?.domain;
    const before = earlier?.get(declared.name);
    if (before && domain && before.domain === domain) {
        ctx.log.info(`${declared.name}: using the identity joined for the plan check`);
        return before.joined;
    }
    const joined = await joinChild(declared, cluster, joinOptions(ctx, session, aws));
    if (earlier && domain && !joined.error)
        earlier.set(declared.name, { joined, domain });
    return joined;
}
/** Reads the joined child's roles and users, plans, and writes unless `write` is false. */
async function syncJoinedChild(ctx, session, declared, joined, objects, write, 
/** Where a writing run's invite links go, before its inventory records them delivered. */
invites) {
    const api = tctlChild({
        tctlPath: session.tools.tctlPath,
        proxy: joined.proxy,
        identityFile: joined.identityFile,
        exec: ctx.exec,
        env: ctx.env,
        mask: ctx.mask,
        signal: ctx.signal,
        http: ctx.http,
        ...(joined.found ? { found: joined.found } : {}),
        log: (m) => ctx.log.info(`${declared.name}: ${m}`),
    });
    const { access, drift } = ctx.config;
    try {
        return await syncChild(api, {
            objects,
            cluster: declared.name,
            botName: declared.spec.bot?.name ?? "",
            repository: access.repository,
            adopt: access.adopt,
            inviteTtl: access.inviteTtl,
            prune: drift.prune,
            pruneLimit: drift.pruneLimit,
            write,
            log: (m) => ctx.log.info(m),
            warn: (m) => ctx.log.warning(m),
            holder: runName(ctx.env),
            ...(invites ? { deliver: (links) => invites.add(declared.name, links) } : {}),
            signal: ctx.signal,
            clock: { now: () => ctx.clock.now(), sleep: (ms) => ctx.clock.sleep(ms), settle: retry/* realClock */.dQ.sleep },
        });
    }
    catch (error) {
        return { processes: api.processes, error: (0,outcome/* stageError */.v)(error) };
    }
    finally {
        await api.close?.();
    }
}
/**
 * This run as the child's intent records and sync lease name it: the workflow run's address and attempt
 * (what a person opens to see whether it still runs), and a nonce, so that two jobs never pass for one.
 */
function runName(env) {
    const nonce = (0,external_node_crypto_.randomBytes)(3).toString("hex");
    if (!env.GITHUB_RUN_ID)
        return `a run outside GitHub Actions (${nonce})`;
    const server = env.GITHUB_SERVER_URL || "https://github.com";
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT || "1"} (job ${env.GITHUB_JOB || "?"}, ${nonce})`;
}


/***/ }),

/***/ 3815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ setClusterOutputs),
/* harmony export */   o: () => (/* binding */ annotateAt)
/* harmony export */ });
/* harmony import */ var _report_annotations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(856);

function setClusterOutputs(ctx, declared, outputs) {
    ctx.setOutput("clusters", JSON.stringify(Object.fromEntries(outputs)));
    const first = declared[0] && outputs.get(declared[0].name);
    ctx.setOutput("domain", first?.domain ?? "");
}
/** An `::error` annotation at the document that declared the cluster, when there is one. */
function annotateAt(ctx, at, title, message) {
    const where = at.file ? `file=${(0,_report_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeProperty */ .Bn)(at.file)},line=${at.line ?? 1},` : "";
    ctx.command(`::error ${where}title=${(0,_report_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeProperty */ .Bn)(title)}::${(0,_report_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeData */ .uf)(message)}`);
}


/***/ }),

/***/ 4165:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  R: () => (/* binding */ computePlan)
});

// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
// EXTERNAL MODULE: ./src/join/preflight.ts
var preflight = __webpack_require__(8984);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/provision/api-retry.ts
var api_retry = __webpack_require__(8864);
// EXTERNAL MODULE: ./src/provision/compare.ts
var compare = __webpack_require__(5679);
;// CONCATENATED MODULE: ./src/provision/plan.ts
// `mode: plan`: what apply would do, read-only. Reads the parent's clusters in one list call; with a role
// that may read but not list, it falls back to reading the declared names and says what it cannot see.



async function planClusters(declared, api, options) {
    const notes = [];
    const retrying = (0,api_retry/* apiRetrier */.y)(options.retryPolicy, options.clock, options.signal);
    let live;
    let listed = true;
    try {
        live = new Map((await retrying(() => api.list())).map((c) => [c.metadata.name, c]));
    }
    catch (error) {
        if (!(error instanceof errors/* TeleportApiError */.st && error.kind === "AccessDenied"))
            throw error;
        listed = false;
        notes.push("The parent identity may not list workload clusters (verb `list`), so clusters the repository does not declare cannot be reported.");
        live = new Map();
        for (const d of declared) {
            const c = await retrying(() => api.get(d.name));
            if (c)
                live.set(d.name, c);
        }
    }
    const items = declared.map((d) => {
        const c = live.get(d.name);
        const where = { file: d.file, line: d.line };
        if (!c)
            return { name: d.name, action: "create", ...where };
        const status = {
            ...(c.status?.state ? { state: c.status.state } : {}),
            ...(c.status?.domain ? { domain: c.status.domain } : {}),
        };
        const changes = (0,compare/* diffSpec */.n)(d.spec, c.spec);
        if (!changes.length)
            return { name: d.name, action: "unchanged", ...where, ...status };
        return {
            name: d.name,
            action: "conflict",
            ...where,
            ...status,
            changes,
            message: `configuration differs (${(0,compare/* describeChanges */.D)(changes)}); it is immutable, so apply will refuse it`,
        };
    });
    if (listed) {
        const names = new Set([...declared.map((d) => d.name), ...(options.otherShards ?? [])]);
        for (const c of [...live.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
            if (names.has(c.metadata.name))
                continue;
            items.push({
                name: c.metadata.name,
                action: "unmanaged",
                ...(c.status?.state ? { state: c.status.state } : {}),
                ...(c.status?.domain ? { domain: c.status.domain } : {}),
                message: "in the parent but not declared in the repository; reported only, never deleted",
            });
        }
    }
    notes.push("A name that belongs to a recently deleted cluster shows as `create` here; apply reports it as blocked for the grace period.");
    return { items, changes: items.some((i) => i.action === "create"), notes };
}

// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/run/child.ts + 12 modules
var child = __webpack_require__(1685);
// EXTERNAL MODULE: ./src/run/context.ts
var context = __webpack_require__(670);
// EXTERNAL MODULE: ./src/run/parent-session.ts + 4 modules
var parent_session = __webpack_require__(3197);
// EXTERNAL MODULE: ./src/run/plan-file.ts
var plan_file = __webpack_require__(5545);
;// CONCATENATED MODULE: ./src/run/plan.ts








/** What the plan says about one cluster's access: the diff, or why there is none. */
function unreadPlan(cluster, objects, note, created) {
    return {
        cluster,
        verbs: "",
        notes: [note],
        vanished: [],
        items: objects.map((o) => ({
            kind: o.kind,
            name: o.name,
            file: o.file,
            line: o.line,
            ...(o.fieldLines ? { fieldLines: o.fieldLines } : {}),
            action: created ? "create" : "unchanged",
            declared: o.resource,
        })),
    };
}
async function accessPlanOf(ctx, session, aws, d, item, objects, joins) {
    if (!item || item.action === "create" || item.state !== "active") {
        return unreadPlan(d.name, objects, "The cluster is not active yet: every declared role and user is created after it is.", true);
    }
    if (!aws) {
        return unreadPlan(d.name, objects, "Not read: no AWS credentials to join the child with (set role-to-assume).", false);
    }
    const check = (0,preflight/* checkJoinMatch */.e)(d, aws.caller, Boolean(aws.settings.roleToAssume));
    if (check.error)
        return unreadPlan(d.name, objects, `Not read: ${(0,outcome/* describeStageError */.A)(check.error)}`, false);
    const cluster = await session.api.get(d.name);
    const joined = await (0,child/* join */.f)(ctx, session, aws, d, cluster, joins);
    if (joined.error)
        return unreadPlan(d.name, objects, `Not read: ${(0,outcome/* describeStageError */.A)(joined.error)}`, false);
    const result = await (0,child/* syncJoinedChild */.L)(ctx, session, d, joined, objects, false);
    if (!result.plan)
        return unreadPlan(d.name, objects, `Not read: ${result.error?.message ?? "unknown"}`, false);
    return result.plan;
}
async function planAccessAll(ctx, declared, plan, session, aws, joins) {
    const plans = await (0,concurrency/* mapLimit */.s)(declared.clusters, ctx.config.maxParallel, async (d) => {
        const objects = declared.access.get(d.name) ?? [];
        if (!objects.length)
            return undefined;
        return accessPlanOf(ctx, session, aws, d, plan.items.find((i) => i.name === d.name), objects, joins);
    });
    return plans.filter((p) => p !== undefined);
}
/** The parent's clusters, then each active child's access; `joins`, when given, keeps the joins made. */
async function computePlan(ctx, declared, session, aws, joins) {
    const plan = await planClusters(declared.clusters, session.api, {
        clock: ctx.clock,
        retryPolicy: parent_session.API_RETRY,
        signal: ctx.signal,
        otherShards: declared.otherShards,
    }).catch((error) => {
        const advice = session.explain(error, "list");
        throw advice ? new context/* ModeFailure */.s(`${error.message}\n${advice}`) : error;
    });
    return (0,plan_file/* toPlanFile */.N_)(plan, await planAccessAll(ctx, declared, plan, session, aws, joins));
}


/***/ }),

/***/ 3731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}


/***/ })

};

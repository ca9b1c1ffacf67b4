export const id = 197;
export const ids = [197];
export const modules = {

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c4: () => (/* binding */ isNotFound),
/* harmony export */   f0: () => (/* binding */ isTransientApiError),
/* harmony export */   st: () => (/* binding */ TeleportApiError)
/* harmony export */ });
// Teleport's errors as the action sees them, whichever transport (gRPC, tctl) carried them.
// fact: B18 (trace kinds and their gRPC codes).
class TeleportApiError extends Error {
    kind;
    transient;
    outcomeUnknown;
    name = "TeleportApiError";
    constructor(kind, message, 
    /** Worth retrying: no server answer, a deadline, or UNAVAILABLE that is not a permanent refusal. */
    transient, 
    /** The request may have been applied although no answer arrived (the outcome is unknown). */
    outcomeUnknown = false) {
        super(message);
        this.kind = kind;
        this.transient = transient;
        this.outcomeUnknown = outcomeUnknown;
    }
}
/** Worth another attempt: no connection, a deadline, or UNAVAILABLE that is not a permanent refusal. */
const isTransientApiError = (e) => e instanceof TeleportApiError && e.transient;
const isNotFound = (e) => e instanceof TeleportApiError && e.kind === "NotFound";


/***/ }),

/***/ 712:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ JOIN_DISABLED_NOTICE),
/* harmony export */   a: () => (/* binding */ openAwsSession)
/* harmony export */ });
/* harmony import */ var _aws_credentials_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6963);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(670);
// The AWS identity of a run that joins children: role-to-assume (OIDC + STS), the ambient credentials, or
// none (then apply stops after the clusters are active and says how to enable the join).


const JOIN_DISABLED_NOTICE = "No AWS credentials: the children were not joined. Set role-to-assume (and give the job `permissions: id-token: write`), or configure AWS credentials in an earlier step, so that tbot can join each child by IAM.";
/** The run's AWS session, or undefined when there are no credentials at all. Fails before any write. */
async function openAwsSession(ctx) {
    const settings = ctx.config.aws;
    if (!settings.roleToAssume && !(0,_aws_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .hasAmbientCredentials */ .Bm)(ctx.env))
        return undefined;
    if (!settings.region) {
        throw new _context_js__WEBPACK_IMPORTED_MODULE_1__/* .ModeFailure */ .s('Input "aws-region": required for the IAM join (STS and tbot need a region); set it, or AWS_REGION in the environment');
    }
    const sts = await ctx.openSts({ region: settings.region, env: ctx.env });
    try {
        const session = await _aws_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsSession */ .u3.open({ ...settings, region: settings.region }, {
            sts,
            getIDToken: ctx.getIDToken,
            mask: ctx.mask,
            env: ctx.env,
            clock: ctx.clock,
            log: (m) => ctx.log.info(m),
            signal: ctx.signal,
        });
        await session.prepare();
        ctx.log.info(`Children will be joined as ${session.caller.arn} (${settings.roleToAssume ? `role-to-assume, session ${settings.sessionName}` : "ambient AWS credentials"})`);
        return session;
    }
    catch (error) {
        if (error instanceof _aws_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsCredentialsError */ .eL)
            throw new _context_js__WEBPACK_IMPORTED_MODULE_1__/* .ModeFailure */ .s(error.message);
        throw error;
    }
}


/***/ }),

/***/ 3197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  API_RETRY: () => (/* binding */ API_RETRY),
  openParentSession: () => (/* binding */ openParentSession),
  withParentSession: () => (/* binding */ withParentSession)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/teleport/advice.ts
// What a user should do about a parent-cluster error, in words that name the fix rather than the code.
// fact: B15 (entitlement text, only-users refusal, RBAC verbs per call,
// admin-action MFA on mutations), "Aliases" (a tctl without workload_cluster support) (B16); the
// guide's RBAC step for workload_cluster.

/** fact: B15, RBAC on kind workload_cluster: read (get), read+list (list), create, delete. */
const VERBS_NEEDED = {
    get: ["read"],
    list: ["read", "list"],
    create: ["create"],
    delete: ["delete"],
};
/** A role for the parent cluster that grants every verb the action uses on workload clusters. */
const WORKLOAD_CLUSTER_ROLE_YAML = [
    "kind: role",
    "version: v7",
    "metadata:",
    "  name: workload-cluster-admin",
    "spec:",
    "  allow:",
    "    rules:",
    "      - resources: [workload_cluster]",
    "        verbs: [list, read, create, update, delete]",
].join("\n");
const ENTITLEMENT = /WorkloadClusters feature/;
const ONLY_USERS = /only available to users/;
const MFA = /\bMFA\b/;
const EXPIRED = /credentials have expired/;
function adviceFor(error, context = {}) {
    if (!(error instanceof errors/* TeleportApiError */.st))
        return undefined;
    const text = error.message;
    if (ENTITLEMENT.test(text)) {
        return [
            "This Teleport Cloud tenant does not have the WorkloadClusters feature, so it cannot manage workload clusters.",
            "Contact Teleport support (support@goteleport.com) to have the feature enabled for the parent tenant; nothing in the repository or the role setup can change this.",
        ].join(" ");
    }
    if (ONLY_USERS.test(text)) {
        return [
            "The parent refused the identity because it is not a user: the workload clusters API only serves users and bots.",
            "Use an identity file produced by tbot for a bot (for example the action's GitHub join with a bot token) or a user's identity, not a host or service certificate.",
        ].join(" ");
    }
    if (error.kind === "AccessDenied" && MFA.test(text)) {
        return [
            "Creating and deleting workload clusters is an admin action, and the parent requires MFA for it when a person's identity is used.",
            "A workflow cannot answer an MFA prompt: use a bot identity (tbot, e.g. GitHub join with a bot token in the parent) instead of a user's identity.",
        ].join(" ");
    }
    if (error.kind === "AccessDenied" && EXPIRED.test(text)) {
        return "The identity's certificates have expired. Produce a fresh identity (run tbot) in the same job, right before this step.";
    }
    if (error.kind === "AccessDenied") {
        const verbs = context.operation ? VERBS_NEEDED[context.operation] : undefined;
        const need = verbs
            ? `${context.operation === "list" ? "Listing" : `The ${context.operation}`} needs the ${verbs.map((v) => `"${v}"`).join(" and ")} verb${verbs.length > 1 ? "s" : ""} on workload_cluster resources in the parent cluster.`
            : "The identity's roles do not allow this on workload_cluster resources in the parent cluster.";
        return [
            need,
            "Give the identity's bot or user a role like this one (create it with `tctl create -f role.yaml` in the parent, then assign it):",
            "",
            WORKLOAD_CLUSTER_ROLE_YAML,
        ].join("\n");
    }
    if (error.kind === "NotImplemented" &&
        (context.transport === "tctl" || /unsupported resource|tctl/.test(text))) {
        return [
            `The installed tctl${context.tctlVersion ? ` (${context.tctlVersion})` : ""} is too old: it does not know the workload_cluster resource; a newer release is needed.`,
            "Install the parent cluster's own version (teleport-version: auto reads it from the proxy) or a newer release, or use parent-api: grpc.",
        ].join(" ");
    }
    if (error.kind === "NotImplemented") {
        return "The parent's Auth service does not implement the workload cluster API. Workload clusters need a Teleport Cloud tenant on a release that supports them.";
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/teleport/grpc/channel.ts
var channel = __webpack_require__(9531);
// EXTERNAL MODULE: ./node_modules/@grpc/grpc-js/build/src/index.js
var src = __webpack_require__(3033);
// EXTERNAL MODULE: ./src/core/workload-cluster.ts
var workload_cluster = __webpack_require__(5293);
// EXTERNAL MODULE: ./src/teleport/webapi.ts
var webapi = __webpack_require__(777);
// EXTERNAL MODULE: ./src/teleport/grpc/codec.ts
var codec = __webpack_require__(4570);
// EXTERNAL MODULE: ./src/teleport/grpc/errors.ts
var grpc_errors = __webpack_require__(1265);
// EXTERNAL MODULE: ./src/teleport/grpc/schema.ts
var schema = __webpack_require__(5821);
;// CONCATENATED MODULE: ./src/teleport/grpc/client.ts
// ParentApi over the direct gRPC WorkloadClusterService client (transport "grpc"), the TypeScript
// counterpart of the Go SDK: TLS-routing channel (channel.ts), hand-written protobuf codec (codec.ts).
// fact: B17 (methods, paging), B19 (metadata `version`), B18 (errors).








/** A server that keeps handing out page tokens is a bug; stop long before memory runs out. */
const MAX_PAGES = 10_000;
class GrpcParentApi {
    options;
    transport = "grpc";
    address;
    client;
    credentials;
    callTimeoutMs;
    constructor(options) {
        this.options = options;
        this.address = (0,webapi/* formatProxyAddress */.uf)(options.proxy);
        this.credentials = new channel/* TlsRoutingCredentials */.EW({
            clusterName: options.clusterName,
            keyPem: options.identity.keyPem,
            certPem: options.identity.certPem,
            caPems: options.identity.caPems,
        });
        this.client = new src/* Client */.Kj(this.address, this.credentials, {
            // Reconnect soon after a dropped connection, so a caller's retry does not wait out a long backoff.
            "grpc.initial_reconnect_backoff_ms": 500,
            "grpc.max_reconnect_backoff_ms": 5000,
            "grpc.keepalive_time_ms": 30_000,
            "grpc.keepalive_timeout_ms": 10_000,
            "grpc.max_receive_message_length": 64 * 1024 * 1024,
        });
        this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    }
    /**
     * Opens the connection without calling any method. Rejects with ConnectFailure (channel.ts) when no
     * connection could be made: the caller decides whether to fall back.
     */
    connect() {
        return (0,channel/* waitForConnection */.h1)(this.client, this.credentials, this.options.proxy, this.options.connectTimeoutMs ?? 15_000);
    }
    call(method, request, write) {
        const { request: requestType, response: responseType } = schema/* METHODS */.J8[method];
        const metadata = new src/* Metadata */.OS();
        if (this.options.clientVersion)
            metadata.set("version", this.options.clientVersion);
        const { signal } = this.options;
        return new Promise((resolve, reject) => {
            if (signal?.aborted) {
                reject(signal.reason ?? new Error("cancelled"));
                return;
            }
            const onAbort = () => call.cancel();
            const call = this.client.makeUnaryRequest((0,schema/* methodPath */.Bp)(method), (value) => (0,codec/* encodeMessage */.mH)(requestType, value), (bytes) => (0,codec/* decodeMessage */.Y8)(responseType, bytes), request, metadata, { deadline: Date.now() + this.callTimeoutMs }, (error, response) => {
                signal?.removeEventListener("abort", onAbort);
                if (error && signal?.aborted)
                    reject(signal.reason ?? error);
                else if (error)
                    reject((0,grpc_errors/* fromGrpcStatus */.d)(error, { write, address: this.address }));
                else
                    resolve(response ?? {});
            });
            signal?.addEventListener("abort", onAbort, { once: true });
        });
    }
    async get(name) {
        try {
            return (0,workload_cluster/* toWorkloadCluster */.p4)(await this.call("GetWorkloadCluster", { name }, false));
        }
        catch (error) {
            if (error instanceof errors/* TeleportApiError */.st && error.kind === "NotFound")
                return undefined;
            throw error;
        }
    }
    async list() {
        const clusters = [];
        const seen = new Set();
        let pageToken = "";
        for (let page = 0; page < MAX_PAGES; page++) {
            const response = await this.call("ListWorkloadClusters", { page_size: this.options.pageSize ?? 500, page_token: pageToken }, false);
            const items = Array.isArray(response.clusters) ? response.clusters : [];
            for (const item of items)
                clusters.push((0,workload_cluster/* toWorkloadCluster */.p4)(item));
            pageToken = typeof response.next_page_token === "string" ? response.next_page_token : "";
            if (!pageToken)
                return clusters;
            if (seen.has(pageToken)) {
                throw new errors/* TeleportApiError */.st("Unknown", `ListWorkloadClusters returned page token ${JSON.stringify(pageToken)} twice`, false);
            }
            seen.add(pageToken);
        }
        throw new errors/* TeleportApiError */.st("Unknown", `ListWorkloadClusters did not finish within ${MAX_PAGES} pages`, false);
    }
    async create(cluster) {
        return (0,workload_cluster/* toWorkloadCluster */.p4)(await this.call("CreateWorkloadCluster", { cluster: (0,workload_cluster/* toWireCluster */.tS)(cluster) }, true));
    }
    async delete(name) {
        await this.call("DeleteWorkloadCluster", { name }, true);
    }
    async close() {
        this.client.close();
    }
}

// EXTERNAL MODULE: ./src/teleport/identity.ts
var teleport_identity = __webpack_require__(1725);
// EXTERNAL MODULE: ./src/teleport/tctl.ts
var teleport_tctl = __webpack_require__(7350);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/teleport/tctl-workload-clusters.ts
// ParentApi through the tctl binary (transport "tctl"), the fallback when the direct gRPC connection cannot
// be made. The resource is named with the singular kind `workload_cluster`, which every tctl that supports
// it accepts (fact: B16; the plural is inferred from a guide only).
// fact: B5: `--format=json` always prints an array (`[]` when empty), protojson with proto
// field names and empty fields omitted; B1: `tctl create` without -f creates (-f would upsert); B9 `tctl rm`.





const defaultFiles = {
    // `wx`: never follow or reuse a file someone else put there.
    write: (file, text) => promises_.writeFile(file, text, { mode: 0o600, flag: "wx" }),
    remove: (file) => promises_.rm(file, { force: true }),
};
function checkName(name) {
    // A slash or whitespace would change which resource tctl addresses.
    if (!name || /[/\s]/.test(name)) {
        throw new errors/* TeleportApiError */.st("BadParameter", `${JSON.stringify(name)} is not a workload cluster name`, false);
    }
}
const TCTL_TOO_OLD_HINT = "the installed tctl does not know the workload_cluster resource: it is older than the Teleport release that added workload clusters";
/** tctl's texts that only workload cluster commands print, checked before the common rules. */
const WORKLOAD_CLUSTER_ERRORS = [
    // fact: B16: a tctl without support says `unsupported resource: "workload_clusters"`.
    {
        test: /unsupported resource: "workload_clusters?"/,
        kind: "NotImplemented",
        transient: false,
        beforeRequest: true,
        hint: TCTL_TOO_OLD_HINT,
    },
    // fact: B4: a kind with no handler -> `creating resources of type "<kind>" is not supported`.
    {
        test: /creating resources of type "workload_cluster" is not supported/,
        kind: "NotImplemented",
        transient: false,
        beforeRequest: true,
        hint: TCTL_TOO_OLD_HINT,
    },
    // fact: B15: ConnectionProblem `workload clusters API is only available to users`: a refusal.
    { test: /only available to users/, kind: "ConnectionProblem", transient: false },
    // fact: B15: the entitlement refusal is AccessDenied.
    { test: /WorkloadClusters feature/, kind: "AccessDenied", transient: false },
];
const rules = WORKLOAD_CLUSTER_ERRORS;
class TctlParentApi {
    tctl;
    options;
    transport = "tctl";
    files;
    constructor(tctl, options) {
        this.tctl = tctl;
        this.options = options;
        this.files = options.files ?? defaultFiles;
    }
    async get(name) {
        checkName(name);
        const ref = `${workload_cluster/* KIND_WORKLOAD_CLUSTER */.ot}/${name}`;
        try {
            const [cluster] = await this.tctl.get(ref, workload_cluster/* toWorkloadCluster */.p4, { rules });
            return cluster;
        }
        catch (error) {
            if ((0,errors/* isNotFound */.c4)(error))
                return undefined;
            throw error;
        }
    }
    async list() {
        return this.tctl.get(workload_cluster/* KIND_WORKLOAD_CLUSTER */.ot, workload_cluster/* toWorkloadCluster */.p4, { rules });
    }
    /**
     * `tctl create FILE` without -f, so an existing cluster is refused (AlreadyExists) rather than upserted.
     * tctl prints only `workload cluster "<n>" has been created`, so the result is the resource as sent,
     * without the server's revision or status; callers read the cluster back when they need those.
     */
    async create(cluster) {
        checkName(cluster.metadata.name);
        const wire = (0,workload_cluster/* toWireCluster */.tS)(cluster);
        // JSON is valid YAML to tctl's decoder and keeps values such as account IDs strings.
        const file = external_node_path_.join(this.options.tempDir, `workload-cluster-${(0,external_node_crypto_.randomBytes)(8).toString("hex")}.json`);
        await this.files.write(file, `${JSON.stringify(wire, null, 2)}\n`);
        try {
            await this.tctl.run(["create", file], { write: true, rules });
        }
        finally {
            await this.files.remove(file);
        }
        return (0,workload_cluster/* toWorkloadCluster */.p4)(wire);
    }
    async delete(name) {
        checkName(name);
        await this.tctl.run(["rm", `${workload_cluster/* KIND_WORKLOAD_CLUSTER */.ot}/${name}`], { write: true, rules });
    }
    async close() { }
}

;// CONCATENATED MODULE: ./src/teleport/parent.ts
// Chooses and opens the transport to the parent cluster's WorkloadClusterService.
// `grpc`: the direct client (the default); `tctl`: the tctl binary; `auto`: gRPC, and tctl only when
// no gRPC connection could be made at all. Any answer from the server, even an error, proves gRPC works,
// so errors after a connection are the caller's to handle, never a reason to switch transports.








class ParentConnectError extends Error {
    name = "ParentConnectError";
}
async function loadIdentity(options) {
    const read = options.readFile ?? ((file) => (0,promises_.readFile)(file, "utf8"));
    let text;
    try {
        text = await read(options.identityFile);
    }
    catch (error) {
        const code = error.code;
        throw new ParentConnectError(`Cannot read the parent identity file ${options.identityFile}${code ? ` (${code})` : ""}`);
    }
    let identity;
    try {
        identity = (0,teleport_identity/* parseIdentityFile */.M)(text);
    }
    catch (error) {
        throw new ParentConnectError(`The parent identity file ${options.identityFile} is not usable: ${error.message}`);
    }
    const now = options.now?.() ?? new Date();
    if (identity.expires.getTime() <= now.getTime()) {
        throw new ParentConnectError(`The parent identity in ${options.identityFile} (user ${identity.username || "unknown"}) expired at ${identity.expires.toISOString()}; produce a fresh one (e.g. run tbot) in the same job`);
    }
    return identity;
}
function tctlApi(options, tctlPath) {
    const tctl = new teleport_tctl/* Tctl */.SE({
        tctlPath,
        proxy: options.proxy,
        identityFile: options.identityFile,
        exec: options.exec,
        env: options.env ?? process.env,
        ...(options.signal ? { signal: options.signal } : {}),
    });
    return new TctlParentApi(tctl, { tempDir: options.tempDir });
}
async function connectParent(options) {
    const address = (0,webapi/* formatProxyAddress */.uf)(options.proxy);
    const identity = await loadIdentity(options);
    options.log.info(`Parent identity: user ${identity.username || "(no common name)"}, valid until ${identity.expires.toISOString()}`);
    if (options.mode === "tctl") {
        if (!options.tctlPath)
            throw new ParentConnectError("parent-api is tctl, but no tctl binary is available");
        options.log.info(`Parent API: tctl (${options.tctlPath}) through ${address}`);
        return tctlApi(options, options.tctlPath);
    }
    /** No gRPC connection: tctl in `auto` mode when there is one, else a ConnectionProblem. */
    const fallback = (why, transient = false) => {
        if (options.mode === "auto" && options.tctlPath) {
            options.log.warning(`Could not open a gRPC connection to the parent's Auth API through ${address}: ${why}. Falling back to tctl (${options.tctlPath}).`);
            return tctlApi(options, options.tctlPath);
        }
        const hint = options.mode === "auto" ? " (no tctl is installed to fall back to)" : "";
        throw new errors/* TeleportApiError */.st("ConnectionProblem", `Cannot connect to the parent's Auth API through ${address}: ${why}${hint}`, transient);
    };
    if (identity.caPems.length === 0) {
        return fallback("the identity file holds no TLS CA certificate to verify the Auth server with");
    }
    let clusterName = options.clusterName;
    let serverVersion;
    if (!clusterName) {
        let find;
        try {
            find =
                options.found ??
                    (await (0,webapi/* findProxy */.EE)(options.http, options.proxy, {
                        log: (m) => options.log.info(m),
                        ...(options.signal ? { signal: options.signal } : {}),
                        ...options.find,
                    }));
        }
        catch (error) {
            // Without the cluster name there is no ALPN route to ask for; tctl discovers it on its own.
            return fallback(error.message);
        }
        // fact: B21: the auth ALPN route needs TLS routing and the cluster name.
        if (!find.tlsRoutingEnabled)
            return fallback("the proxy reports that TLS routing is not enabled");
        if (!find.clusterName)
            return fallback("the proxy's /webapi/find answer has no cluster_name");
        clusterName = find.clusterName;
        serverVersion = find.serverVersion || undefined;
    }
    const api = new GrpcParentApi({
        proxy: options.proxy,
        clusterName,
        identity,
        // fact: B19: Go clients send their API version; ours speaks the server's own API.
        ...(serverVersion ? { clientVersion: serverVersion } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...options.grpc,
    });
    try {
        await api.connect();
    }
    catch (error) {
        await api.close();
        if (error instanceof channel/* ConnectFailure */.Vm)
            return fallback(error.message, error.transient);
        throw error;
    }
    options.log.info(`Parent API: gRPC through ${address} (cluster ${clusterName})`);
    return api;
}

// EXTERNAL MODULE: ./src/teleport/tbot.ts
var tbot = __webpack_require__(2166);
// EXTERNAL MODULE: ./src/run/aws.ts
var run_aws = __webpack_require__(712);
// EXTERNAL MODULE: ./src/run/context.ts
var context = __webpack_require__(670);
// EXTERNAL MODULE: ./src/run/tools.ts + 3 modules
var run_tools = __webpack_require__(1809);
;// CONCATENATED MODULE: ./src/run/parent-session.ts
// A session with the parent cluster for the modes that work on it: the tools installed, the parent
// identity (a file, or a tbot join), and the API over gRPC or tctl. Opened once per run, closed at the end.








/** Reads and writes that may be retried: transient errors only, within two minutes. */
const API_RETRY = {
    attempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 10_000,
    deadlineMs: 120_000,
};
async function parentIdentity(ctx, tbotPath, aws) {
    const parent = ctx.config.parent;
    if ("identityFile" in parent.credentials) {
        const file = external_node_path_.resolve(ctx.workspace, parent.credentials.identityFile);
        try {
            await promises_.access(file);
        }
        catch {
            throw new context/* ModeFailure */.s(`Input "parent-identity": no readable file at ${file}`);
        }
        return file;
    }
    const { token, joinMethod } = parent.credentials;
    let extraEnv;
    if (joinMethod === "iam") {
        const session = aws ?? (await (0,run_aws/* openAwsSession */.a)(ctx));
        if (!session) {
            throw new context/* ModeFailure */.s('Input "parent-join-method": iam needs AWS credentials: set role-to-assume (with `permissions: id-token: write`) or configure AWS credentials in an earlier step');
        }
        extraEnv = await session.tbotEnvironment();
    }
    ctx.log.info(`Joining the parent cluster ${parent.proxy.host} with tbot (${joinMethod} join, token "${token}")`);
    return (0,tbot/* joinWithTbot */.s)({
        tbotPath,
        proxy: parent.proxy,
        joinMethod,
        token,
        ...(extraEnv ? { extraEnv } : {}),
        tempDir: ctx.tempDir,
        label: "parent",
        exec: ctx.exec,
        env: ctx.env,
        registerCleanup: ctx.registerCleanup,
        clock: ctx.clock,
        log: (m) => ctx.log.info(m),
        signal: ctx.signal,
    });
}
async function withParentSession(ctx, fn, aws) {
    const session = await ctx.openParent(ctx, aws);
    try {
        return await fn(session);
    }
    finally {
        await session.close();
    }
}
/** The real session: tctl and tbot installed, the parent identity, and the API over gRPC or tctl. */
async function openParentSession(ctx, aws) {
    const tools = await (0,run_tools/* installRunTools */.u)(ctx);
    // The AWS session opened meanwhile; its failure (no OIDC token, say) says more than any join after it.
    const session = await aws;
    const identityFile = await parentIdentity(ctx, tools.tbotPath, session);
    const parent = ctx.config.parent;
    const api = await connectParent({
        mode: parent.api,
        proxy: parent.proxy,
        identityFile,
        tctlPath: tools.tctlPath,
        tempDir: ctx.tempDir,
        exec: ctx.exec,
        env: ctx.env,
        http: ctx.http,
        log: ctx.log,
        signal: ctx.signal,
        // One /webapi/find per run: the install asked the same proxy moments ago.
        ...(tools.find ? { found: tools.find } : {}),
    });
    ctx.log.info(`Talking to the parent cluster over ${api.transport}`);
    const explain = (error, operation) => adviceFor(error, { operation, transport: api.transport, tctlVersion: tools.target.version });
    return { api, tools, explain, close: () => api.close() };
}


/***/ }),

/***/ 7606:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ ACCESS_METHODS),
/* harmony export */   m: () => (/* binding */ ACCESS_MESSAGES)
/* harmony export */ });
const AUTH_SERVICE = "proto.AuthService";
const USERS_SERVICE = "teleport.users.v1.UsersService";
const ACCESS_MESSAGES = {
    "proto.GetRoleRequest": [{ name: "Name", no: 1, type: "string" }],
    "teleport.users.v1.GetUserRequest": [
        { name: "name", no: 1, type: "string" },
        // current_user = 2 and with_secrets = 3 stay false: the sync never asks for secrets.
    ],
    "teleport.users.v1.GetUserResponse": [{ name: "user", no: 1, type: "message", message: "types.UserV2" }],
    // The fields the action owns in a user (B120) and the status: whether the user finished signup, which a
    // write of the user must carry over (B46).
    "types.UserV2": [
        { name: "kind", no: 1, type: "string" },
        { name: "version", no: 3, type: "string" },
        { name: "metadata", no: 4, type: "message", message: "types.Metadata" },
        { name: "spec", no: 5, type: "message", message: "types.UserSpecV2" },
        { name: "status", no: 6, type: "message", message: "types.UserStatusV2" },
    ],
    "types.UserSpecV2": [
        { name: "roles", no: 4, type: "string", repeated: true },
        { name: "traits", no: 5, type: "message", message: "wrappers.LabelValues" },
    ],
    // A protobuf map on the wire is a repeated entry message (key 1, value 2); map<string, StringValues>.
    "wrappers.LabelValues": [
        { name: "Values", no: 1, type: "message", message: "wrappers.LabelValues.ValuesEntry", repeated: true },
    ],
    "wrappers.LabelValues.ValuesEntry": [
        { name: "key", no: 1, type: "string" },
        { name: "value", no: 2, type: "message", message: "wrappers.StringValues" },
    ],
    "wrappers.StringValues": [{ name: "Values", no: 1, type: "string", repeated: true }],
    // An enum on the wire is a varint, read as int32: 0 unspecified, 1 unset, 2 set.
    "types.UserStatusV2": [{ name: "password_state", no: 1, type: "int32" }],
    "proto.CreateResetPasswordTokenRequest": [
        { name: "Name", no: 1, type: "string" },
        { name: "Type", no: 2, type: "string" },
        // A Go time.Duration: nanoseconds.
        { name: "TTL", no: 3, type: "int64" },
    ],
    "types.UserTokenV3": [
        { name: "kind", no: 1, type: "string" },
        { name: "sub_kind", no: 2, type: "string" },
        { name: "metadata", no: 4, type: "message", message: "types.Metadata" },
        { name: "spec", no: 5, type: "message", message: "types.UserTokenSpecV3" },
    ],
    "types.UserTokenSpecV3": [
        { name: "user", no: 1, type: "string" },
        { name: "url", no: 2, type: "string" },
    ],
    // fact B119: the role to create, or to replace only at its metadata.revision.
    "proto.CreateRoleRequest": [{ name: "Role", no: 1, type: "message", message: "types.RoleV6" }],
    "proto.UpdateRoleRequest": [{ name: "Role", no: 1, type: "message", message: "types.RoleV6" }],
    "types.Metadata": [
        { name: "name", no: 1, type: "string" },
        // The description holds the state of the action's own roles (its sync lease: sync/lease.ts).
        { name: "description", no: 3, type: "string" },
        { name: "labels", no: 5, type: "map" },
        // google.protobuf.Timestamp is in schema.ts's table.
        { name: "expires", no: 6, type: "message", message: "google.protobuf.Timestamp" },
        { name: "revision", no: 8, type: "string" },
    ],
    "types.RoleV6": [
        { name: "kind", no: 1, type: "string" },
        { name: "version", no: 3, type: "string" },
        { name: "metadata", no: 4, type: "message", message: "types.Metadata" },
        { name: "spec", no: 5, type: "message", message: "types.RoleSpecV6" },
    ],
    "types.RoleSpecV6": [
        { name: "allow", no: 2, type: "message", message: "types.RoleConditions" },
        { name: "deny", no: 3, type: "message", message: "types.RoleConditions" },
    ],
    "types.RoleConditions": [{ name: "rules", no: 4, type: "message", message: "types.Rule", repeated: true }],
    "types.Rule": [
        { name: "resources", no: 1, type: "string", repeated: true },
        { name: "verbs", no: 2, type: "string", repeated: true },
        { name: "where", no: 3, type: "string" },
    ],
};
const ACCESS_METHODS = {
    role: { path: `/${AUTH_SERVICE}/GetRole`, request: "proto.GetRoleRequest", response: "types.RoleV6" },
    user: {
        path: `/${USERS_SERVICE}/GetUser`,
        request: "teleport.users.v1.GetUserRequest",
        response: "teleport.users.v1.GetUserResponse",
    },
    createRole: {
        path: `/${AUTH_SERVICE}/CreateRole`,
        request: "proto.CreateRoleRequest",
        response: "types.RoleV6",
    },
    updateRole: {
        path: `/${AUTH_SERVICE}/UpdateRole`,
        request: "proto.UpdateRoleRequest",
        response: "types.RoleV6",
    },
    link: {
        path: `/${AUTH_SERVICE}/CreateResetPasswordToken`,
        request: "proto.CreateResetPasswordTokenRequest",
        response: "types.UserTokenV3",
    },
};


/***/ }),

/***/ 9531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ TlsRoutingCredentials),
/* harmony export */   Vm: () => (/* binding */ ConnectFailure),
/* harmony export */   h1: () => (/* binding */ waitForConnection)
/* harmony export */ });
/* unused harmony exports encodeClusterName, authAlpnProtocols */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3033);
// The TLS-routing connection to a Teleport cluster's Auth gRPC API through its proxy port:
// one mutual-TLS handshake with SNI `teleport.cluster.local`, ALPN
// [`teleport-auth@<hex(cluster name)>.teleport.cluster.local`, `h2`], the identity's client certificate and
// key, and only the identity's TLS CA blocks (the cluster's Host CA) as trust roots.
// fact: B20 (ALPN and SNI values), B21 (the proxy forwards the raw TLS bytes, so
// the handshake is with the Auth server itself), B23 (the recipe), B23 (client cert and CA pool).
//
// grpc-js's stock secure credentials always offer ALPN [`h2`] only and take SNI from the target, so this
// module supplies its own ChannelCredentials whose `_createSecureConnector` runs tls.connect itself.
// `_createSecureConnector` and the SecureConnector shape ({connect(socket), waitForReady(),
// getCallCredentials(), destroy()}) are grpc-js internals outside its semver promise; that is why
// package.json pins @grpc/grpc-js to exactly 1.14.7 (this approach was tried on 1.14 / Node 20),
// and a version bump must run the e2e tests against the simulator before it lands.



/** fact: B20: `APIDomain`, on every Auth server certificate. */
const AUTH_SERVER_NAME = "teleport.cluster.local";
const AUTH_ALPN_PREFIX = "teleport-auth@";
/** `EncodeClusterName`: hex of the UTF-8 name + `.teleport.cluster.local` (fact: B20, `a.b` -> `612e62...`). */
function encodeClusterName(clusterName) {
    return `${Buffer.from(clusterName, "utf8").toString("hex")}.${AUTH_SERVER_NAME}`;
}
/** The ALPN list of the TLS-routing ClientHello, auth protocol first (fact: B20 "prepends", then `h2`). */
function authAlpnProtocols(clusterName) {
    return [`${AUTH_ALPN_PREFIX}${encodeClusterName(clusterName)}`, "h2"];
}
/** TLS failures that another attempt will not cure (trust, names, ALPN refusal). */
const PERMANENT_TLS_CODES = new Set([
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "UNABLE_TO_GET_ISSUER_CERT",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
    "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
    "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED",
    "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
    "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
    "ALPN_REFUSED",
]);
function isPermanentTlsFailure(code) {
    return code !== undefined && PERMANENT_TLS_CODES.has(code);
}
class TlsRoutingCredentials extends _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .ChannelCredentials */ .YU {
    options;
    diagnostics = { attempts: 0, handshakes: 0 };
    constructor(options) {
        super();
        this.options = options;
    }
    _isSecure() {
        return true;
    }
    _equals(other) {
        return other === this;
    }
    _createSecureConnector(...[, , callCredentials]) {
        const credentials = callCredentials ?? _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .CallCredentials */ .Nq.createEmpty();
        return {
            connect: (socket) => this.handshake(socket),
            waitForReady: () => Promise.resolve(),
            getCallCredentials: () => credentials,
            destroy: () => { },
        };
    }
    record(error, afterHandshake) {
        this.diagnostics.lastError = {
            message: describeTlsError(error, this.options.clusterName),
            ...(error.code ? { code: error.code } : {}),
            afterHandshake,
        };
    }
    handshake(socket) {
        const { clusterName, keyPem, certPem, caPems } = this.options;
        this.diagnostics.attempts++;
        return new Promise((resolve, reject) => {
            let settled = false;
            const tlsSocket = node_tls__WEBPACK_IMPORTED_MODULE_1__.connect({
                socket,
                servername: AUTH_SERVER_NAME,
                ALPNProtocols: authAlpnProtocols(clusterName),
                key: keyPem,
                cert: certPem,
                ca: caPems,
                rejectUnauthorized: true,
                minVersion: "TLSv1.2",
                // The Auth certificate names teleport.cluster.local, whatever host or IP the proxy was dialled at.
                checkServerIdentity: (_host, cert) => node_tls__WEBPACK_IMPORTED_MODULE_1__.checkServerIdentity(AUTH_SERVER_NAME, cert),
            });
            const fail = (error) => {
                this.record(error, false);
                if (settled)
                    return;
                settled = true;
                tlsSocket.destroy();
                reject(error);
            };
            // Stays attached for the socket's life: grpc-js adds its own listeners after the handshake, and an
            // 'error' in between must not become an uncaught exception. Later errors (e.g. a TLS 1.3 alert
            // for a refused client certificate) are kept for the diagnosis.
            tlsSocket.on("error", (error) => {
                if (settled)
                    this.record(error, true);
                else
                    fail(error);
            });
            tlsSocket.once("close", () => {
                if (!settled)
                    fail(new Error("the connection closed during the TLS handshake"));
            });
            tlsSocket.once("secureConnect", () => {
                if (tlsSocket.alpnProtocol !== "h2") {
                    // Something answered that is not Teleport's TLS-routing proxy (or an L7 load balancer that
                    // strips ALPN): gRPC cannot run on this connection.
                    const error = Object.assign(new Error(`the server did not accept ALPN ${authAlpnProtocols(clusterName)[0]} with h2 (selected: ${tlsSocket.alpnProtocol || "none"})`), { code: "ALPN_REFUSED" });
                    fail(error);
                    return;
                }
                settled = true;
                this.diagnostics.handshakes++;
                resolve({ socket: tlsSocket, secure: true });
            });
        });
    }
}
/**
 * OpenSSL's text (`80EC...:error:0A000460:SSL routines:ssl3_read_bytes:tlsv1 alert no application
 * protocol:../deps/...`) shortened to its reason, with what it usually means for a Teleport proxy.
 */
function describeTlsError(error, clusterName) {
    const reason = error.message.match(/:SSL routines:[^:]*:([^:]+):/)?.[1] ?? error.message.split("\n")[0];
    switch (error.code) {
        case "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL":
            return `the proxy refused ALPN ${authAlpnProtocols(clusterName)[0]} (${reason}): it does not serve cluster "${clusterName}" through TLS routing`;
        case "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE":
        case "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA":
        case "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED":
        case "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED":
            return `the Auth server refused the identity's client certificate (${reason})`;
        default:
            return reason;
    }
}
/** Opens a TCP connection and closes it, to name the reason when grpc-js could not connect. */
function tcpCheck(host, port, timeoutMs) {
    return new Promise((resolve) => {
        const socket = node_net__WEBPACK_IMPORTED_MODULE_0__.connect({ host, port });
        const done = (reason) => {
            socket.destroy();
            resolve(reason);
        };
        socket.setTimeout(timeoutMs, () => done(`no TCP connection within ${Math.round(timeoutMs / 1000)} s`));
        socket.once("connect", () => done(undefined));
        socket.once("error", (error) => done(error.code ?? error.message));
    });
}
class ConnectFailure extends Error {
    transient;
    name = "ConnectFailure";
    constructor(message, 
    /** Another attempt may succeed (network), as opposed to a trust or protocol mismatch. */
    transient) {
        super(message);
        this.transient = transient;
    }
}
/**
 * Waits until the channel has a live HTTP/2 session with the Auth server (grpc-js only reports READY after
 * the server's SETTINGS frame), or explains why not. Never sends an RPC, so it leaves no trace in audit logs.
 */
async function waitForConnection(client, credentials, target, timeoutMs) {
    const channel = client.getChannel();
    const deadline = Date.now() + timeoutMs;
    let state = channel.getConnectivityState(true);
    while (state !== _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .connectivityState */ .LO.READY) {
        if (state === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .connectivityState */ .LO.SHUTDOWN)
            throw new ConnectFailure("the gRPC channel is closed", false);
        if (state === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .connectivityState */ .LO.TRANSIENT_FAILURE)
            break;
        const changed = await new Promise((resolve) => channel.watchConnectivityState(state, deadline, (error) => resolve(!error)));
        if (!changed)
            break;
        state = channel.getConnectivityState(true);
    }
    if (state === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .connectivityState */ .LO.READY)
        return;
    throw await explain(credentials, target, state === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_2__/* .connectivityState */ .LO.TRANSIENT_FAILURE, timeoutMs);
}
async function explain(credentials, target, failed, timeoutMs) {
    const { attempts, handshakes, lastError } = credentials.diagnostics;
    if (lastError && !lastError.afterHandshake) {
        const code = lastError.code && !lastError.message.includes(lastError.code) ? ` (${lastError.code})` : "";
        return new ConnectFailure(`TLS handshake failed: ${lastError.message}${code}`, !isPermanentTlsFailure(lastError.code));
    }
    if (handshakes > 0) {
        const detail = lastError ? `: ${lastError.message}` : "";
        return new ConnectFailure(`the server closed the connection after the TLS handshake, before the gRPC session started${detail} (was the client certificate refused?)`, !isPermanentTlsFailure(lastError?.code));
    }
    if (attempts === 0) {
        const reason = await tcpCheck(target.host, target.port, Math.min(5000, timeoutMs));
        return new ConnectFailure(reason ? `TCP connection failed: ${reason}` : "no TCP connection could be made through gRPC", true);
    }
    return new ConnectFailure(failed ? "the connection failed" : `no connection within ${Math.round(timeoutMs / 1000)} s`, true);
}


/***/ }),

/***/ 4570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y8: () => (/* binding */ decodeMessage),
/* harmony export */   mH: () => (/* binding */ encodeMessage)
/* harmony export */ });
/* unused harmony export ProtoDecodeError */
/* harmony import */ var _access_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7606);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5821);
// Protocol Buffers binary encoding for the messages in schema.ts, written from the public wire-format
// description (varints, tags = field number << 3 | wire type, length-delimited strings and messages).
// Decoded messages are plain objects keyed by proto field names with empty fields omitted, the same shape
// protojson (UseProtoNames) gives and tctl prints, so one converter serves both transports.


const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;
class ProtoDecodeError extends Error {
    name = "ProtoDecodeError";
}
function schemaOf(type) {
    const fields = _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .MESSAGES */ .nl[type] ?? _access_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .ACCESS_MESSAGES */ .m[type];
    if (!fields)
        throw new Error(`no schema for message ${type}`);
    return fields;
}
// ------------------------------------------------------------------------------------------------
// Encoding
function varint(value) {
    const bytes = [];
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
        bytes.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
    }
    bytes.push(Number(v));
    return Buffer.from(bytes);
}
const tag = (no, wireType) => varint(BigInt((no << 3) | wireType));
function lengthDelimited(no, body) {
    return Buffer.concat([tag(no, LEN), varint(BigInt(body.length)), body]);
}
function integer(value, field) {
    if (typeof value === "bigint")
        return value;
    if (typeof value === "number" && Number.isInteger(value))
        return BigInt(value);
    if (typeof value === "string" && /^-?\d+$/.test(value))
        return BigInt(value);
    throw new TypeError(`field ${field.name}: ${JSON.stringify(value)} is not an integer`);
}
function encodeSingle(field, value) {
    switch (field.type) {
        case "string":
            if (typeof value !== "string")
                throw new TypeError(`field ${field.name}: expected a string`);
            return lengthDelimited(field.no, Buffer.from(value, "utf8"));
        case "int32": {
            // Negative int32 values are sign-extended to 64 bits on the wire.
            const n = BigInt.asIntN(32, integer(value, field));
            return Buffer.concat([tag(field.no, VARINT), varint(n)]);
        }
        case "int64":
            return Buffer.concat([tag(field.no, VARINT), varint(BigInt.asIntN(64, integer(value, field)))]);
        case "message":
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                throw new TypeError(`field ${field.name}: expected a message`);
            }
            return lengthDelimited(field.no, encodeMessage(field.message, value));
        case "map":
            throw new Error("unreachable");
    }
}
/** Proto3 leaves default values off the wire, as Go's encoder does. */
function isDefault(field, value) {
    if (value === undefined || value === null)
        return true;
    if (field.type === "string")
        return value === "";
    if (field.type === "int32" || field.type === "int64")
        return integer(value, field) === 0n;
    return false;
}
function encodeMessage(type, value) {
    const parts = [];
    for (const field of schemaOf(type)) {
        const v = value[field.name];
        if (v === undefined || v === null)
            continue;
        if (field.type === "map") {
            for (const [key, entry] of Object.entries(v)) {
                const body = Buffer.concat([
                    ...(key === "" ? [] : [lengthDelimited(1, Buffer.from(key, "utf8"))]),
                    ...(entry === "" ? [] : [lengthDelimited(2, Buffer.from(String(entry), "utf8"))]),
                ]);
                parts.push(lengthDelimited(field.no, body));
            }
        }
        else if (field.repeated) {
            if (!Array.isArray(v))
                throw new TypeError(`field ${field.name}: expected a list`);
            for (const item of v)
                parts.push(encodeSingle(field, item));
        }
        else if (!isDefault(field, v)) {
            parts.push(encodeSingle(field, v));
        }
    }
    return Buffer.concat(parts);
}
// ------------------------------------------------------------------------------------------------
// Decoding
class Reader {
    buf;
    end;
    pos = 0;
    constructor(buf, end = buf.length) {
        this.buf = buf;
        this.end = end;
    }
    done() {
        return this.pos >= this.end;
    }
    varint() {
        let result = 0n;
        for (let shift = 0n; shift < 70n; shift += 7n) {
            if (this.pos >= this.end)
                throw new ProtoDecodeError("truncated varint");
            const byte = this.buf[this.pos++];
            result |= BigInt(byte & 0x7f) << shift;
            if ((byte & 0x80) === 0)
                return BigInt.asUintN(64, result);
        }
        throw new ProtoDecodeError("varint longer than 10 bytes");
    }
    bytes() {
        const length = Number(this.varint());
        if (this.pos + length > this.end)
            throw new ProtoDecodeError("length-delimited field runs past its message");
        const out = this.buf.subarray(this.pos, this.pos + length);
        this.pos += length;
        return out;
    }
    skip(wireType) {
        switch (wireType) {
            case VARINT:
                this.varint();
                return;
            case FIXED64:
                this.advance(8);
                return;
            case LEN:
                this.bytes();
                return;
            case FIXED32:
                this.advance(4);
                return;
            default:
                throw new ProtoDecodeError(`unsupported wire type ${wireType}`);
        }
    }
    advance(n) {
        if (this.pos + n > this.end)
            throw new ProtoDecodeError("truncated fixed-width field");
        this.pos += n;
    }
}
function decodeMapEntry(body) {
    const reader = new Reader(body);
    let key = "";
    let value = "";
    while (!reader.done()) {
        const t = reader.varint();
        const no = Number(t >> 3n);
        const wireType = Number(t & 7n);
        if ((no === 1 || no === 2) && wireType === LEN) {
            const text = reader.bytes().toString("utf8");
            if (no === 1)
                key = text;
            else
                value = text;
        }
        else {
            reader.skip(wireType);
        }
    }
    return [key, value];
}
function decodeInto(type, body, out) {
    const fields = schemaOf(type);
    const reader = new Reader(body);
    while (!reader.done()) {
        const t = reader.varint();
        const no = Number(t >> 3n);
        const wireType = Number(t & 7n);
        if (no === 0)
            throw new ProtoDecodeError("field number 0");
        const field = fields.find((f) => f.no === no);
        // Unknown fields (a newer Teleport may add some) are skipped, as every protobuf reader does.
        if (!field) {
            reader.skip(wireType);
            continue;
        }
        const expected = field.type === "int32" || field.type === "int64" ? VARINT : LEN;
        if (wireType !== expected) {
            throw new ProtoDecodeError(`${type}.${field.name}: wire type ${wireType}, expected ${expected}`);
        }
        switch (field.type) {
            case "string": {
                const text = reader.bytes().toString("utf8");
                if (field.repeated)
                    out[field.name] = [...(out[field.name] ?? []), text];
                else
                    out[field.name] = text;
                break;
            }
            case "int32":
                out[field.name] = Number(BigInt.asIntN(32, reader.varint()));
                break;
            case "int64":
                out[field.name] = BigInt.asIntN(64, reader.varint()).toString();
                break;
            case "map": {
                const [key, value] = decodeMapEntry(reader.bytes());
                const map = (out[field.name] ?? {});
                map[key] = value;
                out[field.name] = map;
                break;
            }
            case "message": {
                const bytes = reader.bytes();
                if (field.repeated) {
                    const list = (out[field.name] ?? []);
                    list.push(decodeInto(field.message, bytes, {}));
                    out[field.name] = list;
                }
                else {
                    // A non-repeated message seen twice merges into the first (protobuf's merge rule).
                    const existing = out[field.name];
                    out[field.name] = decodeInto(field.message, bytes, typeof existing === "object" && !Array.isArray(existing) ? existing : {});
                }
                break;
            }
        }
    }
    for (const field of fields) {
        if (field.type === "string" && out[field.name] === "")
            delete out[field.name];
        if ((field.type === "int32" || field.type === "int64") && Number(out[field.name]) === 0) {
            delete out[field.name];
        }
    }
    return out;
}
function decodeMessage(type, bytes) {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return decodeInto(type, buf, {});
}


/***/ }),

/***/ 1265:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ fromGrpcStatus)
/* harmony export */ });
/* harmony import */ var _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3033);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
// gRPC status -> TeleportApiError, the way Teleport's client recovers trace errors (trail.FromGRPC).
// fact: B18 (the 8 mapped codes; others stay Unknown), and "ConnectionProblem /
// Unavailable is used for 'workload clusters API is only available to users'".


/** The permanent refusal Teleport sends as ConnectionProblem (UNAVAILABLE) for non-user identities. */
const ONLY_USERS_TEXT = "only available to users";
const KIND_BY_CODE = {
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.NOT_FOUND]: "NotFound",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.ALREADY_EXISTS]: "AlreadyExists",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.PERMISSION_DENIED]: "AccessDenied",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.FAILED_PRECONDITION]: "CompareFailed",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.INVALID_ARGUMENT]: "BadParameter",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.RESOURCE_EXHAUSTED]: "LimitExceeded",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.UNAVAILABLE]: "ConnectionProblem",
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.UNIMPLEMENTED]: "NotImplemented",
    // Not a trace kind on the server side, but the client's own deadline: worth its own kind.
    [_grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.DEADLINE_EXCEEDED]: "DeadlineExceeded",
};
/** grpc-js fails a call with this when no connection was ever ready: the request did not leave. */
const NOT_CONNECTED = /^No connection established/;
/** grpc-js's deadline details while the call still waited for a connection (the request did not leave). */
const DEADLINE_BEFORE_SEND = /waiting for LB pick|waiting for name resolution|waiting for metadata filters/i;
function isOnlyUsersRefusal(message) {
    return message.includes(ONLY_USERS_TEXT);
}
function fromGrpcStatus(error, context) {
    const code = error.code ?? _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.UNKNOWN;
    const details = error.details || error.message || `gRPC status ${code}`;
    const kind = KIND_BY_CODE[code] ?? "Unknown";
    if (code === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.UNAVAILABLE && NOT_CONNECTED.test(details)) {
        const reason = details.match(/Last error: (.*?)(?:\. Resolution note:|$)/)?.[1];
        const where = context.address ? ` through ${context.address}` : "";
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TeleportApiError */ .st("ConnectionProblem", `cannot connect to the Teleport Auth API${where}${reason && reason !== "undefined" ? `: ${reason}` : ""}`, true, false);
    }
    if (code === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.UNAVAILABLE) {
        // Teleport's ConnectionProblem for a host/service identity is a refusal that no retry changes.
        if (isOnlyUsersRefusal(details))
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TeleportApiError */ .st(kind, details, false, false);
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TeleportApiError */ .st(kind, details, true, context.write);
    }
    if (code === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.DEADLINE_EXCEEDED) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TeleportApiError */ .st(kind, details, true, context.write && !DEADLINE_BEFORE_SEND.test(details));
    }
    // Throttling (trace LimitExceeded) is worth another attempt later; nothing else the server answers is.
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TeleportApiError */ .st(kind, details, code === _grpc_grpc_js__WEBPACK_IMPORTED_MODULE_0__/* .status */ .h5.RESOURCE_EXHAUSTED, false);
}


/***/ }),

/***/ 5821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bp: () => (/* binding */ methodPath),
/* harmony export */   J8: () => (/* binding */ METHODS),
/* harmony export */   nl: () => (/* binding */ MESSAGES)
/* harmony export */ });
/* unused harmony exports WC, WORKLOAD_CLUSTER_SERVICE */
// The messages of teleport.workloadcluster.v1 as field tables for the hand-written codec (codec.ts).
// fact: B17 (field numbers of every message and of teleport.header.v1.Metadata).
// The .proto files in ./proto/ say the same thing in protobuf's own language; a unit test parses them and
// checks that every table below matches, so the two cannot drift apart.
//
// Why a hand-written codec instead of protobufjs/proto-loader at run time: ncc does not bundle .proto files
// read from disk, these nine small messages need only strings, int32/int64, nested messages and one
// string map, and a codec without a parser keeps the bundle small and its start fast.
const WC = "teleport.workloadcluster.v1";
const WORKLOAD_CLUSTER_SERVICE = `${WC}.WorkloadClusterService`;
const MESSAGES = {
    "google.protobuf.Empty": [],
    "google.protobuf.Timestamp": [
        { name: "seconds", no: 1, type: "int64" },
        { name: "nanos", no: 2, type: "int32" },
    ],
    "teleport.header.v1.Metadata": [
        { name: "name", no: 1, type: "string" },
        { name: "namespace", no: 2, type: "string" },
        { name: "description", no: 3, type: "string" },
        // fact: there is no field 4 (B17).
        { name: "labels", no: 5, type: "map" },
        { name: "expires", no: 6, type: "message", message: "google.protobuf.Timestamp" },
        { name: "id", no: 7, type: "int64" },
        { name: "revision", no: 8, type: "string" },
    ],
    [`${WC}.WorkloadCluster`]: [
        { name: "kind", no: 1, type: "string" },
        { name: "sub_kind", no: 2, type: "string" },
        { name: "version", no: 3, type: "string" },
        { name: "metadata", no: 4, type: "message", message: "teleport.header.v1.Metadata" },
        { name: "spec", no: 5, type: "message", message: `${WC}.WorkloadClusterSpec` },
        { name: "status", no: 6, type: "message", message: `${WC}.WorkloadClusterStatus` },
    ],
    [`${WC}.WorkloadClusterSpec`]: [
        { name: "regions", no: 1, type: "message", message: `${WC}.Region`, repeated: true },
        { name: "bot", no: 2, type: "message", message: `${WC}.Bot` },
        { name: "token", no: 3, type: "message", message: `${WC}.Token` },
    ],
    [`${WC}.Region`]: [{ name: "name", no: 1, type: "string" }],
    [`${WC}.Bot`]: [{ name: "name", no: 1, type: "string" }],
    [`${WC}.Token`]: [
        { name: "join_method", no: 1, type: "string" },
        { name: "allow", no: 2, type: "message", message: `${WC}.Allow`, repeated: true },
    ],
    [`${WC}.Allow`]: [
        { name: "aws_account", no: 1, type: "string" },
        { name: "aws_arn", no: 2, type: "string" },
    ],
    [`${WC}.WorkloadClusterStatus`]: [
        { name: "state", no: 1, type: "string" },
        { name: "domain", no: 2, type: "string" },
    ],
    [`${WC}.GetWorkloadClusterRequest`]: [{ name: "name", no: 1, type: "string" }],
    [`${WC}.CreateWorkloadClusterRequest`]: [
        { name: "cluster", no: 1, type: "message", message: `${WC}.WorkloadCluster` },
    ],
    [`${WC}.UpdateWorkloadClusterRequest`]: [
        { name: "cluster", no: 1, type: "message", message: `${WC}.WorkloadCluster` },
    ],
    [`${WC}.UpsertWorkloadClusterRequest`]: [
        { name: "cluster", no: 1, type: "message", message: `${WC}.WorkloadCluster` },
    ],
    [`${WC}.DeleteWorkloadClusterRequest`]: [{ name: "name", no: 1, type: "string" }],
    [`${WC}.ListWorkloadClustersRequest`]: [
        { name: "page_size", no: 1, type: "int32" },
        { name: "page_token", no: 2, type: "string" },
    ],
    [`${WC}.ListWorkloadClustersResponse`]: [
        { name: "clusters", no: 1, type: "message", message: `${WC}.WorkloadCluster`, repeated: true },
        { name: "next_page_token", no: 2, type: "string" },
        { name: "total_count", no: 3, type: "int32" },
    ],
};
/** All unary; path `/<service>/<method>`. fact: B17. */
const METHODS = {
    GetWorkloadCluster: { request: `${WC}.GetWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
    ListWorkloadClusters: {
        request: `${WC}.ListWorkloadClustersRequest`,
        response: `${WC}.ListWorkloadClustersResponse`,
    },
    CreateWorkloadCluster: { request: `${WC}.CreateWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
    UpdateWorkloadCluster: { request: `${WC}.UpdateWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
    UpsertWorkloadCluster: { request: `${WC}.UpsertWorkloadClusterRequest`, response: `${WC}.WorkloadCluster` },
    DeleteWorkloadCluster: { request: `${WC}.DeleteWorkloadClusterRequest`, response: "google.protobuf.Empty" },
};
function methodPath(method) {
    return `/${WORKLOAD_CLUSTER_SERVICE}/${method}`;
}


/***/ }),

/***/ 1725:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ parseIdentityFile)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// Reads a Teleport identity file (what `tbot`'s identity service and `tctl auth sign` write).
// fact: B25: blocks in order: private key PEM (RSA as PKCS#1 "RSA PRIVATE KEY",
// ECDSA/Ed25519 as PKCS#8 "PRIVATE KEY"), one SSH certificate line, the TLS certificate PEM,
// `@cert-authority` lines, then the TLS CA PEMs. The reader trims lines, takes a line with an OpenSSH
// certificate type as the SSH certificate, and assigns PEM blocks by position: 1st key, 2nd certificate,
// the rest CAs; it fails when there is no SSH certificate.
// Error messages name blocks and positions only, never their contents: the file holds a private key.

class IdentityFileError extends Error {
    name = "IdentityFileError";
}
/** OpenSSH certificate key types end in `-cert-v01@openssh.com` (e.g. `ssh-ed25519-cert-v01@openssh.com`). */
const SSH_CERT_LINE = /^[a-z0-9.@-]+-cert-v0[01]@openssh\.com\s+\S+/i;
const PEM_BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const PEM_END = /^-----END ([A-Z0-9 ]+)-----$/;
function ordinal(n) {
    return ["first", "second", "third", "fourth", "fifth"][n - 1] ?? `${n}th`;
}
/** The subject CN from Node's `subject` text (one `KEY=value` per line). */
function commonName(cert) {
    for (const line of cert.subject.split("\n")) {
        if (line.startsWith("CN="))
            return line.slice(3);
    }
    return "";
}
function parseCertificate(block, role) {
    if (block.label !== "CERTIFICATE") {
        throw new IdentityFileError(`the ${role} (PEM block at line ${block.line}) is a "${block.label}" block, expected "CERTIFICATE"`);
    }
    try {
        return new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(block.text);
    }
    catch {
        throw new IdentityFileError(`the ${role} (PEM block at line ${block.line}) is not a valid X.509 certificate`);
    }
}
function parseIdentityFile(text) {
    const blocks = [];
    const sshCerts = [];
    const sshCaLines = [];
    let open;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (open) {
            open.lines.push(line);
            const end = line.match(PEM_END);
            if (end) {
                if (end[1] !== open.label) {
                    throw new IdentityFileError(`the PEM block that starts at line ${open.line} ("${open.label}") ends with "${end[1]}" at line ${i + 1}`);
                }
                blocks.push({ label: open.label, text: `${open.lines.join("\n")}\n`, line: open.line });
                open = undefined;
            }
            continue;
        }
        if (line === "")
            continue;
        const begin = line.match(PEM_BEGIN);
        if (begin)
            open = { label: begin[1], lines: [line], line: i + 1 };
        else if (line.startsWith("@cert-authority"))
            sshCaLines.push(line);
        else if (SSH_CERT_LINE.test(line))
            sshCerts.push(line);
        // Anything else (comments, blank lines, known_hosts without a marker) is ignored like Teleport does.
    }
    if (open)
        throw new IdentityFileError(`the PEM block that starts at line ${open.line} ("${open.label}") never ends`);
    const sshCert = sshCerts[0];
    if (!sshCert) {
        throw new IdentityFileError("no SSH certificate line (e.g. `ssh-ed25519-cert-v01@openssh.com AAAA...`) found; is this a Teleport identity file written by tbot or `tctl auth sign --format=file`?");
    }
    const [keyBlock, certBlock, ...caBlocks] = blocks;
    if (!keyBlock)
        throw new IdentityFileError("no private key PEM block found (it must be the first PEM block)");
    if (!certBlock) {
        throw new IdentityFileError("no TLS certificate found (it must be the second PEM block, after the private key)");
    }
    if (!/PRIVATE KEY$/.test(keyBlock.label)) {
        throw new IdentityFileError(`the first PEM block (line ${keyBlock.line}) is a "${keyBlock.label}" block; an identity file starts with the private key ("RSA PRIVATE KEY" or "PRIVATE KEY")`);
    }
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(keyBlock.text);
    }
    catch {
        // The parser's own message can quote key bytes; say only where the problem is.
        throw new IdentityFileError(`the private key (PEM block at line ${keyBlock.line}) cannot be read`);
    }
    const cert = parseCertificate(certBlock, "TLS certificate");
    if (!cert.checkPrivateKey(key)) {
        throw new IdentityFileError("the TLS certificate does not belong to the private key in the same file");
    }
    caBlocks.forEach((block, index) => {
        parseCertificate(block, `${ordinal(index + 1)} TLS CA certificate`);
    });
    return {
        keyPem: keyBlock.text,
        certPem: certBlock.text,
        caPems: caBlocks.map((b) => b.text),
        sshCert,
        sshCaLines,
        username: commonName(cert),
        expires: new Date(cert.validTo),
    };
}


/***/ }),

/***/ 2166:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ joinWithTbot),
/* harmony export */   w: () => (/* binding */ TbotError)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _util_log_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9906);
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4266);
/* harmony import */ var _env_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3656);
/* harmony import */ var _tctl_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7350);
/* harmony import */ var _webapi_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(777);
// Joins a cluster with tbot and returns the identity file it wrote. The configuration follows the workload
// cluster guide's tbot.yaml (fact: B14 last bullets; B26): v2, oneshot,
// proxy_server, onboarding {join_method, token}, memory storage, one identity service to a directory.








function tbotConfig(input) {
    return {
        version: "v2",
        oneshot: true,
        proxy_server: (0,_webapi_js__WEBPACK_IMPORTED_MODULE_5__/* .formatProxyAddress */ .uf)(input.proxy),
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
function tbotEnvironment(env, joinMethod, extra = {}) {
    const out = (0,_env_js__WEBPACK_IMPORTED_MODULE_6__/* .toolEnvironment */ .u)(env, extra);
    if (joinMethod === "iam") {
        delete out.AWS_ENDPOINT_URL_STS;
        delete out.AWS_ENDPOINT_URL;
    }
    return out;
}
class TbotError extends Error {
    transient;
    lastLine;
    name = "TbotError";
    constructor(message, 
    /** The cluster was not reachable yet: worth another attempt. Never set for a refusal. */
    transient, 
    /** tbot's last line, for the retry log. */
    lastLine = "") {
        super(message);
        this.transient = transient;
        this.lastLine = lastLine;
    }
}
/** A few attempts over about half a minute, for a proxy that resets connections for a moment. */
const TBOT_RETRY = {
    attempts: 3,
    baseDelayMs: 4000,
    maxDelayMs: 15_000,
    deadlineMs: 10 * 60_000,
};
const TRANSIENT = /connection refused|connection reset|i\/o timeout|no such host|Cannot connect|unavailable|EOF/i;
async function joinWithTbot(options) {
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(options.tempDir, { recursive: true });
    const dir = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp(node_path__WEBPACK_IMPORTED_MODULE_1__.join(options.tempDir, `teleport-${options.label.replace(/[^a-z0-9-]/gi, "-")}-`));
    options.registerCleanup(dir);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.chmod(dir, 0o700);
    const identityDir = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, "identity");
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(identityDir, { mode: 0o700 });
    const configFile = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, "tbot.yaml");
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(configFile, (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .stringify */ .As)(tbotConfig({ ...options, identityDir })), { mode: 0o600 });
    const env = tbotEnvironment(options.env, options.joinMethod, options.extraEnv);
    const identityFile = node_path__WEBPACK_IMPORTED_MODULE_1__.join(identityDir, "identity");
    const attempt = async () => {
        const result = await options.exec(options.tbotPath, ["start", "-c", configFile], {
            env,
            timeoutMs: 5 * 60_000,
            ...(options.signal ? { signal: options.signal } : {}),
        });
        if (result.exitCode === 0) {
            try {
                await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.access(identityFile);
                return identityFile;
            }
            catch {
                throw new TbotError(`tbot exited 0 but wrote no identity file to ${identityDir}`, false);
            }
        }
        const output = (0,_tctl_js__WEBPACK_IMPORTED_MODULE_4__/* .stripAnsi */ .aJ)(`${result.stderr}\n${result.stdout}`);
        const lines = output
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean);
        // Teleport's error (an `ERROR:` line and its wrapped causes) says why; else the lines that look like one.
        const errorAt = lines.findIndex((l) => l.startsWith("ERROR:"));
        const why = (errorAt >= 0
            ? lines.slice(errorAt, errorAt + 8)
            : lines.filter((l) => /error|denied|fail|missing|invalid/i.test(l)).slice(-5)).join("\n") || lines.slice(-5).join("\n");
        const exit = result.exitCode === null ? `killed by ${result.signal ?? "a signal"}` : `exit ${result.exitCode}`;
        throw new TbotError(`tbot could not join ${(0,_webapi_js__WEBPACK_IMPORTED_MODULE_5__/* .formatProxyAddress */ .uf)(options.proxy)} with the ${options.joinMethod} join token "${options.token}" (${exit}):\n${why}`, TRANSIENT.test(output) && !/denied|did not match/i.test(output), lines.at(-1) ?? "");
    };
    return (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L5)(attempt, {
        policy: options.retryPolicy ?? TBOT_RETRY,
        clock: options.clock,
        isTransient: (e) => e instanceof TbotError && e.transient,
        ...(options.signal ? { signal: options.signal } : {}),
        onRetry: ({ attempt: n, attempts, delayMs, error }) => options.log(`tbot join failed (attempt ${n} of ${attempts}); retrying in ${(0,_util_log_js__WEBPACK_IMPORTED_MODULE_7__/* .formatDuration */ .a)(delayMs)}: ${error.lastLine}`),
    });
}


/***/ }),

/***/ 7350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SE: () => (/* binding */ Tctl),
/* harmony export */   aJ: () => (/* binding */ stripAnsi)
/* harmony export */ });
/* unused harmony exports parseTctlError, classifyTctlError */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _util_exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7895);
/* harmony import */ var _env_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3656);
/* harmony import */ var _webapi_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(777);
// A typed tctl runner: global flags, the tool environment, and tctl's `ERROR:` output turned into
// TeleportApiError. The process runner is injected so tests can replace it.
// fact: B3: stderr, exit code 1, `ERROR: ` in red ANSI whether
// or not stderr is a TTY, then the trace user message: the outermost message first, each inner message on
// its own line with one more tab. B10: global flags `--auth-server` (may be a proxy address) and `-i`.




/**
 * After a cancel, writes run at most this long: the runner kills the step 10 s after its first signal
 * (B86), and the lease release and the post step need the rest. A write stopped then may have been
 * committed in part; the next run recognises its objects by their applied-hash label.
 */
const WRITE_GRACE_MS = 5_000;
// CSI sequences (colours, cursor) and OSC sequences (titles, links).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
function stripAnsi(text) {
    return text.replace(ANSI, "");
}
/**
 * The trace messages of tctl's error output, outermost first, or undefined when stderr has no `ERROR:`
 * line (a crash, or a program that is not tctl). Continuation lines without a tab belong to the message
 * above them (some messages span lines, e.g. `tctl rm` without a name).
 */
function parseTctlError(stderr) {
    const lines = stripAnsi(stderr).replace(/\r\n/g, "\n").split("\n");
    const start = lines.findIndex((line) => line.startsWith("ERROR: "));
    if (start < 0)
        return undefined;
    const messages = [lines[start].slice("ERROR: ".length)];
    for (const line of lines.slice(start + 1)) {
        if (line.startsWith("\t"))
            messages.push(line.replace(/^\t+/, ""));
        else if (line.trim() !== "")
            messages[messages.length - 1] += `\n${line}`;
    }
    return messages.map((m) => m.trimEnd());
}
/**
 * The rules every caller shares, checked in order against every message after the caller's own; the first
 * rule that matches any message decides.
 */
const COMMON_RULES = [
    // fact: B10: `Cannot connect to the auth server. Is the auth server running on "<addr>"?`
    {
        test: /Cannot connect to the auth server/i,
        kind: "ConnectionProblem",
        transient: true,
        beforeRequest: true,
    },
    // fact: B10: `your credentials have expired, please login using `tsh login``.
    { test: /credentials have expired/, kind: "AccessDenied", transient: false, beforeRequest: true },
    { test: /access denied|not authorized|permission denied|\bMFA\b/i, kind: "AccessDenied", transient: false },
    // fact: B4/B48: `... already exists`, `user "<n>" already registered`.
    { test: /already exists|already registered/, kind: "AlreadyExists", transient: false },
    // fact: B15, B5, B9: `workload_cluster "x" doesn't exist`, `role x is not found`, `user "x" not found`.
    { test: /not found|doesn't exist|does not exist/i, kind: "NotFound", transient: false },
    {
        test: /revision does not match|concurrently modified|compare failed/i,
        kind: "CompareFailed",
        transient: false,
    },
    // fact: B17: before Teleport's Cloud client is ready.
    { test: /unable to communicate with the Teleport Cloud API/, kind: "ConnectionProblem", transient: true },
    { test: /deadline exceeded|i\/o timeout|timed out/i, kind: "DeadlineExceeded", transient: true },
    {
        test: /connection refused|connection reset|broken pipe|\bEOF\b|transport is closing|unavailable|no route to host|network is unreachable|handshake timeout/i,
        kind: "ConnectionProblem",
        transient: true,
    },
    { test: /rate limit|too many requests|limit exceeded/i, kind: "LimitExceeded", transient: true },
    {
        test: /is required|not supported|immutable|invalid|must be|only name and revision|no resources found|provide a full resource name/i,
        kind: "BadParameter",
        transient: false,
    },
];
/** Turns tctl's messages (outermost first) into a TeleportApiError: the caller's rules first, then the common ones. */
function classifyTctlError(messages, context) {
    const text = messages.join(": ");
    const rules = [...(context.rules ?? []), ...COMMON_RULES];
    // A message quotes the object it is about, and a name such as "mfa-reviewers" or "invalid-logins" must
    // not decide what kind of error it is: the rules see each name replaced by a placeholder.
    const probes = messages.map((m) => withoutNames(m, context.names ?? []));
    const rule = rules.find((r) => probes.some((m) => r.test.test(m)));
    if (!rule)
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st("Unknown", text, false, false);
    const message = rule.hint ? `${text} (${rule.hint})` : text;
    const outcomeUnknown = context.write && rule.transient && !rule.beforeRequest;
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st(rule.kind, message, rule.transient, outcomeUnknown);
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `message` with each of `names` replaced where Teleport's texts put a name: quoted, or after a kind. */
function withoutNames(message, names) {
    let out = message;
    for (const name of [...names].filter(Boolean).sort((a, b) => b.length - a.length)) {
        const quoted = new RegExp(`"${escapeRegExp(name)}"`, "g");
        const afterKind = new RegExp(`\\b(role|user|workload_cluster) ${escapeRegExp(name)}(?= |$)`, "g");
        out = out.replace(quoted, '"<name>"').replace(afterKind, "$1 <name>");
    }
    return out;
}
class Tctl {
    options;
    /** Aborts WRITE_GRACE_MS after `signal` does: one deadline for every write after the cancel. */
    grace;
    constructor(options) {
        this.options = options;
        const { signal } = options;
        if (!signal)
            return;
        const controller = new AbortController();
        const start = () => {
            setTimeout(() => controller.abort(), options.writeGraceMs ?? WRITE_GRACE_MS).unref();
        };
        if (signal.aborted)
            start();
        else
            signal.addEventListener("abort", start, { once: true });
        this.grace = controller.signal;
    }
    get path() {
        return this.options.tctlPath;
    }
    /** The run was cancelled: a process started ahead of its input is given none. */
    get cancelled() {
        return this.options.signal?.aborted === true;
    }
    /** Global flags first, where tctl's parser accepts them for every command. */
    globalArgs() {
        return ["--auth-server", (0,_webapi_js__WEBPACK_IMPORTED_MODULE_2__/* .formatProxyAddress */ .uf)(this.options.proxy), "-i", this.options.identityFile];
    }
    /** Runs `tctl <global flags> <args>`; a non-zero exit becomes a TeleportApiError. */
    async run(args, options = {}) {
        const result = await this.attempt(args, options);
        if (result.error)
            throw result.error;
        return result;
    }
    /**
     * Runs tctl and returns what it printed also when it failed: a multi-document `create` confirms each
     * document it applied on stdout before the error that stopped it (fact B2).
     */
    async attempt(args, options = {}) {
        const argv = [...this.globalArgs(), ...args];
        const command = `tctl ${args.join(" ")}`;
        const write = options.write === true;
        const { signal } = this.options;
        let result;
        try {
            result = await this.options.exec(this.options.tctlPath, argv, {
                env: (0,_env_js__WEBPACK_IMPORTED_MODULE_3__/* .toolEnvironment */ .u)(this.options.env),
                timeoutMs: this.options.timeoutMs ?? 120_000,
                // A write in flight on cancellation runs on for the grace period: killed half-way, its answer would
                // be lost although Teleport may have committed it. Reads stop at once.
                ...(signal ? { signal: write ? this.grace : signal } : {}),
                ...(options.input !== undefined ? { input: options.input } : {}),
            });
        }
        catch (error) {
            if (error instanceof _util_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .ExecCancelledError */ .p5 || error instanceof _util_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .ExecInputWithdrawnError */ .Gn || signal?.aborted)
                throw error;
            if (error instanceof _util_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .ExecTimeoutError */ .tJ) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st("DeadlineExceeded", `${command} did not finish within ${Math.round(error.timeoutMs / 1000)} s`, true, write);
            }
            throw new Error(`Could not run tctl (${this.options.tctlPath}): ${error.message}`);
        }
        const { stdout, stderr } = result;
        if (result.exitCode === 0)
            return { stdout, stderr };
        if (result.exitCode === null) {
            const error = new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st("ConnectionProblem", `${command} was killed by ${result.signal ?? "a signal"} before it finished`, true, write);
            return { stdout, stderr, error };
        }
        const messages = parseTctlError(stderr);
        if (!messages) {
            const tail = stripAnsi(stderr).trim().split("\n").slice(-3).join(" ").trim();
            const error = new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st("Unknown", `${command} exited with code ${result.exitCode}${tail ? `: ${tail}` : " and printed no error"}`, false, false);
            return { stdout, stderr, error };
        }
        return {
            stdout,
            stderr,
            error: classifyTctlError(messages, {
                write,
                ...(options.rules ? { rules: options.rules } : {}),
                ...(options.names ? { names: options.names } : {}),
            }),
        };
    }
    /**
     * `tctl get <refs> --format=json`, each element of the printed array turned into `T` by `parse`.
     * fact: B5: JSON output is always an array (`[]` when nothing matches).
     */
    async get(refs, parse, options = {}) {
        const { stdout } = await this.run(["get", refs, "--format=json"], options);
        const command = `tctl get ${refs}`;
        let value;
        try {
            value = JSON.parse(stdout);
        }
        catch {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st("Unknown", `${command} did not print JSON`, false);
        }
        if (!Array.isArray(value))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st("Unknown", `${command} did not print a JSON array`, false);
        return value.map(parse);
    }
}


/***/ })

};

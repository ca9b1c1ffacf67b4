export const id = 912;
export const ids = [912];
export const modules = {

/***/ 1912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyMode: () => (/* binding */ applyMode)
});

// EXTERNAL MODULE: ./src/teleport/tbot.ts
var tbot = __webpack_require__(2166);
// EXTERNAL MODULE: ./src/teleport/webapi.ts
var webapi = __webpack_require__(777);
// EXTERNAL MODULE: ./src/tenant/outcome.ts
var outcome = __webpack_require__(1804);
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
    try {
        const identityFile = await (0,tbot/* joinWithTbot */.sj)({
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
        return { identityFile, proxy, arn };
    }
    catch (error) {
        const refused = error instanceof tbot/* TbotError */.wI && !error.transient;
        const advice = refused && /did not match any allow rules/.test(error.message)
            ? `Teleport compared ${arn} with the allow rules of ${declared.name}'s join token and none matched. Check the rules in ${declared.file}:${declared.line} against this ARN.`
            : error instanceof tbot/* TbotError */.wI && error.transient
                ? `The child did not accept the join within child-ready-timeout (${Math.round(options.childReadyTimeoutMs / 1000)} s); a longer timeout may help if the cluster was just created.`
                : undefined;
        return { proxy, arn, error: (0,outcome/* stageError */.v)(error, advice, refused ? "AccessDenied" : undefined) };
    }
}

// EXTERNAL MODULE: ./src/manifests/aws-arn.ts
var aws_arn = __webpack_require__(5521);
;// CONCATENATED MODULE: ./src/join/preflight.ts

function describeRule(rule) {
    const parts = [
        rule.aws_account ? `aws_account "${rule.aws_account}"` : undefined,
        rule.aws_arn ? `aws_arn "${rule.aws_arn}"` : undefined,
    ].filter(Boolean);
    return parts.join(", ") || "(empty rule)";
}
function checkJoinMatch(declared, caller, viaRole) {
    const rules = declared.spec.token?.allow ?? [];
    if (rules.some((rule) => (0,aws_arn/* allowRuleMatches */.bB)(rule, caller)))
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

// EXTERNAL MODULE: ./src/teleport/errors.ts
var errors = __webpack_require__(2504);
// EXTERNAL MODULE: ./src/teleport/workload-cluster.ts
var workload_cluster = __webpack_require__(3965);
// EXTERNAL MODULE: ./src/util/log.ts
var log = __webpack_require__(9906);
// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
// EXTERNAL MODULE: ./src/provision/api-retry.ts
var api_retry = __webpack_require__(8864);
// EXTERNAL MODULE: ./src/provision/compare.ts
var compare = __webpack_require__(5679);
;// CONCATENATED MODULE: ./src/provision/wait.ts
// Waits until a workload cluster is `active`. The facts know only `creating` and `active`, and a fresh
// resource may have no status at all (protojson omits it; fact: tctl-facts.md §1). Any other state is logged
// as it is and the wait goes on: only the timeout ends it, reporting the last state seen.



const ACTIVE = "active";
class WaitTimeoutError extends Error {
    lastState;
    name = "WaitTimeoutError";
    constructor(message, lastState) {
        super(message);
        this.lastState = lastState;
    }
}
function describeState(cluster) {
    if (!cluster)
        return "not visible yet";
    return cluster.status?.state || "no status yet";
}
async function waitForActive(api, name, options) {
    const { clock } = options;
    const start = clock.now();
    const elapsed = () => (0,log/* formatDuration */.a)(clock.now() - start);
    let delay = options.initialDelayMs ?? 1000;
    let last;
    for (;;) {
        if (options.signal?.aborted)
            throw new Error(`stopped waiting for ${name}: cancelled`);
        let state;
        try {
            const cluster = await api.get(name);
            state = describeState(cluster);
            if (cluster?.status?.state === ACTIVE) {
                if (last !== state)
                    options.log(`${name}: ${state} after ${elapsed()}`);
                return cluster;
            }
        }
        catch (error) {
            if (!(error instanceof errors/* TeleportApiError */.st && error.transient))
                throw error;
            state = last ?? "unknown";
            options.log(`${name}: could not read the state (${error.message}); still waiting`);
        }
        if (state !== last) {
            options.log(`${name}: ${state} after ${elapsed()}`);
            last = state;
        }
        const remaining = options.timeoutMs - (clock.now() - start);
        if (remaining <= 0) {
            throw new WaitTimeoutError(`${name} is not active after ${(0,log/* formatDuration */.a)(options.timeoutMs)}; the last state seen was "${state}"`, state);
        }
        // Jitter keeps many clusters polled at once from hitting the parent in lockstep.
        const jittered = delay * (0.8 + 0.4 * clock.random());
        // A cancelled run must not sit out a poll interval before it stops.
        await (0,retry/* sleep */.yy)(clock, Math.min(jittered, remaining), options.signal);
        delay = Math.min(options.maxDelayMs ?? 15_000, delay * 1.5);
    }
}

;// CONCATENATED MODULE: ./src/provision/apply.ts








const GRACE_PERIOD_ADVICE = "Deleting a workload cluster suspends it for a grace period (14 days, per Teleport's workload cluster guide), during which its name cannot be used again. Choose another name for this cluster.";
/** A name refused because a deleted cluster still holds it. Teleport's exact text is not in the facts. */
function isGraceRefusal(error) {
    return /grace|suspend|recently deleted|pending deletion|cannot be reused/i.test(error.message);
}
function toResource(declared) {
    return {
        kind: workload_cluster/* KIND_WORKLOAD_CLUSTER */.ot,
        version: workload_cluster/* WORKLOAD_CLUSTER_VERSION */.OJ,
        metadata: { name: declared.name },
        spec: declared.spec,
    };
}
async function ensureCluster(declared, api, options) {
    const { clock } = options;
    const start = clock.now();
    const done = (o) => ({ ...o, elapsedMs: clock.now() - start });
    const retrying = (0,api_retry/* apiRetrier */.y)(options.retryPolicy, clock, options.signal);
    const read = () => retrying(() => api.get(declared.name));
    const failure = (error, operation) => (0,outcome/* stageError */.v)(error, options.explain?.(error, operation));
    let operation = "get";
    try {
        const existing = await read();
        let action = "unchanged";
        if (existing) {
            const conflict = conflictOf(declared, existing);
            if (conflict)
                return done({
                    action: "conflict",
                    cluster: existing,
                    state: existing.status?.state,
                    error: conflict,
                });
            options.log(`${declared.name}: exists with the declared configuration; no change`);
        }
        else {
            operation = "create";
            const created = await create(declared, api, options, read);
            if ("stop" in created)
                return done(created.stop);
            action = created.outcome;
        }
        try {
            const active = await waitForActive(api, declared.name, {
                timeoutMs: options.waitTimeoutMs,
                clock,
                log: options.log,
                ...(options.signal ? { signal: options.signal } : {}),
                ...(options.pollInitialDelayMs ? { initialDelayMs: options.pollInitialDelayMs } : {}),
            });
            return done({ action, cluster: active, state: active.status?.state });
        }
        catch (error) {
            const state = error instanceof WaitTimeoutError ? error.lastState : undefined;
            const kind = error instanceof WaitTimeoutError ? "Timeout" : undefined;
            return done({
                action: "failed",
                ...(state ? { state } : {}),
                error: kind ? (0,outcome/* stageError */.v)(error, undefined, kind) : failure(error, "get"),
            });
        }
    }
    catch (error) {
        return done({ action: "failed", error: failure(error, operation) });
    }
}
function conflictOf(declared, live) {
    const changes = (0,compare/* diffSpec */.nF)(declared.spec, live.spec);
    if (!changes.length)
        return undefined;
    return {
        kind: "Conflict",
        message: `${declared.name} (${declared.file}:${declared.line}) differs from the cluster in the parent: ${(0,compare/* describeChanges */.DT)(changes)}. A workload cluster's configuration is immutable after creation, so nothing was changed.`,
        advice: "Restore the declared configuration, or delete the cluster (mode: delete) and declare it again under another name.",
    };
}
/** Asks for another attempt: the create surely did not land (transient before sending, or lost and absent). */
class CreateAgain extends Error {
    original;
    constructor(original) {
        super(original.message);
        this.original = original;
    }
}
async function create(declared, api, options, read) {
    const name = declared.name;
    options.log(`${name}: creating`);
    let outcomeUnknown = false;
    const attempt = async () => {
        try {
            await api.create(toResource(declared));
            options.log(`${name}: created`);
            return { outcome: "created" };
        }
        catch (error) {
            if (!(error instanceof errors/* TeleportApiError */.st))
                throw error;
            if (error.kind === "AlreadyExists" || error.outcomeUnknown) {
                // The write may have landed (lost response), or another run created it: the parent decides.
                outcomeUnknown ||= error.outcomeUnknown;
                const live = await read();
                if (live) {
                    const conflict = conflictOf(declared, live);
                    if (conflict)
                        return { stop: { action: "conflict", cluster: live, error: conflict } };
                    options.log(`${name}: ${outcomeUnknown ? "the create's answer was lost, and the parent shows the cluster with the declared configuration" : "was created concurrently with the declared configuration"}`);
                    return { outcome: outcomeUnknown ? "created" : "unchanged" };
                }
                if (error.kind === "AlreadyExists")
                    return { stop: blocked(name, error) };
                // Outcome unknown and not there: the write did not land, so creating again is safe.
                throw new CreateAgain(error);
            }
            if (isGraceRefusal(error))
                return { stop: blocked(name, error) };
            throw error.transient ? new CreateAgain(error) : error;
        }
    };
    try {
        return await (0,retry/* retry */.L5)(attempt, {
            policy: options.retryPolicy,
            clock: options.clock,
            isTransient: (e) => e instanceof CreateAgain,
            ...(options.signal ? { signal: options.signal } : {}),
            onRetry: ({ attempt: n, attempts, delayMs, error }) => options.log(`${name}: create failed (${error.message}); attempt ${n} of ${attempts}, retrying in ${(0,log/* formatDuration */.a)(delayMs)}`),
        });
    }
    catch (error) {
        throw error instanceof CreateAgain ? error.original : error;
    }
}
function blocked(name, error) {
    return {
        action: "blocked",
        error: {
            kind: "Blocked",
            message: `${name} cannot be created: the parent refused the name (${error.message}).`,
            advice: GRACE_PERIOD_ADVICE,
        },
    };
}

// EXTERNAL MODULE: ./src/provision/outputs.ts
var outputs = __webpack_require__(2717);
// EXTERNAL MODULE: ./src/report/provision.ts
var provision = __webpack_require__(2513);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/tenant/pipeline.ts
// The per-tenant pipeline of `mode: apply` (and later `mode: sync`): for every declared workload cluster,
// under one concurrency limit, the stages run in order (ensure the cluster -> join the child -> sync its
// access), each recording its own field of the tenant's outcome. A stage that fails ends that tenant's
// pipeline; the other tenants go on. A new stage is a new field of `TenantStages` and one entry in the
// caller's stage list, not a branch here.


function runTenants(declared, stages, options) {
    return (0,concurrency/* mapLimit */.s)(declared, options.maxParallel, async (d) => {
        const start = options.clock.now();
        const tenant = { name: d.name, declared: d, elapsedMs: 0 };
        for (const stage of stages) {
            if (options.signal?.aborted) {
                tenant.failed = { stage: stage.name, error: (0,outcome/* stageError */.v)("cancelled", undefined, "Cancelled") };
                break;
            }
            let error;
            try {
                const result = await stage.run(tenant);
                Object.assign(tenant, { [stage.name]: result });
                error = result.error;
            }
            catch (thrown) {
                // A stage reports what it expects as its own result; anything thrown is still this tenant's alone.
                error = (0,outcome/* stageError */.v)(thrown);
            }
            if (error) {
                tenant.failed = { stage: stage.name, error };
                break;
            }
        }
        tenant.elapsedMs = options.clock.now() - start;
        return tenant;
    });
}

// EXTERNAL MODULE: ./src/modes/aws.ts
var modes_aws = __webpack_require__(881);
// EXTERNAL MODULE: ./src/modes/context.ts
var context = __webpack_require__(1235);
// EXTERNAL MODULE: ./src/modes/declared.ts
var modes_declared = __webpack_require__(9520);
// EXTERNAL MODULE: ./src/modes/outputs.ts
var modes_outputs = __webpack_require__(2382);
// EXTERNAL MODULE: ./src/modes/parent-session.ts + 9 modules
var parent_session = __webpack_require__(2865);
;// CONCATENATED MODULE: ./src/modes/apply.ts












function applyStages(ctx, session, aws) {
    const log = (m) => ctx.log.info(m);
    const cluster = {
        name: "cluster",
        run: (tenant) => ensureCluster(tenant.declared, session.api, {
            clock: ctx.clock,
            log,
            waitTimeoutMs: ctx.config.waitTimeoutMs,
            retryPolicy: parent_session.API_RETRY,
            signal: ctx.signal,
            explain: session.explain,
        }),
    };
    if (!aws)
        return [cluster];
    return [
        {
            name: "preflight",
            run: async (tenant) => checkJoinMatch(tenant.declared, aws.caller, Boolean(aws.settings.roleToAssume)),
        },
        cluster,
        {
            name: "join",
            run: (tenant) => joinChild(tenant.declared, tenant.cluster?.cluster, {
                aws,
                tbotPath: session.tools.tbotPath,
                tempDir: ctx.tempDir,
                exec: ctx.exec,
                env: ctx.env,
                registerCleanup: ctx.registerCleanup,
                clock: ctx.clock,
                log,
                childReadyTimeoutMs: ctx.config.childReadyTimeoutMs,
                signal: ctx.signal,
            }),
        },
    ];
}
function tenantOutput(t) {
    const out = (0,outputs/* clusterOutput */.g)(t.cluster?.cluster, t.cluster?.state);
    return t.join?.identityFile ? { ...out, identity: t.join.identityFile } : out;
}
/** What a failed tenant's annotation and the step's failure call it: the stage's own word for it. */
function failureLabel(t) {
    if (t.failed?.stage === "cluster")
        return t.cluster?.action ?? "failed";
    if (t.failed?.stage === "preflight")
        return "cannot be joined";
    return `${t.failed?.stage} failed`;
}
async function applyMode(ctx) {
    const declared = await (0,modes_declared/* loadDeclaredClusters */.U)(ctx);
    const aws = await (0,modes_aws/* openAwsSession */.a)(ctx);
    await (0,parent_session.withParentSession)(ctx, async (session) => {
        ctx.log.info(`Applying ${declared.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time${aws ? ", then joining each child" : ""}`);
        const tenants = await runTenants(declared, applyStages(ctx, session, aws), {
            maxParallel: ctx.config.maxParallel,
            clock: ctx.clock,
            signal: ctx.signal,
        });
        const outputs = new Map(tenants.map((t) => [t.name, tenantOutput(t)]));
        (0,modes_outputs/* setClusterOutputs */.L)(ctx, declared, outputs);
        ctx.setOutput("identity-file", (declared[0] && outputs.get(declared[0].name)?.identity) ?? "");
        ctx.setOutput("changes", String(tenants.some((t) => t.cluster?.action === "created")));
        await ctx.writeSummary((0,provision/* applySummary */.HD)(tenants, outputs, session.api.transport, aws ? undefined : modes_aws/* JOIN_DISABLED_NOTICE */.$));
        if (!aws)
            ctx.log.warning(modes_aws/* JOIN_DISABLED_NOTICE */.$);
        const failed = tenants.filter((t) => t.failed);
        for (const t of failed) {
            (0,modes_outputs/* annotateAt */.o)(ctx, t.declared, `workload cluster ${t.name}: ${failureLabel(t)}`, (0,outcome/* describeStageError */.A)(t.failed.error));
        }
        if (failed.length) {
            throw new context/* ModeFailure */.s(`${failed.length} of ${tenants.length} workload cluster(s) failed: ${failed.map((t) => `${t.name} (${failureLabel(t)})`).join(", ")}`);
        }
    }, aws);
}


/***/ }),

/***/ 2382:
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

/***/ 8864:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ apiRetrier)
/* harmony export */ });
/* harmony import */ var _teleport_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2504);
/* harmony import */ var _util_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4266);


/** Runs parent API calls with retries on transient errors only (never access denied or bad input). */
function apiRetrier(policy, clock, signal) {
    return (fn) => (0,_util_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L5)(fn, { policy, clock, isTransient: _teleport_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isTransientApiError */ .f0, ...(signal ? { signal } : {}) });
}


/***/ }),

/***/ 5679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ describeChanges),
/* harmony export */   nF: () => (/* binding */ diffSpec)
/* harmony export */ });
/* unused harmony export normalizeSpec */
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

/***/ 2717:
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

/***/ 2513:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HD: () => (/* binding */ applySummary),
/* harmony export */   O$: () => (/* binding */ deleteSummary),
/* harmony export */   Xg: () => (/* binding */ planMarkdown)
/* harmony export */ });
/* unused harmony export cell */
/* harmony import */ var _tenant_outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1804);
/* harmony import */ var _util_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9906);


/** Table cells: no pipes or new lines may break the table, and no HTML. */
function cell(text) {
    return (text ?? "")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/\|/g, "\\|")
        .replace(/\r?\n/g, " ");
}
const RESULT = {
    created: "✅ created",
    unchanged: "✅ unchanged",
    conflict: "❌ conflict",
    blocked: "❌ name blocked",
    failed: "❌ failed",
};
/** The child column: joined (as which ARN), why not, or nothing when no join was attempted. */
function childCell(t) {
    if (t.preflight?.error)
        return `❌ cannot be joined as \`${cell(t.preflight.caller.arn)}\``;
    if (t.join?.identityFile)
        return `✅ joined as \`${cell(t.join.arn)}\``;
    if (t.join?.error)
        return `❌ not joined (${cell(t.join.error.kind)})`;
    return "";
}
function applySummary(tenants, outputs, transport, notice) {
    const lines = [
        "### Workload clusters: apply",
        "",
        "| cluster | result | state | domain | child | time |",
        "| --- | --- | --- | --- | --- | --- |",
        ...tenants.map((t) => {
            const out = outputs.get(t.name);
            const result = t.cluster
                ? RESULT[t.cluster.action]
                : t.preflight?.error
                    ? "⏭️ not created"
                    : "❌ failed";
            return `| ${cell(t.name)} | ${result} | ${cell(out?.state || t.cluster?.state)} | ${out?.domain ? `\`${cell(out.domain)}\`` : ""} | ${childCell(t)} | ${(0,_util_log_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(t.elapsedMs)} |`;
        }),
        "",
    ];
    if (notice)
        lines.push(`> ${cell(notice)}`, "");
    const failed = tenants.filter((t) => t.failed);
    if (failed.length) {
        lines.push("#### Problems", "", ...failed.map((t) => `- **${cell(t.name)}**: ${cell((0,_tenant_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStageError */ .A)(t.failed.error))}`), "");
    }
    lines.push(`<sub>Parent API: ${cell(transport)}</sub>`, "");
    return lines.join("\n");
}
const PLAN = {
    create: "➕ create",
    unchanged: "✔️ unchanged",
    conflict: "❌ conflict (immutable)",
    unmanaged: "⚠️ unmanaged",
};
function planMarkdown(plan) {
    return [
        "### Workload clusters: plan",
        "",
        plan.changes
            ? "Apply would create the clusters marked ➕."
            : "No changes: every declared workload cluster exists as declared.",
        "",
        "| cluster | action | state | domain | declared in | note |",
        "| --- | --- | --- | --- | --- | --- |",
        ...plan.items.map((i) => `| ${cell(i.name)} | ${PLAN[i.action]} | ${cell(i.state)} | ${i.domain ? `\`${cell(i.domain)}\`` : ""} | ${i.file ? `\`${cell(i.file)}:${i.line}\`` : ""} | ${cell(i.message)} |`),
        "",
        ...plan.notes.map((n) => `> ${cell(n)}`),
        "",
    ].join("\n");
}
function deleteSummary(outcomes) {
    return [
        "### Workload clusters: delete",
        "",
        "| cluster | result | parent shows afterwards |",
        "| --- | --- | --- |",
        ...outcomes.map((o) => `| ${cell(o.name)} | ${cell(o.result)}${o.error ? `: ${cell(o.error)}` : ""} | ${cell(o.after)} |`),
        "",
        "> Deleted workload clusters are suspended for a grace period (14 days, per Teleport's guide); their names cannot be used again meanwhile.",
        "",
    ].join("\n");
}


/***/ }),

/***/ 1804:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ describeStageError),
/* harmony export */   v: () => (/* binding */ stageError)
/* harmony export */ });
/* harmony import */ var _teleport_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2504);
// What happened to one tenant (one declared workload cluster) in a run: a field per pipeline stage, each
// with a structured error, so reports can show the kind, Teleport's text and the advice apart.

function stageError(error, advice, kind) {
    const message = error instanceof Error ? error.message : String(error);
    const resolved = kind ?? (error instanceof _teleport_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st ? error.kind : "Internal");
    return { kind: resolved, message, ...(advice ? { advice } : {}) };
}
/** The error as one text for a log line or an annotation: the message, then the advice. */
function describeStageError(error) {
    return error.advice ? `${error.message}\n${error.advice}` : error.message;
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

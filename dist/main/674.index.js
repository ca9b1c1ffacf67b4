export const id = 674;
export const ids = [674];
export const modules = {

/***/ 7674:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyMode: () => (/* binding */ applyMode),
  runTenantsMode: () => (/* binding */ runTenantsMode),
  syncMode: () => (/* binding */ syncMode)
});

// EXTERNAL MODULE: ./src/core/outcome.ts
var outcome = __webpack_require__(9411);
// EXTERNAL MODULE: ./src/join/preflight.ts
var preflight = __webpack_require__(8984);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/workload-cluster.ts
var workload_cluster = __webpack_require__(5293);
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
// resource may have no status at all (protojson omits it; fact: B16). Any other state is logged
// as it is and the wait goes on: only the timeout ends it, reporting the last state seen.



const ACTIVE = "active";
/** Bounds of the poll interval, which is a tenth of the time waited so far. */
const POLL_MIN_MS = 250;
const POLL_MAX_MS = 3000;
/**
 * A tenth of the elapsed time overshoots the moment the cluster turns active by at most about 10%
 * (a doubling backoff can overshoot by 100%: a cluster active at 3 s was seen at 4.75 s), while a wait
 * of minutes still reads the parent only every few seconds.
 */
function pollDelay(elapsedMs) {
    return Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, elapsedMs / 10));
}
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
        const jittered = pollDelay(clock.now() - start) * (0.8 + 0.4 * clock.random());
        // A cancelled run must not sit out a poll interval before it stops.
        await (0,retry/* sleep */.yy)(clock, Math.min(jittered, remaining), options.signal);
    }
}

;// CONCATENATED MODULE: ./src/provision/apply.ts
// Parent side of `mode: apply`, the first stage of a tenant's pipeline: create what is missing, leave
// identical clusters alone, refuse changed ones (the configuration is immutable), then wait until each is
// active. fact: B15 (immutability, upsert semantics, delete suspends).








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
    const changes = (0,compare/* diffSpec */.n)(declared.spec, live.spec);
    if (!changes.length)
        return undefined;
    return {
        kind: "Conflict",
        message: `${declared.name} (${declared.file}:${declared.line}) differs from the cluster in the parent: ${(0,compare/* describeChanges */.D)(changes)}. A workload cluster's configuration is immutable after creation, so nothing was changed.`,
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

// EXTERNAL MODULE: ./src/report/access.ts
var access = __webpack_require__(4866);
// EXTERNAL MODULE: ./src/report/cluster-output.ts
var cluster_output = __webpack_require__(2836);
// EXTERNAL MODULE: ./src/report/provision.ts
var provision = __webpack_require__(2513);
// EXTERNAL MODULE: ./src/run/aws.ts
var run_aws = __webpack_require__(712);
// EXTERNAL MODULE: ./src/run/child.ts + 12 modules
var child = __webpack_require__(1685);
// EXTERNAL MODULE: ./src/run/context.ts
var context = __webpack_require__(670);
// EXTERNAL MODULE: ./src/run/declared.ts + 1 modules
var run_declared = __webpack_require__(9145);
// EXTERNAL MODULE: ./src/run/github/approval.ts
var approval = __webpack_require__(6622);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/run/invites.ts
// The invite links of the users a run created: only in a 0600 JSON file under RUNNER_TEMP, registered for
// the post step before it is written, its path the `invites-file` output. Never in a log, summary or plan.
// Each child's links are written the moment its sync has them, before its inventory records them delivered
// (sync/apply.ts): a run killed after that record still leaves every link it recorded in the file.



class InvitesFile {
    ctx;
    byCluster = {};
    target = "";
    written = false;
    /** Children sync at once; their writes of the one file go one after another. */
    queue = Promise.resolve();
    constructor(ctx) {
        this.ctx = ctx;
    }
    /** The file's path once a link is in it, else "" (the `invites-file` output). */
    get path() {
        return this.written ? this.target : "";
    }
    /** Adds `cluster`'s links and writes the whole file again; resolves once it is on disk. */
    add(cluster, invites) {
        if (!invites.size)
            return this.queue;
        const write = this.queue.then(async () => {
            this.byCluster[cluster] = { ...this.byCluster[cluster], ...Object.fromEntries(invites) };
            await this.write();
            for (const [user, link] of invites) {
                this.ctx.log.info(`${cluster}: invite for ${user} valid until ${link.expires} (in the invites file)`);
            }
        });
        // One failed write fails its own caller; the next one still runs.
        this.queue = write.catch(() => { });
        return write;
    }
    /** Written whole to a new file, then renamed over the old one: a kill never leaves half a file. */
    async write() {
        await promises_.mkdir(this.ctx.tempDir, { recursive: true });
        if (!this.target) {
            this.target = external_node_path_.join(this.ctx.tempDir, `teleport-invites-${(0,external_node_crypto_.randomBytes)(6).toString("hex")}.json`);
            this.ctx.registerCleanup(this.target);
        }
        const next = `${this.target}.${(0,external_node_crypto_.randomBytes)(4).toString("hex")}.tmp`;
        this.ctx.registerCleanup(next);
        await promises_.writeFile(next, `${JSON.stringify(this.byCluster, null, 2)}\n`, { mode: 0o600, flag: "wx" });
        await promises_.rename(next, this.target);
        this.written = true;
    }
}

// EXTERNAL MODULE: ./src/run/outputs.ts
var run_outputs = __webpack_require__(3815);
// EXTERNAL MODULE: ./src/run/parent-session.ts + 4 modules
var parent_session = __webpack_require__(3197);
// EXTERNAL MODULE: ./src/run/plan.ts + 1 modules
var plan = __webpack_require__(4165);
// EXTERNAL MODULE: ./src/run/plan-file.ts
var plan_file = __webpack_require__(5545);
// EXTERNAL MODULE: ./src/sync/drift.ts
var drift = __webpack_require__(7584);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/tenant/pipeline.ts
// The per-tenant pipeline of `mode: apply` and `mode: sync` (the caller's stage list differs: sync finds
// the cluster active where apply ensures it): for every declared workload cluster, under one concurrency
// limit, the stages run in order (check the join -> ensure the cluster -> join the child -> sync its
// access), each recording its own field of the tenant's outcome. A stage that fails ends that tenant's
// pipeline; the other tenants go on. A new stage is a new field of `TenantStages` and one entry in the
// caller's stage list, not a branch here.


function runTenants(declared, stages, options) {
    return (0,concurrency/* mapLimit */.s)(declared, options.maxParallel, async (d) => {
        const start = options.clock.now();
        const tenant = { name: d.name, declared: d, elapsedMs: 0, stageMs: {} };
        for (const stage of stages) {
            const stageStart = options.clock.now();
            if (options.signal?.aborted) {
                tenant.failed = { stage: stage.name, error: (0,outcome/* stageError */.v)("cancelled", undefined, "Cancelled") };
                break;
            }
            let error;
            try {
                const result = await stage.run(tenant);
                Object.assign(tenant, { [stage.name]: result });
                error = result.error;
                if (!error && "skip" in result && result.skip) {
                    tenant.skipped = { stage: stage.name, reason: result.skip };
                    break;
                }
            }
            catch (thrown) {
                // A stage reports what it expects as its own result; anything thrown is still this tenant's alone.
                error = (0,outcome/* stageError */.v)(thrown);
            }
            tenant.stageMs[stage.name] = options.clock.now() - stageStart;
            if (error) {
                tenant.failed = { stage: stage.name, error };
                break;
            }
        }
        tenant.elapsedMs = options.clock.now() - start;
        return tenant;
    });
}

;// CONCATENATED MODULE: ./src/modes/apply.ts



















/** sync mode: the cluster as the parent shows it; a missing or inactive one ends the tenant without failing. */
async function lookupCluster(api, declared) {
    const started = Date.now();
    try {
        const cluster = await api.get(declared.name);
        const state = cluster?.status?.state;
        const base = { action: "unchanged", elapsedMs: Date.now() - started };
        if (!cluster)
            return { ...base, skip: "not in the parent (apply creates it)" };
        if (state !== ACTIVE)
            return {
                ...base,
                cluster,
                ...(state ? { state } : {}),
                skip: `not active (${state || "no status yet"})`,
            };
        return { ...base, cluster, state };
    }
    catch (error) {
        return { action: "failed", error: (0,outcome/* stageError */.v)(error), elapsedMs: Date.now() - started };
    }
}
function stages(ctx, mode, declared, session, aws, joins, invites) {
    const log = (m) => ctx.log.info(m);
    const cluster = {
        name: "cluster",
        run: (tenant) => mode === "sync"
            ? lookupCluster(session.api, tenant.declared)
            : ensureCluster(tenant.declared, session.api, {
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
            run: async (t) => (0,preflight/* checkJoinMatch */.e)(t.declared, aws.caller, Boolean(aws.settings.roleToAssume)),
        },
        cluster,
        { name: "join", run: (t) => (0,child/* join */.f)(ctx, session, aws, t.declared, t.cluster?.cluster, joins) },
        {
            name: "sync",
            run: async (t) => {
                const objects = declared.access.get(t.name) ?? [];
                if (!objects.length)
                    return { processes: 0 };
                return (0,child/* syncJoinedChild */.L)(ctx, session, t.declared, t.join, objects, true, invites);
            },
        },
    ];
}
function tenantOutput(t) {
    const out = (0,cluster_output/* clusterOutput */.g)(t.cluster?.cluster, t.cluster?.state);
    const counts = t.sync?.outcome?.counts;
    return {
        ...out,
        ...(t.join?.identityFile ? { identity: t.join.identityFile } : {}),
        ...(counts ? { counts } : {}),
    };
}
/** What a failed tenant's annotation and the step's failure call it: the stage's own word for it. */
function failureLabel(t) {
    if (t.failed?.stage === "cluster")
        return t.cluster?.action ?? "failed";
    if (t.failed?.stage === "preflight")
        return "cannot be joined";
    if (t.failed?.stage === "sync")
        return "access not synced";
    return `${t.failed?.stage} failed`;
}
/** The run's result in the plan file's shape, for `report` to merge (and to mark the plan applied). */
async function writeResultFile(ctx, mode, tenants, approved) {
    const items = tenants.map((t) => ({
        name: t.name,
        action: t.cluster?.action === "created"
            ? "create"
            : t.cluster?.action === "conflict"
                ? "conflict"
                : "unchanged",
        file: t.declared.file,
        line: t.declared.line,
        ...(t.cluster?.state ? { state: t.cluster.state } : {}),
        ...(t.cluster?.cluster?.status?.domain ? { domain: t.cluster.cluster.status.domain } : {}),
        ...(t.failed
            ? { message: (0,outcome/* describeStageError */.A)(t.failed.error) }
            : t.skipped
                ? { message: t.skipped.reason }
                : {}),
    }));
    const file = (0,plan_file/* toPlanFile */.N_)({ items, changes: items.some((i) => i.action === "create"), notes: [] }, tenants.flatMap((t) => (t.sync?.plan ? [t.sync.plan] : [])), mode);
    file.failed = tenants.filter((t) => t.failed).map((t) => t.name);
    if (approved)
        file.approved = true;
    if (ctx.config.shard)
        file.shard = ctx.config.shard;
    return (0,plan_file/* writePlanFile */.J)(ctx, file);
}
/** require-approved-plan on a push: a fresh plan must hash like the one approved on the pull request. */
async function approvedComment(ctx, mode, declared, session, aws, joins) {
    if (mode !== "apply" || !ctx.config.github.requireApprovedPlan)
        return undefined;
    if (ctx.env.GITHUB_EVENT_NAME && ctx.env.GITHUB_EVENT_NAME !== "push") {
        ctx.log.warning(`require-approved-plan applies to pushes; this is a ${ctx.env.GITHUB_EVENT_NAME} event`);
    }
    ctx.log.info("Checking that the plan approved on the pull request is still the plan");
    const fresh = await (0,plan/* computePlan */.R)(ctx, declared, session, aws, joins);
    return (0,approval/* requireApprovedPlan */.MT)(ctx, fresh);
}
/** Refuses, before any write, a run that would have to join children and cannot. */
function requireJoin(ctx, declared, aws) {
    if (!declared.accessCount)
        return;
    if (!aws) {
        throw new context/* ModeFailure */.s(`${declared.accessCount} role and user document(s) are declared in ${ctx.config.access.dir}, so every child must be joined to sync them, and this run has no AWS credentials. Set role-to-assume (and give the job \`permissions: id-token: write\`), or configure AWS credentials in an earlier step. Nothing was changed.`);
    }
    if (!ctx.config.access.repository) {
        throw new context/* ModeFailure */.s("GITHUB_REPOSITORY is not set: the action labels every role and user it writes with the repository that owns it. Nothing was changed.");
    }
}
async function runTenantsMode(ctx, mode) {
    const declared = await (0,run_declared/* loadDeclared */.$)(ctx);
    // STS while the parent session installs the tools: neither waits for the other. Its failure is read
    // below, still before anything is written.
    const opening = (0,run_aws/* openAwsSession */.a)(ctx);
    opening.catch(() => { });
    await (0,parent_session.withParentSession)(ctx, async (session) => {
        const aws = await opening;
        requireJoin(ctx, declared, aws);
        // The guard's re-plan joins the children it reads; the pipeline reuses those joins.
        const joins = new Map();
        const invites = new InvitesFile(ctx);
        const approved = await approvedComment(ctx, mode, declared, session, aws, joins);
        ctx.log.info(`${mode === "apply" ? "Applying" : "Syncing"} ${declared.clusters.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time${aws ? ", joining each child" : ""}${declared.accessCount ? " and syncing its roles and users" : ""}`);
        const tenants = await runTenants(declared.clusters, stages(ctx, mode, declared, session, aws, joins, invites), {
            maxParallel: ctx.config.maxParallel,
            clock: ctx.clock,
            signal: ctx.signal,
        });
        const outputs = new Map(tenants.map((t) => [t.name, tenantOutput(t)]));
        (0,run_outputs/* setClusterOutputs */.L)(ctx, declared.clusters, outputs);
        ctx.setOutput("identity-file", (declared.clusters[0] && outputs.get(declared.clusters[0].name)?.identity) ?? "");
        const wrote = tenants.some((t) => {
            const c = t.sync?.outcome?.counts;
            return (t.cluster?.action === "created" ||
                (c !== undefined && c.created + c.updated + c.adopted + c.removed > 0));
        });
        ctx.setOutput("changes", String(wrote));
        ctx.setOutput("invites-file", invites.path);
        ctx.setOutput("drift", JSON.stringify((0,drift/* driftOutput */.d)(tenants.flatMap((t) => (t.sync?.plan ? [t.sync.plan] : [])))));
        ctx.setOutput("plan-file", await writeResultFile(ctx, mode, tenants, Boolean(approved)));
        for (const t of tenants.filter((t) => t.skipped))
            ctx.log.warning(`${t.name}: ${t.skipped.reason}; not synced`);
        await ctx.writeSummary((0,provision/* applySummary */.HD)(tenants, outputs, session.api.transport, aws ? undefined : run_aws/* JOIN_DISABLED_NOTICE */.$, mode) +
            (0,access/* accessSummary */.LV)(tenants));
        if (!aws)
            ctx.log.warning(run_aws/* JOIN_DISABLED_NOTICE */.$);
        for (const t of tenants)
            (0,access/* annotateAccess */.Du)(ctx.command, t);
        const failed = tenants.filter((t) => t.failed);
        // A matrix leg leaves marking to the report job, which alone may write to the pull request.
        if (approved && !failed.length && !ctx.config.shard)
            await (0,approval/* markPlanApplied */.eW)(ctx, approved);
        for (const t of failed) {
            (0,run_outputs/* annotateAt */.o)(ctx, t.declared, `workload cluster ${t.name}: ${failureLabel(t)}`, (0,outcome/* describeStageError */.A)(t.failed.error));
        }
        if (failed.length) {
            throw new context/* ModeFailure */.s(`${failed.length} of ${tenants.length} workload cluster(s) failed: ${failed.map((t) => `${t.name} (${failureLabel(t)})`).join(", ")}`);
        }
    }, opening);
}
const applyMode = (ctx) => runTenantsMode(ctx, "apply");
const syncMode = (ctx) => runTenantsMode(ctx, "sync");


/***/ }),

/***/ 6622:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MT: () => (/* binding */ requireApprovedPlan),
/* harmony export */   O2: () => (/* binding */ markMergedPlanApplied),
/* harmony export */   eW: () => (/* binding */ markPlanApplied)
/* harmony export */ });
/* harmony import */ var _github_event_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5015);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(670);
/* harmony import */ var _change_set_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6824);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2674);
// require-approved-plan: before an apply of a push, the plan shown on the merged pull request must still be
// the plan; after it, the comment is marked applied (by the apply itself, or by the report job of a matrix).




/**
 * A plan that changed as a whole may still be unchanged for the clusters of this shard; either way the
 * refusal names the clusters whose plan differs. Returns the comment when this shard may go ahead.
 */
async function compareClusters(ctx, owner, repo, check, fresh) {
    if (check.reason !== "plan-changed" || !check.comment || !check.pullRequest) {
        return { details: check.details };
    }
    const lib = await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .githubLib */ .pM)();
    const salt = lib.planSalt({ owner, repo }, check.pullRequest.number, (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .parentName */ .Ot)(ctx));
    const approved = lib.parseClustersMarker(check.comment.body);
    const now = (0,_change_set_js__WEBPACK_IMPORTED_MODULE_2__/* .clusterHashes */ .F)(lib, fresh, salt);
    const differing = Object.keys(now).filter((name) => approved[name] !== now[name]);
    if (ctx.config.shard && !differing.length) {
        ctx.log.info(`The plan approved on pull request #${check.pullRequest.number} is still the plan for this shard's ${Object.keys(now).length} cluster(s)`);
        return { comment: check.comment, details: check.details };
    }
    return {
        details: differing.length
            ? `${check.details}. Clusters whose plan differs from the one shown: ${differing.join(", ")}`
            : check.details,
    };
}
/**
 * apply with require-approved-plan, on a push: the plan shown on the merged pull request must be the plan.
 * Returns the approved comment (to mark applied after the apply); otherwise fails, nothing written.
 */
async function requireApprovedPlan(ctx, fresh) {
    const event = await (0,_github_event_js__WEBPACK_IMPORTED_MODULE_0__/* .eventContext */ .W)(ctx.env);
    if (!event)
        throw new _context_js__WEBPACK_IMPORTED_MODULE_3__/* .ModeFailure */ .s("require-approved-plan needs GITHUB_REPOSITORY and the push's commit (GITHUB_SHA)");
    const gh = await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .gitHubClient */ .XB)(ctx);
    if (!gh)
        throw new _context_js__WEBPACK_IMPORTED_MODULE_3__/* .ModeFailure */ .s('require-approved-plan needs a token: input "github-token"');
    const check = await (await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .githubLib */ .pM)()).checkApprovedPlan({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        sha: event.sha,
        parent: (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .parentName */ .Ot)(ctx),
        changeSet: (0,_change_set_js__WEBPACK_IMPORTED_MODULE_2__/* .changeSetOf */ .I)(fresh),
    });
    if (check.ok) {
        ctx.log.info(`The plan approved on pull request #${check.pullRequest.number} is still the plan`);
        return check.comment;
    }
    const { comment, details } = await compareClusters(ctx, event.owner, event.repo, check, fresh);
    if (comment)
        return comment;
    ctx.setOutput("failure-reason", check.reason);
    throw new _context_js__WEBPACK_IMPORTED_MODULE_3__/* .ModeFailure */ .s(`${check.reason === "plan-changed" ? "The plan changed since it was shown on the pull request" : "No approved plan"}: ${details}. Nothing was written; run plan on a pull request and merge it once its plan is what should happen.`);
}
async function markPlanApplied(ctx, comment) {
    const event = await (0,_github_event_js__WEBPACK_IMPORTED_MODULE_0__/* .eventContext */ .W)(ctx.env);
    const gh = await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .gitHubClient */ .XB)(ctx);
    if (!event || !gh)
        return;
    await (await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .githubLib */ .pM)()).markApplied({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        comment,
        runUrl: event.runUrl,
        runId: event.runId,
    });
}
/** report of apply results: once every leg applied without failure, the merged pull request's plan is marked applied. */
async function markMergedPlanApplied(ctx, file) {
    // Only when every leg's apply passed the approved-plan check.
    if (file.mode !== "apply" || !file.approved)
        return;
    if (file.failed?.length) {
        ctx.log.warning(`Not marking the plan applied: ${file.failed.join(", ")} failed`);
        return;
    }
    const event = await (0,_github_event_js__WEBPACK_IMPORTED_MODULE_0__/* .eventContext */ .W)(ctx.env);
    const gh = event && (await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .gitHubClient */ .XB)(ctx));
    if (!event || !gh)
        return;
    const lib = await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .githubLib */ .pM)();
    const pr = await lib.findMergedPullRequest({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        sha: event.sha,
    });
    if (!pr)
        return;
    const { kept } = await lib.findPlanComments({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        prNumber: pr.number,
        parent: (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .parentName */ .Ot)(ctx),
    });
    if (!kept)
        return;
    await lib.markApplied({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        comment: kept,
        runUrl: event.runUrl,
        runId: event.runId,
    });
    ctx.log.info(`Marked the plan on pull request #${pr.number} applied`);
}


/***/ })

};

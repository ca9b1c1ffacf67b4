export const id = 662;
export const ids = [662];
export const modules = {

/***/ 9662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyMode: () => (/* binding */ applyMode),
  runTenantsMode: () => (/* binding */ runTenantsMode),
  syncMode: () => (/* binding */ syncMode)
});

// EXTERNAL MODULE: ./src/join/preflight.ts
var preflight = __webpack_require__(8984);
// EXTERNAL MODULE: ./src/teleport/errors.ts
var errors = __webpack_require__(2504);
// EXTERNAL MODULE: ./src/teleport/workload-cluster.ts
var workload_cluster = __webpack_require__(3965);
// EXTERNAL MODULE: ./src/tenant/outcome.ts
var outcome = __webpack_require__(1804);
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

// EXTERNAL MODULE: ./src/provision/outputs.ts
var outputs = __webpack_require__(2717);
// EXTERNAL MODULE: ./src/report/access.ts
var access = __webpack_require__(4866);
// EXTERNAL MODULE: ./src/report/provision.ts
var provision = __webpack_require__(2513);
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
                if (!error && "skip" in result && result.skip) {
                    tenant.skipped = { stage: stage.name, reason: result.skip };
                    break;
                }
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
// EXTERNAL MODULE: ./src/modes/child.ts + 10 modules
var child = __webpack_require__(2623);
// EXTERNAL MODULE: ./src/modes/context.ts
var context = __webpack_require__(1235);
// EXTERNAL MODULE: ./src/modes/declared.ts + 1 modules
var modes_declared = __webpack_require__(596);
// EXTERNAL MODULE: ./src/modes/github.ts
var github = __webpack_require__(793);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/modes/invites.ts
// The invite links of the users a run created: only in a 0600 JSON file under RUNNER_TEMP, registered for
// the post step before it is written, its path the `invites-file` output. Never in a log, summary or plan.



async function writeInvites(ctx, tenants) {
    const byCluster = {};
    for (const t of tenants) {
        const invites = t.sync?.outcome?.invites;
        if (invites?.size)
            byCluster[t.name] = Object.fromEntries(invites);
    }
    if (!Object.keys(byCluster).length)
        return "";
    await promises_.mkdir(ctx.tempDir, { recursive: true });
    const file = external_node_path_.join(ctx.tempDir, `teleport-invites-${(0,external_node_crypto_.randomBytes)(6).toString("hex")}.json`);
    ctx.registerCleanup(file);
    await promises_.writeFile(file, `${JSON.stringify(byCluster, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    for (const [cluster, users] of Object.entries(byCluster)) {
        for (const [user, link] of Object.entries(users)) {
            ctx.log.info(`${cluster}: invite for ${user} valid until ${link.expires} (in the invites file)`);
        }
    }
    return file;
}

// EXTERNAL MODULE: ./src/modes/outputs.ts
var modes_outputs = __webpack_require__(2382);
// EXTERNAL MODULE: ./src/modes/parent-session.ts + 9 modules
var parent_session = __webpack_require__(2865);
// EXTERNAL MODULE: ./src/modes/plan.ts + 1 modules
var plan = __webpack_require__(1116);
// EXTERNAL MODULE: ./src/modes/plan-file.ts
var plan_file = __webpack_require__(8868);
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
function stages(ctx, mode, declared, session, aws) {
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
        { name: "join", run: (t) => (0,child/* join */.fj)(ctx, session, aws, t.declared, t.cluster?.cluster) },
        {
            name: "sync",
            run: async (t) => {
                const objects = declared.access.get(t.name) ?? [];
                if (!objects.length)
                    return { processes: 0 };
                return (0,child/* syncJoinedChild */.LW)(ctx, session, t.declared, t.join, objects, true);
            },
        },
    ];
}
function tenantOutput(t) {
    const out = (0,outputs/* clusterOutput */.g)(t.cluster?.cluster, t.cluster?.state);
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
    const file = (0,plan_file/* toPlanFile */.N)({ items, changes: items.some((i) => i.action === "create"), notes: [] }, tenants.flatMap((t) => (t.sync?.plan ? [t.sync.plan] : [])), mode);
    file.failed = tenants.filter((t) => t.failed).map((t) => t.name);
    if (approved)
        file.approved = true;
    if (ctx.config.shard)
        file.shard = ctx.config.shard;
    return (0,plan.writePlanFile)(ctx, file);
}
/** require-approved-plan on a push: a fresh plan must hash like the one approved on the pull request. */
async function approvedComment(ctx, mode, declared, session, aws) {
    if (mode !== "apply" || !ctx.config.github.requireApprovedPlan)
        return undefined;
    if (ctx.env.GITHUB_EVENT_NAME && ctx.env.GITHUB_EVENT_NAME !== "push") {
        ctx.log.warning(`require-approved-plan applies to pushes; this is a ${ctx.env.GITHUB_EVENT_NAME} event`);
    }
    ctx.log.info("Checking that the plan approved on the pull request is still the plan");
    const fresh = await (0,plan.computePlan)(ctx, declared, session, aws);
    return (0,github/* requireApprovedPlan */.MT)(ctx, fresh);
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
    const declared = await (0,modes_declared/* loadDeclared */.$)(ctx);
    const aws = await (0,modes_aws/* openAwsSession */.a)(ctx);
    requireJoin(ctx, declared, aws);
    await (0,parent_session.withParentSession)(ctx, async (session) => {
        const approved = await approvedComment(ctx, mode, declared, session, aws);
        ctx.log.info(`${mode === "apply" ? "Applying" : "Syncing"} ${declared.clusters.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time${aws ? ", joining each child" : ""}${declared.accessCount ? " and syncing its roles and users" : ""}`);
        const tenants = await runTenants(declared.clusters, stages(ctx, mode, declared, session, aws), {
            maxParallel: ctx.config.maxParallel,
            clock: ctx.clock,
            signal: ctx.signal,
        });
        const outputs = new Map(tenants.map((t) => [t.name, tenantOutput(t)]));
        (0,modes_outputs/* setClusterOutputs */.L)(ctx, declared.clusters, outputs);
        ctx.setOutput("identity-file", (declared.clusters[0] && outputs.get(declared.clusters[0].name)?.identity) ?? "");
        const wrote = tenants.some((t) => {
            const c = t.sync?.outcome?.counts;
            return (t.cluster?.action === "created" ||
                (c !== undefined && c.created + c.updated + c.adopted + c.removed > 0));
        });
        ctx.setOutput("changes", String(wrote));
        ctx.setOutput("invites-file", await writeInvites(ctx, tenants));
        ctx.setOutput("drift", JSON.stringify((0,drift/* driftOutput */.d)(tenants.flatMap((t) => (t.sync?.plan ? [t.sync.plan] : [])))));
        ctx.setOutput("plan-file", await writeResultFile(ctx, mode, tenants, Boolean(approved)));
        for (const t of tenants.filter((t) => t.skipped))
            ctx.log.warning(`${t.name}: ${t.skipped.reason}; not synced`);
        await ctx.writeSummary((0,provision/* applySummary */.HD)(tenants, outputs, session.api.transport, aws ? undefined : modes_aws/* JOIN_DISABLED_NOTICE */.$, mode) +
            (0,access/* accessSummary */.LV)(tenants));
        if (!aws)
            ctx.log.warning(modes_aws/* JOIN_DISABLED_NOTICE */.$);
        for (const t of tenants)
            (0,access/* annotateAccess */.Du)(ctx.command, t);
        const failed = tenants.filter((t) => t.failed);
        // A matrix leg leaves marking to the report job, which alone may write to the pull request.
        if (approved && !failed.length && !ctx.config.shard)
            await (0,github/* markPlanApplied */.eW)(ctx, approved);
        for (const t of failed) {
            (0,modes_outputs/* annotateAt */.o)(ctx, t.declared, `workload cluster ${t.name}: ${failureLabel(t)}`, (0,outcome/* describeStageError */.A)(t.failed.error));
        }
        if (failed.length) {
            throw new context/* ModeFailure */.s(`${failed.length} of ${tenants.length} workload cluster(s) failed: ${failed.map((t) => `${t.name} (${failureLabel(t)})`).join(", ")}`);
        }
    }, aws);
}
const applyMode = (ctx) => runTenantsMode(ctx, "apply");
const syncMode = (ctx) => runTenantsMode(ctx, "sync");


/***/ })

};

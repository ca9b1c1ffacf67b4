export const id = 116;
export const ids = [116];
export const modules = {

/***/ 8868:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ toPlanFile),
/* harmony export */   j: () => (/* binding */ planFileMarkdown)
/* harmony export */ });
/* harmony import */ var _report_access_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4866);
/* harmony import */ var _report_provision_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2513);
/* harmony import */ var _sync_drift_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7584);



function toPlanFile(plan, access) {
    return {
        version: 1,
        ...plan,
        access: Object.fromEntries(access.map((p) => [
            p.cluster,
            { verbs: p.verbs, notes: p.notes, items: p.items.map(({ declared: _d, live: _l, ...item }) => item) },
        ])),
        accessChanges: access.some((p) => p.items.some((i) => !["unchanged", "blocked", "keep"].includes(i.action))),
        drift: (0,_sync_drift_js__WEBPACK_IMPORTED_MODULE_2__/* .driftOutput */ .d)(access),
    };
}
function planFileMarkdown(file) {
    const sections = Object.entries(file.access).map(([cluster, a]) => (0,_report_access_js__WEBPACK_IMPORTED_MODULE_0__/* .accessMarkdown */ .ql)({ cluster, ...a }));
    return ((0,_report_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .planMarkdown */ .Xg)(file) + (sections.length ? `\n### Roles and users: plan\n\n${sections.join("\n")}` : ""));
}


/***/ }),

/***/ 1116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planMode: () => (/* binding */ planMode)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/join/child.ts
var child = __webpack_require__(7525);
// EXTERNAL MODULE: ./src/join/preflight.ts
var preflight = __webpack_require__(8984);
// EXTERNAL MODULE: ./src/provision/outputs.ts
var provision_outputs = __webpack_require__(2717);
// EXTERNAL MODULE: ./src/teleport/errors.ts
var errors = __webpack_require__(2504);
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
        const changes = (0,compare/* diffSpec */.nF)(d.spec, c.spec);
        if (!changes.length)
            return { name: d.name, action: "unchanged", ...where, ...status };
        return {
            name: d.name,
            action: "conflict",
            ...where,
            ...status,
            changes,
            message: `configuration differs (${(0,compare/* describeChanges */.DT)(changes)}); it is immutable, so apply will refuse it`,
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

// EXTERNAL MODULE: ./src/sync/stage.ts + 7 modules
var stage = __webpack_require__(6187);
// EXTERNAL MODULE: ./src/tenant/outcome.ts
var outcome = __webpack_require__(1804);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/modes/aws.ts
var modes_aws = __webpack_require__(881);
// EXTERNAL MODULE: ./src/modes/context.ts
var context = __webpack_require__(1235);
// EXTERNAL MODULE: ./src/modes/declared.ts + 1 modules
var modes_declared = __webpack_require__(596);
// EXTERNAL MODULE: ./src/modes/outputs.ts
var modes_outputs = __webpack_require__(2382);
// EXTERNAL MODULE: ./src/modes/parent-session.ts + 9 modules
var parent_session = __webpack_require__(2865);
// EXTERNAL MODULE: ./src/modes/plan-file.ts
var plan_file = __webpack_require__(8868);
;// CONCATENATED MODULE: ./src/modes/plan.ts
// `mode: plan`: what apply would do, read-only everywhere: the parent's clusters, and for each declared
// child that is active the access diff (the child is joined to read it; nothing is written). Writes the
// plan file (JSON and markdown).















/** What the plan says about one cluster's access: the diff, or why there is none. */
function unreadPlan(cluster, objects, note, created) {
    return {
        cluster,
        verbs: "",
        notes: [note],
        items: objects.map((o) => ({
            kind: o.kind,
            name: o.name,
            file: o.file,
            line: o.line,
            action: created ? "create" : "unchanged",
            declared: o.resource,
        })),
    };
}
async function accessPlanOf(ctx, session, aws, d, item, objects) {
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
    const join = await (0,child/* joinChild */.X)(d, cluster, {
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
    });
    if (join.error)
        return unreadPlan(d.name, objects, `Not read: ${(0,outcome/* describeStageError */.A)(join.error)}`, false);
    const api = (0,stage/* tctlChild */.G)({
        tctlPath: session.tools.tctlPath,
        proxy: join.proxy,
        identityFile: join.identityFile,
        tempDir: ctx.tempDir,
        exec: ctx.exec,
        env: ctx.env,
        mask: ctx.mask,
        signal: ctx.signal,
    });
    const result = await (0,stage/* syncChild */.a)(api, {
        objects,
        cluster: d.name,
        botName: d.spec.bot?.name ?? "",
        repository: ctx.config.access.repository,
        adopt: ctx.config.access.adopt,
        inviteTtl: ctx.config.access.inviteTtl,
        prune: ctx.config.drift.prune,
        pruneLimit: ctx.config.drift.pruneLimit,
        write: false,
        log: (m) => ctx.log.info(m),
    });
    return result.plan;
}
async function planAccessAll(ctx, declared, plan, session, aws) {
    const plans = await (0,concurrency/* mapLimit */.s)(declared.clusters, ctx.config.maxParallel, async (d) => {
        const objects = declared.access.get(d.name) ?? [];
        if (!objects.length)
            return undefined;
        return accessPlanOf(ctx, session, aws, d, plan.items.find((i) => i.name === d.name), objects);
    });
    return plans.filter((p) => p !== undefined);
}
async function planMode(ctx) {
    const declared = await (0,modes_declared/* loadDeclared */.$)(ctx);
    const aws = declared.accessCount ? await (0,modes_aws/* openAwsSession */.a)(ctx) : undefined;
    const { plan, access } = await (0,parent_session.withParentSession)(ctx, async (session) => {
        const plan = await planClusters(declared.clusters, session.api, {
            clock: ctx.clock,
            retryPolicy: parent_session.API_RETRY,
            signal: ctx.signal,
            otherShards: declared.otherShards,
        }).catch((error) => {
            const advice = session.explain(error, "list");
            throw advice ? new context/* ModeFailure */.s(`${error.message}\n${advice}`) : error;
        });
        return { plan, access: await planAccessAll(ctx, declared, plan, session, aws) };
    }, aws);
    const planFile = (0,plan_file/* toPlanFile */.N)(plan, access);
    const file = await writePlan(ctx, planFile);
    const outputs = new Map(plan.items
        .filter((i) => i.action !== "unmanaged")
        .map((i) => [i.name, { domain: i.domain ?? "", proxy: (0,provision_outputs/* proxyOutput */.Y)(i.domain), state: i.state ?? "" }]));
    (0,modes_outputs/* setClusterOutputs */.L)(ctx, declared.clusters, outputs);
    ctx.setOutput("changes", String(plan.changes || planFile.accessChanges));
    ctx.setOutput("plan-file", file);
    const { drift } = planFile;
    ctx.setOutput("drift", JSON.stringify(drift));
    await ctx.writeSummary((0,plan_file/* planFileMarkdown */.j)(planFile));
    for (const item of plan.items)
        ctx.log.info(`${item.action.padEnd(9)} ${item.name}${item.message ? `: ${item.message}` : ""}`);
    for (const note of plan.notes)
        ctx.log.info(`note: ${note}`);
    const conflicts = plan.items.filter((i) => i.action === "conflict");
    for (const c of conflicts)
        (0,modes_outputs/* annotateAt */.o)(ctx, c, `workload cluster ${c.name}: conflict`, c.message);
    if (conflicts.length) {
        throw new context/* ModeFailure */.s(`${conflicts.length} declared workload cluster(s) differ from the parent and cannot be changed: ${conflicts.map((c) => c.name).join(", ")}`);
    }
    const drifted = Object.entries(drift);
    for (const [cluster, entries] of drifted) {
        for (const e of entries) {
            ctx.log.warning(`${cluster}: ${e.kind}/${e.name}: ${e.change}${e.fields.length ? ` (${e.fields.join(", ")})` : ""}`);
        }
    }
    if (drifted.length && ctx.config.drift.failOnDrift) {
        ctx.setOutput("failure-reason", "drift");
        throw new context/* ModeFailure */.s(`drift in ${drifted.length} cluster(s): ${drifted.map(([c, e]) => `${c} (${e.length})`).join(", ")}; fail-on-drift is on`);
    }
}
async function writePlan(ctx, file) {
    await promises_.mkdir(ctx.tempDir, { recursive: true });
    const out = external_node_path_.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
    await promises_.writeFile(out, `${JSON.stringify(file, null, 2)}\n`);
    await promises_.writeFile(out.replace(/\.json$/, ".md"), (0,plan_file/* planFileMarkdown */.j)(file));
    return out;
}


/***/ })

};

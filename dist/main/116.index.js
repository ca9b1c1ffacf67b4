export const id = 116;
export const ids = [116];
export const modules = {

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
        const names = new Set(declared.map((d) => d.name));
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

// EXTERNAL MODULE: ./src/report/provision.ts
var provision = __webpack_require__(2513);
// EXTERNAL MODULE: ./src/modes/context.ts
var context = __webpack_require__(1235);
// EXTERNAL MODULE: ./src/modes/declared.ts
var modes_declared = __webpack_require__(9520);
// EXTERNAL MODULE: ./src/modes/outputs.ts
var modes_outputs = __webpack_require__(2382);
// EXTERNAL MODULE: ./src/modes/parent-session.ts + 9 modules
var parent_session = __webpack_require__(2865);
;// CONCATENATED MODULE: ./src/modes/plan.ts
// `mode: plan`: what apply would do, read-only everywhere; writes the plan file (JSON and markdown).









async function planMode(ctx) {
    const declared = await (0,modes_declared/* loadDeclaredClusters */.U)(ctx);
    const plan = await (0,parent_session.withParentSession)(ctx, (session) => planClusters(declared, session.api, {
        clock: ctx.clock,
        retryPolicy: parent_session.API_RETRY,
        signal: ctx.signal,
    }).catch((error) => {
        const advice = session.explain(error, "list");
        throw advice ? new context/* ModeFailure */.s(`${error.message}\n${advice}`) : error;
    }));
    const file = await writePlan(ctx, plan);
    const outputs = new Map(plan.items
        .filter((i) => i.action !== "unmanaged")
        .map((i) => [i.name, { domain: i.domain ?? "", proxy: (0,provision_outputs/* proxyOutput */.Y)(i.domain), state: i.state ?? "" }]));
    (0,modes_outputs/* setClusterOutputs */.L)(ctx, declared, outputs);
    ctx.setOutput("changes", String(plan.changes));
    ctx.setOutput("plan-file", file);
    await ctx.writeSummary((0,provision/* planMarkdown */.Xg)(plan));
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
}
async function writePlan(ctx, plan) {
    await promises_.mkdir(ctx.tempDir, { recursive: true });
    const file = external_node_path_.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
    await promises_.writeFile(file, `${JSON.stringify({ version: 1, ...plan }, null, 2)}\n`);
    await promises_.writeFile(file.replace(/\.json$/, ".md"), (0,provision/* planMarkdown */.Xg)(plan));
    return file;
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


/***/ })

};

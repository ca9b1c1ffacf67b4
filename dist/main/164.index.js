export const id = 164;
export const ids = [164];
export const modules = {

/***/ 9411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ describeStageError),
/* harmony export */   v: () => (/* binding */ stageError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
// What happened to one tenant (one declared workload cluster) in a run: a field per pipeline stage, each
// with a structured error, so reports can show the kind, Teleport's text and the advice apart.

function stageError(error, advice, kind) {
    const message = error instanceof Error ? error.message : String(error);
    const resolved = kind ?? (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TeleportApiError */ .st ? error.kind : "Internal");
    return { kind: resolved, message, ...(advice ? { advice } : {}) };
}
/** The error as one text for a log line or an annotation: the message, then the advice. */
function describeStageError(error) {
    return error.advice ? `${error.message}\n${error.advice}` : error.message;
}


/***/ }),

/***/ 2164:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deleteMode: () => (/* binding */ deleteMode)
});

// EXTERNAL MODULE: ./src/manifests/load.ts
var load = __webpack_require__(7256);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/provision/api-retry.ts
var api_retry = __webpack_require__(8864);
;// CONCATENATED MODULE: ./src/provision/delete.ts
// `mode: delete`: only the clusters named, only when confirmed (checked by the caller). Deleting suspends the
// cluster for a grace period and blocks its name meanwhile (fact: B15).


async function deleteCluster(name, api, options) {
    const retrying = (0,api_retry/* apiRetrier */.y)(options.retryPolicy, options.clock, options.signal);
    try {
        const existing = await retrying(() => api.get(name));
        if (!existing) {
            options.log(`${name}: not in the parent; nothing to delete`);
            return { name, result: "not-found" };
        }
        try {
            await api.delete(name);
        }
        catch (error) {
            // A lost answer: the read below tells whether the delete happened.
            if (!(error instanceof errors/* TeleportApiError */.st && error.outcomeUnknown))
                throw error;
        }
        const after = await retrying(() => api.get(name));
        const shown = after ? after.status?.state || "present, no status" : "gone";
        options.log(`${name}: deleted; the parent now shows it as ${shown}`);
        return { name, result: "deleted", after: shown };
    }
    catch (error) {
        const advice = options.explain?.(error);
        return { name, result: "failed", error: `${error.message}${advice ? `\n${advice}` : ""}` };
    }
}

// EXTERNAL MODULE: ./src/report/provision.ts
var provision = __webpack_require__(2513);
// EXTERNAL MODULE: ./src/run/context.ts
var context = __webpack_require__(670);
// EXTERNAL MODULE: ./src/run/parent-session.ts + 4 modules
var parent_session = __webpack_require__(3197);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/modes/delete.ts
// `mode: delete`: only the clusters named, only when confirmed (inputs.ts checks both).






async function deleteMode(ctx) {
    const names = ctx.config.deleteNames;
    // The repository is read only to warn about clusters that are still declared; it may be incomplete here.
    const { clusters: declared } = await (0,load/* loadWorkloadClusters */.t9)(ctx.config.manifests.patterns, {
        cwd: ctx.workspace,
        allowAccountWideJoin: true,
    }).catch(() => ({ clusters: [] }));
    ctx.log.warning(`Deleting ${names.join(", ")}: Teleport Cloud suspends a deleted workload cluster for a grace period (14 days, per Teleport's workload cluster guide), and its name cannot be used again meanwhile.`);
    for (const name of names) {
        const still = declared.find((d) => d.name === name);
        if (still) {
            ctx.log.warning(`${name} is still declared in ${still.file}:${still.line}; remove it, or the next apply will try to create it again and fail while the name is blocked.`);
        }
    }
    const outcomes = await (0,parent_session.withParentSession)(ctx, (session) => (0,concurrency/* mapLimit */.s)(names, ctx.config.maxParallel, (name) => deleteCluster(name, session.api, {
        clock: ctx.clock,
        retryPolicy: parent_session.API_RETRY,
        log: (m) => ctx.log.info(m),
        signal: ctx.signal,
        explain: (error) => session.explain(error, "delete"),
    })));
    ctx.setOutput("clusters", JSON.stringify(Object.fromEntries(outcomes.map((o) => [o.name, { domain: "", proxy: "", state: o.after ?? o.result }]))));
    await ctx.writeSummary((0,provision/* deleteSummary */.O$)(outcomes));
    const failed = outcomes.filter((o) => o.result === "failed");
    if (failed.length) {
        throw new context/* ModeFailure */.s(`could not delete ${failed.map((o) => `${o.name} (${o.error})`).join(", ")}`);
    }
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

/***/ 2513:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HD: () => (/* binding */ applySummary),
/* harmony export */   Hn: () => (/* binding */ cell),
/* harmony export */   O$: () => (/* binding */ deleteSummary),
/* harmony export */   Xg: () => (/* binding */ planMarkdown)
/* harmony export */ });
/* harmony import */ var _core_outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9411);
/* harmony import */ var _util_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9906);
// Job-summary markdown for plan, apply and delete.


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
// Teleport's words for what each stage does, as the time column names them.
const STAGE_LABEL = {
    preflight: "join check",
    cluster: "create and wait",
    join: "join",
    sync: "sync",
};
/** The time column: the tenant's total and where it went, e.g. `9.1 s (create and wait 5 s, join 0.8 s, sync 3.3 s, 4 tctl)`. */
function timeCell(t) {
    const parts = Object.entries(t.stageMs ?? {})
        .filter(([, ms]) => ms !== undefined && ms >= 50)
        .map(([stage, ms]) => `${STAGE_LABEL[stage] ?? stage} ${(0,_util_log_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(ms)}`);
    if (t.sync?.processes)
        parts.push(`${t.sync.processes} tctl`);
    return parts.length ? `${(0,_util_log_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(t.elapsedMs)} (${parts.join(", ")})` : (0,_util_log_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(t.elapsedMs);
}
function applySummary(tenants, outputs, transport, notice, mode = "apply") {
    const lines = [
        `### Workload clusters: ${mode}`,
        "",
        "| cluster | result | state | domain | child | time |",
        "| --- | --- | --- | --- | --- | --- |",
        ...tenants.map((t) => {
            const out = outputs.get(t.name);
            const result = t.skipped
                ? `⏭️ ${cell(t.skipped.reason)}`
                : t.cluster
                    ? RESULT[t.cluster.action]
                    : t.preflight?.error
                        ? "⏭️ not created"
                        : "❌ failed";
            return `| ${cell(t.name)} | ${result} | ${cell(out?.state || t.cluster?.state)} | ${out?.domain ? `\`${cell(out.domain)}\`` : ""} | ${childCell(t)} | ${cell(timeCell(t))} |`;
        }),
        "",
    ];
    if (notice)
        lines.push(`> ${cell(notice)}`, "");
    const failed = tenants.filter((t) => t.failed);
    if (failed.length) {
        lines.push("#### Problems", "", ...failed.map((t) => `- **${cell(t.name)}**: ${cell((0,_core_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStageError */ .A)(t.failed.error))}`), "");
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

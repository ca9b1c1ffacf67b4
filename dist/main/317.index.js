export const id = 317;
export const ids = [317];
export const modules = {

/***/ 2317:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planMode: () => (/* binding */ planMode)
/* harmony export */ });
/* harmony import */ var _report_cluster_output_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2836);
/* harmony import */ var _run_aws_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(712);
/* harmony import */ var _run_context_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(670);
/* harmony import */ var _run_declared_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9145);
/* harmony import */ var _run_github_publish_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8080);
/* harmony import */ var _run_outputs_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3815);
/* harmony import */ var _run_parent_session_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3197);
/* harmony import */ var _run_plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4165);
/* harmony import */ var _run_plan_file_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5545);
/* harmony import */ var _run_review_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9289);
// `mode: plan`: what apply would do, read-only everywhere: the parent's clusters, and for each declared
// child that is active the access diff (the child is joined to read it; nothing is written). Writes the
// plan file (JSON and markdown).










async function planMode(ctx) {
    const declared = await (0,_run_declared_js__WEBPACK_IMPORTED_MODULE_2__/* .loadDeclared */ .$)(ctx);
    const aws = declared.accessCount ? await (0,_run_aws_js__WEBPACK_IMPORTED_MODULE_1__/* .openAwsSession */ .a)(ctx) : undefined;
    const planFile = await (0,_run_parent_session_js__WEBPACK_IMPORTED_MODULE_4__.withParentSession)(ctx, (session) => (0,_run_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .computePlan */ .R)(ctx, declared, session, aws), aws).catch(async (error) => {
        if (!ctx.config.shard)
            await (0,_run_github_publish_js__WEBPACK_IMPORTED_MODULE_3__/* .publishCheckFailure */ .W)(ctx, error).catch(() => { });
        throw error;
    });
    const plan = planFile;
    if (ctx.config.shard)
        planFile.shard = ctx.config.shard;
    const file = await (0,_run_plan_file_js__WEBPACK_IMPORTED_MODULE_6__/* .writePlanFile */ .J)(ctx, planFile);
    const outputs = new Map(plan.items
        .filter((i) => i.action !== "unmanaged")
        .map((i) => [i.name, { domain: i.domain ?? "", proxy: (0,_report_cluster_output_js__WEBPACK_IMPORTED_MODULE_0__/* .proxyOutput */ .Y)(i.domain), state: i.state ?? "" }]));
    (0,_run_outputs_js__WEBPACK_IMPORTED_MODULE_8__/* .setClusterOutputs */ .L)(ctx, declared.clusters, outputs);
    ctx.setOutput("changes", String(plan.changes || planFile.accessChanges));
    ctx.setOutput("plan-file", file);
    const { drift } = planFile;
    ctx.setOutput("drift", JSON.stringify(drift));
    const highRisk = (0,_run_review_js__WEBPACK_IMPORTED_MODULE_7__/* .reportReview */ .D)(ctx, planFile);
    await ctx.writeSummary((0,_run_plan_file_js__WEBPACK_IMPORTED_MODULE_6__/* .planFileMarkdown */ .jf)(planFile));
    // A matrix leg never talks to GitHub: its report job publishes the merged plan (complete there).
    if (!ctx.config.shard)
        await (0,_run_github_publish_js__WEBPACK_IMPORTED_MODULE_3__/* .publishPlan */ .J)(ctx, planFile, { complete: true });
    for (const item of plan.items)
        ctx.log.info(`${item.action.padEnd(9)} ${item.name}${item.message ? `: ${item.message}` : ""}`);
    for (const note of plan.notes)
        ctx.log.info(`note: ${note}`);
    const conflicts = plan.items.filter((i) => i.action === "conflict");
    for (const c of conflicts)
        (0,_run_outputs_js__WEBPACK_IMPORTED_MODULE_8__/* .annotateAt */ .o)(ctx, c, `workload cluster ${c.name}: conflict`, c.message);
    if (conflicts.length) {
        throw new _run_context_js__WEBPACK_IMPORTED_MODULE_9__/* .ModeFailure */ .s(`${conflicts.length} declared workload cluster(s) differ from the parent and cannot be changed: ${conflicts.map((c) => c.name).join(", ")}`);
    }
    const drifted = Object.entries(drift);
    for (const [cluster, entries] of drifted) {
        for (const e of entries) {
            ctx.log.warning(`${cluster}: ${e.kind}/${e.name}: ${e.change}${e.fields.length ? ` (${e.fields.join(", ")})` : ""}`);
        }
    }
    if (drifted.length && ctx.config.drift.failOnDrift) {
        ctx.setOutput("failure-reason", "drift");
        throw new _run_context_js__WEBPACK_IMPORTED_MODULE_9__/* .ModeFailure */ .s(`drift in ${drifted.length} cluster(s): ${drifted.map(([c, e]) => `${c} (${e.length})`).join(", ")}; fail-on-drift is on`);
    }
    (0,_run_review_js__WEBPACK_IMPORTED_MODULE_7__/* .failOnHighRisk */ .n)(ctx, highRisk);
}


/***/ }),

/***/ 8080:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  W: () => (/* binding */ publishCheckFailure),
  J: () => (/* binding */ publishPlan)
});

// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __webpack_require__(5015);
;// CONCATENATED MODULE: ./src/report/drift.ts
function driftMarkdown(drift) {
    const drifted = Object.entries(drift);
    if (!drifted.length)
        return "No drift.";
    return drifted
        .map(([cluster, entries]) => `#### ${cluster}\n\n| object | change | fields |\n| --- | --- | --- |\n${entries.map((e) => `| ${e.kind}/${e.name} | ${e.change} | ${e.fields.join(", ")} |`).join("\n")}\n`)
        .join("\n");
}

// EXTERNAL MODULE: ./src/run/github/change-set.ts
var change_set = __webpack_require__(6824);
// EXTERNAL MODULE: ./src/run/github/client.ts
var client = __webpack_require__(2674);
// EXTERNAL MODULE: ./src/report/review.ts
var report_review = __webpack_require__(2392);
;// CONCATENATED MODULE: ./src/run/github/plan-summary.ts

const STATUS = {
    create: "create",
    unchanged: "unchanged",
    conflict: "blocked",
};
const SIGN = {
    create: "+",
    update: "~",
    adopt: "~",
    prune: "-",
    blocked: "!",
    conflict: "!",
};
function changeLine(a) {
    const detail = a.action === "update" && a.changes?.length
        ? `: ${a.changes.map((c) => c.path).join(", ")}`
        : a.action !== "create"
            ? ` (${a.action})`
            : "";
    return `${SIGN[a.action] ?? "?"} ${a.kind}/${a.name}${detail}`;
}
function clusterSummary(file, item) {
    const access = file.access[item.name]?.items ?? [];
    const changed = access.filter((a) => !["unchanged", "keep"].includes(a.action));
    const changes = changed.map(changeLine);
    const counts = {
        create: changed.filter((a) => a.action === "create").length + (item.action === "create" ? 1 : 0),
        update: changed.filter((a) => a.action === "update" || a.action === "adopt").length,
        delete: changed.filter((a) => a.action === "prune").length,
    };
    const blocked = item.action === "conflict" || changed.some((a) => a.action === "blocked" || a.action === "conflict");
    const status = blocked
        ? "blocked"
        : item.action === "create"
            ? "create"
            : changed.length
                ? "update"
                : (STATUS[item.action] ?? "unchanged");
    return {
        name: item.name,
        status,
        changes: item.action === "create" ? [`+ workload_cluster/${item.name}`, ...changes] : changes,
        counts,
        ...(item.action === "conflict" && item.message ? { error: item.message } : {}),
    };
}
function planSummaryOf(file, parent, event) {
    const review = (0,report_review/* reviewSummaryOf */.m)(file.access);
    return {
        parent,
        ...(review ? { review } : {}),
        clusters: file.items.filter((i) => i.action !== "unmanaged").map((item) => clusterSummary(file, item)),
        ...(event ? { runUrl: event.runUrl, jobSummaryUrl: event.runUrl } : {}),
        ...(event?.headSha ? { headSha: event.headSha } : {}),
    };
}

;// CONCATENATED MODULE: ./src/run/github/publish.ts
// plan and report publish the plan file on GitHub: the sticky comment on a pull request (with the hashes
// the approved-plan guard compares later) and the drift issue, or the failure of a check on that issue.





async function publishComment(ctx, lib, gh, event, file) {
    const parent = (0,client/* parentName */.Ot)(ctx);
    const salt = lib.planSalt(event, event.prNumber, parent);
    const hashes = `\n${lib.renderClustersMarker((0,change_set/* clusterHashes */.F)(lib, file, salt))}\n`;
    const built = lib.buildPlanBody(planSummaryOf(file, parent, event), lib.COMMENT_BUDGET - hashes.length);
    const result = await lib.upsertPlanComment({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        prNumber: event.prNumber,
        parent,
        headSha: event.headSha ?? event.sha,
        planHash: lib.planHash((0,change_set/* changeSetOf */.I)(file), salt),
        body: built.body + hashes,
        mode: ctx.config.github.comment,
        hasChanges: file.changes || file.accessChanges,
        runId: event.runId,
        step: built.step,
    });
    ctx.log.info(`Plan comment: ${result.action}${result.reason ? ` (${result.reason})` : ""}`);
    if (result.id)
        ctx.setOutput("comment-id", String(result.id));
    if (result.url)
        ctx.setOutput("comment-url", result.url);
}
async function publishDriftIssue(ctx, lib, gh, event, file, complete) {
    const result = await lib.syncDriftIssue({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        parent: (0,client/* parentName */.Ot)(ctx),
        runId: event.runId,
        runUrl: event.runUrl,
        state: Object.keys(file.drift).length ? "drift" : "clean",
        body: driftMarkdown(file.drift),
        complete,
    });
    ctx.log.info(`Drift issue: ${result.action}${result.number ? ` #${result.number}` : ""}`);
    if (result.number)
        ctx.setOutput("issue-number", String(result.number));
    if (result.state)
        ctx.setOutput("issue-state", result.state);
}
/** plan and report: the sticky comment on a pull request, and the drift issue when asked. */
async function publishPlan(ctx, file, options) {
    const event = await (0,github_event/* eventContext */.W)(ctx.env);
    const wantsComment = event?.eventName.startsWith("pull_request") && event.prNumber && ctx.config.github.comment !== "never";
    if (!event || (!wantsComment && !ctx.config.github.driftIssue))
        return;
    const gh = await (0,client/* gitHubClient */.XB)(ctx);
    if (!gh)
        return;
    const lib = await (0,client/* githubLib */.pM)();
    if (wantsComment)
        await publishComment(ctx, lib, gh, { ...event, prNumber: event.prNumber }, file);
    if (ctx.config.github.driftIssue)
        await publishDriftIssue(ctx, lib, gh, event, file, options.complete);
}
/** A check that could not run (parent unreachable, ...) is reported on the drift issue apart from drift. */
async function publishCheckFailure(ctx, error) {
    if (!ctx.config.github.driftIssue)
        return;
    const event = await (0,github_event/* eventContext */.W)(ctx.env);
    const gh = event && (await (0,client/* gitHubClient */.XB)(ctx));
    if (!event || !gh)
        return;
    const result = await (await (0,client/* githubLib */.pM)()).syncDriftIssue({
        client: gh,
        owner: event.owner,
        repo: event.repo,
        parent: (0,client/* parentName */.Ot)(ctx),
        runId: event.runId,
        runUrl: event.runUrl,
        state: "check-failed",
        body: `The drift check failed: ${error.message}`,
        complete: false,
    });
    if (result.number)
        ctx.setOutput("issue-number", String(result.number));
    if (result.state)
        ctx.setOutput("issue-state", result.state);
}


/***/ }),

/***/ 9289:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ reportReview),
/* harmony export */   n: () => (/* binding */ failOnHighRisk)
/* harmony export */ });
/* harmony import */ var _report_annotations_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(856);
/* harmony import */ var _review_fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6431);
/* harmony import */ var _review_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9188);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(670);
// What plan and report do with the access review: the outputs `widens-access` and `high-risk`, a warning
// annotation at each high-risk change's document, and with fail-on-high-risk the failure a workflow can
// route to an approving environment (`failure-reason: high-risk`).




/** Sets the outputs and annotates the high-risk changes; returns whether any change is high-risk. */
function reportReview(ctx, file) {
    const reviews = Object.entries(file.access).flatMap(([cluster, a]) => a.review ? [{ cluster, review: a.review }] : []);
    const widens = reviews.some((r) => (0,_review_index_js__WEBPACK_IMPORTED_MODULE_1__/* .widensAccess */ .xt)(r.review));
    const high = reviews.some((r) => (0,_review_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isHighRisk */ ._B)(r.review));
    ctx.setOutput("widens-access", String(widens));
    ctx.setOutput("high-risk", String(high));
    for (const { cluster, review } of reviews) {
        for (const f of review.findings.filter((x) => x.effect === "widens" && x.highRisk)) {
            const rule = _review_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .HIGH_RISK */ .rX.find((r) => r.id === f.highRisk);
            const title = `${cluster}: ${f.kind}/${f.name}: high-risk (${rule.text})`;
            ctx.command(`::warning file=${(0,_report_annotations_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeProperty */ .Bn)(f.file)},line=${f.line},title=${(0,_report_annotations_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeProperty */ .Bn)(title)}::${(0,_report_annotations_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeData */ .uf)(`${f.field}: ${f.reason}`)}`);
        }
    }
    return high;
}
/** fail-on-high-risk: the step fails once everything else (outputs, comment, summary) is done. */
function failOnHighRisk(ctx, high) {
    if (!high || !ctx.config.failOnHighRisk)
        return;
    ctx.setOutput("failure-reason", "high-risk");
    throw new _context_js__WEBPACK_IMPORTED_MODULE_3__/* .ModeFailure */ .s('a planned role or user change makes a high-risk grant (see "Widens access" in the summary); fail-on-high-risk is on');
}


/***/ })

};

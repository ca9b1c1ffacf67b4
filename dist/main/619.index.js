export const id = 619;
export const ids = [619];
export const modules = {

/***/ 619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planMode: () => (/* binding */ planMode)
/* harmony export */ });
/* harmony import */ var _provision_outputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7771);
/* harmony import */ var _run_aws_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(758);
/* harmony import */ var _run_context_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3544);
/* harmony import */ var _run_declared_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1096);
/* harmony import */ var _run_outputs_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7525);
/* harmony import */ var _run_parent_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);
/* harmony import */ var _run_plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6451);
/* harmony import */ var _run_plan_file_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4463);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9547);
// `mode: plan`: what apply would do, read-only everywhere: the parent's clusters, and for each declared
// child that is active the access diff (the child is joined to read it; nothing is written). Writes the
// plan file (JSON and markdown).









async function planMode(ctx) {
    const declared = await (0,_run_declared_js__WEBPACK_IMPORTED_MODULE_2__/* .loadDeclared */ .$)(ctx);
    const aws = declared.accessCount ? await (0,_run_aws_js__WEBPACK_IMPORTED_MODULE_1__/* .openAwsSession */ .a)(ctx) : undefined;
    const planFile = await (0,_run_parent_session_js__WEBPACK_IMPORTED_MODULE_3__.withParentSession)(ctx, (session) => (0,_run_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .computePlan */ .R)(ctx, declared, session, aws), aws).catch(async (error) => {
        if (!ctx.config.shard)
            await (0,_github_js__WEBPACK_IMPORTED_MODULE_6__/* .publishCheckFailure */ .Wz)(ctx, error).catch(() => { });
        throw error;
    });
    const plan = planFile;
    if (ctx.config.shard)
        planFile.shard = ctx.config.shard;
    const file = await (0,_run_plan_file_js__WEBPACK_IMPORTED_MODULE_5__/* .writePlanFile */ .J)(ctx, planFile);
    const outputs = new Map(plan.items
        .filter((i) => i.action !== "unmanaged")
        .map((i) => [i.name, { domain: i.domain ?? "", proxy: (0,_provision_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .proxyOutput */ .Y)(i.domain), state: i.state ?? "" }]));
    (0,_run_outputs_js__WEBPACK_IMPORTED_MODULE_7__/* .setClusterOutputs */ .L)(ctx, declared.clusters, outputs);
    ctx.setOutput("changes", String(plan.changes || planFile.accessChanges));
    ctx.setOutput("plan-file", file);
    const { drift } = planFile;
    ctx.setOutput("drift", JSON.stringify(drift));
    await ctx.writeSummary((0,_run_plan_file_js__WEBPACK_IMPORTED_MODULE_5__/* .planFileMarkdown */ .jf)(planFile));
    // A matrix leg never talks to GitHub: its report job publishes the merged plan (complete there).
    if (!ctx.config.shard)
        await (0,_github_js__WEBPACK_IMPORTED_MODULE_6__/* .publishPlan */ .JL)(ctx, planFile, { complete: true });
    for (const item of plan.items)
        ctx.log.info(`${item.action.padEnd(9)} ${item.name}${item.message ? `: ${item.message}` : ""}`);
    for (const note of plan.notes)
        ctx.log.info(`note: ${note}`);
    const conflicts = plan.items.filter((i) => i.action === "conflict");
    for (const c of conflicts)
        (0,_run_outputs_js__WEBPACK_IMPORTED_MODULE_7__/* .annotateAt */ .o)(ctx, c, `workload cluster ${c.name}: conflict`, c.message);
    if (conflicts.length) {
        throw new _run_context_js__WEBPACK_IMPORTED_MODULE_8__/* .ModeFailure */ .s(`${conflicts.length} declared workload cluster(s) differ from the parent and cannot be changed: ${conflicts.map((c) => c.name).join(", ")}`);
    }
    const drifted = Object.entries(drift);
    for (const [cluster, entries] of drifted) {
        for (const e of entries) {
            ctx.log.warning(`${cluster}: ${e.kind}/${e.name}: ${e.change}${e.fields.length ? ` (${e.fields.join(", ")})` : ""}`);
        }
    }
    if (drifted.length && ctx.config.drift.failOnDrift) {
        ctx.setOutput("failure-reason", "drift");
        throw new _run_context_js__WEBPACK_IMPORTED_MODULE_8__/* .ModeFailure */ .s(`drift in ${drifted.length} cluster(s): ${drifted.map(([c, e]) => `${c} (${e.length})`).join(", ")}; fail-on-drift is on`);
    }
}


/***/ })

};

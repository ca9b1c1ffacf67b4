export const id = 234;
export const ids = [234];
export const modules = {

/***/ 5234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readPlanFiles: () => (/* binding */ readPlanFiles),
/* harmony export */   reportMode: () => (/* binding */ reportMode)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var tinyglobby__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(189);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4493);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9547);
/* harmony import */ var _plan_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7378);
// `mode: report`: merges the plan files that several jobs wrote (matrix legs, each `shard: k/n`) into one
// plan: one job summary, one plan file, and the outputs a single run would have given. Only this job talks
// to GitHub, so the legs never need a GitHub permission.






async function readPlanFiles(ctx) {
    const files = (await (0,tinyglobby__WEBPACK_IMPORTED_MODULE_4__/* .glob */ .TI)(ctx.config.github.planFiles, { cwd: ctx.workspace, absolute: true, onlyFiles: true })).sort();
    if (!files.length) {
        throw new _context_js__WEBPACK_IMPORTED_MODULE_5__/* .ModeFailure */ .s(`Input "plan-files": no file matches ${ctx.config.github.planFiles.join(", ")}`);
    }
    const items = new Map();
    const access = {};
    const notes = new Set();
    const drift = {};
    const failed = [];
    const modes = new Set();
    let approved = true;
    const shards = new Set();
    let shardCount = 0;
    let changes = false;
    for (const file of files) {
        let plan;
        try {
            plan = JSON.parse(await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile(file, "utf8"));
        }
        catch (error) {
            throw new _context_js__WEBPACK_IMPORTED_MODULE_5__/* .ModeFailure */ .s(`${node_path__WEBPACK_IMPORTED_MODULE_1__.relative(ctx.workspace, file)} is not a plan file: ${error.message}`);
        }
        if (plan.version !== 1 || !Array.isArray(plan.items)) {
            throw new _context_js__WEBPACK_IMPORTED_MODULE_5__/* .ModeFailure */ .s(`${node_path__WEBPACK_IMPORTED_MODULE_1__.relative(ctx.workspace, file)} is not a plan file of this action (version 1)`);
        }
        // An unmanaged cluster shows in every leg that listed the parent; a declared one in its own leg only.
        for (const item of plan.items)
            if (!items.has(item.name) || item.action !== "unmanaged")
                items.set(item.name, item);
        Object.assign(access, plan.access ?? {});
        Object.assign(drift, plan.drift ?? {});
        failed.push(...(plan.failed ?? []));
        modes.add(plan.mode ?? "plan");
        approved &&= plan.approved === true;
        if (plan.shard) {
            shards.add(plan.shard.index);
            shardCount = plan.shard.count;
        }
        for (const n of plan.notes)
            notes.add(n);
        changes ||= plan.changes || Boolean(plan.accessChanges);
    }
    const merged = {
        items: [...items.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        changes,
        notes: [...notes],
    };
    return {
        version: 1,
        ...merged,
        access,
        accessChanges: Object.values(access).some((a) => a.items.some((i) => !["unchanged", "blocked"].includes(i.action))),
        drift,
        ...(modes.size === 1 ? { mode: [...modes][0] } : {}),
        ...(failed.length ? { failed } : {}),
        ...(approved ? { approved } : {}),
        complete: shardCount === 0 || shards.size === shardCount,
        sources: files.map((f) => node_path__WEBPACK_IMPORTED_MODULE_1__.relative(ctx.workspace, f)),
    };
}
async function reportMode(ctx) {
    const merged = await readPlanFiles(ctx);
    ctx.log.info(`Merged ${merged.sources.length} plan file(s): ${merged.sources.join(", ")}`);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(ctx.tempDir, { recursive: true });
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
    const { sources: _s, ...plan } = merged;
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(file, `${JSON.stringify(plan, null, 2)}\n`);
    ctx.setOutput("plan-file", file);
    ctx.setOutput("changes", String(plan.changes || plan.accessChanges));
    await ctx.writeSummary((0,_plan_file_js__WEBPACK_IMPORTED_MODULE_3__/* .planFileMarkdown */ .j)(plan));
    if (plan.mode === "apply")
        await (0,_github_js__WEBPACK_IMPORTED_MODULE_2__/* .markMergedPlanApplied */ .O2)(ctx, plan);
    else {
        // A leg that failed left no file: the merged plan covers part of the fleet, and closes no issue.
        if (!merged.complete)
            ctx.log.warning("Not every shard reported a plan file: this run closes no drift issue");
        await (0,_github_js__WEBPACK_IMPORTED_MODULE_2__/* .publishPlan */ .JL)(ctx, plan, { complete: merged.complete });
    }
    if (plan.failed?.length) {
        throw new _context_js__WEBPACK_IMPORTED_MODULE_5__/* .ModeFailure */ .s(`${plan.failed.length} workload cluster(s) failed in the merged runs: ${plan.failed.join(", ")}`);
    }
}


/***/ })

};

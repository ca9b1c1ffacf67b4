export const id = 243;
export const ids = [243];
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

/***/ 2084:
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
/* harmony import */ var tinyglobby__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5069);
/* harmony import */ var _run_context_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(670);
/* harmony import */ var _run_github_approval_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6622);
/* harmony import */ var _run_github_publish_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8080);
/* harmony import */ var _run_plan_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5545);
/* harmony import */ var _run_review_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9289);
// `mode: report`: merges the plan files that several jobs wrote (matrix legs, each `shard: k/n`) into one
// plan: one job summary, one plan file, and the outputs a single run would have given. Only this job talks
// to GitHub, so the legs never need a GitHub permission.








async function readPlanFiles(ctx) {
    const files = (await (0,tinyglobby__WEBPACK_IMPORTED_MODULE_6__/* .glob */ .TI)(ctx.config.github.planFiles, { cwd: ctx.workspace, absolute: true, onlyFiles: true })).sort();
    if (!files.length) {
        throw new _run_context_js__WEBPACK_IMPORTED_MODULE_7__/* .ModeFailure */ .s(`Input "plan-files": no file matches ${ctx.config.github.planFiles.join(", ")}`);
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
            throw new _run_context_js__WEBPACK_IMPORTED_MODULE_7__/* .ModeFailure */ .s(`${node_path__WEBPACK_IMPORTED_MODULE_1__.relative(ctx.workspace, file)} is not a plan file: ${error.message}`);
        }
        if (plan.version !== 1 || !Array.isArray(plan.items)) {
            throw new _run_context_js__WEBPACK_IMPORTED_MODULE_7__/* .ModeFailure */ .s(`${node_path__WEBPACK_IMPORTED_MODULE_1__.relative(ctx.workspace, file)} is not a plan file of this action (version 1)`);
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
    const highRisk = plan.mode === "apply" ? false : (0,_run_review_js__WEBPACK_IMPORTED_MODULE_5__/* .reportReview */ .D)(ctx, plan);
    await ctx.writeSummary((0,_run_plan_file_js__WEBPACK_IMPORTED_MODULE_4__/* .planFileMarkdown */ .jf)(plan));
    if (plan.mode === "apply")
        await (0,_run_github_approval_js__WEBPACK_IMPORTED_MODULE_2__/* .markMergedPlanApplied */ .O2)(ctx, plan);
    else {
        // A leg that failed left no file: the merged plan covers part of the fleet, and closes no issue.
        if (!merged.complete)
            ctx.log.warning("Not every shard reported a plan file: this run closes no drift issue");
        await (0,_run_github_publish_js__WEBPACK_IMPORTED_MODULE_3__/* .publishPlan */ .J)(ctx, plan, { complete: merged.complete });
    }
    if (plan.failed?.length) {
        throw new _run_context_js__WEBPACK_IMPORTED_MODULE_7__/* .ModeFailure */ .s(`${plan.failed.length} workload cluster(s) failed in the merged runs: ${plan.failed.join(", ")}`);
    }
    (0,_run_review_js__WEBPACK_IMPORTED_MODULE_5__/* .failOnHighRisk */ .n)(ctx, highRisk);
}


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

export const id = 421;
export const ids = [421];
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

/***/ 9695:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C6: () => (/* binding */ buildPlanBody),
/* harmony export */   Fn: () => (/* binding */ UnsafeBodyError),
/* harmony export */   M0: () => (/* binding */ assertSafeBody),
/* harmony export */   ZA: () => (/* binding */ bodyLength),
/* harmony export */   ZB: () => (/* binding */ planHasChanges),
/* harmony export */   mM: () => (/* binding */ reviewSection),
/* harmony export */   nY: () => (/* binding */ GITHUB_BODY_LIMIT),
/* harmony export */   ub: () => (/* binding */ COMMENT_BUDGET)
/* harmony export */ });
// Renders the plan comment within GitHub's size limit. GitHub rejects a body over 65,536 characters with a
// 422 (B79), and splitting a plan across comments breaks the one-comment contract, so the body
// degrades in fixed steps until it fits: every detail, then details of changed and failed clusters only,
// then the table, then counts with a link to the job summary that holds everything. The access review
// ("Widens access") comes first and goes last: trimmed to its high-risk lines, then to its counts.
const GITHUB_BODY_LIMIT = 65_536;
/** What the builder aims for: room for the marker and the status line markApplied adds. */
const COMMENT_BUDGET = 60_000;
class UnsafeBodyError extends Error {
    name = "UnsafeBodyError";
}
// Invite and reset links hand over an account; key material is an identity (README "Security model").
const FORBIDDEN = [/\/web\/invite\//i, /\/web\/reset\//i, /PRIVATE KEY/];
/** Refuses a body that would publish an invite link or key material. */
function assertSafeBody(body) {
    for (const pattern of FORBIDDEN) {
        if (pattern.test(body)) {
            throw new UnsafeBodyError(`refusing to post a GitHub body containing ${pattern.source.replace(/\\/g, "")}: it would publish a secret`);
        }
    }
}
/** What GitHub counts against its limit: characters (code points). */
function bodyLength(body) {
    let n = 0;
    for (const _ of body)
        n++;
    return n;
}
function planHasChanges(summary) {
    return summary.clusters.some((c) => c.status !== "unchanged");
}
function totals(summary) {
    const byStatus = {
        create: 0,
        update: 0,
        unchanged: 0,
        failed: 0,
        blocked: 0,
    };
    const t = { clusters: summary.clusters.length, byStatus, create: 0, update: 0, delete: 0 };
    for (const c of summary.clusters) {
        byStatus[c.status]++;
        t.create += c.counts.create;
        t.update += c.counts.update;
        t.delete += c.counts.delete;
    }
    return t;
}
/** Cell text: no table breaks, no raw HTML, no code spans opened by a name. */
function cell(text) {
    return text
        .replace(/[\r\n]+/g, " ")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/\|/g, "\\|")
        .replace(/`/g, "\\`");
}
function fenced(lang, lines) {
    const text = lines.join("\n");
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(Math.max(3, longest + 1));
    return `${fence}${lang}\n${text}\n${fence}`;
}
const STATUS_ICON = {
    create: "🆕 create",
    update: "✏️ update",
    unchanged: "✅ unchanged",
    failed: "❌ failed",
    blocked: "⛔ blocked",
};
function header(summary, t) {
    const s = t.byStatus;
    const parts = [
        `${s.create} to create`,
        `${s.update} to update`,
        `${s.unchanged} unchanged`,
        `${s.failed + s.blocked} failed or blocked`,
    ];
    const commit = summary.headSha ? ` at \`${summary.headSha.slice(0, 12)}\`` : "";
    return [
        `### Teleport plan for \`${summary.parent.replace(/[`\r\n]/g, "")}\`${commit}`,
        "",
        `**${t.clusters} cluster${t.clusters === 1 ? "" : "s"}:** ${parts.join(", ")}. ` +
            `Resources: ${t.create} to create, ${t.update} to update, ${t.delete} to delete.`,
    ];
}
function table(clusters) {
    const shown = clusters.filter((c) => c.status !== "unchanged");
    const quiet = clusters.length - shown.length;
    const lines = ["| Cluster | Plan | Create | Update | Delete |", "|---|---|---:|---:|---:|"];
    for (const c of shown) {
        const { create, update, delete: del } = c.counts;
        lines.push(`| ${cell(c.name)} | ${STATUS_ICON[c.status]} | ${create} | ${update} | ${del} |`);
    }
    // One line instead of a row per quiet cluster (rows for components with no changes are noise).
    if (quiet > 0)
        lines.push("", `${quiet} cluster${quiet === 1 ? "" : "s"} unchanged.`);
    return shown.length > 0 ? lines : lines.slice(2);
}
function details(c) {
    const out = ["", `<details><summary>${cell(c.name)}: ${STATUS_ICON[c.status]}</summary>`, ""];
    if (c.error)
        out.push(fenced("text", [c.error]), "");
    if (c.changes.length > 0)
        out.push(fenced("diff", c.changes), "");
    out.push("</details>");
    return out;
}
function footer(summary, note) {
    const links = [];
    if (summary.jobSummaryUrl)
        links.push(`[job summary](${summary.jobSummaryUrl})`);
    if (summary.runUrl && summary.runUrl !== summary.jobSummaryUrl)
        links.push(`[run](${summary.runUrl})`);
    const out = [];
    if (note)
        out.push("", note);
    if (links.length > 0)
        out.push("", `Full plan: ${links.join(" · ")}`);
    return out;
}
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function list(heading, lines, cap) {
    if (!lines.length)
        return [];
    const shown = lines.slice(0, cap);
    const more = lines.length - shown.length;
    return ["", heading, "", ...shown, ...(more > 0 ? [`- ... and ${more} more (in the job summary)`] : [])];
}
/** The review section: everything, only the high-risk lines in full, or only counts. */
function reviewSection(r, detail = "all") {
    if (!r)
        return [];
    const widening = r.highRisk.length + r.widens.length + r.gains.length > 0;
    if (!widening) {
        if (!r.narrows.length && !r.unclassified.length)
            return [];
        const out = ["### Access review", ""];
        if (r.narrows.length)
            out.push(`Narrows access only: ${r.narrows.length === 1 ? "1 change narrows" : `${r.narrows.length} changes narrow`} access and none widens it.`);
        if (detail === "all")
            out.push(...list("**Narrows**", r.narrows, Number.POSITIVE_INFINITY));
        if (detail !== "counts")
            out.push(...list("**Not classified** (read the diff)", r.unclassified, Number.POSITIVE_INFINITY));
        return [...out, ""];
    }
    const counts = `**${plural(r.highRisk.length, "high-risk grant")}**, ${plural(r.widens.length, "other widening change")}, ${plural(r.gains.length, "gain")} of access by users.`;
    const out = ["### ⚠️ Widens access", "", counts];
    if (detail === "counts")
        return [...out, "The list is in the job summary.", ""];
    const cap = detail === "all" ? Number.POSITIVE_INFINITY : 0;
    out.push(...list("**High-risk**", r.highRisk, Number.POSITIVE_INFINITY));
    out.push(...list("**Widens**", r.widens, cap));
    out.push(...list("**Who gains what**", r.gains, detail === "all" ? cap : 20));
    out.push(...list("**Not classified** (read the diff)", r.unclassified, cap));
    return [...out, ""];
}
function render(summary, step) {
    const t = totals(summary);
    const review = step === "review-counts" ? "counts" : step === "review-high-risk" ? "high-risk" : "all";
    const [title, ...rest] = header(summary, t);
    const lines = [title, "", ...reviewSection(summary.review, review), ...rest.slice(1)];
    const hasDetail = (c) => c.changes.length > 0 || !!c.error;
    if (step === "counts" || step === "review-high-risk" || step === "review-counts") {
        const note = `The per-cluster plan of ${t.clusters} clusters does not fit in a comment; ` +
            `it is in the job summary${summary.jobSummaryUrl ? "" : " of this run"}.`;
        return [...lines, ...footer(summary, note)].join("\n");
    }
    lines.push("", ...table(summary.clusters));
    if (step === "full") {
        for (const c of summary.clusters.filter(hasDetail))
            lines.push(...details(c));
    }
    else if (step === "changed-only") {
        for (const c of summary.clusters.filter((c) => c.status !== "unchanged" && hasDetail(c))) {
            lines.push(...details(c));
        }
    }
    const note = step === "changed-only"
        ? "Details of unchanged clusters are left out to fit GitHub's comment size limit."
        : step === "table"
            ? "Per-cluster details are left out to fit GitHub's comment size limit."
            : undefined;
    return [...lines, ...footer(summary, note)].join("\n");
}
const STEPS = ["full", "changed-only", "table", "counts", "review-high-risk", "review-counts"];
/** The richest rendering that fits `budget` characters; throws if it would publish a secret. */
function buildPlanBody(summary, budget = COMMENT_BUDGET) {
    for (const step of STEPS) {
        const body = render(summary, step);
        const length = bodyLength(body);
        if (length <= budget || step === "review-counts") {
            if (length > budget)
                throw new Error(`the plan summary does not fit ${budget} characters even as counts`);
            assertSafeBody(body);
            return { body, step, length };
        }
    }
    throw new Error("unreachable");
}


/***/ }),

/***/ 5015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ eventContext)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
// What the runner tells a step about the event that started it: the repository, the commit, the pull
// request (from the event payload file) and the run's own address.

/** undefined outside a repository; an unreadable payload reads as an event without a pull request. */
async function eventContext(env) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo)
        return undefined;
    let event = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            event = JSON.parse(await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile(env.GITHUB_EVENT_PATH, "utf8"));
        }
        catch {
            event = {};
        }
    }
    const server = env.GITHUB_SERVER_URL || "https://github.com";
    const runId = env.GITHUB_RUN_ID ?? "";
    return {
        owner,
        repo,
        eventName: env.GITHUB_EVENT_NAME ?? "",
        sha: env.GITHUB_SHA ?? "",
        ...(event.pull_request?.number ? { prNumber: event.pull_request.number } : {}),
        ...(event.pull_request?.head?.sha ? { headSha: event.pull_request.head.sha } : {}),
        runId,
        runUrl: `${server}/${owner}/${repo}/actions/runs/${runId}`,
    };
}


/***/ }),

/***/ 4866:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Du: () => (/* binding */ annotateAccess),
/* harmony export */   LV: () => (/* binding */ accessSummary),
/* harmony export */   ql: () => (/* binding */ accessMarkdown)
/* harmony export */ });
/* harmony import */ var _sync_diff_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7552);
/* harmony import */ var _annotations_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(856);
/* harmony import */ var _provision_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2513);
// The roles and users part of the job summary, plan and annotations: a table per cluster with counts, the
// objects that changed or failed with their fields, unchanged ones counted, never listed. No invite URL or
// secret ever reaches this text: it is built from the plan and the results only.



const ACTION = {
    create: "➕ create",
    update: "✏️ update",
    adopt: "🤝 adopt",
    unchanged: "✔️ unchanged",
    blocked: "⛔ blocked",
    conflict: "⚠️ conflict (not corrected)",
    prune: "🗑️ remove (no longer declared)",
    keep: "📌 kept (no longer declared, prune is off)",
};
const ORIGIN = {
    pending: "the repository changed",
    drift: "changed outside the action: corrected",
    conflict: "changed in the repository and in the child",
    deleted: "deleted outside the action: recreated",
};
function resultText(item, result) {
    if (!result)
        return ACTION[item.action];
    switch (result.status) {
        case "written":
            return item.action === "create" ? "✅ created" : item.action === "adopt" ? "✅ adopted" : "✅ updated";
        case "failed":
            return `❌ ${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(result.error.message)}`;
        case "skipped":
            return `⏭️ ${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(result.reason)}`;
        case "removed":
            return "🗑️ removed";
        case "kept":
            return `📌 kept: ${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(result.reason)}`;
        default:
            return ACTION[item.action];
    }
}
function detail(item) {
    if (item.action === "blocked") {
        return `${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(item.reason)}${item.adoptEntry ? ` (adopt: \`${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(item.adoptEntry)}\`)` : ""}`;
    }
    const parts = [];
    if (item.origin && item.origin !== "pending")
        parts.push(ORIGIN[item.origin]);
    if (item.action === "conflict" && item.reason)
        parts.push((0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(item.reason));
    if (item.changes?.length)
        parts.push(item.changes.map((c) => `\`${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)((0,_sync_diff_js__WEBPACK_IMPORTED_MODULE_0__/* .describeChange */ .u)(c))}\``).join("<br>"));
    if (item.overrides)
        parts.push(`overrides \`${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(item.overrides.file)}:${item.overrides.line}\``);
    if (item.invitePending)
        parts.push("pending invite issued");
    return parts.join("<br>");
}
/** One cluster's access section, for the summary (with results) or the plan (without). */
function accessMarkdown(plan, results, invited = []) {
    const counts = new Map();
    for (const i of plan.items)
        counts.set(i.action, (counts.get(i.action) ?? 0) + 1);
    const listed = plan.items.filter((i) => i.action !== "unchanged");
    const lines = [
        `#### ${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(plan.cluster)}: roles and users`,
        "",
        [...counts].map(([a, n]) => `${n} ${a}`).join(", ") || "nothing declared",
        "",
    ];
    if (listed.length) {
        lines.push("| object | declared in | result | details |", "| --- | --- | --- | --- |", ...listed.map((i) => `| ${i.kind}/${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(i.name)} | ${i.file ? `\`${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(i.file)}:${i.line}\`` : "(no longer declared)"} | ${resultText(i, results?.get(`${i.kind}/${i.name}`))} | ${detail(i)} |`), "");
    }
    if (invited.length)
        lines.push(`Invite links (in the invites file, never shown here) for: ${invited.map(_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn).join(", ")}`, "");
    for (const note of plan.notes)
        lines.push(`> ${(0,_provision_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(note)}`, "");
    return lines.join("\n");
}
function accessSummary(tenants) {
    const sections = tenants
        .filter((t) => t.sync?.plan)
        .map((t) => accessMarkdown(t.sync.plan, t.sync.outcome?.results, [...(t.sync.outcome?.invites.keys() ?? [])].map((u) => `${u} (until ${t.sync.outcome.invites.get(u).expires})`)));
    return sections.length ? `\n### Roles and users\n\n${sections.join("\n")}` : "";
}
/** An `::error` at each blocked or refused object's document, naming what to do. */
function annotateAccess(command, tenant) {
    const plan = tenant.sync?.plan;
    if (!plan)
        return;
    for (const item of plan.items) {
        const result = tenant.sync?.outcome?.results.get(`${item.kind}/${item.name}`);
        let message;
        if (item.action === "blocked") {
            message = `${item.reason}${item.adoptEntry ? `. To take it over, add "${item.adoptEntry}" to the adopt input.` : ""}`;
        }
        else if (item.action === "conflict") {
            message = `${item.reason}. Repository vs child: ${(item.changes ?? []).map(_sync_diff_js__WEBPACK_IMPORTED_MODULE_0__/* .describeChange */ .u).join("; ") || "(only fields Teleport fills in differ)"}`;
        }
        else if (result?.status === "failed") {
            message = `Teleport refused ${item.kind} ${item.name} in ${plan.cluster}: ${result.error.message}`;
        }
        if (!message)
            continue;
        const what = item.action === "blocked" || item.action === "conflict" ? item.action : "not written";
        const title = `${plan.cluster}: ${item.kind}/${item.name} ${what}`;
        // A prune candidate is no longer declared anywhere: its annotation has no file.
        const where = item.file ? `file=${(0,_annotations_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeProperty */ .Bn)(item.file)},line=${item.line},` : "";
        command(`::error ${where}title=${(0,_annotations_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeProperty */ .Bn)(title)}::${(0,_annotations_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeData */ .uf)(message)}`);
    }
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

/***/ 2392:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ reviewMarkdown),
/* harmony export */   m: () => (/* binding */ reviewSummaryOf)
/* harmony export */ });
/* harmony import */ var _github_body_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9695);
/* harmony import */ var _review_fields_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6431);
// The access review as the plan comment and the job summary show it, before anything else: high-risk
// grants first (each with its file and line), then the other changes that widen access, then who gains
// what, then what the review could not classify; a plan that only narrows says so.


/** Text inside a list line: no HTML, no line breaks, no code spans opened by a name. */
const text = (s) => s
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
const code = (s) => `\`${s.replace(/[`\r\n]/g, "")}\``;
const riskText = (id) => {
    const rule = _review_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .HIGH_RISK */ .rX.find((r) => r.id === id);
    return rule ? `🔴 **${rule.text}**: ` : "";
};
function findingLine(cluster, f) {
    const where = f.file ? ` (${code(`${f.file}:${f.line}`)})` : "";
    return `- ${riskText(f.effect === "widens" ? f.highRisk : undefined)}${code(`${f.kind}/${f.name}`)} in ${text(cluster)}: ${code(f.field)} ${text(f.reason)}${where}`;
}
function gainLine(cluster, g) {
    return `- ${riskText(g.highRisk)}${text(g.user)}@${text(cluster)}: gains ${text(g.what)} (via ${text(g.via)}, ${code(`${g.file}:${g.line}`)})`;
}
/** The review lines of every cluster's access plan; undefined when no cluster has a review. */
function reviewSummaryOf(access) {
    const r = { highRisk: [], widens: [], gains: [], unclassified: [], narrows: [] };
    let any = false;
    for (const [cluster, a] of Object.entries(access)) {
        if (!a.review)
            continue;
        any = true;
        for (const f of a.review.findings) {
            if (f.effect === "widens")
                (f.highRisk ? r.highRisk : r.widens).push(findingLine(cluster, f));
            else if (f.effect === "narrows")
                r.narrows.push(findingLine(cluster, f));
            else if (f.effect === "unclassified")
                r.unclassified.push(findingLine(cluster, f));
        }
        for (const g of a.review.gains) {
            r.gains.push(gainLine(cluster, g));
            // A role's high-risk change is listed as a finding already; a user's own (a role or trait gained) is not.
            if (g.highRisk && g.via.startsWith("user "))
                r.highRisk.push(gainLine(cluster, g));
        }
    }
    return any ? r : undefined;
}
/** The section for the job summary and the plan's markdown: everything, never trimmed. */
function reviewMarkdown(access) {
    const lines = (0,_github_body_js__WEBPACK_IMPORTED_MODULE_0__/* .reviewSection */ .mM)(reviewSummaryOf(access));
    return lines.length ? `${lines.join("\n")}\n` : "";
}


/***/ }),

/***/ 6431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ho: () => (/* binding */ LIST_FIELDS),
/* harmony export */   KQ: () => (/* binding */ ALL_RESOURCES_LABELS),
/* harmony export */   SI: () => (/* binding */ PRESET_GRANTS),
/* harmony export */   co: () => (/* binding */ STRUCTURED_FIELDS),
/* harmony export */   lw: () => (/* binding */ OPTIONS),
/* harmony export */   nA: () => (/* binding */ LABEL_FIELDS),
/* harmony export */   rX: () => (/* binding */ HIGH_RISK),
/* harmony export */   x6: () => (/* binding */ ACCESS_ADMIN_RESOURCES)
/* harmony export */ });
// What each role and user field means for access, as tables: which condition fields are label selectors
// (and of which resources), which are lists of granted values, how each option relaxes or tightens a
// control and its default per role version, and the high-risk grants a reviewer must see first. The
// semantics are Teleport's (docs/teleport-behaviour.md B105-B116); README "Access review" lists them.
/** Label selectors of a role's conditions, with the resources they select (B106). */
const LABEL_FIELDS = {
    node_labels: "nodes",
    app_labels: "apps",
    kubernetes_labels: "Kubernetes clusters",
    db_labels: "databases",
    db_service_labels: "database services",
    windows_desktop_labels: "Windows desktops",
    cluster_labels: "trusted clusters",
    group_labels: "user groups",
};
/**
 * Lists of granted values, with the label selector whose resources they apply to (B105: a role grants
 * its logins only on the resources its own selector matches).
 */
const LIST_FIELDS = {
    logins: { on: "node_labels", what: "logins" },
    windows_desktop_logins: { on: "windows_desktop_labels", what: "Windows logins" },
    kubernetes_groups: { on: "kubernetes_labels", what: "Kubernetes groups" },
    kubernetes_users: { on: "kubernetes_labels", what: "Kubernetes users" },
    db_names: { on: "db_labels", what: "database names" },
    db_users: { on: "db_labels", what: "database users" },
    db_roles: { on: "db_labels", what: "database roles" },
    aws_role_arns: { on: "app_labels", what: "AWS role ARNs" },
    azure_identities: { on: "app_labels", what: "Azure identities" },
    gcp_service_accounts: { on: "app_labels", what: "GCP service accounts" },
    host_groups: { on: "node_labels", what: "host groups" },
    host_sudoers: { on: "node_labels", what: "sudoers entries" },
    desktop_groups: { on: "windows_desktop_labels", what: "desktop groups" },
    "impersonate.users": { what: "impersonation of users" },
    "impersonate.roles": { what: "impersonation of roles" },
    "request.roles": { what: "access requests for roles" },
    "request.search_as_roles": { what: "resource requests searching as roles" },
    "review_requests.roles": { what: "reviews of requests for roles" },
    "review_requests.preview_as_roles": { what: "request previews as roles" },
};
/** Condition fields the classifier reads itself (not as unclassified), besides the two tables above. */
const STRUCTURED_FIELDS = new Set([
    "rules",
    "kubernetes_resources",
    "join_sessions",
    "namespaces",
    "impersonate",
    "request",
    "review_requests",
]);
// require_session_mfa: YAML 1.1 booleans (B70) and the named modes; a lower rank needs less (B110).
const MFA_RANKS = {
    false: 0,
    no: 0,
    off: 0,
    true: 1,
    yes: 1,
    session: 1,
    session_and_hardware_key: 2,
    hardware_key_touch: 3,
    hardware_key_pin: 3,
    hardware_key_touch_and_pin: 4,
};
const OPTIONS = {
    require_session_mfa: {
        kind: { type: "rank", default: "false", ranks: MFA_RANKS },
        what: "per-session MFA",
    },
    max_session_ttl: {
        kind: { type: "duration", default: "30h" },
        what: "the longest session (certificate TTL)",
    },
    disconnect_expired_cert: {
        kind: { type: "enforces", default: false },
        what: "disconnecting sessions when the certificate expires",
    },
    pin_source_ip: {
        kind: { type: "enforces", default: false },
        what: "pinning certificates to the source IP",
    },
    lock: {
        // "" is the cluster's locking mode, best_effort unless the cluster says strict (B111).
        kind: { type: "rank", default: "", ranks: { best_effort: 0, "": 1, strict: 2 } },
        what: "the locking mode",
    },
    "record_session.default": {
        kind: { type: "rank", default: "best_effort", ranks: { best_effort: 0, strict: 1 } },
        what: "session recording (strict refuses sessions it cannot record)",
    },
    "record_session.ssh": {
        kind: { type: "rank", default: "best_effort", ranks: { best_effort: 0, strict: 1 } },
        what: "SSH session recording",
    },
    "record_session.desktop": { kind: { type: "enforces", default: true }, what: "desktop session recording" },
    port_forwarding: { kind: { type: "allows", default: true }, what: "SSH port forwarding" },
    "ssh_port_forwarding.local.enabled": {
        kind: { type: "allows", default: true },
        what: "local SSH port forwarding",
    },
    "ssh_port_forwarding.remote.enabled": {
        kind: { type: "allows", default: true },
        what: "remote SSH port forwarding",
    },
    ssh_file_copy: { kind: { type: "allows", default: true }, what: "file copy over SSH (scp, sftp)" },
    forward_agent: { kind: { type: "allows", default: false }, what: "SSH agent forwarding" },
    permit_x11_forwarding: { kind: { type: "allows", default: false }, what: "X11 forwarding" },
    desktop_clipboard: { kind: { type: "allows", default: true }, what: "the desktop clipboard" },
    desktop_directory_sharing: { kind: { type: "allows", default: true }, what: "desktop directory sharing" },
    device_trust_mode: {
        // "" is the cluster's device trust mode (B112).
        kind: {
            type: "rank",
            default: "",
            ranks: { off: 0, optional: 1, "": 1, "required-for-humans": 2, required: 3 },
        },
        what: "device trust",
    },
    create_host_user_mode: {
        // Inverted: a higher mode creates more, so the rank is negated (keep relaxes most, B113).
        kind: { type: "rank", default: "", ranks: { "": 0, off: 0, "insecure-drop": -1, drop: -1, keep: -2 } },
        what: "host user creation",
    },
    create_host_user: { kind: { type: "allows", default: false }, what: "host user creation (legacy option)" },
    create_db_user_mode: {
        kind: { type: "rank", default: "", ranks: { "": 0, off: 0, best_effort_drop: -1, keep: -2 } },
        what: "database user creation",
    },
    create_db_user: {
        kind: { type: "allows", default: false },
        what: "database user creation (legacy option)",
    },
    create_desktop_user: { kind: { type: "allows", default: false }, what: "desktop user creation" },
    max_connections: { kind: { type: "limit" }, what: "the number of connections" },
    max_sessions: { kind: { type: "limit" }, what: "the number of sessions per connection" },
    max_kubernetes_connections: { kind: { type: "limit" }, what: "the number of Kubernetes connections" },
    "idp.saml.enabled": {
        kind: { type: "allows", default: true },
        what: "access to the SAML identity provider",
        versions: ["v3", "v4", "v5", "v6", "v7"],
    },
};
/** Resources whose create or update lets the holder change access itself (B114). */
const ACCESS_ADMIN_RESOURCES = [
    "role",
    "user",
    "token",
    "bot",
    "github",
    "oidc",
    "saml",
    "cluster_auth_preference",
];
/**
 * The high-risk grants, each marked apart in the review (README "Access review" shows this table).
 * `id` names the rule in findings; `text` is what the README and the comment say.
 */
const HIGH_RISK = [
    {
        id: "access-admin",
        grant: "`create`, `update` or `*` on `role`, `user`, `token`, `bot`, an auth connector (`github`, `oidc`, `saml`) or `cluster_auth_preference`, or on `*`",
        text: "lets the holder change access itself",
    },
    {
        id: "impersonate-wildcard",
        grant: "`impersonate` with `*` (or a regex) in `users` or `roles`",
        text: "lets the holder act as any user or role",
    },
    { id: "root-login", grant: "`logins` containing `root`", text: "root on the matched nodes" },
    {
        id: "system-masters",
        grant: "`kubernetes_groups` containing `system:masters`",
        text: "cluster-admin on the matched Kubernetes clusters",
    },
    {
        id: "all-resources",
        grant: "`'*': '*'` in `node_labels`, `kubernetes_labels`, `app_labels` or `db_labels`",
        text: "every node, Kubernetes cluster, app or database",
    },
    { id: "any-db-user", grant: "`*` (or a regex) in `db_users`", text: "any database user" },
    {
        id: "mfa-off",
        grant: "`require_session_mfa` turned off (from a mode that required it)",
        text: "sessions without MFA",
    },
];
/** Labels whose `'*': '*'` is high-risk (B106). */
const ALL_RESOURCES_LABELS = new Set(["node_labels", "kubernetes_labels", "app_labels", "db_labels"]);
/**
 * What the presets grant, for a child whose preset roles were not read (the bot may not list roles):
 * editor manages users, roles, auth connectors and tokens; access reaches every node, app, Kubernetes
 * cluster and database with the user's own traits (B116).
 */
const PRESET_GRANTS = {
    editor: { text: "create and update users, roles, tokens and auth connectors", highRisk: "access-admin" },
    access: {
        text: "every node, app, Kubernetes cluster and database, with the user's own traits",
        highRisk: "all-resources",
    },
    auditor: { text: "read sessions and the audit log" },
};


/***/ }),

/***/ 9188:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _B: () => (/* binding */ isHighRisk),
  rA: () => (/* binding */ reviewAccess),
  xt: () => (/* binding */ widensAccess)
});

// EXTERNAL MODULE: ./src/review/fields.ts
var fields = __webpack_require__(6431);
;// CONCATENATED MODULE: ./src/review/values.ts
// Reading the values of a role as Teleport matches them: `*` matches every value, `^...$` is a regular
// expression and a `*` inside a value is a glob (B106), so a wildcard or a regex counts as the widest value.
// Label selectors take one string or a list (B73).
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function asObject(v) {
    return isObject(v) ? v : {};
}
function strings(v) {
    if (typeof v === "string")
        return [v];
    return Array.isArray(v) ? [...new Set(v.filter((x) => typeof x === "string"))] : [];
}
function selector(v) {
    const out = {};
    for (const [key, value] of Object.entries(asObject(v)))
        out[key] = strings(value);
    return out;
}
const isEmptySelector = (s) => Object.keys(s).length === 0;
/** `'*': '*'`: every resource of the kind (B106). */
const matchesAll = (s) => (s["*"] ?? []).includes("*");
/** A value that matches more than itself: `*`, a glob or a regex (B106). */
function isPattern(value) {
    return value === "*" || value.includes("*") || (value.startsWith("^") && value.endsWith("$"));
}
function patternRegex(pattern) {
    try {
        if (pattern.startsWith("^") && pattern.endsWith("$"))
            return new RegExp(pattern);
        const glob = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
        return new RegExp(`^${glob.join(".*")}$`);
    }
    catch {
        return undefined;
    }
}
/** Whether `values` already grants `value`: the same value, `*`, or a glob or regex matching it. */
function covered(value, values) {
    if (values.includes(value) || values.includes("*"))
        return true;
    if (isPattern(value))
        return false;
    return values.some((p) => isPattern(p) && patternRegex(p)?.test(value) === true);
}
function describeSelector(s) {
    if (matchesAll(s))
        return "'*': '*'";
    return Object.entries(s)
        .map(([k, vs]) => `${k}=${vs.length === 1 ? vs[0] : `{${vs.join(",")}}`}`)
        .join(", ");
}
function describeValues(values) {
    return values.map((v) => (isPattern(v) ? `${v} (a pattern: any value it matches)` : v)).join(", ");
}
const UNIT_MS = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
};
/** A Teleport duration (`30h`, `30h0m0s`, `4d`) in milliseconds, or undefined when it is none. */
function durationMs(value) {
    if (typeof value === "number")
        return value / 1e6; // nanoseconds, as the API stores them
    if (typeof value !== "string")
        return undefined;
    const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)];
    if (!parts.length || parts.map((p) => p[0]).join("") !== value)
        return undefined;
    return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]], 0);
}
/** The traits a value's templates read: `{{internal.logins}}` reads `logins`, `{{external.team}}` `team` (B115). */
function traitsUsed(value) {
    const out = [];
    for (const m of value.matchAll(/\{\{([^}]*)\}\}/g)) {
        for (const t of m[1].matchAll(/\b(?:internal|external)(?:\.([\w-]+)|\["([^"]+)"\])/g)) {
            out.push(t[1] ?? t[2]);
        }
    }
    return out;
}
const isTemplate = (value) => /\{\{[^}]*\}\}/.test(value);

;// CONCATENATED MODULE: ./src/review/normalize.ts


const WILDCARD = { "*": ["*"] };
function at(obj, path) {
    let v = obj;
    for (const part of path.split("."))
        v = asObject(v)[part];
    return v;
}
/** B107: v3 grants every app, Kubernetes cluster and database, and every node when it has logins. */
function v3Labels(allow) {
    if (allow.node_labels === undefined || allow.node_labels === null) {
        allow.node_labels = Array.isArray(allow.logins) && allow.logins.length ? WILDCARD : {};
    }
    for (const field of ["app_labels", "kubernetes_labels", "db_labels"]) {
        if (allow[field] === undefined || allow[field] === null)
            allow[field] = WILDCARD;
    }
}
/** B39, B107: the Kubernetes resources a role grants when it lists none but selects clusters. */
function kubeDefaults(version, allow) {
    const resources = Array.isArray(allow.kubernetes_resources) ? allow.kubernetes_resources : [];
    const selects = !isEmptySelector(selector(allow.kubernetes_labels)) ||
        typeof allow.kubernetes_labels_expression === "string";
    if (!resources.length && selects) {
        const any = { kind: "*", namespace: "*", name: "*", verbs: ["*"] };
        if (["v3", "v4", "v5"].includes(version))
            allow.kubernetes_resources = [{ ...any, kind: "pod" }];
        else if (version === "v7")
            allow.kubernetes_resources = [any];
        else if (version === "v8")
            allow.kubernetes_resources = [{ ...any, api_group: "*" }];
    }
    if (["v3", "v4", "v5", "v6"].includes(version) && Array.isArray(allow.kubernetes_resources)) {
        allow.kubernetes_resources = allow.kubernetes_resources.map((r) => {
            const entry = asObject(r);
            return Array.isArray(entry.verbs) && entry.verbs.length ? entry : { ...entry, verbs: ["*"] };
        });
    }
}
function effectiveOptions(version, raw) {
    const options = {};
    const written = new Set();
    for (const [path, rule] of Object.entries(fields/* OPTIONS */.lw)) {
        const value = at(raw, path);
        if (value !== undefined && value !== null)
            written.add(path);
        if (rule.versions && !rule.versions.includes(version))
            continue;
        const kind = rule.kind;
        const fallback = kind.type === "limit" ? 0 : kind.default;
        options[path] = value ?? fallback;
    }
    // B108: the newer per-direction switches fall back to port_forwarding, ssh recording to the default mode.
    for (const dir of ["local", "remote"]) {
        const path = `ssh_port_forwarding.${dir}.enabled`;
        if (!written.has(path))
            options[path] = options.port_forwarding;
    }
    if (!written.has("record_session.ssh"))
        options["record_session.ssh"] = options["record_session.default"];
    return { options, written };
}
/** The role's version, conditions and options with its version's defaults applied; empty for no role. */
function normalizeRole(role, fallbackVersion = "v7") {
    const version = typeof role?.version === "string" ? role.version : fallbackVersion;
    const spec = asObject(role?.spec);
    const allow = structuredClone(asObject(spec.allow));
    const deny = structuredClone(asObject(spec.deny));
    if (role) {
        if (version === "v3")
            v3Labels(allow);
        kubeDefaults(version, allow);
    }
    const rawOptions = asObject(spec.options);
    return { version, allow, deny, rawOptions, ...effectiveOptions(version, rawOptions) };
}

// EXTERNAL MODULE: ./src/util/canonical-json.ts
var canonical_json = __webpack_require__(1989);
;// CONCATENATED MODULE: ./src/review/options.ts
// Role options, each compared at its effective value (the version's default when left out, B108): whether
// the new value relaxes or tightens the control the option stands for.



/** Options outside the table that the child prints as defaults (B38): the same as leaving them out. */
const SERVER_DEFAULTS = {
    cert_format: "standard",
    enhanced_recording: ["command", "network"],
};
const show = (v, written) => `${JSON.stringify(v)}${written ? "" : " (default)"}`;
const truthy = (v) => v === true || (typeof v === "string" && ["true", "yes", "on"].includes(v.toLowerCase()));
/** -1: after relaxes the control; 1: tightens it; 0: the same; undefined: not comparable. */
function direction(rule, before, after) {
    const k = rule.kind;
    switch (k.type) {
        case "allows":
            return truthy(before) === truthy(after) ? 0 : truthy(after) ? -1 : 1;
        case "enforces":
            return truthy(before) === truthy(after) ? 0 : truthy(after) ? 1 : -1;
        case "rank": {
            const b = k.ranks[String(before).toLowerCase()];
            const a = k.ranks[String(after).toLowerCase()];
            if (a === undefined || b === undefined)
                return undefined;
            return Math.sign(a - b);
        }
        case "duration": {
            const b = durationMs(before);
            const a = durationMs(after);
            if (a === undefined || b === undefined)
                return undefined;
            return Math.sign(b - a);
        }
        case "limit": {
            const b = Number(before) || Number.POSITIVE_INFINITY;
            const a = Number(after) || Number.POSITIVE_INFINITY;
            return Math.sign(b - a);
        }
    }
}
function mfaOff(rule, before, after) {
    if (rule !== fields/* OPTIONS */.lw.require_session_mfa || rule.kind.type !== "rank")
        return undefined;
    const ranks = rule.kind.ranks;
    return (ranks[String(after).toLowerCase()] ?? 1) === 0 && (ranks[String(before).toLowerCase()] ?? 0) > 0
        ? "mfa-off"
        : undefined;
}
function optionFindings(before, after, add) {
    for (const [path, rule] of Object.entries(fields/* OPTIONS */.lw)) {
        const b = before.options[path];
        const a = after.options[path];
        if ((0,canonical_json/* canonicalJson */.d)(b ?? null) === (0,canonical_json/* canonicalJson */.d)(a ?? null))
            continue;
        // A value derived from another option is compared only where a side writes it (no double counting).
        const derived = path.startsWith("ssh_port_forwarding.") || path === "record_session.ssh";
        if (derived && !before.written.has(path) && !after.written.has(path))
            continue;
        const field = `spec.options.${path}`;
        const change = `${show(b, before.written.has(path))} -> ${show(a, after.written.has(path))}`;
        const d = direction(rule, b, a);
        if (d === undefined) {
            add(field, "unclassified", `${rule.what}: ${change}, a value the review does not rank`);
            continue;
        }
        if (d === 0)
            continue;
        const effect = d < 0 ? "widens" : "narrows";
        add(field, effect, `${d < 0 ? "relaxes" : "tightens"} ${rule.what}: ${change}`, mfaOff(rule, b, a));
    }
    const known = (key) => Object.keys(fields/* OPTIONS */.lw).some((p) => p === key || p.startsWith(`${key}.`));
    const value = (raw, key) => (0,canonical_json/* canonicalJson */.d)(raw[key] ?? SERVER_DEFAULTS[key] ?? null);
    for (const key of new Set([...Object.keys(before.rawOptions), ...Object.keys(after.rawOptions)])) {
        if (known(key) || value(before.rawOptions, key) === value(after.rawOptions, key))
            continue;
        add(`spec.options.${key}`, "unclassified", "changed: not classified, read the diff");
    }
}

;// CONCATENATED MODULE: ./src/review/role.ts





/** Under deny, granting more to the condition takes more away (B105). */
const flip = (side, e) => side === "allow" ? e : e === "widens" ? "narrows" : e === "narrows" ? "widens" : e;
function labelFindings(field, side, before, after, add) {
    const what = fields/* LABEL_FIELDS */.nA[field];
    const path = `spec.${side}.${field}`;
    const verb = side === "allow" ? "grants" : "denies";
    const risk = (e) => e === "widens" &&
        fields/* ALL_RESOURCES_LABELS */.KQ.has(field) &&
        (side === "allow" ? matchesAll(after) : matchesAll(before))
        ? "all-resources"
        : undefined;
    const say = (e, reason) => add(path, flip(side, e), reason, risk(flip(side, e)));
    if (matchesAll(after) && !matchesAll(before)) {
        say("widens", `now ${verb} every one of the ${what} ('*': '*')`);
        return;
    }
    if (matchesAll(before) && !matchesAll(after)) {
        const rest = isEmptySelector(after) ? "none" : `only ${what} matching ${describeSelector(after)}`;
        say("narrows", `${verb} ${rest} instead of every one of the ${what}`);
        return;
    }
    if (isEmptySelector(before) && !isEmptySelector(after)) {
        say("widens", `now ${verb} ${what} matching ${describeSelector(after)}`);
        return;
    }
    if (!isEmptySelector(before) && isEmptySelector(after)) {
        say("narrows", `no longer ${verb} any of the ${what} (was ${describeSelector(before)})`);
        return;
    }
    // Both select: every key must match (B106), so a new key selects fewer and a dropped key more.
    for (const key of Object.keys(after).filter((k) => !(k in before)))
        say("narrows", `adds the condition ${key}=${after[key].join(",")}: fewer ${what} match`);
    for (const key of Object.keys(before).filter((k) => !(k in after)))
        say("widens", `drops the condition ${key}: more ${what} match (now ${describeSelector(after)})`);
    for (const key of Object.keys(after).filter((k) => k in before)) {
        const added = after[key].filter((v) => !covered(v, before[key]));
        const removed = before[key].filter((v) => !covered(v, after[key]));
        if (added.length)
            say("widens", `${key} also matches ${describeValues(added)}`);
        if (removed.length)
            say("narrows", `${key} no longer matches ${removed.join(", ")}`);
    }
}
function listRisk(field, values) {
    if (field === "logins" && values.includes("root"))
        return "root-login";
    if (field === "kubernetes_groups" && values.includes("system:masters"))
        return "system-masters";
    if (field === "db_users" && values.some(isPattern))
        return "any-db-user";
    if (field.startsWith("impersonate.") && values.some(isPattern))
        return "impersonate-wildcard";
    return undefined;
}
function listFindings(field, side, before, after, add) {
    const { what, on } = fields/* LIST_FIELDS */.Ho[field];
    const path = `spec.${side}.${field}`;
    const added = after.filter((v) => !covered(v, before));
    const removed = before.filter((v) => !covered(v, after));
    const where = on ? ` on the ${fields/* LABEL_FIELDS */.nA[on]} the role selects` : "";
    const describe = (vs) => vs.map((v) => (isTemplate(v) ? `${v} (each holder's trait values)` : describeValues([v]))).join(", ");
    if (added.length) {
        const e = flip(side, "widens");
        const reason = side === "allow"
            ? `grants ${what} ${describe(added)}${where}`
            : `now denies ${what} ${describe(added)}`;
        add(path, e, reason, e === "widens" ? listRisk(field, added) : undefined);
    }
    if (removed.length) {
        const e = flip(side, "narrows");
        const reason = side === "allow"
            ? `no longer grants ${what} ${removed.join(", ")}`
            : `no longer denies ${what} ${describe(removed)}`;
        add(path, e, reason, e === "widens" ? listRisk(field, removed) : undefined);
    }
}
function ruleAtoms(rules) {
    const out = [];
    for (const r of Array.isArray(rules) ? rules : []) {
        const rule = asObject(r);
        const where = typeof rule.where === "string" ? rule.where : "";
        for (const resource of strings(rule.resources))
            for (const verb of strings(rule.verbs))
                out.push({ resource, verb, where });
    }
    return out;
}
const atomCovered = (a, set) => set.some((b) => (b.resource === a.resource || b.resource === "*") &&
    (b.verb === a.verb || b.verb === "*") &&
    (b.where === "" || b.where === a.where));
function ruleRisk(atoms) {
    const admin = (r) => r === "*" || fields/* ACCESS_ADMIN_RESOURCES */.x6.includes(r);
    return atoms.some((a) => admin(a.resource) && ["create", "update", "*"].includes(a.verb))
        ? "access-admin"
        : undefined;
}
function describeAtoms(atoms) {
    const byResource = new Map();
    for (const a of atoms) {
        const key = `${a.resource}${a.where ? ` where ${a.where} (not evaluated)` : ""}`;
        byResource.set(key, [...(byResource.get(key) ?? []), a.verb]);
    }
    return [...byResource].map(([r, verbs]) => `${verbs.join(", ")} on ${r}`).join("; ");
}
function ruleFindings(side, before, after, add) {
    const path = `spec.${side}.rules`;
    const added = after.filter((a) => !atomCovered(a, before));
    const removed = before.filter((a) => !atomCovered(a, after));
    if (added.length) {
        const e = flip(side, "widens");
        add(path, e, `${side === "allow" ? "allows" : "now denies"} ${describeAtoms(added)}`, e === "widens" ? ruleRisk(added) : undefined);
    }
    if (removed.length) {
        const e = flip(side, "narrows");
        add(path, e, `${side === "allow" ? "no longer allows" : "no longer denies"} ${describeAtoms(removed)}`, e === "widens" ? ruleRisk(removed) : undefined);
    }
}
const kubeKey = (r) => {
    const e = asObject(r);
    return {
        kind: String(e.kind ?? ""),
        api_group: String(e.api_group ?? ""),
        namespace: String(e.namespace ?? ""),
        name: String(e.name ?? ""),
        verbs: strings(e.verbs).sort(),
    };
};
const wide = (pattern, value) => pattern === "*" || pattern === value;
const kubeCovered = (x, set) => set.some((e) => wide(e.kind, x.kind) &&
    wide(e.namespace, x.namespace) &&
    wide(e.name, x.name) &&
    (e.api_group === x.api_group || e.api_group === "*") &&
    (e.verbs.includes("*") || x.verbs.every((v) => e.verbs.includes(v))));
const describeKube = (es) => es
    .map((e) => `${e.kind}${e.api_group ? `.${e.api_group}` : ""} ${e.namespace || "-"}/${e.name} (${e.verbs.join(",") || "no verbs"})`)
    .join("; ");
function kubeFindings(side, before, after, add) {
    const b = (Array.isArray(before) ? before : []).map(kubeKey);
    const a = (Array.isArray(after) ? after : []).map(kubeKey);
    const path = `spec.${side}.kubernetes_resources`;
    const added = a.filter((x) => !kubeCovered(x, b));
    const removed = b.filter((x) => !kubeCovered(x, a));
    if (added.length)
        add(path, flip(side, "widens"), `${side === "allow" ? "grants" : "denies"} Kubernetes resources ${describeKube(added)}`);
    if (removed.length)
        add(path, flip(side, "narrows"), `no longer ${side === "allow" ? "grants" : "denies"} Kubernetes resources ${describeKube(removed)}`);
}
function joinAtoms(policies) {
    const out = [];
    for (const p of Array.isArray(policies) ? policies : []) {
        const policy = asObject(p);
        const modes = strings(policy.modes);
        for (const role of strings(policy.roles))
            for (const mode of modes.length ? modes : ["(no mode)"])
                out.push(`${role} as ${mode}`);
    }
    return out;
}
function joinFindings(side, before, after, add) {
    const b = joinAtoms(before);
    const a = joinAtoms(after);
    const path = `spec.${side}.join_sessions`;
    const added = a.filter((x) => !b.includes(x) && !b.includes(`*${x.slice(x.indexOf(" as "))}`));
    const removed = b.filter((x) => !a.includes(x));
    if (added.length)
        add(path, flip(side, "widens"), `may join the sessions of ${added.join(", ")}`);
    if (removed.length)
        add(path, flip(side, "narrows"), `may no longer join the sessions of ${removed.join(", ")}`);
}
const listAt = (cond, field) => {
    const [head, sub] = field.split(".");
    return strings(sub ? asObject(cond[head])[sub] : cond[head]);
};
/** Fields of the conditions the tables know, then any other one that changed (unclassified). */
function conditionFindings(side, before, after, add) {
    for (const field of Object.keys(fields/* LABEL_FIELDS */.nA))
        labelFindings(field, side, selector(before[field]), selector(after[field]), add);
    for (const field of Object.keys(fields/* LIST_FIELDS */.Ho))
        listFindings(field, side, listAt(before, field), listAt(after, field), add);
    ruleFindings(side, ruleAtoms(before.rules), ruleAtoms(after.rules), add);
    kubeFindings(side, before.kubernetes_resources, after.kubernetes_resources, add);
    joinFindings(side, before.join_sessions, after.join_sessions, add);
    for (const [sub, keep] of [
        ["impersonate", ["users", "roles"]],
        ["request", ["roles", "search_as_roles"]],
        ["review_requests", ["roles", "preview_as_roles"]],
    ]) {
        const rest = (c) => (0,canonical_json/* canonicalJson */.d)(Object.fromEntries(Object.entries(asObject(c[sub])).filter(([k]) => !keep.includes(k))));
        if (rest(before) !== rest(after))
            add(`spec.${side}.${sub}`, "unclassified", `other ${sub} settings changed (e.g. where, thresholds, claims): not classified, read the diff`);
    }
    const known = (k) => k in fields/* LABEL_FIELDS */.nA || k in fields/* LIST_FIELDS */.Ho || fields/* STRUCTURED_FIELDS */.co.has(k);
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (known(key) || (0,canonical_json/* canonicalJson */.d)(before[key] ?? null) === (0,canonical_json/* canonicalJson */.d)(after[key] ?? null))
            continue;
        const expression = key.endsWith("_labels_expression");
        const e = expression && side === "allow" && after[key] && !before[key] ? "widens" : "unclassified";
        add(`spec.${side}.${key}`, e, expression
            ? `the label expression changed to ${JSON.stringify(after[key] ?? "(none)")}; expressions are not evaluated`
            : "changed: not classified, read the diff");
    }
}
function compareRoles(before, after, add) {
    conditionFindings("allow", before.allow, after.allow, add);
    conditionFindings("deny", before.deny, after.deny, add);
    optionFindings(before, after, add);
}
function classifyRole(item, add) {
    if (item.action === "prune") {
        add("role", "narrows", "removed from the child: its holders lose what it granted");
        return;
    }
    const declared = normalizeRole(item.declared);
    const before = item.action === "create"
        ? normalizeRole(undefined, declared.version)
        : normalizeRole(item.live);
    compareRoles(before, declared, add);
    if (item.action !== "create" && before.version !== declared.version) {
        add("version", "neutral", `version ${before.version} -> ${declared.version}: what its defaults change is listed with the fields`);
    }
    metadataFindings(item, add);
}
function metadataFindings(item, add) {
    if (item.action === "create")
        return;
    const b = asObject(item.live?.metadata);
    const a = asObject(item.declared.metadata);
    if ((b.description ?? "") !== (a.description ?? ""))
        add("metadata.description", "neutral", "the description changed: no effect on access");
    const labels = (m) => (0,canonical_json/* canonicalJson */.d)(Object.fromEntries(Object.entries(asObject(m.labels)).filter(([k]) => !k.startsWith("workload-cluster-action/") && !k.startsWith("teleport."))));
    if (labels(b) !== labels(a))
        add("metadata.labels", "neutral", "the labels changed: no effect on what it grants");
}

;// CONCATENATED MODULE: ./src/review/user.ts




const user_listAt = (cond, field) => {
    const [head, sub] = field.split(".");
    return strings(sub ? asObject(cond[head])[sub] : cond[head]);
};
/** Where the role's templates read `trait`: list fields and label values of allow and deny. */
function traitUses(name, role, trait) {
    const spec = asObject(role?.spec);
    const uses = [];
    for (const side of ["allow", "deny"]) {
        const cond = asObject(spec[side]);
        for (const field of Object.keys(fields/* LIST_FIELDS */.Ho)) {
            if (user_listAt(cond, field).some((v) => traitsUsed(v).includes(trait)))
                uses.push({ role: name, side, field });
        }
        for (const field of Object.keys(fields/* LABEL_FIELDS */.nA)) {
            const values = Object.values(asObject(cond[field])).flatMap(strings);
            if (values.some((v) => traitsUsed(v).includes(trait)))
                uses.push({ role: name, side, field });
        }
    }
    return uses;
}
function traitRisk(field, values) {
    if (field === "logins" && values.includes("root"))
        return "root-login";
    if (field === "kubernetes_groups" && values.includes("system:masters"))
        return "system-masters";
    if (field === "db_users" && values.some(isPattern))
        return "any-db-user";
    return undefined;
}
const userRoles = (r) => strings(asObject(r?.spec).roles);
const userTraits = (r) => asObject(asObject(r?.spec).traits);
function traitFindings(item, roles, add) {
    const before = userTraits(item.action === "create" ? undefined : item.live);
    const after = userTraits(item.declared);
    const held = [...new Set([...userRoles(item.declared), ...userRoles(item.live)])];
    for (const trait of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const added = strings(after[trait]).filter((v) => !strings(before[trait]).includes(v));
        const removed = strings(before[trait]).filter((v) => !strings(after[trait]).includes(v));
        if (!added.length && !removed.length)
            continue;
        const field = `spec.traits.${trait}`;
        const uses = held.flatMap((r) => traitUses(r, roles.get(r), trait));
        if (!uses.length) {
            add(field, "neutral", `trait ${trait} changed; no role the user holds reads it${held.some((r) => !roles.has(r)) ? " (of the roles the review could read)" : ""}`);
            continue;
        }
        const where = (u) => `role ${u.role} ${u.side}.${u.field}`;
        for (const u of uses) {
            const grants = u.side === "allow";
            if (added.length)
                add(field, grants ? "widens" : "narrows", `trait ${trait} gains ${added.join(", ")}, read by ${where(u)}`, grants ? traitRisk(u.field, added) : undefined);
            if (removed.length)
                add(field, grants ? "narrows" : "widens", `trait ${trait} loses ${removed.join(", ")}, read by ${where(u)}`, grants ? undefined : traitRisk(u.field, removed));
        }
    }
}
function classifyUser(item, roles, add) {
    if (item.action === "prune") {
        add("user", "narrows", "removed from the child: the user can no longer sign in");
        return;
    }
    const before = item.action === "create" ? [] : userRoles(item.live);
    const after = userRoles(item.declared);
    const gained = after.filter((r) => !before.includes(r));
    const lost = before.filter((r) => !after.includes(r));
    if (gained.length)
        add("spec.roles", "widens", `gains role${gained.length > 1 ? "s" : ""} ${gained.join(", ")}`);
    if (lost.length)
        add("spec.roles", "narrows", `loses role${lost.length > 1 ? "s" : ""} ${lost.join(", ")}`);
    traitFindings(item, roles, add);
    const rest = (r) => {
        const spec = asObject(r?.spec);
        return (0,canonical_json/* canonicalJson */.d)(Object.fromEntries(Object.entries(spec).filter(([k]) => !["roles", "traits", "created_by", "status", "expires"].includes(k))));
    };
    if (item.action !== "create" && rest(item.live) !== rest(item.declared))
        add("spec", "unclassified", "identities or other user settings changed: not classified, read the diff");
    metadataFindings(item, add);
}

;// CONCATENATED MODULE: ./src/review/gains.ts




/** Whether `wide` matches every resource `narrow` matches: each of its keys is in `narrow`, covering its values. */
function selectorCovers(wide, narrow) {
    if (matchesAll(wide))
        return true;
    if (matchesAll(narrow))
        return false;
    return Object.entries(wide).every(([k, vs]) => k in narrow && narrow[k].every((v) => covered(v, vs)));
}
/** Whether a grant of `before` already gave what `g` gives (the same value, on at least those resources). */
function coveredBy(g, before) {
    for (const b of before) {
        if (b.key === g.key)
            return true;
        if (b.field !== g.field || b.on !== g.on)
            continue;
        if (g.field === "rules") {
            const [r, v] = g.value.split("|");
            const [br, bv] = b.value.split("|");
            if (covered(r, [br]) && covered(v, [bv]) && b.key.endsWith("|"))
                return true;
            continue;
        }
        const valueOk = g.value === b.value || (g.value !== "" && covered(g.value, [b.value]));
        if (valueOk && (!g.sel || (b.sel && selectorCovers(b.sel, g.sel))))
            return true;
    }
    return false;
}
/** `{{internal.logins}}` becomes the user's `logins` values; other templates stay as written. */
function expand(value, traits) {
    const m = /^\{\{\s*(?:internal|external)\.([\w-]+)\s*\}\}$/.exec(value);
    return m ? strings(traits[m[1]]) : [value];
}
function listRiskOf(field, value) {
    if (field.startsWith("impersonate.") && isPattern(value))
        return "impersonate-wildcard";
    return traitRisk(field, [value]);
}
const gains_listAt = (cond, field) => {
    const [head, sub] = field.split(".");
    return strings(sub ? asObject(cond[head])[sub] : cond[head]);
};
function selectorGrants(allow, traits) {
    const out = [];
    for (const [field, what] of Object.entries(fields/* LABEL_FIELDS */.nA)) {
        const sel = selector(allow[field]);
        if (isEmptySelector(sel))
            continue;
        const on = matchesAll(sel) ? `every one of the ${what}` : `${what} matching ${describeSelector(sel)}`;
        const risk = fields/* ALL_RESOURCES_LABELS */.KQ.has(field) && matchesAll(sel) ? "all-resources" : undefined;
        out.push({
            key: `${field}|${describeSelector(sel)}`,
            text: `access to ${on}`,
            field,
            value: "",
            on: field,
            sel,
            ...(risk ? { highRisk: risk } : {}),
        });
        for (const [list, spec] of Object.entries(fields/* LIST_FIELDS */.Ho)) {
            if (spec.on !== field)
                continue;
            for (const value of gains_listAt(allow, list).flatMap((v) => expand(v, traits))) {
                const r = listRiskOf(list, value);
                out.push({
                    key: `${field}|${describeSelector(sel)}|${list}|${value}`,
                    text: `${spec.what} ${value} on ${on}`,
                    field: list,
                    value,
                    on: field,
                    sel,
                    ...(r ? { highRisk: r } : {}),
                });
            }
        }
    }
    return out;
}
function otherGrants(allow, traits) {
    const out = [];
    for (const [list, spec] of Object.entries(fields/* LIST_FIELDS */.Ho)) {
        if (spec.on)
            continue;
        for (const value of gains_listAt(allow, list).flatMap((v) => expand(v, traits))) {
            const r = listRiskOf(list, value);
            out.push({
                key: `${list}|${value}`,
                text: `${spec.what} ${value}`,
                field: list,
                value,
                ...(r ? { highRisk: r } : {}),
            });
        }
    }
    const admin = (res) => res === "*" || fields/* ACCESS_ADMIN_RESOURCES */.x6.includes(res);
    for (const rule of Array.isArray(allow.rules) ? allow.rules : []) {
        const r = asObject(rule);
        const where = typeof r.where === "string" && r.where ? ` where ${r.where}` : "";
        for (const resource of strings(r.resources))
            for (const verb of strings(r.verbs)) {
                const risky = !where && admin(resource) && ["create", "update", "*"].includes(verb);
                out.push({
                    key: `rules|${resource}|${verb}|${where}`,
                    text: `${verb} on ${resource}${where}`,
                    field: "rules",
                    value: `${resource}|${verb}`,
                    ...(risky ? { highRisk: "access-admin" } : {}),
                });
            }
    }
    return out;
}
function isDenied(g, deny, traits) {
    if (g.on && matchesAll(selector(deny[g.on])))
        return true;
    if (g.field === "rules") {
        const [resource, verb] = g.value.split("|");
        return (Array.isArray(deny.rules) ? deny.rules : []).some((x) => {
            const r = asObject(x);
            return covered(resource, strings(r.resources)) && covered(verb, strings(r.verbs));
        });
    }
    return (g.value !== "" &&
        covered(g.value, gains_listAt(deny, g.field).flatMap((v) => expand(v, traits))));
}
/** The grants a set of roles gives a user with `traits`; a role that could not be read is one opaque grant. */
function effectiveGrants(roleNames, roles, traits) {
    const grants = new Map();
    const denies = [];
    for (const name of roleNames) {
        const doc = roles.get(name);
        if (!doc) {
            const preset = fields/* PRESET_GRANTS */.SI[name];
            const text = preset
                ? `role ${name} (a preset: ${preset.text})`
                : `role ${name} (not read: what it grants is not known)`;
            grants.set(`role|${name}`, {
                grant: {
                    key: `role|${name}`,
                    text,
                    field: "",
                    value: "",
                    ...(preset?.highRisk ? { highRisk: preset.highRisk } : {}),
                },
                via: [name],
            });
            continue;
        }
        const role = normalizeRole(doc);
        denies.push(role.deny);
        for (const g of [...selectorGrants(role.allow, traits), ...otherGrants(role.allow, traits)]) {
            const seen = grants.get(g.key);
            if (seen)
                seen.via.push(name);
            else
                grants.set(g.key, { grant: g, via: [name] });
        }
    }
    for (const [key, { grant }] of grants)
        if (denies.some((d) => isDenied(grant, d, traits)))
            grants.delete(key);
    return grants;
}

;// CONCATENATED MODULE: ./src/review/index.ts




/** The line of `field` in the item's document: the field's own key, else its nearest written parent. */
function lineOf(item, field) {
    for (let path = field; path; path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "") {
        const line = item.fieldLines?.[path];
        if (line !== undefined)
            return line;
    }
    return item.line;
}
/** The actions that write (or remove) the object: the only ones whose change the review reads. */
const WRITES = new Set(["create", "update", "adopt", "prune"]);
/** The child's roles before and after the plan: presets as read, then the plan's roles. */
function roleMaps(items, presets) {
    const before = new Map(presets);
    const after = new Map(presets);
    for (const i of items.filter((x) => x.kind === "role")) {
        const live = i.action === "create" ? undefined : (i.live ?? (i.action === "unchanged" ? i.declared : undefined));
        if (live)
            before.set(i.name, live);
        if (i.action === "prune")
            continue;
        const next = WRITES.has(i.action) ? i.declared : (live ?? i.declared);
        after.set(i.name, next);
    }
    return { before, after };
}
const rolesOf = (u) => strings(asObject(u?.spec).roles);
const traitsOf = (u) => asObject(asObject(u?.spec).traits);
/** The line that made the grant: the widening finding of the object on the grant's fields, else its first. */
function gainLine(at, fields, findings) {
    const own = findings.filter((f) => f.kind === at.kind && f.name === at.name && f.effect === "widens");
    const match = own.find((f) => fields.some((x) => f.field === `spec.allow.${x}` || f.field === `spec.deny.${x}`));
    return (match ?? own[0])?.line ?? at.line;
}
function userGains(user, items, maps, findings) {
    if (user.action === "prune")
        return [];
    const written = WRITES.has(user.action);
    const was = user.action === "create" ? undefined : (user.live ?? user.declared);
    const now = written ? user.declared : was;
    const before = effectiveGrants(rolesOf(was), maps.before, traitsOf(was));
    const after = effectiveGrants(rolesOf(now), maps.after, traitsOf(now));
    const previous = [...before.values()].map((b) => b.grant);
    const gained = [...after.values()].filter((g) => !coveredBy(g.grant, previous));
    // "logins root on X" says "access to X" already.
    const onLists = new Set(gained.filter((g) => g.grant.value && g.grant.on).map((g) => g.grant.on));
    const changedRoles = new Map(items.filter((i) => i.kind === "role" && WRITES.has(i.action)).map((i) => [i.name, i]));
    const newRoles = rolesOf(now).filter((r) => !rolesOf(was).includes(r));
    return gained
        .filter((g) => g.grant.value || !g.grant.on || !onLists.has(g.grant.on))
        .map(({ grant, via }) => {
        const byRole = via.find((r) => changedRoles.has(r) && !newRoles.includes(r));
        const role = byRole ? changedRoles.get(byRole) : undefined;
        const through = role
            ? `role ${role.name}`
            : `user ${user.name}${via.some((r) => newRoles.includes(r)) ? `, gains role ${via.find((r) => newRoles.includes(r))}` : ""}`;
        const at = role ?? user;
        return {
            user: user.name,
            what: grant.text,
            via: through,
            file: at.file,
            line: gainLine(at, [grant.on ?? "", grant.field], findings),
            ...(grant.highRisk ? { highRisk: grant.highRisk } : {}),
        };
    });
}
/** The review of one child's planned items; `presets` are the child's preset roles as read, when they were. */
function reviewAccess(items, presets = new Map()) {
    const maps = roleMaps(items, presets);
    const known = new Map([...maps.before, ...maps.after]);
    const findings = [];
    for (const item of items.filter((i) => WRITES.has(i.action))) {
        const add = (field, effect, reason, highRisk) => findings.push({
            kind: item.kind,
            name: item.name,
            file: item.file,
            line: lineOf(item, field),
            field,
            effect,
            reason,
            ...(highRisk ? { highRisk } : {}),
        });
        if (item.kind === "role")
            classifyRole(item, add);
        else if (item.kind === "user")
            classifyUser(item, known, add);
    }
    const gains = items.filter((i) => i.kind === "user").flatMap((u) => userGains(u, items, maps, findings));
    return { findings, gains };
}
const widensAccess = (r) => r.findings.some((f) => f.effect === "widens") || r.gains.length > 0;
const isHighRisk = (r) => r.findings.some((f) => f.effect === "widens" && f.highRisk) || r.gains.some((g) => g.highRisk);


/***/ }),

/***/ 6824:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ clusterHashes),
/* harmony export */   I: () => (/* binding */ changeSetOf)
/* harmony export */ });
function changeSetOf(file) {
    return {
        clusters: file.items
            .filter((i) => i.action !== "unmanaged")
            .map((i) => ({ name: i.name, action: i.action }))
            .sort((a, b) => (a.name < b.name ? -1 : 1)),
        access: Object.fromEntries(Object.entries(file.access).map(([cluster, a]) => [
            cluster,
            a.items
                .filter((i) => i.action !== "unchanged")
                .map((i) => ({
                object: `${i.kind}/${i.name}`,
                action: i.action,
                fields: (i.changes ?? []).map((c) => ({ path: c.path, declared: c.declared })),
            })),
        ])),
    };
}
/** The change set of one cluster: what a matrix leg compares with the approved plan. */
function clusterChangeSet(file, name) {
    return changeSetOf({
        ...file,
        items: file.items.filter((i) => i.name === name),
        access: file.access[name] ? { [name]: file.access[name] } : {},
    });
}
/** Per-cluster hashes (shortened: they only tell clusters apart), so a leg of a sharded apply checks its own. */
function clusterHashes(lib, file, salt) {
    return Object.fromEntries(file.items
        .filter((i) => i.action !== "unmanaged")
        .map((i) => [i.name, lib.planHash(clusterChangeSet(file, i.name), salt).slice(0, 16)]));
}


/***/ }),

/***/ 2674:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ot: () => (/* binding */ parentName),
/* harmony export */   XB: () => (/* binding */ gitHubClient),
/* harmony export */   pM: () => (/* binding */ githubLib)
/* harmony export */ });
const githubLib = () => Promise.all(/* import() */[__webpack_require__.e(748), __webpack_require__.e(268)]).then(__webpack_require__.bind(__webpack_require__, 6268));
/** The parent the comment and the issue belong to: one of each per parent cluster. */
function parentName(ctx) {
    const proxy = ctx.config.parent?.proxy ?? ctx.config.install.proxy;
    return proxy ? proxy.host : "default";
}
async function gitHubClient(ctx) {
    if (!ctx.config.github.token) {
        ctx.log.warning("No github-token: the plan comment, the approved-plan check and the drift issue are skipped");
        return undefined;
    }
    ctx.mask(ctx.config.github.token);
    return (await githubLib()).createGitHubClient({
        token: ctx.config.github.token,
        ...(ctx.env.GITHUB_API_URL ? { apiUrl: ctx.env.GITHUB_API_URL } : {}),
        ...(ctx.env.GITHUB_GRAPHQL_URL ? { graphqlUrl: ctx.env.GITHUB_GRAPHQL_URL } : {}),
        clock: ctx.clock,
        log: ctx.log,
    });
}


/***/ }),

/***/ 5545:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ writePlanFile),
/* harmony export */   N_: () => (/* binding */ toPlanFile),
/* harmony export */   jf: () => (/* binding */ planFileMarkdown)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _report_access_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4866);
/* harmony import */ var _report_provision_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2513);
/* harmony import */ var _report_review_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2392);
/* harmony import */ var _review_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9188);
/* harmony import */ var _sync_drift_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7584);
// The plan file: what `plan` writes (JSON, with a markdown copy beside it) and what `report` merges from
// several jobs. It holds decisions and field names, never whole documents read from a child, nor secrets.







function toPlanFile(plan, access, mode = "plan") {
    return {
        version: 1,
        mode,
        ...plan,
        access: Object.fromEntries(access.map((p) => [
            p.cluster,
            {
                verbs: p.verbs,
                notes: p.notes,
                items: p.items.map(({ declared: _d, live: _l, fieldLines: _f, ...item }) => item),
                review: (0,_review_index_js__WEBPACK_IMPORTED_MODULE_5__/* .reviewAccess */ .rA)(p.items, p.presets),
            },
        ])),
        accessChanges: access.some((p) => p.items.some((i) => !["unchanged", "blocked", "keep"].includes(i.action))),
        drift: (0,_sync_drift_js__WEBPACK_IMPORTED_MODULE_6__/* .driftOutput */ .d)(access),
    };
}
function planFileMarkdown(file) {
    const sections = Object.entries(file.access).map(([cluster, a]) => (0,_report_access_js__WEBPACK_IMPORTED_MODULE_2__/* .accessMarkdown */ .ql)({ cluster, ...a }));
    return ((0,_report_review_js__WEBPACK_IMPORTED_MODULE_4__/* .reviewMarkdown */ .W)(file.access) +
        (0,_report_provision_js__WEBPACK_IMPORTED_MODULE_3__/* .planMarkdown */ .Xg)(file) +
        (sections.length ? `\n### Roles and users: plan\n\n${sections.join("\n")}` : ""));
}
async function writePlanFile(ctx, file) {
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(ctx.tempDir, { recursive: true });
    const out = node_path__WEBPACK_IMPORTED_MODULE_1__.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(out, `${JSON.stringify(file, null, 2)}\n`);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(out.replace(/\.json$/, ".md"), planFileMarkdown(file));
    return out;
}


/***/ }),

/***/ 7552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ diffResource),
/* harmony export */   u: () => (/* binding */ describeChange)
/* harmony export */ });
/* harmony import */ var _util_canonical_json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1989);
/* harmony import */ var _ownership_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7806);
// Field-level differences between a declared role or user and the child's copy, for a reviewer to read.
// Only what the repository declares is compared: fields Teleport fills in by default (fact B38, B39) and
// server-owned fields (revision, status, created_by) are not differences, and our own labels are ours.


const SERVER_OWNED = new Set([
    "metadata.revision",
    "status",
    "spec.created_by",
    "spec.status",
    "spec.expires",
]);
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** Set-like lists (logins, roles, verbs) compare without order or duplicates. */
function sameValue(a, b) {
    if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].every((x) => !isObject(x) && !Array.isArray(x))) {
        const norm = (l) => [...new Set(l.map((x) => JSON.stringify(x)))].sort().join(",");
        return norm(a) === norm(b);
    }
    return (0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_1__/* .canonicalJson */ .d)(a) === (0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_1__/* .canonicalJson */ .d)(b);
}
function walk(declared, live, path, out) {
    if (SERVER_OWNED.has(path))
        return;
    if (isObject(declared)) {
        const liveObject = isObject(live) ? live : {};
        for (const [key, value] of Object.entries(declared)) {
            if (path === "metadata.labels" && key.startsWith(_ownership_js__WEBPACK_IMPORTED_MODULE_0__/* .LABEL_PREFIX */ .Ag))
                continue;
            walk(value, liveObject[key], path ? `${path}.${key}` : key, out);
        }
        // No labels declared is the empty set: a label added in the child is a difference too.
        if (path === "metadata" && !("labels" in declared) && isObject(liveObject.labels)) {
            walk({}, liveObject.labels, "metadata.labels", out);
        }
        if (path === "metadata.labels" && isObject(live)) {
            // A label is all-or-nothing: one added outside the repository is a difference too.
            for (const key of Object.keys(live)) {
                if (!(key in declared) && !key.startsWith(_ownership_js__WEBPACK_IMPORTED_MODULE_0__/* .LABEL_PREFIX */ .Ag) && !key.startsWith("teleport.internal/"))
                    out.push({ path: `${path}.${key}`, declared: undefined, live: live[key] });
            }
        }
        return;
    }
    if (!sameValue(declared, live))
        out.push({ path, declared, live });
}
function diffResource(declared, live) {
    const out = [];
    walk(declared, live ?? {}, "", out);
    return out;
}
function describeChange(c) {
    const show = (v) => (v === undefined ? "(absent)" : JSON.stringify(v));
    return `${c.path}: ${show(c.live)} -> ${show(c.declared)}`;
}


/***/ }),

/***/ 7584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ driftOutput)
/* harmony export */ });
function driftOf(plan) {
    const out = [];
    for (const item of plan.items) {
        if (item.origin !== "drift" && item.origin !== "conflict" && item.origin !== "deleted")
            continue;
        out.push({
            kind: item.kind,
            name: item.name,
            change: item.origin,
            fields: (item.changes ?? []).map((c) => c.path),
        });
    }
    return out;
}
/** `{cluster: [entries]}` with only the clusters that have any. */
function driftOutput(plans) {
    return Object.fromEntries(plans.map((p) => [p.cluster, driftOf(p)]).filter(([, d]) => d.length));
}


/***/ }),

/***/ 7806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ag: () => (/* reexport safe */ _labels_js__WEBPACK_IMPORTED_MODULE_2__.Ag),
/* harmony export */   GF: () => (/* binding */ appliedHash),
/* harmony export */   Kf: () => (/* reexport safe */ _labels_js__WEBPACK_IMPORTED_MODULE_2__.Kf),
/* harmony export */   PC: () => (/* reexport safe */ _labels_js__WEBPACK_IMPORTED_MODULE_2__.PC),
/* harmony export */   VL: () => (/* binding */ ownershipOf),
/* harmony export */   rs: () => (/* reexport safe */ _labels_js__WEBPACK_IMPORTED_MODULE_2__.rs),
/* harmony export */   wb: () => (/* binding */ documentToWrite)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_canonical_json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1989);
/* harmony import */ var _kinds_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8713);
/* harmony import */ var _labels_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7048);
// What the action owns in a child, and how it marks it: its own label prefix on every role and user it
// writes, never `teleport.dev/origin` (a closed list Teleport enforces: fact B58).
// The applied hash is a digest of the declared document as the action last wrote it, so "unchanged" is a
// comparison with the repository, immune to server defaults that Teleport adds on read (fact B41).





/** Objects Teleport or Cloud keeps for itself: presets, system objects, bots (fact B59). */
function teleportOwned(ref, resource, botName) {
    const labels = (0,_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .labelsOf */ .PC)(resource);
    const type = labels["teleport.internal/resource-type"];
    if (type === "preset" || type === "system")
        return `a ${type} ${ref.kind} of Teleport`;
    if (labels["teleport.internal/bot"] !== undefined)
        return "a bot's user";
    if (ref.name.startsWith("@"))
        return "a Teleport system object";
    if (ref.name.startsWith("bot-"))
        return "a bot's role or user";
    if ((0,_kinds_index_js__WEBPACK_IMPORTED_MODULE_1__/* .accessKind */ .P3)(ref.kind)?.botObject?.(botName) === ref.name) {
        return "the child's seeded bot, which this action joins as";
    }
    return undefined;
}
function ownershipOf(ref, live, repository, botName) {
    const teleport = teleportOwned(ref, live, botName);
    if (teleport)
        return { owner: "teleport", why: teleport };
    const by = (0,_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .labelsOf */ .PC)(live)[_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .MANAGED_BY */ .Kf];
    if (by === undefined)
        return { owner: "none" };
    return by === repository ? { owner: "us" } : { owner: "other-repository", repository: by };
}
/** The declared document without our own labels, as hashed. */
function withoutOurLabels(resource) {
    const labels = Object.fromEntries(Object.entries((0,_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .labelsOf */ .PC)(resource)).filter(([k]) => !k.startsWith(_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL_PREFIX */ .Ag)));
    const { revision: _revision, ...metadata } = resource.metadata ?? {};
    return { ...resource, metadata: { ...metadata, ...(Object.keys(labels).length ? { labels } : {}) } };
}
function appliedHash(declared) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
        .update((0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_3__/* .canonicalJson */ .d)(withoutOurLabels(declared)))
        .digest("hex")
        .slice(0, 32);
}
/** The document the action writes: the declared one with our labels (and, for users, the live status). */
function documentToWrite(declared, repository, extra = {}) {
    const metadata = { ...(declared.metadata ?? {}) };
    delete metadata.revision;
    metadata.labels = {
        ...(0,_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .labelsOf */ .PC)(declared),
        ...extra.labels,
        [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .MANAGED_BY */ .Kf]: repository,
        [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .APPLIED_HASH */ .rs]: appliedHash(declared),
    };
    return { ...declared, metadata, ...(extra.status ? { status: extra.status } : {}) };
}


/***/ }),

/***/ 1989:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ canonicalJson)
/* harmony export */ });
// JSON with object keys sorted at every level: one text for one value, so that hashes of the same data
// agree (the applied-hash label, the inventory, the plan hash). Undefined properties are left out; a
// non-finite number has no JSON form and is refused rather than hashed as null.
function canonicalJson(value) {
    if (value === null || typeof value !== "object") {
        if (typeof value === "number" && !Number.isFinite(value))
            throw new Error("change set holds a non-finite number");
        return JSON.stringify(value) ?? "null";
    }
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}


/***/ })

};

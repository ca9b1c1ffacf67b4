export const id = 421;
export const ids = [421];
export const modules = {

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
            return `| ${cell(t.name)} | ${result} | ${cell(out?.state || t.cluster?.state)} | ${out?.domain ? `\`${cell(out.domain)}\`` : ""} | ${childCell(t)} | ${(0,_util_log_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(t.elapsedMs)} |`;
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
const githubLib = () => Promise.all(/* import() */[__webpack_require__.e(748), __webpack_require__.e(548)]).then(__webpack_require__.bind(__webpack_require__, 7548));
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
/* harmony import */ var _sync_drift_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7584);
// The plan file: what `plan` writes (JSON, with a markdown copy beside it) and what `report` merges from
// several jobs. It holds decisions and field names, never whole documents read from a child, nor secrets.





function toPlanFile(plan, access, mode = "plan") {
    return {
        version: 1,
        mode,
        ...plan,
        access: Object.fromEntries(access.map((p) => [
            p.cluster,
            { verbs: p.verbs, notes: p.notes, items: p.items.map(({ declared: _d, live: _l, ...item }) => item) },
        ])),
        accessChanges: access.some((p) => p.items.some((i) => !["unchanged", "blocked", "keep"].includes(i.action))),
        drift: (0,_sync_drift_js__WEBPACK_IMPORTED_MODULE_4__/* .driftOutput */ .d)(access),
    };
}
function planFileMarkdown(file) {
    const sections = Object.entries(file.access).map(([cluster, a]) => (0,_report_access_js__WEBPACK_IMPORTED_MODULE_2__/* .accessMarkdown */ .ql)({ cluster, ...a }));
    return ((0,_report_provision_js__WEBPACK_IMPORTED_MODULE_3__/* .planMarkdown */ .Xg)(file) + (sections.length ? `\n### Roles and users: plan\n\n${sections.join("\n")}` : ""));
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

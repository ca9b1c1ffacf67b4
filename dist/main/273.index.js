export const id = 273;
export const ids = [273];
export const modules = {

/***/ 7525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ joinChild)
/* harmony export */ });
/* harmony import */ var _teleport_tbot_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2166);
/* harmony import */ var _teleport_webapi_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(777);
/* harmony import */ var _tenant_outcome_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1804);



async function joinChild(declared, cluster, options) {
    const arn = options.aws.caller.arn;
    const domain = cluster?.status?.domain;
    const token = declared.spec.bot?.name;
    if (!domain || !token) {
        return {
            arn,
            error: {
                kind: "NotReady",
                message: `${declared.name} cannot be joined: the parent reports ${domain ? "no bot name" : "no domain"} for it`,
            },
        };
    }
    let proxy;
    try {
        proxy = (0,_teleport_webapi_js__WEBPACK_IMPORTED_MODULE_1__/* .formatProxyAddress */ .uf)((0,_teleport_webapi_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyOfDomain */ ["in"])(domain));
    }
    catch (error) {
        return {
            arn,
            error: (0,_tenant_outcome_js__WEBPACK_IMPORTED_MODULE_2__/* .stageError */ .v)(`${declared.name}: the parent's domain "${domain}" is not an address: ${error.message}`, undefined, "BadParameter"),
        };
    }
    options.log(`${declared.name}: joining the child ${proxy} with tbot (iam join, token "${token}") as ${arn}`);
    try {
        const identityFile = await (0,_teleport_tbot_js__WEBPACK_IMPORTED_MODULE_0__/* .joinWithTbot */ .sj)({
            tbotPath: options.tbotPath,
            proxy: (0,_teleport_webapi_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyOfDomain */ ["in"])(domain),
            joinMethod: "iam",
            token,
            tempDir: options.tempDir,
            label: declared.name,
            exec: options.exec,
            env: options.env,
            extraEnv: await options.aws.tbotEnvironment(),
            registerCleanup: options.registerCleanup,
            clock: options.clock,
            log: (m) => options.log(`${declared.name}: ${m}`),
            retryPolicy: {
                attempts: 1000,
                baseDelayMs: 2000,
                maxDelayMs: 15_000,
                deadlineMs: options.childReadyTimeoutMs,
            },
            ...(options.signal ? { signal: options.signal } : {}),
        });
        options.log(`${declared.name}: joined; identity at ${identityFile}`);
        return { identityFile, proxy, arn };
    }
    catch (error) {
        const refused = error instanceof _teleport_tbot_js__WEBPACK_IMPORTED_MODULE_0__/* .TbotError */ .wI && !error.transient;
        const advice = refused && /did not match any allow rules/.test(error.message)
            ? `Teleport compared ${arn} with the allow rules of ${declared.name}'s join token and none matched. Check the rules in ${declared.file}:${declared.line} against this ARN.`
            : error instanceof _teleport_tbot_js__WEBPACK_IMPORTED_MODULE_0__/* .TbotError */ .wI && error.transient
                ? `The child did not accept the join within child-ready-timeout (${Math.round(options.childReadyTimeoutMs / 1000)} s); a longer timeout may help if the cluster was just created.`
                : undefined;
        return { proxy, arn, error: (0,_tenant_outcome_js__WEBPACK_IMPORTED_MODULE_2__/* .stageError */ .v)(error, advice, refused ? "AccessDenied" : undefined) };
    }
}


/***/ }),

/***/ 8984:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ checkJoinMatch)
/* harmony export */ });
/* harmony import */ var _manifests_aws_arn_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5521);

function describeRule(rule) {
    const parts = [
        rule.aws_account ? `aws_account "${rule.aws_account}"` : undefined,
        rule.aws_arn ? `aws_arn "${rule.aws_arn}"` : undefined,
    ].filter(Boolean);
    return parts.join(", ") || "(empty rule)";
}
function checkJoinMatch(declared, caller, viaRole) {
    const rules = declared.spec.token?.allow ?? [];
    if (rules.some((rule) => (0,_manifests_aws_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .allowRuleMatches */ .bB)(rule, caller)))
        return { caller };
    const session = caller.arn.split("/").at(-1);
    const fixIdentity = viaRole
        ? `or change role-to-assume / role-session-name (the session name "${session}" is the ARN's last part) so the ARN matches`
        : "or run with credentials whose ARN matches (e.g. role-to-assume)";
    return {
        caller,
        error: {
            kind: "JoinMismatch",
            message: `${declared.name} (${declared.file}:${declared.line}): the ARN this run joins with, ${caller.arn} (account ${caller.account}), matches none of the join token's allow rules: ${rules.map(describeRule).join("; ")}. Nothing was created: a workload cluster's configuration cannot be changed after creation, so its child could never be joined.`,
            advice: `Add an allow rule that matches it, for example aws_account "${caller.account}" with aws_arn "${caller.arn.replace(/\/[^/]*$/, "/*")}", ${fixIdentity}.`,
        },
    };
}


/***/ }),

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

/***/ 7552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ diffResource),
/* harmony export */   u: () => (/* binding */ describeChange)
/* harmony export */ });
/* harmony import */ var _ownership_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7806);

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
    return (0,_ownership_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .dj)(a) === (0,_ownership_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .dj)(b);
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
/* unused harmony export driftOf */
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
/* harmony export */   Ag: () => (/* binding */ LABEL_PREFIX),
/* harmony export */   GF: () => (/* binding */ appliedHash),
/* harmony export */   Kf: () => (/* binding */ MANAGED_BY),
/* harmony export */   PC: () => (/* binding */ labelsOf),
/* harmony export */   U9: () => (/* binding */ INVITE_PENDING),
/* harmony export */   VL: () => (/* binding */ ownershipOf),
/* harmony export */   dj: () => (/* binding */ canonicalJson),
/* harmony export */   rs: () => (/* binding */ APPLIED_HASH),
/* harmony export */   wb: () => (/* binding */ documentToWrite)
/* harmony export */ });
/* unused harmony export teleportOwned */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// What the action owns in a child, and how it marks it: its own label prefix on every role and user it
// writes, never `teleport.dev/origin` (a closed list Teleport enforces: fact F32; gitops-anchors (d) 1).
// The applied hash is a digest of the declared document as the action last wrote it, so "unchanged" is a
// comparison with the repository, immune to server defaults that Teleport adds on read (fact F14).

const LABEL_PREFIX = "workload-cluster-action/";
const MANAGED_BY = `${LABEL_PREFIX}managed-by`;
const APPLIED_HASH = `${LABEL_PREFIX}applied-hash`;
/** On a user this action created whose invite could not be issued (fact F21): the next run issues it. */
const INVITE_PENDING = `${LABEL_PREFIX}invite-pending`;
function labelsOf(resource) {
    const labels = resource?.metadata?.labels;
    return labels && typeof labels === "object" ? labels : {};
}
/** Objects Teleport or Cloud keeps for itself: presets, system objects, bots (fact F33). */
function teleportOwned(ref, resource, botName) {
    const labels = labelsOf(resource);
    const type = labels["teleport.internal/resource-type"];
    if (type === "preset" || type === "system")
        return `a ${type} ${ref.kind} of Teleport`;
    if (labels["teleport.internal/bot"] !== undefined)
        return "a bot's user";
    if (ref.name.startsWith("@"))
        return "a Teleport system object";
    if (ref.name.startsWith("bot-"))
        return "a bot's role or user";
    if ((ref.kind === "role" && ref.name === botName) ||
        (ref.kind === "user" && ref.name === `bot-${botName}`)) {
        return "the child's seeded bot, which this action joins as";
    }
    return undefined;
}
function ownershipOf(ref, live, repository, botName) {
    const teleport = teleportOwned(ref, live, botName);
    if (teleport)
        return { owner: "teleport", why: teleport };
    const by = labelsOf(live)[MANAGED_BY];
    if (by === undefined)
        return { owner: "none" };
    return by === repository ? { owner: "us" } : { owner: "other-repository", repository: by };
}
/** JSON with object keys sorted at every level: one text for one value. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    if (value && typeof value === "object") {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}
/** The declared document without our own labels, as hashed. */
function withoutOurLabels(resource) {
    const labels = Object.fromEntries(Object.entries(labelsOf(resource)).filter(([k]) => !k.startsWith(LABEL_PREFIX)));
    const { revision: _revision, ...metadata } = resource.metadata ?? {};
    return { ...resource, metadata: { ...metadata, ...(Object.keys(labels).length ? { labels } : {}) } };
}
function appliedHash(declared) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
        .update(canonicalJson(withoutOurLabels(declared)))
        .digest("hex")
        .slice(0, 32);
}
/** The document the action writes: the declared one with our labels (and, for users, the live status). */
function documentToWrite(declared, repository, extra = {}) {
    const metadata = { ...(declared.metadata ?? {}) };
    delete metadata.revision;
    metadata.labels = {
        ...labelsOf(declared),
        ...extra.labels,
        [MANAGED_BY]: repository,
        [APPLIED_HASH]: appliedHash(declared),
    };
    return { ...declared, metadata, ...(extra.status ? { status: extra.status } : {}) };
}


/***/ }),

/***/ 6187:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ syncChild),
  G: () => (/* binding */ tctlChild)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/sync/child-api.ts
// The port through which the sync reaches a child cluster (src/teleport/child.ts serves it with tctl and the
// child's identity; tests pass an in-memory child). Resources are plain JSON as Teleport prints them.
const refKey = (ref) => `${ref.kind}/${ref.name}`;

// EXTERNAL MODULE: ./src/teleport/errors.ts
var errors = __webpack_require__(2504);
;// CONCATENATED MODULE: ./src/teleport/child.ts
// A child cluster's roles and users through tctl with the child's identity (DESIGN §3: YAML goes through
// tctl create, whose parser is Teleport's own). The sync's ChildApi port, served with the facts of
// child-sync-facts.md: `get` of several references prints YAML only and aborts on the first missing one
// (F9, F7, F8); `create -f` stops at the first error and confirms each success on its own line (F30, F15,
// F17); `users add` and `users reset` print the link on a line of its own (F21, F23, F26).






/** Linux caps one argument at 128 KiB; a `get` of thousands of names is split well below that. */
const MAX_REFS_ARG = 64 * 1024;
const nameOf = (r) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");
const kindOf = (r) => r.kind === "role" || r.kind === "user" ? r.kind : undefined;
/** `getting resource "NAME" of type "KIND"`: the reference a failed `get` names (fact F7, F6). */
function failedRef(error) {
    const m = /getting resource "((?:[^"\\]|\\.)*)" of type "(role|user)"/.exec(error.message);
    return m ? { kind: m[2], name: JSON.parse(`"${m[1]}"`) } : undefined;
}
function chunks(refs) {
    const out = [];
    let current = [];
    let size = 0;
    for (const ref of refs) {
        const length = refKey(ref).length + 1;
        if (current.length && size + length > MAX_REFS_ARG) {
            out.push(current);
            current = [];
            size = 0;
        }
        current.push(ref);
        size += length;
    }
    if (current.length)
        out.push(current);
    return out;
}
/** tctl's line per confirmed document: `role "x" has been created`, `user "x" has been created|updated`. */
const CONFIRMED = /^(role|user) "((?:[^"\\]|\\.)*)" has been (?:created|updated)$/;
class TctlChildApi {
    tctl;
    options;
    count = 0;
    constructor(tctl, options) {
        this.tctl = tctl;
        this.options = options;
    }
    get processes() {
        return this.count;
    }
    run(args, write = false) {
        this.count++;
        return this.tctl.run(args, { write });
    }
    async readMany(refs) {
        const out = new Map();
        for (const chunk of chunks(refs)) {
            let remaining = chunk;
            while (remaining.length) {
                let stdout;
                try {
                    ({ stdout } = await this.run(["get", remaining.map(refKey).join(","), "--format=yaml"]));
                }
                catch (error) {
                    const missing = error instanceof errors/* TeleportApiError */.st && error.kind === "NotFound" ? failedRef(error) : undefined;
                    if (!missing || !remaining.some((r) => refKey(r) === refKey(missing)))
                        throw error;
                    // The first missing name aborts the whole command (fact F9): drop it and read the rest again.
                    remaining = remaining.filter((r) => refKey(r) !== refKey(missing));
                    continue;
                }
                for (const doc of (0,dist/* parseAllDocuments */.hR)(stdout)) {
                    const value = doc.toJS();
                    for (const r of Array.isArray(value) ? value : value ? [value] : []) {
                        const kind = kindOf(r);
                        if (kind)
                            out.set(refKey({ kind, name: nameOf(r) }), r);
                    }
                }
                break;
            }
        }
        return out;
    }
    async list(kind) {
        this.count++;
        return this.tctl.get(kind === "role" ? "roles" : "users", (item) => item);
    }
    async writeBatch(documents) {
        // YAML documents: tctl's decoder reads a stream that starts with `{` as JSON throughout, where `---`
        // is not allowed. The yaml package quotes strings that would read as numbers, so types survive.
        const text = documents.map((d) => (0,dist/* stringify */.As)(d.resource)).join("---\n");
        const file = external_node_path_.join(this.options.tempDir, `access-${(0,external_node_crypto_.randomBytes)(8).toString("hex")}.yaml`);
        await promises_.mkdir(this.options.tempDir, { recursive: true });
        await promises_.writeFile(file, `${text}\n`, { mode: 0o600, flag: "wx" });
        let result;
        try {
            this.count++;
            result = await this.tctl.attempt(["create", "-f", file], { write: true });
        }
        finally {
            await promises_.rm(file, { force: true });
        }
        const { stdout, error: failure } = result;
        const confirmed = new Set(stdout
            .split("\n")
            .map((l) => CONFIRMED.exec(l.trim()))
            .filter((m) => m !== null)
            .map((m) => `${m[1]}/${JSON.parse(`"${m[2]}"`)}`));
        const applied = [];
        for (const d of documents) {
            if (!confirmed.has(refKey(d.ref)))
                break;
            applied.push(d.ref);
        }
        if (!failure)
            return { applied };
        const failed = documents[applied.length];
        return failed ? { applied, failed: { ref: failed.ref, error: failure } } : { applied };
    }
    async remove(ref) {
        const { stdout } = await this.run(["rm", refKey(ref)], true);
        // fact F27, F28, F35: a removal is confirmed by its line; one refactor exited 0 without removing.
        const confirmed = `${ref.kind} ${JSON.stringify(ref.name)} has been deleted`;
        if (!stdout.split("\n").some((line) => line.trim() === confirmed)) {
            throw new errors/* TeleportApiError */.st("Unknown", `tctl rm ${refKey(ref)} exited 0 but did not confirm the removal`, false);
        }
    }
    async addUser(name, roles, ttl) {
        const { stdout } = await this.run(["users", "add", name, "--roles", roles.join(","), "--ttl", ttl], true);
        return this.link(stdout, "invite", ttl);
    }
    async resetUser(name, ttl) {
        const { stdout } = await this.run(["users", "reset", name, "--ttl", ttl], true);
        return this.link(stdout, "reset", ttl);
    }
    link(stdout, kind, ttl) {
        const url = stdout
            .split("\n")
            .map((l) => l.trim())
            .find((l) => /^https:\/\/\S+\/web\/(invite|reset)\/\S+$/.test(l));
        if (!url)
            throw new errors/* TeleportApiError */.st("Unknown", `tctl users ${kind === "invite" ? "add" : "reset"} printed no ${kind} link`, false);
        this.options.mask(url);
        const now = this.options.now?.() ?? Date.now();
        return { url, expires: new Date(now + goDurationMs(ttl)).toISOString() };
    }
}
function goDurationMs(ttl) {
    const units = { h: 3_600_000, m: 60_000, s: 1000 };
    return [...ttl.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)].reduce((sum, m) => sum + Number(m[1]) * units[m[2]], 0);
}

// EXTERNAL MODULE: ./src/teleport/tctl.ts
var teleport_tctl = __webpack_require__(7350);
// EXTERNAL MODULE: ./src/teleport/webapi.ts
var webapi = __webpack_require__(777);
// EXTERNAL MODULE: ./src/tenant/outcome.ts
var outcome = __webpack_require__(1804);
// EXTERNAL MODULE: ./src/sync/ownership.ts
var ownership = __webpack_require__(7806);
;// CONCATENATED MODULE: ./src/sync/inventory.ts
// What the action owns in a child, kept in the child itself so that it needs only the verbs the guide's bot
// has (no list: fact F29): roles that grant nothing, named after the repository, whose description holds
// the owned objects with the revision and a hash of each as last written. It is read in the same `tctl get`
// as the declared names. The revision tells whether anyone wrote since: server defaults change on read
// without one (fact F14), and a user's signup writes one but changes none of the fields the action owns
// (fact F19), which the hash shows.



/** Objects per inventory role: keeps each role's description far below any backend item limit. */
const PER_SHARD = 250;
function inventoryName(repository, shard = 0) {
    const id = (0,external_node_crypto_.createHash)("sha256").update(repository).digest("hex").slice(0, 10);
    return `workload-cluster-action-inventory-${id}${shard ? `-${shard}` : ""}`;
}
const inventoryRef = (repository, shard = 0) => ({
    kind: "role",
    name: inventoryName(repository, shard),
});
function parseStored(role) {
    const text = role?.metadata?.description;
    if (typeof text !== "string")
        return undefined;
    try {
        const value = JSON.parse(text);
        return value && value.v === 1 && typeof value.objects === "object" ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** How many shards shard 0 says there are (1 when there is no inventory yet). */
function shardCount(first) {
    return parseStored(first)?.shards ?? 1;
}
function readInventory(repository, live) {
    const first = parseStored(live.get(refKey(inventoryRef(repository))));
    if (!first)
        return undefined;
    const entries = new Map();
    for (let shard = 0; shard < first.shards; shard++) {
        const stored = shard === 0 ? first : parseStored(live.get(refKey(inventoryRef(repository, shard))));
        for (const [key, entry] of Object.entries(stored?.objects ?? {}))
            entries.set(key, entry);
    }
    return { entries, shards: first.shards };
}
/** The inventory roles to write: they grant nothing, and carry our ownership label. */
function inventoryDocuments(repository, entries, previousShards = 1) {
    const keys = [...entries.keys()].sort();
    const shards = Math.max(1, Math.ceil(keys.length / PER_SHARD));
    const docs = [];
    // Shards beyond the new count are emptied, not removed: the guide's bot cannot delete.
    for (let shard = 0; shard < Math.max(shards, previousShards); shard++) {
        const objects = Object.fromEntries(keys.slice(shard * PER_SHARD, (shard + 1) * PER_SHARD).map((k) => [k, entries.get(k)]));
        const stored = { v: 1, shard, shards, objects };
        docs.push({
            kind: "role",
            version: "v7",
            metadata: {
                name: inventoryName(repository, shard),
                description: JSON.stringify(stored),
                labels: { [ownership/* MANAGED_BY */.Kf]: repository, [`${ownership/* LABEL_PREFIX */.Ag}inventory`]: "true" },
            },
            spec: { allow: {}, deny: {} },
        });
    }
    return docs;
}
/**
 * The fields of a live object the action owns, hashed: for users only what the action writes (roles,
 * traits, labels, description), never the status a signup changes; for roles everything but the revision.
 */
function liveHash(kind, live) {
    const labels = Object.fromEntries(Object.entries((0,ownership/* labelsOf */.PC)(live)).filter(([k]) => !k.startsWith(ownership/* LABEL_PREFIX */.Ag)));
    const { revision: _r, labels: _l, ...metadata } = live.metadata ?? {};
    const spec = (live.spec ?? {});
    const owned = kind === "user"
        ? { metadata: { ...metadata, labels }, roles: spec.roles ?? [], traits: spec.traits ?? {} }
        : { ...live, metadata: { ...metadata, labels } };
    return (0,external_node_crypto_.createHash)("sha256").update((0,ownership/* canonicalJson */.dj)(owned)).digest("hex").slice(0, 32);
}

// EXTERNAL MODULE: ./src/manifests/access.ts
var access = __webpack_require__(5146);
// EXTERNAL MODULE: ./src/sync/diff.ts
var diff = __webpack_require__(7552);
;// CONCATENATED MODULE: ./src/sync/verbs.ts
const VERBS = ["list", "read", "create", "update", "delete"];
const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
function rulesOf(resource, side) {
    const conditions = resource.spec?.[side];
    return Array.isArray(conditions?.rules) ? conditions.rules : [];
}
function grants(rule, kind, verb) {
    const resources = strings(rule.resources);
    const verbs = strings(rule.verbs);
    return ((resources.includes(kind) || resources.includes("*")) && (verbs.includes(verb) || verbs.includes("*")));
}
/**
 * The verbs the role grants on roles and users. A rule with a `where` clause grants only for the objects it
 * matches, so it is not counted (the sync must work without it); a deny rule removes a verb even with one.
 */
function botVerbs(role) {
    const out = { role: new Set(), user: new Set() };
    for (const kind of ["role", "user"]) {
        for (const verb of VERBS) {
            const allowed = rulesOf(role, "allow").some((r) => !r.where && grants(r, kind, verb));
            const denied = rulesOf(role, "deny").some((r) => grants(r, kind, verb));
            if (allowed && !denied)
                out[kind].add(verb);
        }
    }
    return out;
}
const canList = (verbs, kind) => verbs[kind].has("list") && verbs[kind].has("read");
function describeVerbs(verbs) {
    return ["role", "user"].map((k) => `${k}: ${[...verbs[k]].join(", ") || "none"}`).join("; ");
}

;// CONCATENATED MODULE: ./src/sync/plan.ts





const INVENTORY_LABEL = `${ownership/* LABEL_PREFIX */.Ag}inventory`;

/** The objects to read: the declared ones and the roles their users name that the repository does not declare. */
function refsToRead(declared) {
    const refs = declared.map((d) => ({ kind: d.kind, name: d.name }));
    const roles = new Set(declared.filter((d) => d.kind === "role").map((d) => d.name));
    for (const d of declared) {
        if (d.kind !== "user")
            continue;
        for (const role of userRoles(d.resource)) {
            if (!roles.has(role) && !access/* PRESET_ROLES */.sZ.includes(role)) {
                roles.add(role);
                refs.push({ kind: "role", name: role });
            }
        }
    }
    return refs;
}
function userRoles(resource) {
    const roles = resource.spec?.roles;
    return Array.isArray(roles) ? roles.filter((r) => typeof r === "string") : [];
}
function adopts(adopt, cluster, ref) {
    const key = refKey(ref);
    return adopt.includes(key) || adopt.includes(`${cluster}:${key}`);
}
function planAccess(declared, state, ctx) {
    const declaredRoles = new Set(declared.filter((d) => d.kind === "role").map((d) => d.name));
    const items = declared.map((d) => {
        const ref = { kind: d.kind, name: d.name };
        const live = state.live.get(refKey(ref));
        const base = {
            kind: d.kind,
            name: d.name,
            file: d.file,
            line: d.line,
            ...(d.overrides ? { overrides: d.overrides } : {}),
            declared: d.resource,
            ...(live ? { live } : {}),
        };
        if (d.kind === "user") {
            const missing = userRoles(d.resource).filter((r) => !declaredRoles.has(r) &&
                !access/* PRESET_ROLES */.sZ.includes(r) &&
                !state.live.has(refKey({ kind: "role", name: r })));
            if (missing.length) {
                return {
                    ...base,
                    action: "blocked",
                    reason: `its role${missing.length > 1 ? "s" : ""} ${missing.join(", ")} exist${missing.length > 1 ? "" : "s"} neither in the repository nor in the child ${ctx.cluster}; Teleport would refuse the user (role ${missing[0]} is not found)`,
                };
            }
        }
        if (!live) {
            const deleted = state.inventory?.entries.get(refKey(ref))?.r !== undefined;
            return { ...base, action: "create", ...(deleted ? { origin: "deleted" } : {}) };
        }
        const owner = (0,ownership/* ownershipOf */.VL)(ref, live, ctx.repository, ctx.botName);
        if (owner.owner === "teleport") {
            return {
                ...base,
                action: "blocked",
                reason: `${refKey(ref)} is ${owner.why}; the action never changes it`,
            };
        }
        if (owner.owner !== "us") {
            const whose = owner.owner === "none"
                ? "exists in the child and was not written by this action"
                : `is managed by ${owner.repository}`;
            if (adopts(ctx.adopt, ctx.cluster, ref)) {
                return {
                    ...base,
                    action: "adopt",
                    reason: whose,
                    changes: (0,diff/* diffResource */.b)(d.resource, live),
                };
            }
            return {
                ...base,
                action: "blocked",
                reason: `${refKey(ref)} ${whose}`,
                adoptEntry: `${ctx.cluster}:${refKey(ref)}`,
            };
        }
        const pending = d.kind === "user" && (0,ownership/* labelsOf */.PC)(live)[ownership/* INVITE_PENDING */.U9] !== undefined;
        const entry = state.inventory?.entries.get(refKey(ref));
        const lastApplied = entry?.a ?? (0,ownership/* labelsOf */.PC)(live)[ownership/* APPLIED_HASH */.rs];
        const gitChanged = lastApplied !== (0,ownership/* appliedHash */.GF)(d.resource);
        const childChanged = entry?.r !== undefined && live.metadata?.revision !== entry.r && entry.h !== liveHash(d.kind, live);
        const changes = (0,diff/* diffResource */.b)(d.resource, live);
        if (gitChanged && childChanged) {
            return {
                ...base,
                action: "conflict",
                origin: "conflict",
                changes,
                reason: `${refKey(ref)} changed in the repository and, outside the action, in the child (revision ${live.metadata?.revision}); it is not overwritten. Settle it by hand: put what should stay into the repository, then run again (or restore the child's copy)`,
            };
        }
        if (!gitChanged && !childChanged && !pending)
            return { ...base, action: "unchanged" };
        return {
            ...base,
            action: "update",
            changes,
            ...(childChanged ? { origin: "drift" } : gitChanged ? { origin: "pending" } : {}),
            ...(pending ? { invitePending: true } : {}),
        };
    });
    items.push(...pruneItems(declared, state, ctx));
    const notes = [];
    if (!state.listed.role || !state.listed.user) {
        notes.push(`The child's bot may not list ${[!state.listed.role && "roles", !state.listed.user && "users"].filter(Boolean).join(" or ")} (verbs ${describeVerbs(state.verbs)}): only the declared names were read.`);
    }
    const unrecorded = [...state.live.entries()].filter(([k, r]) => state.listed[k.split("/")[0]] &&
        (0,ownership/* labelsOf */.PC)(r)[ownership/* MANAGED_BY */.Kf] === ctx.repository &&
        (0,ownership/* labelsOf */.PC)(r)[INVENTORY_LABEL] === undefined &&
        !state.inventory?.entries.has(k));
    if (unrecorded.length && state.inventory) {
        notes.push(`Owned (labelled ${ownership/* MANAGED_BY */.Kf}: ${ctx.repository}) but missing from the inventory: ${unrecorded.map(([k]) => k).join(", ")}; they are recorded on the next write.`);
    }
    return {
        cluster: ctx.cluster,
        items,
        verbs: describeVerbs(state.verbs),
        notes,
        canDelete: state.verbs.role.has("delete") && state.verbs.user.has("delete"),
        ...(state.inventory ? { inventory: state.inventory } : {}),
    };
}
/** Owned objects no longer declared here: from the inventory, and from the ownership label where listed. */
function pruneItems(declared, state, ctx) {
    const declaredKeys = new Set(declared.map((d) => refKey({ kind: d.kind, name: d.name })));
    const keys = new Set(state.inventory?.entries.keys() ?? []);
    for (const [k, r] of state.live) {
        if ((0,ownership/* labelsOf */.PC)(r)[ownership/* MANAGED_BY */.Kf] === ctx.repository && (0,ownership/* labelsOf */.PC)(r)[INVENTORY_LABEL] === undefined)
            keys.add(k);
    }
    const out = [];
    for (const key of [...keys].sort()) {
        if (declaredKeys.has(key))
            continue;
        const live = state.live.get(key);
        if (!live)
            continue;
        const ref = { kind: key.split("/")[0], name: key.slice(key.indexOf("/") + 1) };
        // Only what is ours now: a label someone changed, or a Teleport object, is never removed.
        if ((0,ownership/* ownershipOf */.VL)(ref, live, ctx.repository, ctx.botName).owner !== "us")
            continue;
        out.push({
            ...ref,
            file: "",
            line: 0,
            action: ctx.prune ? "prune" : "keep",
            reason: ctx.prune ? "no longer declared" : "no longer declared (kept: prune is off)",
            declared: live,
            live,
        });
    }
    return out;
}
function describeItem(item) {
    const what = `${item.kind}/${item.name}`;
    switch (item.action) {
        case "update":
            return `${what}: update${item.origin === "drift" ? " (changed outside the action)" : ""}${item.changes?.length ? ` (${item.changes.map(diff/* describeChange */.u).join("; ")})` : ""}${item.invitePending ? "; its invite is issued now" : ""}`;
        case "adopt":
            return `${what}: adopt (${item.reason})`;
        case "conflict":
            return `${what}: conflict, not corrected: ${item.reason}${item.changes?.length ? ` (${item.changes.map(diff/* describeChange */.u).join("; ")})` : ""}`;
        case "prune":
        case "keep":
            return `${what}: ${item.reason}`;
        case "blocked":
            return `${what}: blocked: ${item.reason}${item.adoptEntry ? `; to take it over, add "${item.adoptEntry}" to the adopt input` : ""}`;
        default:
            return `${what}: ${item.action}${item.overrides ? ` (overrides ${item.overrides.file}:${item.overrides.line})` : ""}`;
    }
}

;// CONCATENATED MODULE: ./src/sync/apply.ts
// Writes a child's access plan: roles before users, one `tctl create -f` per kind for everything that
// changed. tctl stops a batch at the first error and confirms each success (fact F30), so the failing
// document is reported with its file, line and Teleport's text, and the rest go in a further batch. A new
// user is created with an invite link (`tctl users add`), then given its declared spec; an existing user is
// written with its live status, so its signup survives (fact F19). No link is ever issued for a user that
// already exists (fact F24), except one this action created whose invite failed (fact F21).






const WRITES = new Set(["create", "update", "adopt"]);
/** Errors about one document; anything else (no connection, a deadline) stops the batch for all. */
function aboutTheDocument(error) {
    return !(error instanceof errors/* TeleportApiError */.st && (error.transient || error.kind === "ConnectionProblem"));
}
async function writeInBatches(api, documents, results, log) {
    let rest = documents;
    while (rest.length) {
        const { applied, failed } = await api.writeBatch(rest);
        for (const ref of applied)
            results.set(refKey(ref), { status: "written" });
        if (!failed) {
            const unconfirmed = rest.filter((d) => !results.has(refKey(d.ref)));
            for (const d of unconfirmed) {
                results.set(refKey(d.ref), {
                    status: "failed",
                    error: { kind: "Unknown", message: "tctl exited 0 without confirming this document" },
                });
            }
            return;
        }
        results.set(refKey(failed.ref), { status: "failed", error: (0,outcome/* stageError */.v)(failed.error) });
        log(`${refKey(failed.ref)}: Teleport refused it: ${failed.error.message}`);
        const at = rest.findIndex((d) => refKey(d.ref) === refKey(failed.ref));
        if (!aboutTheDocument(failed.error)) {
            for (const d of rest.slice(at + 1)) {
                results.set(refKey(d.ref), { status: "skipped", reason: `not written: ${failed.error.message}` });
            }
            return;
        }
        rest = rest.slice(at + 1);
    }
}
async function applyAccess(plan, api, options) {
    const results = new Map();
    const invites = new Map();
    const key = (i) => refKey({ kind: i.kind, name: i.name });
    for (const item of plan.items) {
        if (item.action === "unchanged")
            results.set(key(item), { status: "unchanged" });
        if (item.action === "blocked")
            results.set(key(item), { status: "blocked" });
        if (item.action === "conflict")
            results.set(key(item), { status: "conflict" });
        if (item.action === "keep")
            results.set(key(item), { status: "kept", reason: item.reason ?? "" });
    }
    const inventory = new Map(plan.inventory?.entries ?? []);
    // Recorded before the first write: a run that stops half-way still knows every object it may have made.
    const adding = plan.items.filter((i) => (i.action === "create" || i.action === "adopt") && !inventory.has(key(i)));
    if (adding.length) {
        for (const i of adding)
            inventory.set(key(i), { a: (0,ownership/* appliedHash */.GF)(i.declared) });
        await writeInventory(api, options.repository, inventory, plan, options.log);
    }
    const toWrite = (kind) => plan.items.filter((i) => i.kind === kind && WRITES.has(i.action));
    const roles = toWrite("role");
    if (roles.length) {
        options.log(`${plan.cluster}: writing ${roles.length} role(s)`);
        await writeInBatches(api, roles.map((i) => ({
            ref: { kind: "role", name: i.name },
            resource: (0,ownership/* documentToWrite */.wb)(i.declared, options.repository),
        })), results, options.log);
    }
    // A user whose role was not written would be refused (role X is not found) or get less than declared.
    const unwrittenRoles = new Set(roles.filter((i) => results.get(key(i))?.status !== "written").map((i) => i.name));
    const users = toWrite("user").filter((i) => {
        const missing = userRoles(i.declared).filter((r) => unwrittenRoles.has(r));
        if (missing.length)
            results.set(key(i), { status: "skipped", reason: `its role ${missing.join(", ")} was not written` });
        return !missing.length;
    });
    const status = new Map();
    const pendingLabel = new Set();
    for (const item of users) {
        if (item.action !== "create") {
            status.set(item.name, item.live?.status);
            continue;
        }
        try {
            invites.set(item.name, await api.addUser(item.name, userRoles(item.declared), options.inviteTtl));
            options.log(`${plan.cluster}: user ${item.name} created with an invite link (in the invites file)`);
        }
        catch (error) {
            // fact F21: a failed token step leaves the user created without a link; the next run issues it.
            const live = (await api.readMany([{ kind: "user", name: item.name }])).get(refKey({ kind: "user", name: item.name }));
            if (!live) {
                results.set(key(item), { status: "failed", error: (0,outcome/* stageError */.v)(error) });
                continue;
            }
            pendingLabel.add(item.name);
            options.log(`${plan.cluster}: user ${item.name} was created but its invite failed (${error.message}); the next run issues it`);
        }
    }
    const created = users.filter((i) => i.action === "create" && !results.has(key(i)));
    if (created.length) {
        // Their status as Teleport keeps it now, so the full spec written next does not reset it.
        const live = await api.readMany(created.map((i) => ({ kind: "user", name: i.name })));
        for (const i of created)
            status.set(i.name, live.get(key(i))?.status);
    }
    for (const item of users.filter((i) => i.invitePending)) {
        try {
            invites.set(item.name, await api.resetUser(item.name, options.inviteTtl));
            options.log(`${plan.cluster}: user ${item.name}'s pending invite issued now (in the invites file)`);
        }
        catch (error) {
            pendingLabel.add(item.name);
            options.log(`${plan.cluster}: user ${item.name}'s pending invite failed again: ${error.message}`);
        }
    }
    const userDocs = users
        .filter((i) => !results.has(key(i)))
        .map((i) => {
        const userStatus = status.get(i.name);
        return {
            ref: { kind: "user", name: i.name },
            resource: (0,ownership/* documentToWrite */.wb)(i.declared, options.repository, {
                ...(userStatus ? { status: userStatus } : {}),
                ...(pendingLabel.has(i.name) ? { labels: { [ownership/* INVITE_PENDING */.U9]: "true" } } : {}),
            }),
        };
    });
    if (userDocs.length) {
        options.log(`${plan.cluster}: writing ${userDocs.length} user(s)`);
        await writeInBatches(api, userDocs, results, options.log);
    }
    const pruneNote = await prune(plan, api, results, inventory, options);
    await recordWrites(plan, api, results, inventory, options);
    return { plan, results, invites, counts: countOutcome(plan, results), ...(pruneNote ? { pruneNote } : {}) };
}
async function writeInventory(api, repository, entries, plan, log) {
    const docs = inventoryDocuments(repository, entries, plan.inventory?.shards ?? 1);
    const { failed } = await api.writeBatch(docs.map((d) => ({ ref: { kind: "role", name: d.metadata.name }, resource: d })));
    if (failed) {
        throw new Error(`could not record the inventory of what the action owns in ${plan.cluster}: ${failed.error.message}`);
    }
    log(`${plan.cluster}: inventory of ${entries.size} owned object(s) recorded`);
}
/** Owned objects no longer declared: users before roles, behind the prune limit, confirmed one by one. */
async function prune(plan, api, results, inventory, options) {
    const doomed = plan.items.filter((i) => i.action === "prune");
    if (!doomed.length)
        return undefined;
    const keep = (reason) => {
        for (const i of doomed)
            results.set(refKey(i), { status: "kept", reason });
        options.log(`${plan.cluster}: ${reason}`);
        return reason;
    };
    if (!plan.canDelete) {
        return keep(`would remove ${doomed.map((i) => refKey(i)).join(", ")}, but the child's bot role (${plan.verbs}) lacks the delete verb on roles and users. A child admin can grant it (add delete to the rule on role and user in the role named after spec.bot.name); until then they are kept`);
    }
    const limit = options.pruneLimit ?? 10;
    if (doomed.length > limit) {
        return keep(`${doomed.length} objects would be removed, more than prune-limit (${limit}); none was removed. Check the list, then raise prune-limit to at least ${doomed.length} for one run`);
    }
    for (const item of [
        ...doomed.filter((i) => i.kind === "user"),
        ...doomed.filter((i) => i.kind === "role"),
    ]) {
        try {
            await api.remove({ kind: item.kind, name: item.name });
            results.set(refKey(item), { status: "removed" });
            inventory.delete(refKey(item));
            options.log(`${plan.cluster}: removed ${refKey(item)} (no longer declared)`);
        }
        catch (error) {
            // fact F27: a role still in use is refused; the others go on.
            results.set(refKey(item), { status: "failed", error: (0,outcome/* stageError */.v)(error) });
            options.log(`${plan.cluster}: could not remove ${refKey(item)}: ${error.message}`);
        }
    }
    return undefined;
}
/** The inventory after this run: revisions and hashes as read back, rewritten only when it changed. */
async function recordWrites(plan, api, results, inventory, options) {
    const written = plan.items.filter((i) => results.get(refKey(i))?.status === "written");
    const readBack = written.length
        ? await api.readMany(written.map((i) => ({ kind: i.kind, name: i.name })))
        : new Map();
    for (const item of plan.items) {
        const k = refKey(item);
        const status = results.get(k)?.status;
        // An unchanged object keeps its entry: its hash from a read now could differ by a server default
        // Teleport added on read since (fact F14), and rewriting the inventory for that is a write for nothing.
        const live = status === "written"
            ? readBack.get(k)
            : item.action === "unchanged" && !inventory.get(k)?.r
                ? item.live
                : undefined;
        if (!live)
            continue;
        inventory.set(k, {
            r: String(live.metadata?.revision ?? ""),
            h: liveHash(item.kind, live),
            a: (0,ownership/* appliedHash */.GF)(item.declared),
        });
    }
    const before = (0,ownership/* canonicalJson */.dj)(Object.fromEntries(plan.inventory?.entries ?? []));
    if ((0,ownership/* canonicalJson */.dj)(Object.fromEntries(inventory)) !== before) {
        await writeInventory(api, options.repository, inventory, plan, options.log);
    }
}
function countOutcome(plan, results) {
    const counts = {
        created: 0,
        updated: 0,
        adopted: 0,
        unchanged: 0,
        blocked: 0,
        failed: 0,
        removed: 0,
        kept: 0,
    };
    for (const item of plan.items) {
        const r = results.get(refKey({ kind: item.kind, name: item.name }));
        if (r?.status === "written") {
            if (item.action === "create")
                counts.created++;
            else if (item.action === "adopt")
                counts.adopted++;
            else
                counts.updated++;
        }
        else if (r?.status === "unchanged")
            counts.unchanged++;
        else if (r?.status === "blocked" || r?.status === "conflict")
            counts.blocked++;
        else if (r?.status === "removed")
            counts.removed++;
        else if (r?.status === "kept")
            counts.kept++;
        else
            counts.failed++;
    }
    return counts;
}

;// CONCATENATED MODULE: ./src/sync/read.ts
// Reads what the sync needs from a child in as few tctl processes as the bot's verbs allow. First
// `tctl get roles` (JSON): with `list` it returns every role, the bot's own and the inventory among them,
// in one process, and `tctl get users` follows when users may be listed too (two processes for any size of
// child). Without `list` (the guide's bot: facts F4, F5) the bot's own role, the inventory and the declared
// names are read in one `tctl get` of several references (plus one process per name Teleport reports
// missing), then the inventory's other shards and the owned objects no longer declared in one more.




const read_nameOf = (r) => (typeof r.metadata?.name === "string" ? r.metadata.name : "");
function dedupe(refs) {
    const seen = new Set();
    return refs.filter((r) => {
        const k = refKey(r);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
async function tryList(api, kind) {
    try {
        return await api.list(kind);
    }
    catch (error) {
        if (error instanceof errors/* TeleportApiError */.st && error.kind === "AccessDenied")
            return undefined;
        throw error;
    }
}
async function readChild(api, botName, wanted, repository = "") {
    const live = new Map();
    const put = (kind, resources) => {
        for (const r of resources)
            live.set(refKey({ kind, name: read_nameOf(r) }), r);
    };
    const own = refKey({ kind: "role", name: botName });
    const listed = { role: false, user: false };
    const roles = await tryList(api, "role");
    const inventory0 = repository ? [inventoryRef(repository)] : [];
    if (roles) {
        put("role", roles);
        listed.role = true;
    }
    else {
        for (const [k, v] of await api.readMany(dedupe([{ kind: "role", name: botName }, ...inventory0, ...wanted]))) {
            live.set(k, v);
        }
    }
    const ownRole = live.get(own);
    if (!ownRole)
        throw new Error(`cannot read role ${botName}, the role of the bot this action joined as`);
    const verbs = botVerbs(ownRole);
    if (listed.role && canList(verbs, "user")) {
        const users = await tryList(api, "user");
        if (users) {
            put("user", users);
            listed.user = true;
        }
    }
    // Second pass: what only the first read could name (inventory shards, owned objects no longer declared),
    // and, after a role list, the declared users.
    const more = [];
    if (repository) {
        const shards = shardCount(live.get(refKey(inventoryRef(repository))));
        for (let shard = 1; shard < shards; shard++)
            more.push(inventoryRef(repository, shard));
    }
    if (!listed.user)
        more.push(...wanted.filter((r) => r.kind === "user" && !live.has(refKey(r))));
    if (more.length)
        for (const [k, v] of await api.readMany(dedupe(more)))
            live.set(k, v);
    const inventory = repository ? readInventory(repository, live) : undefined;
    if (inventory) {
        const owned = [...inventory.entries.keys()]
            .map((k) => ({ kind: k.split("/")[0], name: k.slice(k.indexOf("/") + 1) }))
            .filter((r) => !listed[r.kind] && !live.has(refKey(r)) && !wanted.some((w) => refKey(w) === refKey(r)));
        if (owned.length)
            for (const [k, v] of await api.readMany(owned))
                live.set(k, v);
    }
    return { verbs, live, listed, ...(inventory ? { inventory } : {}) };
}

;// CONCATENATED MODULE: ./src/sync/stage.ts






function tctlChild(c) {
    const tctl = new teleport_tctl/* Tctl */.SE({
        tctlPath: c.tctlPath,
        proxy: (0,webapi/* parseProxyAddress */.u)(c.proxy),
        identityFile: c.identityFile,
        exec: c.exec,
        env: c.env,
        ...(c.signal ? { signal: c.signal } : {}),
    });
    return new TctlChildApi(tctl, { tempDir: c.tempDir, mask: c.mask });
}
async function syncChild(api, options) {
    const state = await readChild(api, options.botName, refsToRead(options.objects), options.repository);
    const plan = planAccess(options.objects, state, {
        cluster: options.cluster,
        botName: options.botName,
        repository: options.repository,
        adopt: options.adopt,
        prune: options.prune,
    });
    options.log(`${options.cluster}: the child's bot may ${plan.verbs}; read in ${api.processes} tctl process(es)`);
    for (const item of plan.items)
        if (item.action !== "unchanged")
            options.log(`${options.cluster}: ${describeItem(item)}`);
    if (!options.write)
        return { plan, processes: api.processes };
    const outcome = await applyAccess(plan, api, {
        repository: options.repository,
        inviteTtl: options.inviteTtl,
        log: options.log,
        pruneLimit: options.pruneLimit,
    });
    const c = outcome.counts;
    options.log(`${options.cluster}: ${c.created} created, ${c.updated} updated, ${c.adopted} adopted, ${c.unchanged} unchanged, ${c.blocked} blocked, ${c.failed} failed, ${c.removed} removed, ${c.kept} kept (${api.processes} tctl processes)`);
    const bad = c.blocked + c.failed;
    const error = bad
        ? {
            kind: c.failed ? "SyncFailed" : "Blocked",
            message: `${bad} role(s)/user(s) of ${options.cluster} were not written: ${plan.items
                .filter((i) => {
                const r = outcome.results.get(`${i.kind}/${i.name}`);
                return r && !["written", "unchanged", "removed", "kept"].includes(r.status);
            })
                .map((i) => `${i.kind}/${i.name}`)
                .join(", ")}`,
        }
        : undefined;
    return { plan, outcome, processes: api.processes, ...(error ? { error } : {}) };
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

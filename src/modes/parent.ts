// The modes that work on the parent cluster: plan (read-only), apply and delete.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { loadWorkloadClusters } from "../manifests/load.js";
import { applyCluster } from "../provision/apply.js";
import type { DeclaredCluster } from "../provision/declared.js";
import { deleteCluster } from "../provision/delete.js";
import { type ClusterOutput, clusterOutput, proxyOf } from "../provision/outputs.js";
import type { ParentApi } from "../provision/parent-api.js";
import { type ClusterPlan, planClusters } from "../provision/plan.js";
import { escapeData, escapeProperty } from "../report/annotations.js";
import { applySummary, deleteSummary, planMarkdown } from "../report/provision.js";
import { adviceFor } from "../teleport/advice.js";
import { connectParent } from "../teleport/parent.js";
import { joinWithTbot } from "../teleport/tbot.js";
import { mapLimit } from "../util/concurrency.js";
import type { RetryPolicy } from "../util/retry.js";
import { type ModeContext, ModeFailure } from "./context.js";
import { installMode } from "./install.js";
import { loadDeclaredClusters } from "./validate.js";

const API_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000, deadlineMs: 120_000 };

async function parentIdentity(ctx: ModeContext, tbotPath: string): Promise<string> {
  const parent = ctx.config.parent!;
  if ("identityFile" in parent.credentials) {
    const file = path.resolve(ctx.workspace, parent.credentials.identityFile);
    try {
      await fs.access(file);
    } catch {
      throw new ModeFailure(`Input "parent-identity": no readable file at ${file}`);
    }
    return file;
  }
  const { token, joinMethod } = parent.credentials;
  ctx.log.info(
    `Joining the parent cluster ${parent.proxy.host} with tbot (${joinMethod} join, token "${token}")`,
  );
  return joinWithTbot({
    tbotPath,
    proxy: parent.proxy,
    joinMethod,
    token,
    tempDir: ctx.tempDir,
    label: "parent",
    exec: ctx.exec,
    env: ctx.env,
    registerCleanup: ctx.registerCleanup,
    clock: ctx.clock,
    log: (m) => ctx.log.info(m),
    signal: ctx.signal,
  });
}

async function withParent<T>(
  ctx: ModeContext,
  fn: (api: ParentApi, tctlVersion: string) => Promise<T>,
): Promise<T> {
  const tools = await installMode(ctx);
  const identityFile = await parentIdentity(ctx, tools.tbotPath);
  const parent = ctx.config.parent!;
  const api = await connectParent({
    mode: parent.api,
    proxy: parent.proxy,
    identityFile,
    tctlPath: tools.tctlPath,
    tempDir: ctx.tempDir,
    exec: ctx.exec,
    env: ctx.env,
    http: ctx.http,
    log: ctx.log,
    signal: ctx.signal,
  });
  ctx.log.info(`Talking to the parent cluster over ${api.transport}`);
  try {
    return await fn(api, tools.target.version);
  } finally {
    await api.close();
  }
}

function setClusterOutputs(
  ctx: ModeContext,
  declared: DeclaredCluster[],
  outputs: Map<string, ClusterOutput>,
) {
  ctx.setOutput("clusters", JSON.stringify(Object.fromEntries(outputs)));
  const first = declared[0] && outputs.get(declared[0].name);
  ctx.setOutput("domain", first?.domain ?? "");
}

function annotateAt(
  ctx: ModeContext,
  cluster: { file?: string; line?: number },
  title: string,
  message: string,
) {
  const where = cluster.file ? `file=${escapeProperty(cluster.file)},line=${cluster.line ?? 1},` : "";
  ctx.command(`::error ${where}title=${escapeProperty(title)}::${escapeData(message)}`);
}

export async function applyMode(ctx: ModeContext): Promise<void> {
  const declared = await loadDeclaredClusters(ctx);
  await withParent(ctx, async (api, tctlVersion) => {
    ctx.log.info(
      `Applying ${declared.length} workload cluster(s), up to ${ctx.config.maxParallel} at a time`,
    );
    const outcomes = await mapLimit(declared, ctx.config.maxParallel, (d) =>
      applyCluster(d, api, {
        clock: ctx.clock,
        log: (m) => ctx.log.info(m),
        waitTimeoutMs: ctx.config.waitTimeoutMs,
        retryPolicy: API_RETRY,
        signal: ctx.signal,
        explain: (error, operation) => adviceFor(error, { operation, transport: api.transport, tctlVersion }),
      }),
    );
    const outputs = new Map(outcomes.map((o) => [o.name, clusterOutput(o.cluster, o.state)]));
    setClusterOutputs(ctx, declared, outputs);
    ctx.setOutput("changes", String(outcomes.some((o) => o.action === "created")));
    await ctx.writeSummary(applySummary(outcomes, outputs, api.transport));
    const failed = outcomes.filter((o) => o.error);
    for (const o of failed) {
      const d = declared.find((c) => c.name === o.name)!;
      annotateAt(ctx, d, `workload cluster ${o.name}: ${o.action}`, o.error!);
    }
    if (failed.length) {
      throw new ModeFailure(
        `${failed.length} of ${outcomes.length} workload cluster(s) failed: ${failed.map((o) => `${o.name} (${o.action})`).join(", ")}`,
      );
    }
  });
}

export async function planMode(ctx: ModeContext): Promise<void> {
  const declared = await loadDeclaredClusters(ctx);
  const plan = await withParent(ctx, (api, tctlVersion) =>
    planClusters(declared, api, { clock: ctx.clock, retryPolicy: API_RETRY }).catch((error) => {
      const advice = adviceFor(error, { operation: "list", transport: api.transport, tctlVersion });
      throw advice ? new ModeFailure(`${(error as Error).message}\n${advice}`) : error;
    }),
  );
  const file = await writePlan(ctx, plan);
  const outputs = new Map(
    plan.items
      .filter((i) => i.action !== "unmanaged")
      .map((i) => [
        i.name,
        { domain: i.domain ?? "", proxy: i.domain ? proxyOf(i.domain) : "", state: i.state ?? "" },
      ]),
  );
  setClusterOutputs(ctx, declared, outputs);
  ctx.setOutput("changes", String(plan.changes));
  ctx.setOutput("plan-file", file);
  await ctx.writeSummary(planMarkdown(plan));
  for (const item of plan.items)
    ctx.log.info(`${item.action.padEnd(9)} ${item.name}${item.message ? `: ${item.message}` : ""}`);
  for (const note of plan.notes) ctx.log.info(`note: ${note}`);
  const conflicts = plan.items.filter((i) => i.action === "conflict");
  for (const c of conflicts) annotateAt(ctx, c, `workload cluster ${c.name}: conflict`, c.message!);
  if (conflicts.length) {
    throw new ModeFailure(
      `${conflicts.length} declared workload cluster(s) differ from the parent and cannot be changed: ${conflicts.map((c) => c.name).join(", ")}`,
    );
  }
}

async function writePlan(ctx: ModeContext, plan: ClusterPlan): Promise<string> {
  await fs.mkdir(ctx.tempDir, { recursive: true });
  const file = path.join(ctx.tempDir, "teleport-workload-clusters-plan.json");
  await fs.writeFile(file, `${JSON.stringify({ version: 1, ...plan }, null, 2)}\n`);
  await fs.writeFile(file.replace(/\.json$/, ".md"), planMarkdown(plan));
  return file;
}

export async function deleteMode(ctx: ModeContext): Promise<void> {
  const names = ctx.config.deleteNames;
  // The repository is read only to warn about clusters that are still declared; it may be incomplete here.
  const { clusters: declared } = await loadWorkloadClusters(ctx.config.manifests.patterns, {
    cwd: ctx.workspace,
    allowAccountWideJoin: true,
  }).catch(() => ({ clusters: [] as DeclaredCluster[] }));
  ctx.log.warning(
    `Deleting ${names.join(", ")}: Teleport Cloud suspends a deleted workload cluster for a grace period (14 days, per Teleport's workload cluster guide), and its name cannot be used again meanwhile.`,
  );
  for (const name of names) {
    const still = declared.find((d) => d.name === name);
    if (still) {
      ctx.log.warning(
        `${name} is still declared in ${still.file}:${still.line}; remove it, or the next apply will try to create it again and fail while the name is blocked.`,
      );
    }
  }
  const outcomes = await withParent(ctx, (api, tctlVersion) =>
    mapLimit(names, ctx.config.maxParallel, (name) =>
      deleteCluster(name, api, {
        clock: ctx.clock,
        retryPolicy: API_RETRY,
        log: (m) => ctx.log.info(m),
        explain: (error) => adviceFor(error, { operation: "delete", transport: api.transport, tctlVersion }),
      }),
    ),
  );
  ctx.setOutput(
    "clusters",
    JSON.stringify(
      Object.fromEntries(
        outcomes.map((o) => [o.name, { domain: "", proxy: "", state: o.after ?? o.result }]),
      ),
    ),
  );
  await ctx.writeSummary(deleteSummary(outcomes));
  const failed = outcomes.filter((o) => o.result === "failed");
  if (failed.length) {
    throw new ModeFailure(`could not delete ${failed.map((o) => `${o.name} (${o.error})`).join(", ")}`);
  }
}

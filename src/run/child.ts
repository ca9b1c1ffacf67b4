// What apply, sync and plan share to reach a child: the join options, the tctl-backed child API with the
// identity the join produced, and the sync options from the configuration.
import { randomBytes } from "node:crypto";
import type { AwsSession } from "../aws/credentials.js";
import { stageError } from "../core/outcome.js";
import type { WorkloadCluster } from "../core/workload-cluster.js";
import { type ChildJoinOptions, type JoinStage, joinChild } from "../join/child.js";
import type { DeclaredAccessObject } from "../manifests/access.js";
import type { DeclaredWorkloadCluster } from "../manifests/workload-cluster.js";
import { type SyncStage, syncChild, tctlChild } from "../sync/stage.js";
import { realClock } from "../util/retry.js";
import type { ModeContext, ParentSession } from "./context.js";
import type { InvitesFile } from "./invites.js";

function joinOptions(ctx: ModeContext, session: ParentSession, aws: AwsSession): ChildJoinOptions {
  return {
    aws,
    tbotPath: session.tools.tbotPath,
    tempDir: ctx.tempDir,
    exec: ctx.exec,
    env: ctx.env,
    registerCleanup: ctx.registerCleanup,
    clock: ctx.clock,
    log: (m) => ctx.log.info(m),
    childReadyTimeoutMs: ctx.config.childReadyTimeoutMs,
    signal: ctx.signal,
    http: ctx.http,
  };
}

/** Children already joined in this run, by name, with the domain each was joined through. */
export type JoinedChildren = Map<string, { joined: JoinStage; domain: string }>;

/**
 * Joins the child, unless `earlier` holds a join of it through the same domain: the approved-plan guard
 * joins every child to re-plan, and its identity serves the sync that follows, so each child is joined
 * once per run. Only a successful join is kept; a failed one is tried again by the next stage.
 */
export async function join(
  ctx: ModeContext,
  session: ParentSession,
  aws: AwsSession,
  declared: DeclaredWorkloadCluster,
  cluster: WorkloadCluster | undefined,
  earlier?: JoinedChildren,
): Promise<JoinStage> {
  const domain = cluster?.status?.domain;
  const before = earlier?.get(declared.name);
  if (before && domain && before.domain === domain) {
    ctx.log.info(`${declared.name}: using the identity joined for the plan check`);
    return before.joined;
  }
  const joined = await joinChild(declared, cluster, joinOptions(ctx, session, aws));
  if (earlier && domain && !joined.error) earlier.set(declared.name, { joined, domain });
  return joined;
}

/** Reads the joined child's roles and users, plans, and writes unless `write` is false. */
export async function syncJoinedChild(
  ctx: ModeContext,
  session: ParentSession,
  declared: DeclaredWorkloadCluster,
  joined: JoinStage,
  objects: readonly DeclaredAccessObject[],
  write: boolean,
  /** Where a writing run's invite links go, before its inventory records them delivered. */
  invites?: InvitesFile,
): Promise<SyncStage> {
  const api = tctlChild({
    tctlPath: session.tools.tctlPath,
    proxy: joined.proxy!,
    identityFile: joined.identityFile!,
    exec: ctx.exec,
    env: ctx.env,
    mask: ctx.mask,
    signal: ctx.signal,
    http: ctx.http,
    ...(joined.found ? { found: joined.found } : {}),
    log: (m) => ctx.log.info(`${declared.name}: ${m}`),
  });
  const { access, drift } = ctx.config;
  try {
    return await syncChild(api, {
      objects,
      cluster: declared.name,
      botName: declared.spec.bot?.name ?? "",
      repository: access.repository,
      adopt: access.adopt,
      inviteTtl: access.inviteTtl,
      prune: drift.prune,
      pruneLimit: drift.pruneLimit,
      write,
      log: (m) => ctx.log.info(m),
      warn: (m) => ctx.log.warning(m),
      holder: runName(ctx.env),
      ...(invites ? { deliver: (links) => invites.add(declared.name, links) } : {}),
      signal: ctx.signal,
      clock: { now: () => ctx.clock.now(), sleep: (ms) => ctx.clock.sleep(ms), settle: realClock.sleep },
    });
  } catch (error) {
    return { processes: api.processes, error: stageError(error) };
  } finally {
    await api.close?.();
  }
}

/**
 * This run as the child's intent records and sync lease name it: the workflow run's address and attempt
 * (what a person opens to see whether it still runs), and a nonce, so that two jobs never pass for one.
 */
function runName(env: NodeJS.ProcessEnv): string {
  const nonce = randomBytes(3).toString("hex");
  if (!env.GITHUB_RUN_ID) return `a run outside GitHub Actions (${nonce})`;
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT || "1"} (job ${env.GITHUB_JOB || "?"}, ${nonce})`;
}

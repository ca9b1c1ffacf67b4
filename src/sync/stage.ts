// The sync stage of a tenant's pipeline: read the child's roles and users with the identity the join stage
// produced, plan, and (unless planning) write. Blocked objects and refused writes fail the stage after
// every other object was written.

import type { ChildApi, Resource } from "../core/access.js";
import type { StageError } from "../core/outcome.js";
import type { DeclaredAccessObject } from "../manifests/access.js";
import type { Http } from "../net/http.js";
import { openAccessProbe, TctlChildApi } from "../teleport/child.js";
import { Tctl } from "../teleport/tctl.js";
import { type ProxyFind, parseProxyAddress } from "../teleport/webapi.js";
import type { Exec } from "../util/exec.js";
import { type AccessOutcome, type ApplyAccessOptions, applyAccess } from "./apply.js";
import { accessKinds } from "./kinds/index.js";
import { acquireLease, type Lease, type LeaseClock, leaseSeen } from "./lease.js";
import { type AccessPlan, describeItem, planAccess, refsToRead } from "./plan.js";
import { readChild } from "./read.js";

export interface SyncStage {
  plan?: AccessPlan;
  outcome?: AccessOutcome;
  /** tctl processes this child's sync ran. */
  processes: number;
  error?: StageError;
}

export interface SyncOptions {
  objects: readonly DeclaredAccessObject[];
  cluster: string;
  botName: string;
  repository: string;
  adopt: readonly string[];
  inviteTtl: string;
  prune: boolean;
  pruneLimit: number;
  /** plan: read and decide only. */
  write: boolean;
  log: (message: string) => void;
  /** What a person may need to act on (a link an interrupted run never delivered); `log` by default. */
  warn?: (message: string) => void;
  /** This run, as intent records name it (see runName in run/child.ts). */
  holder?: string;
  /** Aborted on SIGTERM: the write in flight finishes and no further one starts. */
  signal?: AbortSignal;
  /** With `holder`: a write run takes the child's sync lease first (lease.ts). */
  clock?: LeaseClock;
  /** Where the links go before the inventory records them delivered (ApplyAccessOptions.deliver). */
  deliver?: ApplyAccessOptions["deliver"];
}

export interface ChildConnection {
  tctlPath: string;
  proxy: string;
  identityFile: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  mask: (value: string) => void;
  signal?: AbortSignal;
  /** For the child's `/webapi/find`; without it every read goes through tctl alone. */
  http?: Http;
  /** That find, asked already (while the child was joined); asked again when it came to nothing. */
  found?: Promise<ProxyFind | undefined>;
  log?: (message: string) => void;
}

export function tctlChild(c: ChildConnection): ChildApi {
  const proxy = parseProxyAddress(c.proxy);
  const http = c.http;
  const tctl = new Tctl({
    tctlPath: c.tctlPath,
    proxy,
    identityFile: c.identityFile,
    exec: c.exec,
    env: c.env,
    ...(c.signal ? { signal: c.signal } : {}),
  });
  return new TctlChildApi(tctl, {
    mask: c.mask,
    ...(c.log ? { log: c.log } : {}),
    ...(http
      ? {
          probe: () =>
            openAccessProbe({
              http,
              proxy,
              identityFile: c.identityFile,
              ...(c.found ? { found: c.found } : {}),
              ...(c.signal ? { signal: c.signal } : {}),
            }),
        }
      : {}),
  });
}

export async function syncChild(api: ChildApi, options: SyncOptions): Promise<SyncStage> {
  const leasing = options.write && options.holder && options.clock;
  const own = api.ownRole?.(options.botName);
  const seen = leasing ? await leaseSeen(api, options.repository) : undefined;
  const plan = await readAndPlan(api, options, own);
  // A run with nothing to write takes no lease, so a re-run writes nothing at all; one that writes takes
  // it, then reads and plans again unless nobody took the lease since before the first read: what another
  // run did while this one waited is not done twice.
  if (!leasing || !needsWrite(plan)) return decideAndWrite(api, options, plan);
  const lease = await acquireLease(api, {
    cluster: options.cluster,
    repository: options.repository,
    holder: options.holder!,
    clock: options.clock!,
    log: options.log,
    ...(seen ? { seen } : {}),
  });
  try {
    const current = lease.untouched ? plan : await readAndPlan(api, options);
    return await decideAndWrite(api, options, current, lease);
  } finally {
    // Released also when the run failed or was cancelled; a run killed outright leaves it to expire.
    await lease.release().catch((error: Error) => options.log(`${options.cluster}: ${error.message}`));
  }
}

/** Whether applying the plan writes anything: an object, or the inventory (a revision to record). */
function needsWrite(plan: AccessPlan): boolean {
  return plan.items.some(
    (i) =>
      ["create", "update", "adopt", "prune"].includes(i.action) ||
      i.recordRevision ||
      (i.action === "unchanged" && !plan.inventory?.entries.get(`${i.kind}/${i.name}`)?.r),
  );
}

async function readAndPlan(
  api: ChildApi,
  options: SyncOptions,
  ownRole?: Promise<Resource | undefined>,
): Promise<AccessPlan> {
  const state = await readChild(
    api,
    options.botName,
    refsToRead(options.objects),
    options.repository,
    ownRole,
  );
  return planAccess(options.objects, state, {
    cluster: options.cluster,
    botName: options.botName,
    repository: options.repository,
    adopt: options.adopt,
    prune: options.prune,
  });
}

function leaseNote(lease: Lease | undefined): string {
  if (!lease) return "";
  return lease.checked ? " (the sync lease taken over the Auth API)" : ", the sync lease's among them";
}

async function decideAndWrite(
  api: ChildApi,
  options: SyncOptions,
  plan: AccessPlan,
  lease?: Lease,
): Promise<SyncStage> {
  options.log(
    `${options.cluster}: the child's bot may ${plan.verbs}; read in ${api.processes} tctl process(es)${leaseNote(lease)}`,
  );
  for (const item of plan.items)
    if (item.action !== "unchanged") options.log(`${options.cluster}: ${describeItem(item)}`);
  for (const note of plan.notes) (options.warn ?? options.log)(`${options.cluster}: ${note}`);
  if (!options.write) return { plan, processes: api.processes };
  const outcome = await applyAccess(plan, api, {
    repository: options.repository,
    inviteTtl: options.inviteTtl,
    log: options.log,
    pruneLimit: options.pruneLimit,
    ...(options.holder ? { holder: options.holder } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(lease ? { lease } : {}),
    ...(options.deliver ? { deliver: options.deliver } : {}),
  });
  const c = outcome.counts;
  options.log(
    `${options.cluster}: ${c.created} created, ${c.updated} updated, ${c.adopted} adopted, ${c.unchanged} unchanged, ${c.blocked} blocked, ${c.failed} failed, ${c.removed} removed, ${c.kept} kept (${api.processes} tctl processes)`,
  );
  const bad = c.blocked + c.failed;
  const error: StageError | undefined = bad
    ? {
        kind: c.failed ? "SyncFailed" : "Blocked",
        message: `${bad} ${accessKinds()
          .map((k) => `${k.kind}(s)`)
          .join("/")} of ${options.cluster} were not written: ${plan.items
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

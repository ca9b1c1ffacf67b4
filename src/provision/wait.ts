// Waits until a workload cluster is `active`. The facts know only `creating` and `active`, and a fresh
// resource may have no status at all (protojson omits it; fact: B16). Any other state is logged
// as it is and the wait goes on: only the timeout ends it, reporting the last state seen.

import { TeleportApiError } from "../core/errors.js";
import type { WorkloadCluster } from "../core/workload-cluster.js";
import { formatDuration } from "../util/log.js";
import { type RetryClock, sleep } from "../util/retry.js";
import type { ParentApi } from "./parent-api.js";

export const ACTIVE = "active";

export interface WaitOptions {
  timeoutMs: number;
  clock: RetryClock;
  log: (message: string) => void;
  signal?: AbortSignal;
}

/** Bounds of the poll interval, which is a tenth of the time waited so far. */
export const POLL_MIN_MS = 250;
export const POLL_MAX_MS = 3000;

/**
 * A tenth of the elapsed time overshoots the moment the cluster turns active by at most about 10%
 * (a doubling backoff can overshoot by 100%: a cluster active at 3 s was seen at 4.75 s), while a wait
 * of minutes still reads the parent only every few seconds.
 */
export function pollDelay(elapsedMs: number): number {
  return Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, elapsedMs / 10));
}

export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(
    message: string,
    readonly lastState: string,
  ) {
    super(message);
  }
}

function describeState(cluster: WorkloadCluster | undefined): string {
  if (!cluster) return "not visible yet";
  return cluster.status?.state || "no status yet";
}

export async function waitForActive(
  api: ParentApi,
  name: string,
  options: WaitOptions,
): Promise<WorkloadCluster> {
  const { clock } = options;
  const start = clock.now();
  const elapsed = () => formatDuration(clock.now() - start);
  let last: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new Error(`stopped waiting for ${name}: cancelled`);
    let state: string;
    try {
      const cluster = await api.get(name);
      state = describeState(cluster);
      if (cluster?.status?.state === ACTIVE) {
        if (last !== state) options.log(`${name}: ${state} after ${elapsed()}`);
        return cluster;
      }
    } catch (error) {
      if (!(error instanceof TeleportApiError && error.transient)) throw error;
      state = last ?? "unknown";
      options.log(`${name}: could not read the state (${error.message}); still waiting`);
    }
    if (state !== last) {
      options.log(`${name}: ${state} after ${elapsed()}`);
      last = state;
    }
    const remaining = options.timeoutMs - (clock.now() - start);
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `${name} is not active after ${formatDuration(options.timeoutMs)}; the last state seen was "${state}"`,
        state,
      );
    }
    // Jitter keeps many clusters polled at once from hitting the parent in lockstep.
    const jittered = pollDelay(clock.now() - start) * (0.8 + 0.4 * clock.random());
    // A cancelled run must not sit out a poll interval before it stops.
    await sleep(clock, Math.min(jittered, remaining), options.signal);
  }
}

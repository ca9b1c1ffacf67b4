// The waterfall of one action run, built from what the simulator saw (never from the action's log, so
// it does not depend on the client's wording): CDN requests, STS requests, web API requests per cluster,
// gRPC calls (with the resource they name) and the stand-ins' own process log.
import type { MirrorRequest } from "../sim/cdn/cdn.js";
import type { CallRecord, HttpRecord, ToolInvocation } from "../sim/index.js";

export interface Timeline {
  /** Wall-clock ms: the action process spawned, exited. */
  startMs: number;
  endMs: number;
  parent: string;
  mirror: MirrorRequest[];
  sts: { action: string; code: string; atMs?: number }[];
  http: HttpRecord[];
  calls: CallRecord[];
  tools: ToolInvocation[];
}

export interface Phase {
  name: string;
  /** ms from the action's start */
  start: number;
  end: number;
  /** What it is made of, e.g. `3 tctl`. */
  note?: string;
}

const INVENTORY = "workload-cluster-action-inventory-";
const WRITES = /^(Create|Update|Upsert|Delete)/;

function span(name: string, t0: number, times: [number, number][], note?: string): Phase | undefined {
  if (times.length === 0) return undefined;
  const start = Math.min(...times.map((t) => t[0])) - t0;
  const end = Math.max(...times.map((t) => t[1])) - t0;
  return { name, start, end, ...(note ? { note } : {}) };
}

/** A process's writes, by the gRPC calls answered while it ran: only the inventory, or declared objects. */
function writesOf(tool: ToolInvocation, calls: CallRecord[], cluster: string) {
  const mine = calls.filter(
    (c) =>
      c.cluster === cluster &&
      WRITES.test(c.method) &&
      (c.wallMs ?? 0) >= tool.startMs &&
      (c.wallMs ?? 0) <= (tool.endMs ?? Number.POSITIVE_INFINITY),
  );
  const inventory = mine.filter((c) => c.name?.startsWith(INVENTORY)).length;
  return { inventory, objects: mine.length - inventory };
}

export interface Phases {
  phases: Phase[];
  /** From the first read of the child to the end of its last tctl process. */
  syncMs: number;
}

/** The phases of one run for its child `cluster` (cluster name) reached at `proxy` (`host:port`). */
export function phases(t: Timeline, cluster: string, proxy: string): Phases {
  const t0 = t.startMs;
  const end = (x: { endMs?: number }) => x.endMs ?? t.endMs;
  const out: (Phase | undefined)[] = [];
  // A tctl killed with the action never logs its end: it counts until the run ended.
  const versions = t.tools.filter((x) => x.command === "version");
  out.push(
    span(
      "install",
      t0,
      [
        ...t.mirror.map((m): [number, number] => [m.startMs, end(m)]),
        ...versions.map((x): [number, number] => [x.startMs, end(x)]),
      ],
      `${t.mirror.length} CDN requests, ${versions.length} version checks`,
    ),
  );
  const sts = t.sts.filter((s) => s.atMs !== undefined).map((s): [number, number] => [s.atMs!, s.atMs!]);
  out.push(span("STS", t0, sts, `${sts.length} AssumeRoleWithWebIdentity`));
  // A join is one tbot process and the join request it made to that cluster's web API.
  const joinOf = (name: string) => {
    const joins = t.http.filter((h) => h.cluster === name && h.path.includes("/join"));
    const tbots = t.tools.filter(
      (x) => x.tool === "tbot" && joins.some((j) => j.startMs >= x.startMs && j.startMs <= end(x)),
    );
    return [
      ...joins.map((h): [number, number] => [h.startMs, end(h)]),
      ...tbots.map((x): [number, number] => [x.startMs, end(x)]),
    ];
  };
  out.push(span("parent join", t0, joinOf(t.parent), "tbot"));
  const parentCalls = t.calls.filter((c) => c.cluster === t.parent && c.wallMs !== undefined);
  const create = parentCalls.filter((c) => /^(Create|Upsert)WorkloadCluster$/.test(c.method));
  out.push(
    span(
      "create",
      t0,
      create.map((c) => [c.wallMs!, c.wallMs!]),
      create.map((c) => c.method).join(" "),
    ),
  );
  const createdAt = create[0]?.wallMs;
  const polls = parentCalls.filter(
    (c) => c.method === "GetWorkloadCluster" && createdAt && c.wallMs! >= createdAt,
  );
  if (createdAt && polls.length)
    out.push(span("wait", t0, [[createdAt, polls.at(-1)!.wallMs!]], `${polls.length} GetWorkloadCluster`));
  out.push(span("child join", t0, joinOf(cluster), "tbot"));
  const atChild = t.tools.filter((x) => x.tool === "tctl" && x.server === proxy);
  const reads = atChild.filter((x) => x.command === "get");
  const writers = atChild
    .filter((x) => x.command !== "get")
    .map((x) => ({ x, w: writesOf(x, t.calls, cluster) }));
  const objectWrites = writers.filter((p) => p.w.objects > 0 || p.w.inventory === 0).map((p) => p.x);
  const inventory = writers.filter((p) => p.w.objects === 0 && p.w.inventory > 0).map((p) => p.x);
  const asSpan = (xs: ToolInvocation[]) => xs.map((x): [number, number] => [x.startMs, end(x)]);
  out.push(span("read", t0, asSpan(reads), `${reads.length} tctl`));
  out.push(span("write", t0, asSpan(objectWrites), `${objectWrites.length} tctl`));
  out.push(span("inventory", t0, asSpan(inventory), `${inventory.length} tctl`));
  const last = Math.max(0, ...out.filter((p) => p).map((p) => p!.end));
  out.push({
    name: "summary",
    start: last,
    end: t.endMs - t0,
    note: "after the last request until the process exits",
  });
  const sync = span("sync", t0, asSpan(atChild));
  return { phases: out.filter((p): p is Phase => p !== undefined), syncMs: sync ? sync.end - sync.start : 0 };
}

/** One line per phase: start, end, duration and a bar on a 60-column scale of the whole run. */
export function waterfallLines(p: Phases, totalMs: number): string[] {
  const scale = 60 / Math.max(1, totalMs);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)}`.padStart(6);
  return p.phases.map((ph) => {
    const from = Math.floor(ph.start * scale);
    const width = Math.max(1, Math.round((ph.end - ph.start) * scale));
    const bar = `${" ".repeat(from)}${"#".repeat(width)}`.padEnd(61);
    return `${ph.name.padEnd(11)} ${s(ph.start)} -> ${s(ph.end)} s  ${s(ph.end - ph.start)} s  |${bar}| ${ph.note ?? ""}`;
  });
}

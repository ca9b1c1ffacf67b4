// A workload cluster's configuration is immutable after creation: Teleport Cloud rejects any change of spec
// and accepts an upsert only when the spec matches exactly (fact: B15). So the only
// comparison that matters is "same spec or not", and when not, which fields differ, for the error message.
import type { WorkloadClusterSpec } from "../core/workload-cluster.js";

export interface FieldChange {
  /** Dotted path, e.g. `spec.token.allow[0].aws_arn`. */
  path: string;
  declared: unknown;
  live: unknown;
}

/** The spec as Teleport compares it: the wire form, with empty fields omitted (protojson). */
function normalizeSpec(spec: WorkloadClusterSpec): WorkloadClusterSpec {
  const out: WorkloadClusterSpec = { regions: (spec.regions ?? []).map((r) => ({ name: r.name ?? "" })) };
  if (spec.bot?.name) out.bot = { name: spec.bot.name };
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

export function diffSpec(declared: WorkloadClusterSpec, live: WorkloadClusterSpec): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(normalizeSpec(declared), normalizeSpec(live), "spec", changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      walk(a[key], b[key], `${path}.${key}`, out);
    return;
  }
  if (a !== b) out.push({ path, declared: a, live: b });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function describeChanges(changes: FieldChange[]): string {
  const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
  return changes.map((c) => `${c.path}: repository ${show(c.declared)}, parent ${show(c.live)}`).join("; ");
}

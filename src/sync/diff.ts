// Field-level differences between a declared role or user and the child's copy, for a reviewer to read.
// Only what the repository declares is compared: fields Teleport fills in by default (fact B38, B39) and
// server-owned fields (revision, status, created_by) are not differences, and our own labels are ours.

import type { Resource } from "../core/access.js";
import { canonicalJson } from "../util/canonical-json.js";
import { LABEL_PREFIX } from "./ownership.js";

export interface FieldChange {
  /** Dotted path, e.g. `spec.allow.logins`. */
  path: string;
  declared: unknown;
  live: unknown;
}

const SERVER_OWNED = new Set([
  "metadata.revision",
  "status",
  "spec.created_by",
  "spec.status",
  "spec.expires",
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Set-like lists (logins, roles, verbs) compare without order or duplicates. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].every((x) => !isObject(x) && !Array.isArray(x))) {
    const norm = (l: unknown[]) => [...new Set(l.map((x) => JSON.stringify(x)))].sort().join(",");
    return norm(a) === norm(b);
  }
  return canonicalJson(a) === canonicalJson(b);
}

function walk(declared: unknown, live: unknown, path: string, out: FieldChange[]): void {
  if (SERVER_OWNED.has(path)) return;
  if (isObject(declared)) {
    const liveObject = isObject(live) ? live : {};
    for (const [key, value] of Object.entries(declared)) {
      if (path === "metadata.labels" && key.startsWith(LABEL_PREFIX)) continue;
      walk(value, liveObject[key], path ? `${path}.${key}` : key, out);
    }
    // No labels declared is the empty set: a label added in the child is a difference too.
    if (path === "metadata" && !("labels" in declared) && isObject(liveObject.labels)) {
      walk({}, liveObject.labels, "metadata.labels", out);
    }
    if (path === "metadata.labels" && isObject(live)) {
      // A label is all-or-nothing: one added outside the repository is a difference too.
      for (const key of Object.keys(live)) {
        if (!(key in declared) && !key.startsWith(LABEL_PREFIX) && !key.startsWith("teleport.internal/"))
          out.push({ path: `${path}.${key}`, declared: undefined, live: live[key] });
      }
    }
    return;
  }
  if (!sameValue(declared, live)) out.push({ path, declared, live });
}

export function diffResource(declared: Resource, live: Resource | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  walk(declared, live ?? {}, "", out);
  return out;
}

export function describeChange(c: FieldChange): string {
  const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
  return `${c.path}: ${show(c.live)} -> ${show(c.declared)}`;
}

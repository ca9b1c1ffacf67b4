// Role options, each compared at its effective value (the version's default when left out, B108): whether
// the new value relaxes or tightens the control the option stands for.
import { canonicalJson } from "../util/canonical-json.js";
import { type HighRiskId, OPTIONS, type OptionRule } from "./fields.js";
import type { NormalRole } from "./normalize.js";
import type { Add, Effect } from "./types.js";
import { durationMs } from "./values.js";

/** Options outside the table that the child prints as defaults (B38): the same as leaving them out. */
const SERVER_DEFAULTS: Record<string, unknown> = {
  cert_format: "standard",
  enhanced_recording: ["command", "network"],
};

const show = (v: unknown, written: boolean) => `${JSON.stringify(v)}${written ? "" : " (default)"}`;

const truthy = (v: unknown) =>
  v === true || (typeof v === "string" && ["true", "yes", "on"].includes(v.toLowerCase()));

/** -1: after relaxes the control; 1: tightens it; 0: the same; undefined: not comparable. */
function direction(rule: OptionRule, before: unknown, after: unknown): number | undefined {
  const k = rule.kind;
  switch (k.type) {
    case "allows":
      return truthy(before) === truthy(after) ? 0 : truthy(after) ? -1 : 1;
    case "enforces":
      return truthy(before) === truthy(after) ? 0 : truthy(after) ? 1 : -1;
    case "rank": {
      const b = k.ranks[String(before).toLowerCase()];
      const a = k.ranks[String(after).toLowerCase()];
      if (a === undefined || b === undefined) return undefined;
      return Math.sign(a - b);
    }
    case "duration": {
      const b = durationMs(before);
      const a = durationMs(after);
      if (a === undefined || b === undefined) return undefined;
      return Math.sign(b - a);
    }
    case "limit": {
      const b = Number(before) || Number.POSITIVE_INFINITY;
      const a = Number(after) || Number.POSITIVE_INFINITY;
      return Math.sign(b - a);
    }
  }
}

function mfaOff(rule: OptionRule, before: unknown, after: unknown): HighRiskId | undefined {
  if (rule !== OPTIONS.require_session_mfa || rule.kind.type !== "rank") return undefined;
  const ranks = rule.kind.ranks;
  return (ranks[String(after).toLowerCase()] ?? 1) === 0 && (ranks[String(before).toLowerCase()] ?? 0) > 0
    ? "mfa-off"
    : undefined;
}

export function optionFindings(before: NormalRole, after: NormalRole, add: Add): void {
  for (const [path, rule] of Object.entries(OPTIONS)) {
    const b = before.options[path];
    const a = after.options[path];
    if (canonicalJson(b ?? null) === canonicalJson(a ?? null)) continue;
    // A value derived from another option is compared only where a side writes it (no double counting).
    const derived = path.startsWith("ssh_port_forwarding.") || path === "record_session.ssh";
    if (derived && !before.written.has(path) && !after.written.has(path)) continue;
    const field = `spec.options.${path}`;
    const change = `${show(b, before.written.has(path))} -> ${show(a, after.written.has(path))}`;
    const d = direction(rule, b, a);
    if (d === undefined) {
      add(field, "unclassified", `${rule.what}: ${change}, a value the review does not rank`);
      continue;
    }
    if (d === 0) continue;
    const effect: Effect = d < 0 ? "widens" : "narrows";
    add(field, effect, `${d < 0 ? "relaxes" : "tightens"} ${rule.what}: ${change}`, mfaOff(rule, b, a));
  }
  const known = (key: string) => Object.keys(OPTIONS).some((p) => p === key || p.startsWith(`${key}.`));
  const value = (raw: Record<string, unknown>, key: string) =>
    canonicalJson(raw[key] ?? SERVER_DEFAULTS[key] ?? null);
  for (const key of new Set([...Object.keys(before.rawOptions), ...Object.keys(after.rawOptions)])) {
    if (known(key) || value(before.rawOptions, key) === value(after.rawOptions, key)) continue;
    add(`spec.options.${key}`, "unclassified", "changed: not classified, read the diff");
  }
}

// The hidden header that makes a comment or issue ours (format documented in MARKER.md). It sits on the first
// line so a quote of it further down a body (someone pasting an old comment) never matches, and it carries a
// version so a later format can still recognise, and leave alone, what this one wrote.

export const MARKER_TOOL = "teleport-workload-cluster-action";
export const MARKER_VERSION = 1;

export type MarkerKind = "plan" | "drift";

export interface Marker {
  kind: MarkerKind;
  version: number;
  fields: Record<string, string>;
  /** The marker line itself, so callers can swap it without touching the rest of the body. */
  line: string;
}

// Anything outside this set is %XX-encoded: keeps values free of spaces (the field separator), `=` and `>`,
// so no value can end the comment early, while proxy addresses like `acme.teleport.sh:443` stay readable.
const PLAIN = /[A-Za-z0-9._:-]/;

export function encodeValue(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && PLAIN.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

export function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Every marker, whichever its kind and payload, opens the same way; only the payload after it differs. */
function opening(kind: MarkerKind | "clusters"): string {
  return `<!-- ${MARKER_TOOL}:${kind} v${MARKER_VERSION} `;
}

export function renderMarker(kind: MarkerKind, fields: [string, string | number | undefined][]): string {
  const parts = fields
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${encodeValue(String(v))}`);
  return `${opening(kind)}${parts.join(" ")} -->`;
}

const MARKER_LINE = new RegExp(`^<!-- ${MARKER_TOOL}:(plan|drift) v(\\d+)((?: [a-z]+=[^ ]*)*) -->`);

/** The marker at the very top of `body`, whatever its version; null when the body does not start with one. */
export function parseMarker(body: string): Marker | null {
  const m = MARKER_LINE.exec(body);
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const part of m[3]!.trim().split(" ").filter(Boolean)) {
    const eq = part.indexOf("=");
    fields[part.slice(0, eq)] = decodeValue(part.slice(eq + 1));
  }
  return { kind: m[1] as MarkerKind, version: Number(m[2]), fields, line: m[0] };
}

export type PlanCommentState = "planned" | "applied";

export interface PlanMarker {
  parent: string;
  head: string;
  hash: string;
  run?: string;
  state: PlanCommentState;
}

export function renderPlanMarker(m: PlanMarker): string {
  return renderMarker("plan", [
    ["parent", m.parent],
    ["head", m.head],
    ["hash", m.hash],
    ["run", m.run],
    ["state", m.state],
  ]);
}

/** A v1 plan marker, or null (another kind, another version, or not ours at all). */
export function parsePlanMarker(body: string): PlanMarker | null {
  const m = parseMarker(body);
  if (!m || m.kind !== "plan" || m.version !== 1) return null;
  const { parent, head, hash, run, state } = m.fields;
  if (!parent || !head || !hash) return null;
  return { parent, head, hash, run, state: state === "applied" ? "applied" : "planned" };
}

export interface DriftMarker {
  parent: string;
  /** Drift as last seen by a check that ran to the end. */
  drift: "yes" | "no";
  check: "ok" | "failed";
  /** The run that last wrote the issue: a second call in the same run adds no comment. */
  run: string;
}

export function renderDriftMarker(m: DriftMarker): string {
  return renderMarker("drift", [
    ["parent", m.parent],
    ["drift", m.drift],
    ["check", m.check],
    ["run", m.run],
  ]);
}

export function parseDriftMarker(body: string): DriftMarker | null {
  const m = parseMarker(body);
  if (!m || m.kind !== "drift" || m.version !== 1) return null;
  const { parent, drift, check, run } = m.fields;
  if (!parent) return null;
  return {
    parent,
    drift: drift === "yes" ? "yes" : "no",
    check: check === "failed" ? "failed" : "ok",
    run: run ?? "",
  };
}

// The per-cluster plan hashes ride at the end of the plan comment rather than in its first-line marker: the
// first line stays short and readable, and a table of one hash per cluster can be long. The payload is
// base64url JSON, so it holds no space or `>`. The last occurrence wins, since it is the one this action
// appended after the rendered plan.
const CLUSTERS = opening("clusters");

export function renderClustersMarker(hashes: Record<string, string>): string {
  return `${CLUSTERS}${Buffer.from(JSON.stringify(hashes)).toString("base64url")} -->`;
}

/** The per-cluster hashes of a plan comment body; empty when it carries none or they do not decode. */
export function parseClustersMarker(body: string): Record<string, string> {
  const at = body.lastIndexOf(CLUSTERS);
  if (at < 0) return {};
  const end = body.indexOf(" -->", at);
  try {
    return JSON.parse(Buffer.from(body.slice(at + CLUSTERS.length, end), "base64url").toString("utf8"));
  } catch {
    return {};
  }
}

// The review's vocabulary: what it reads (one planned role or user, as the access plan has it) and what it
// says (per-field findings, and per user what they gain). Plain JSON, so the plan file carries it to the
// report job.
import type { Resource } from "../core/access.js";
import type { HighRiskId } from "./fields.js";

/** One planned object: the access plan's item (src/sync/plan.ts) has these fields. */
export interface ReviewItem {
  kind: string;
  name: string;
  file: string;
  line: number;
  /** Where each key of the declared document is written, by dotted path. */
  fieldLines?: Record<string, number>;
  action: string;
  declared: Resource;
  live?: Resource;
}

/** widens: grants more; narrows: grants less; neutral: no change to access; unclassified: not modelled. */
export type Effect = "widens" | "narrows" | "neutral" | "unclassified";

export interface Finding {
  kind: string;
  name: string;
  file: string;
  line: number;
  /** Dotted field path, e.g. `spec.allow.node_labels`. */
  field: string;
  effect: Effect;
  /** Why, in plain words. */
  reason: string;
  /** The rule of the high-risk table this change matches. */
  highRisk?: HighRiskId;
}

/** One line of "who gains what": a user whose effective access grows. */
export interface Gain {
  user: string;
  /** What they gain, e.g. `logins root on env=prod nodes`. */
  what: string;
  /** How: `role ops` or `user alice` (their own change). */
  via: string;
  file: string;
  line: number;
  highRisk?: HighRiskId;
}

export interface AccessReview {
  findings: Finding[];
  gains: Gain[];
}

export type Side = "allow" | "deny";

/** Records one finding of the object being classified. */
export type Add = (field: string, effect: Effect, reason: string, highRisk?: HighRiskId) => void;

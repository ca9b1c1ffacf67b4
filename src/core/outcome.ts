// What happened to one tenant (one declared workload cluster) in a run: a field per pipeline stage, each
// with a structured error, so reports can show the kind, Teleport's text and the advice apart.
import { TeleportApiError } from "./errors.js";

export interface StageError {
  /** Teleport's error kind, or the action's own: Conflict, Blocked, Timeout, Cancelled, Internal. */
  kind: string;
  /** What went wrong, with Teleport's own text where there is one. */
  message: string;
  /** What the user can do about it. */
  advice?: string;
}

export function stageError(error: unknown, advice?: string, kind?: string): StageError {
  const message = error instanceof Error ? error.message : String(error);
  const resolved = kind ?? (error instanceof TeleportApiError ? error.kind : "Internal");
  return { kind: resolved, message, ...(advice ? { advice } : {}) };
}

/** The error as one text for a log line or an annotation: the message, then the advice. */
export function describeStageError(error: StageError): string {
  return error.advice ? `${error.message}\n${error.advice}` : error.message;
}

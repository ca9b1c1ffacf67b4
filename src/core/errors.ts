// Teleport's errors as the action sees them, whichever transport (gRPC, tctl) carried them.
// fact: B18 (trace kinds and their gRPC codes).

/** Teleport's trace error kinds, recovered from gRPC codes or tctl's text. */
export type TeleportErrorKind =
  | "NotFound"
  | "AlreadyExists"
  | "AccessDenied"
  | "CompareFailed"
  | "BadParameter"
  | "LimitExceeded"
  | "ConnectionProblem"
  | "NotImplemented"
  | "DeadlineExceeded"
  | "Unknown";

export class TeleportApiError extends Error {
  override name = "TeleportApiError";
  constructor(
    readonly kind: TeleportErrorKind,
    message: string,
    /** Worth retrying: no server answer, a deadline, or UNAVAILABLE that is not a permanent refusal. */
    readonly transient: boolean,
    /** The request may have been applied although no answer arrived (the outcome is unknown). */
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}

/** Worth another attempt: no connection, a deadline, or UNAVAILABLE that is not a permanent refusal. */
export const isTransientApiError = (e: unknown): boolean => e instanceof TeleportApiError && e.transient;

export const isNotFound = (e: unknown): boolean => e instanceof TeleportApiError && e.kind === "NotFound";

// gRPC status -> TeleportApiError, the way Teleport's client recovers trace errors (trail.FromGRPC).
// fact: B18 (the 8 mapped codes; others stay Unknown), and "ConnectionProblem /
// Unavailable is used for 'workload clusters API is only available to users'".
import { status } from "@grpc/grpc-js";
import { TeleportApiError, type TeleportErrorKind } from "../../core/errors.js";

/** The permanent refusal Teleport sends as ConnectionProblem (UNAVAILABLE) for non-user identities. */
const ONLY_USERS_TEXT = "only available to users";

const KIND_BY_CODE: Partial<Record<number, TeleportErrorKind>> = {
  [status.NOT_FOUND]: "NotFound",
  [status.ALREADY_EXISTS]: "AlreadyExists",
  [status.PERMISSION_DENIED]: "AccessDenied",
  [status.FAILED_PRECONDITION]: "CompareFailed",
  [status.INVALID_ARGUMENT]: "BadParameter",
  [status.RESOURCE_EXHAUSTED]: "LimitExceeded",
  [status.UNAVAILABLE]: "ConnectionProblem",
  [status.UNIMPLEMENTED]: "NotImplemented",
  // Not a trace kind on the server side, but the client's own deadline: worth its own kind.
  [status.DEADLINE_EXCEEDED]: "DeadlineExceeded",
};

export interface GrpcStatusLike {
  code?: number;
  details?: string;
  message?: string;
}

export interface StatusContext {
  /** The call creates or deletes: a lost answer leaves its outcome unknown. */
  write: boolean;
  /** `host:port`, named in connection messages. */
  address?: string;
}

/** grpc-js fails a call with this when no connection was ever ready: the request did not leave. */
const NOT_CONNECTED = /^No connection established/;
/** grpc-js's deadline details while the call still waited for a connection (the request did not leave). */
const DEADLINE_BEFORE_SEND = /waiting for LB pick|waiting for name resolution|waiting for metadata filters/i;

function isOnlyUsersRefusal(message: string): boolean {
  return message.includes(ONLY_USERS_TEXT);
}

export function fromGrpcStatus(error: GrpcStatusLike, context: StatusContext): TeleportApiError {
  const code = error.code ?? status.UNKNOWN;
  const details = error.details || error.message || `gRPC status ${code}`;
  const kind = KIND_BY_CODE[code] ?? "Unknown";
  if (code === status.UNAVAILABLE && NOT_CONNECTED.test(details)) {
    const reason = details.match(/Last error: (.*?)(?:\. Resolution note:|$)/)?.[1];
    const where = context.address ? ` through ${context.address}` : "";
    return new TeleportApiError(
      "ConnectionProblem",
      `cannot connect to the Teleport Auth API${where}${reason && reason !== "undefined" ? `: ${reason}` : ""}`,
      true,
      false,
    );
  }
  if (code === status.UNAVAILABLE) {
    // Teleport's ConnectionProblem for a host/service identity is a refusal that no retry changes.
    if (isOnlyUsersRefusal(details)) return new TeleportApiError(kind, details, false, false);
    return new TeleportApiError(kind, details, true, context.write);
  }
  if (code === status.DEADLINE_EXCEEDED) {
    return new TeleportApiError(kind, details, true, context.write && !DEADLINE_BEFORE_SEND.test(details));
  }
  // Throttling (trace LimitExceeded) is worth another attempt later; nothing else the server answers is.
  return new TeleportApiError(kind, details, code === status.RESOURCE_EXHAUSTED, false);
}

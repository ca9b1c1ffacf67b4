// Teleport's trace errors as the simulator raises them. Each kind carries the gRPC status code that
// trace's mapping gives it. fact: B18 (trace <-> gRPC codes).
export const GrpcCode = {
  OK: 0,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;
export type GrpcCodeValue = (typeof GrpcCode)[keyof typeof GrpcCode];

export type TraceKind =
  | "NotFound"
  | "AlreadyExists"
  | "AccessDenied"
  | "CompareFailed"
  | "BadParameter"
  | "LimitExceeded"
  | "ConnectionProblem"
  | "NotImplemented"
  | "Unknown";

const CODE_OF: Record<TraceKind, GrpcCodeValue> = {
  NotFound: GrpcCode.NOT_FOUND,
  AlreadyExists: GrpcCode.ALREADY_EXISTS,
  AccessDenied: GrpcCode.PERMISSION_DENIED,
  CompareFailed: GrpcCode.FAILED_PRECONDITION,
  BadParameter: GrpcCode.INVALID_ARGUMENT,
  LimitExceeded: GrpcCode.RESOURCE_EXHAUSTED,
  ConnectionProblem: GrpcCode.UNAVAILABLE,
  NotImplemented: GrpcCode.UNIMPLEMENTED,
  Unknown: GrpcCode.UNKNOWN,
};

const KIND_OF = new Map<number, TraceKind>(
  (Object.entries(CODE_OF) as [TraceKind, GrpcCodeValue][]).map(([kind, code]) => [code, kind]),
);

export class SimError extends Error {
  readonly kind: TraceKind;
  readonly code: GrpcCodeValue;
  constructor(kind: TraceKind, message: string) {
    super(message);
    this.name = "SimError";
    this.kind = kind;
    this.code = CODE_OF[kind];
  }

  /** The trace kind a client reconstructs from a gRPC status code (trail.FromGRPC). */
  static kindOfCode(code: number): TraceKind {
    return KIND_OF.get(code) ?? "Unknown";
  }
}

export const notFound = (message: string) => new SimError("NotFound", message);
export const alreadyExists = (message: string) => new SimError("AlreadyExists", message);
export const accessDenied = (message: string) => new SimError("AccessDenied", message);
export const compareFailed = (message: string) => new SimError("CompareFailed", message);
export const badParameter = (message: string) => new SimError("BadParameter", message);
export const connectionProblem = (message: string) => new SimError("ConnectionProblem", message);
export const notImplemented = (message: string) => new SimError("NotImplemented", message);

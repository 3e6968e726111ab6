// gRPC status errors as ZITADEL's gateway renders them (docs/zitadel-api.md §3): a numeric code, a message
// "<text> (<id>)" for ZITADEL errors (plain text for gateway/routing errors), and at most one
// zitadel.v1.ErrorDetail {id, message}. The HTTP status follows grpc-gateway's HTTPStatusFromCode.

export const GrpcCode = {
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

export type GrpcCodeNumber = (typeof GrpcCode)[keyof typeof GrpcCode];

/** grpc-gateway v2.26.3 runtime/errors.go HTTPStatusFromCode (docs/zitadel-api.md §3). */
function httpStatusFromCode(code: GrpcCodeNumber): number {
  switch (code) {
    case GrpcCode.InvalidArgument:
    case GrpcCode.FailedPrecondition:
    case GrpcCode.OutOfRange:
      return 400;
    case GrpcCode.Unauthenticated:
      return 401;
    case GrpcCode.PermissionDenied:
      return 403;
    case GrpcCode.NotFound:
      return 404;
    case GrpcCode.AlreadyExists:
    case GrpcCode.Aborted:
      return 409;
    case GrpcCode.ResourceExhausted:
      return 429;
    case GrpcCode.Canceled:
      return 499;
    case GrpcCode.Unknown:
    case GrpcCode.Internal:
    case GrpcCode.DataLoss:
      return 500;
    case GrpcCode.Unimplemented:
      return 501;
    case GrpcCode.Unavailable:
      return 503;
    case GrpcCode.DeadlineExceeded:
      return 504;
  }
}

/** A failed call. `detail` present = a ZITADEL error (message gets " (id)" and an ErrorDetail). */
export class RpcError extends Error {
  override readonly name = "RpcError";
  readonly status: number;
  constructor(
    readonly code: GrpcCodeNumber,
    readonly text: string,
    readonly detail?: { readonly id: string },
    /** Only for the gateway's routing errors: 405 is reported with code 12 but HTTP 405. */
    statusOverride?: number,
  ) {
    super(detail ? `${text} (${detail.id})` : text);
    this.status = statusOverride ?? httpStatusFromCode(code);
  }
}

/** A ZITADEL (zerrors) error: message "<text> (<id>)", one ErrorDetail {id, message: text}. */
export const zitadelError = (code: GrpcCodeNumber, text: string, id: string): RpcError =>
  new RpcError(code, text, { id });

/** A gateway or raw gRPC error: no " (id)", no details. */
export const plainError = (code: GrpcCodeNumber, text: string, status?: number): RpcError =>
  new RpcError(code, text, undefined, status);

// Every error the emulator answers with, in one place, verbatim from docs/zitadel-api.md §2.1, §3.3 and §8
// (and the ZITADEL source where the doc is silent; those rows say so). Tests assert these literally.
import { GrpcCode, plainError, zitadelError, type RpcError } from "./rpc-error.js";

export const Errors = {
  // ---- routing (grpc-gateway; docs/zitadel-api.md §1) ----
  notFound: (): RpcError => plainError(GrpcCode.NotFound, "Not Found"),
  methodNotAllowed: (): RpcError => plainError(GrpcCode.Unimplemented, "Method Not Allowed", 405),
  /** A real upstream route the emulator does not serve: said honestly, with the method's name. */
  notImplemented: (method: string): RpcError =>
    plainError(GrpcCode.Unimplemented, `Not Implemented: ${method} is not served by the zitadel-lockout emulator`),
  /** Body or query decoding failed (docs/zitadel-api.md §0): 400, code 3, no details. */
  decode: (text: string): RpcError => plainError(GrpcCode.InvalidArgument, text),

  // ---- authentication and authorization (docs/zitadel-api.md §3) ----
  authHeaderMissing: (): RpcError => plainError(GrpcCode.Unauthenticated, "auth header missing"),
  /** Authorization header without the "Bearer " prefix (docs/zitadel-api.md §3). */
  invalidAuthHeader: (): RpcError => zitadelError(GrpcCode.Unauthenticated, "invalid auth header", "AUTH-toLo1"),
  tokenInvalid: (): RpcError => zitadelError(GrpcCode.Unauthenticated, "Errors.Token.Invalid", "AUTH-7fs1e"),
  orgDoesNotExist: (): RpcError => zitadelError(GrpcCode.PermissionDenied, "Organisation doesn't exist", "AUTH-Bs7Ds"),
  membershipNotFound: (): RpcError => zitadelError(GrpcCode.NotFound, "membership not found", "AUTHZ-cdgFk"),
  noMatchingPermissions: (): RpcError =>
    zitadelError(GrpcCode.PermissionDenied, "No matching permissions found", "AUTH-5mWD2"),
  /**
   * v2 commands' own permission check: internal/command checkPermission is authz.CheckPermission
   * (internal/api/authz/permission.go), which answers AUTH-AWfge when the caller's memberships in the
   * user's org and on the instance grant none of the permission (no membership at all: AUTHZ-cdgFk).
   */
  commandPermissionDenied: (): RpcError =>
    zitadelError(GrpcCode.PermissionDenied, "No matching permissions found", "AUTH-AWfge"),

  // ---- lockout policy state machine (docs/zitadel-api.md §2.1; these keys have no translation) ----
  instanceLockoutNotChanged: (): RpcError =>
    zitadelError(GrpcCode.FailedPrecondition, "Errors.IAM.LockoutPolicy.NotChanged", "INSTANCE-0psjF"),
  instanceLockoutNotFound: (): RpcError =>
    zitadelError(GrpcCode.NotFound, "Errors.IAM.LockoutPolicy.NotFound", "INSTANCE-0oPew"),
  orgLockoutAlreadyExists: (): RpcError =>
    zitadelError(GrpcCode.AlreadyExists, "Errors.ORG.LockoutPolicy.AlreadyExists", "ORG-0olDf"),
  orgLockoutNotFoundOnUpdate: (): RpcError =>
    zitadelError(GrpcCode.NotFound, "Errors.Org.LockoutPolicy.NotFound", "ORG-ADfs1"),
  orgLockoutNotChanged: (): RpcError =>
    zitadelError(GrpcCode.FailedPrecondition, "Errors.Org.LockoutPolicy.NotChanged", "ORG-0JFSr"),
  orgLockoutNotFoundOnReset: (): RpcError =>
    zitadelError(GrpcCode.NotFound, "Errors.Org.LockoutPolicy.NotFound", "ORG-D4zuz"),

  // ---- users (docs/zitadel-api.md §8; these keys are translated, English shown) ----
  userNotFoundOnLockV1: (): RpcError => zitadelError(GrpcCode.NotFound, "User could not be found", "COMMAND-5M9fs"),
  userNotFoundOnUnlockV1: (): RpcError => zitadelError(GrpcCode.NotFound, "User could not be found", "COMMAND-M0dos"),
  userNotFoundOnLockV2: (): RpcError =>
    zitadelError(GrpcCode.NotFound, "User could not be found", "COMMAND-450yxuqrh1"),
  userNotFoundOnUnlockV2: (): RpcError =>
    zitadelError(GrpcCode.NotFound, "User could not be found", "COMMAND-x377t913pw"),
  userNotLockedV1: (): RpcError => zitadelError(GrpcCode.FailedPrecondition, "User is not locked", "COMMAND-4M0ds"),
  userNotLockedV2: (): RpcError =>
    zitadelError(GrpcCode.FailedPrecondition, "User is not locked", "COMMAND-olb9vb0oca"),
  userNotActiveV1: (): RpcError =>
    zitadelError(GrpcCode.FailedPrecondition, "User is not active or initial", "COMMAND-3NN8v"),
  userNotActiveV2: (): RpcError =>
    zitadelError(GrpcCode.FailedPrecondition, "User is not active or initial", "COMMAND-lgws8wtsqf"),

  // ---- list limits (docs/zitadel-api.md §4) ----
  limitExceeded: (): RpcError => zitadelError(GrpcCode.InvalidArgument, "Errors.Query.LimitExceeded", "QUERY-4M0fs"),

  // ---- limits and injected failures (docs/zitadel-api.md §6) ----
  instanceBlocked: (): RpcError =>
    zitadelError(GrpcCode.ResourceExhausted, "Errors.Limits.Instance.Blocked", "LIMITS-molsj"),
  unavailable: (): RpcError => plainError(GrpcCode.Unavailable, "upstream unavailable"),
  internal: (): RpcError => plainError(GrpcCode.Internal, "Internal"),
} as const;

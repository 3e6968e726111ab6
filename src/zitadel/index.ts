// The ZITADEL REST client: the one module that talks to a ZITADEL server (design.md §4).
export { createClient, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, ORG_PAGE_SIZE } from "./client.js";
export { isAlreadyExists, isNotChanged, isPolicyNotFound } from "./api-error.js";
export { describeError } from "./hints.js";
export { endpoint, type EndpointName } from "./endpoints.js";
export { parseKeyFile } from "./key-file.js";
export { isLoopbackHost } from "./base-url.js";
export { USER_PAGE_SIZE, type RecoveryCalls } from "./recovery-calls.js";
export { TOKEN_SCOPE } from "./auth.js";
export type {
  ClientOptions,
  MemberRow,
  UserQuery,
  UserRow,
  UserState,
  WhoAmI,
  CredentialKind,
  Membership,
  Credentials,
  EventQuery,
  LogEvent,
  OrgSummary,
  PolicyRead,
  RequestEvent,
  RetryOptions,
  ServiceAccountKey,
  WriteResult,
  ZitadelClient,
} from "./types.js";

// The ZITADEL REST client: the one module that talks to a ZITADEL server (README.md#architecture).
export { createClient } from "./client.js";
export { isAlreadyExists, isNotChanged, isPolicyNotFound } from "./api-error.js";
export { describeError } from "./hints.js";
export { endpoint, type EndpointName } from "./endpoints.js";
export { parseKeyFile } from "./key-file.js";
export { isLoopbackHost } from "./base-url.js";
export { USER_PAGE_SIZE } from "./recovery-calls.js";
export { TOKEN_SCOPE } from "./auth.js";
export type {
  ClientOptions,
  MemberRow,
  UserRow,
  WhoAmI,
  Membership,
  Credentials,
  EventQuery,
  LogEvent,
  OrgSummary,
  PolicyRead,
  RequestEvent,
  ServiceAccountKey,
  WriteResult,
  ZitadelClient,
} from "./types.js";

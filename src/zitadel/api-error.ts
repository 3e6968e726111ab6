// Turns whatever came back (ZITADEL's gRPC-gateway JSON, an OAuth error, a proxy's HTML or plain text,
// or no response at all) into one typed ApiError, and recognises the ZITADEL errors callers act on.
import { ApiError } from "../errors.js";
import { printable } from "../model.js";
import { hintFor } from "./hints.js";
import type { Redactor } from "./redact.js";

/** The request an error belongs to. */
export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly orgId?: string;
}

type ApiErrorInfo = ApiError["info"];

/** Creates the ApiError and, when the client knows what the error means, appends a hint to its message. */
export function makeApiError(raw: ApiErrorInfo): ApiError {
  // The server's words reach terminals and CI logs: no escape sequence or forged line may come with them.
  const info = { ...raw, serverMessage: printable(raw.serverMessage) };
  const error = new ApiError(info);
  const hint = hintFor(info);
  // ApiError builds its message from `info`; the hint is the client's knowledge (endpoint → permission),
  // so it is added here rather than in errors.ts. The CLI prints `message`, so the user sees it.
  if (hint !== undefined) error.message += `\n  hint: ${hint}`;
  return error;
}

const MAX_SNIPPET = 300;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A server's own error message is shown whole up to this length, then cut (after redaction). */
const MAX_SERVER_MESSAGE = 1000;
const capped = (text: string): string =>
  text.length > MAX_SERVER_MESSAGE ? `${text.slice(0, MAX_SERVER_MESSAGE)}…` : text;

/** Shortens a text that is already redacted (callers redact first). */
function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET)}…` : flat;
}

/** `Errors.Org.LockoutPolicy.NotChanged (ORG-0JFSr)` → `ORG-0JFSr`. */
const ID_IN_MESSAGE = /\(([A-Za-z]+-[A-Za-z0-9]+)\)\s*$/;

function errorDetailId(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const d of details as unknown[]) {
    if (isObject(d) && typeof d.id === "string" && d.id !== "") return d.id;
  }
  return undefined;
}

/** What the body says, as ApiError fields. Never throws: any body becomes a message. */
function describeBody(
  status: number,
  contentType: string,
  text: string,
  redactor: Redactor,
): Pick<ApiErrorInfo, "code" | "id" | "serverMessage"> {
  let json: unknown;
  try {
    json = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (isObject(json) && typeof json.code === "number" && typeof json.message === "string") {
    const id = errorDetailId(json.details) ?? ID_IN_MESSAGE.exec(json.message)?.[1];
    return { code: json.code, serverMessage: json.message, ...(id !== undefined ? { id } : {}) };
  }
  if (isObject(json) && typeof json.error === "string") {
    // OAuth 2.0 error response from the token endpoint (RFC 6749 §5.2).
    const description = typeof json.error_description === "string" ? `: ${json.error_description}` : "";
    return { serverMessage: `${json.error}${description}` };
  }
  // Re-serialized from the decoded value: \u escapes in the raw text could hide a secret from the redactor.
  if (json !== undefined)
    return { serverMessage: `unexpected JSON error body: ${snippet(redactor.redact(JSON.stringify(json)))}` };
  if (text.trim() === "")
    return { serverMessage: `empty body${status >= 500 ? " (the server or a proxy in front of it failed)" : ""}` };
  const type = contentType.split(";")[0]?.trim() || "no content type";
  if (/html/i.test(type) || /^\s*</.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
    return { serverMessage: `non-JSON body (${type})${title ? `: "${snippet(title)}"` : ""}, probably from a proxy` };
  }
  // Plain text, e.g. ZITADEL's quota interceptor: 429 "Your ZITADEL instance is blocked."
  return { serverMessage: snippet(text) };
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly location?: string;
  readonly text: string;
}

/** An ApiError for a response that is not a success. */
export function errorFromResponse(ctx: RequestContext, res: RawResponse, redactor: Redactor): ApiError {
  if (res.status >= 300 && res.status < 400) {
    const to = res.location ? ` to ${redactor.redact(res.location.split(/[?#]/)[0] ?? "")}` : "";
    return makeApiError({ ...ctx, status: res.status, serverMessage: `redirect${to} (not followed)` });
  }
  // Redact before anything is cut or picked out: a body cut at MAX_SNIPPET characters would otherwise keep
  // the first part of an echoed token, which no longer matches the whole one. JSON strings are redacted
  // again once decoded (an echo written with \u escapes only shows its secret then).
  const body = describeBody(res.status, redactor.redact(res.contentType), redactor.redact(res.text), redactor);
  return makeApiError({
    ...ctx,
    status: res.status,
    ...body,
    serverMessage: capped(redactor.redact(body.serverMessage)),
  });
}

/**
 * An ApiError for a 2xx whose body is not what the endpoint returns: never read as zeros. `problem` may
 * quote the server's values; it is redacted, then shortened.
 */
export function unexpectedResponse(ctx: RequestContext, status: number, problem: string, redactor: Redactor): ApiError {
  return makeApiError({ ...ctx, status, serverMessage: `unexpected response: ${snippet(redactor.redact(problem))}` });
}

/** Network-level failures (no HTTP response). `retryable`: a new attempt may well succeed. */
export interface NetworkFailure {
  readonly error: ApiError;
  readonly retryable: boolean;
}

const NETWORK_CODES: Readonly<Record<string, { readonly text: string; readonly retryable: boolean }>> = {
  ECONNREFUSED: { text: "connection refused", retryable: true },
  ECONNRESET: { text: "connection reset", retryable: true },
  EPIPE: { text: "connection closed while sending", retryable: true },
  ETIMEDOUT: { text: "connection timed out", retryable: true },
  EAI_AGAIN: { text: "DNS lookup failed temporarily", retryable: true },
  ENOTFOUND: { text: "host not found (DNS)", retryable: false },
  UND_ERR_CONNECT_TIMEOUT: { text: "connect timed out", retryable: true },
  UND_ERR_SOCKET: { text: "connection closed by the server", retryable: true },
  UND_ERR_HEADERS_TIMEOUT: { text: "timed out waiting for the response", retryable: true },
  UND_ERR_BODY_TIMEOUT: { text: "timed out reading the response", retryable: true },
};

/** Node's codes for a certificate chain it will not accept. */
const UNTRUSTED_CERTIFICATE = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

export function errorFromNetwork(
  ctx: RequestContext,
  err: unknown,
  timeoutMs: number,
  redactor: Redactor,
): NetworkFailure {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  const known = code !== undefined ? NETWORK_CODES[code] : undefined;
  if (e.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return {
      error: makeApiError({ ...ctx, status: 0, serverMessage: `timed out after ${timeoutMs / 1000} s` }),
      retryable: true,
    };
  }
  if (known !== undefined) {
    return {
      error: makeApiError({ ...ctx, status: 0, serverMessage: `${known.text} (${code})` }),
      retryable: known.retryable,
    };
  }
  // OpenSSL's own text spans lines and names C source files; say what it means instead.
  if (code?.startsWith("ERR_SSL_")) {
    return {
      error: makeApiError({
        ...ctx,
        status: 0,
        serverMessage:
          `TLS handshake failed (${code}): is this address serving https? ` + `(an http-only port answers like this)`,
      }),
      retryable: false,
    };
  }
  if (code !== undefined && UNTRUSTED_CERTIFICATE.has(code)) {
    const what = typeof e.message === "string" ? e.message.split("\n")[0] : code;
    return {
      error: makeApiError({
        ...ctx,
        status: 0,
        serverMessage:
          `the server's TLS certificate is not trusted: ${what} (${code}); verification stays on — if your ` +
          `own CA signed it, point NODE_EXTRA_CA_CERTS at that CA's PEM file`,
      }),
      retryable: false,
    };
  }
  // TLS verification failures, closed client, unknown errors: a retry would fail the same way.
  const message = typeof e.message === "string" ? e.message : String(err);
  return {
    error: makeApiError({ ...ctx, status: 0, serverMessage: redactor.redact(code ? `${message} (${code})` : message) }),
    retryable: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Errors callers act on (docs/zitadel-api.md §2.1). The lockout keys are not translated, so the key in the message
// is as reliable as the id; both are checked in case a proxy dropped `details`.

const hasIdOrKey = (e: unknown, ids: readonly string[], key: RegExp): boolean =>
  e instanceof ApiError && ((e.info.id !== undefined && ids.includes(e.info.id)) || key.test(e.info.serverMessage));

/** A write changed nothing: the target already has these values. */
export const isNotChanged = (e: unknown): boolean =>
  hasIdOrKey(e, ["INSTANCE-0psjF", "ORG-0JFSr"], /Errors\.(IAM|Org)\.LockoutPolicy\.NotChanged/);

/** POST found a custom policy already there. */
export const isAlreadyExists = (e: unknown): boolean =>
  hasIdOrKey(e, ["ORG-0olDf"], /Errors\.ORG\.LockoutPolicy\.AlreadyExists/i);

/** PUT/DELETE found no custom policy (or the instance policy is missing). */
export const isPolicyNotFound = (e: unknown): boolean =>
  hasIdOrKey(e, ["ORG-ADfs1", "ORG-D4zuz", "INSTANCE-0oPew"], /Errors\.(IAM|Org)\.LockoutPolicy\.NotFound/i);

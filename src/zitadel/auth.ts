// Access tokens: a PAT as given, or one obtained from ZITADEL's token endpoint with a key-file JWT
// (JWT-profile grant) or client id + secret (client-credentials grant). Obtained tokens are cached and
// renewed shortly before they expire; a 401 from the API invalidates the token once (client.ts).
import type { KeyObject } from "node:crypto";
import type { Clock } from "../clock.js";
import { assertNever } from "../model.js";
import { unexpectedResponse } from "./api-error.js";
import type { BaseUrl } from "./base-url.js";
import { endpoint } from "./endpoints.js";
import { loadPrivateKey } from "./key-file.js";
import type { Redactor } from "./redact.js";
import { withRetry, type RetryPolicy } from "./retry.js";
import type { Transport } from "./transport.js";
import type { Credentials, ServiceAccountKey } from "./types.js";

/**
 * docs/zitadel-api.md §5.1: without the ZITADEL audience scope the APIs reject JWT-profile and client-credentials
 * tokens.
 */
export const TOKEN_SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud";

/** How long a key-file assertion is valid (exp - iat); zitadel/oidc's own default. */
const ASSERTION_LIFETIME_S = 3600;
/**
 * The assertion's iat lies this far in the past. ZITADEL's verifier refuses an iat more than 1 s ahead of
 * its own clock (zitadel/oidc CheckIssuedAt, offset 1 s) and accepts one up to an hour old, so a machine
 * whose clock runs a few seconds fast would otherwise be refused every token.
 */
const CLOCK_SKEW_ALLOWANCE_S = 60;
/** Used when the token response has no expires_in (RFC 6749 makes it optional). */
const FALLBACK_TOKEN_LIFETIME_S = 300;
/** Renew this long before expiry at most; short-lived tokens renew after 80 % of their lifetime. */
const MAX_RENEW_MARGIN_MS = 60_000;

export interface TokenSource {
  /** false for a PAT: nothing to renew it from. */
  readonly renewable: boolean;
  /** A valid access token (cached, or fetched now). */
  get(): Promise<string>;
  /** The API rejected `token`: forget it, so the next get() fetches a new one. */
  invalidate(token: string): void;
}

export interface TokenDeps {
  readonly base: BaseUrl;
  readonly transport: Transport;
  readonly retry: RetryPolicy;
  readonly redactor: Redactor;
  /** Renewal times are measured on it, and the token request's retries wait on it. */
  readonly clock: Clock;
}

export function createTokenSource(credentials: Credentials, deps: TokenDeps): TokenSource {
  switch (credentials.kind) {
    case "pat":
      deps.redactor.add(credentials.token);
      return { renewable: false, get: async () => credentials.token, invalidate: () => {} };
    case "key-file": {
      const signingKey = loadPrivateKey(credentials.key.key, credentials.source);
      return cachedTokens(deps, async () => {
        const assertion = await signAssertion(credentials.key, signingKey, deps.base.origin);
        deps.redactor.add(assertion);
        return {
          form: { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", scope: TOKEN_SCOPE, assertion },
          headers: {},
        };
      });
    }
    case "client-credentials": {
      // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding (zitadel/oidc unescapes them).
      const basic = Buffer.from(
        `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
      ).toString("base64");
      deps.redactor.add(credentials.clientSecret);
      deps.redactor.add(basic);
      return cachedTokens(deps, async () => ({
        form: { grant_type: "client_credentials", scope: TOKEN_SCOPE },
        headers: { authorization: `Basic ${basic}` },
      }));
    }
    default:
      return assertNever(credentials);
  }
}

/** The JWT-profile assertion (RFC 7523): RS256 with kid, iss = sub = the machine user, aud = the instance. */
export async function signAssertion(
  key: ServiceAccountKey,
  signingKey: KeyObject,
  audience: string,
  nowS = Math.floor(Date.now() / 1000),
): Promise<string> {
  // jose costs ~40 ms to import: only key-file runs pay for it (PAT and client credentials never sign).
  const { SignJWT } = await import("jose");
  const subject = key.userId;
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid: key.keyId })
    .setIssuer(subject)
    .setSubject(subject)
    .setAudience(audience)
    .setIssuedAt(nowS - CLOCK_SKEW_ALLOWANCE_S)
    .setExpirationTime(nowS - CLOCK_SKEW_ALLOWANCE_S + ASSERTION_LIFETIME_S)
    .sign(signingKey);
}

interface TokenRequest {
  readonly form: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

interface CachedToken {
  readonly token: string;
  /** The clock's now() after which the token is renewed. */
  readonly renewAt: number;
}

function cachedTokens(deps: TokenDeps, buildRequest: () => Promise<TokenRequest>): TokenSource {
  let cached: CachedToken | undefined;
  // Concurrent callers that find no valid token share one fetch instead of each asking for a token.
  let inFlight: Promise<CachedToken> | undefined;

  const fetchToken = async (): Promise<CachedToken> => {
    const { method, path } = endpoint("token");
    const request = await buildRequest();
    const body = new URLSearchParams(request.form).toString();
    // The lifetime counts from when the server issued the token, so measure from before asking.
    const requested = deps.clock.now();
    // The token grant has no side effect on the server, so every retryable failure may be retried.
    const res = await withRetry(
      (attempt) =>
        deps.transport.send(
          { method, path, headers: { "content-type": "application/x-www-form-urlencoded", ...request.headers }, body },
          attempt,
        ),
      deps.retry,
      deps.transport.signal,
      deps.clock,
    );
    const { token, lifetimeS } = parseTokenResponse(res.status, res.text, deps.redactor);
    deps.redactor.add(token);
    const lifetimeMs = lifetimeS * 1000;
    return { token, renewAt: requested + lifetimeMs - Math.min(MAX_RENEW_MARGIN_MS, lifetimeMs * 0.2) };
  };

  return {
    renewable: true,
    async get() {
      if (cached !== undefined && deps.clock.now() < cached.renewAt) return cached.token;
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      cached = await inFlight;
      return cached.token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** Reads `{access_token, token_type, expires_in}`; anything else is an error that quotes no part of the body. */
function parseTokenResponse(status: number, text: string, redactor: Redactor): { token: string; lifetimeS: number } {
  const { method, path } = endpoint("token");
  // The problems below may quote a value (token_type): redacted, since a server can echo the Basic header there.
  const fail = (problem: string) => unexpectedResponse({ method, path }, status, problem, redactor);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail("the token endpoint did not answer with JSON");
  }
  if (typeof json !== "object" || json === null) throw fail("the token response is not a JSON object");
  const { access_token: token, token_type: type, expires_in: expiresIn } = json as Record<string, unknown>;
  if (typeof token !== "string" || token === "") throw fail("the token response has no access_token");
  if (type !== undefined && (typeof type !== "string" || type.toLowerCase() !== "bearer")) {
    throw fail(`the token type is ${JSON.stringify(type)}, expected Bearer`);
  }
  if (expiresIn === undefined) return { token, lifetimeS: FALLBACK_TOKEN_LIFETIME_S };
  const lifetimeS = typeof expiresIn === "string" && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  if (typeof lifetimeS !== "number" || !Number.isFinite(lifetimeS) || lifetimeS <= 0) {
    throw fail("the token response has an invalid expires_in");
  }
  return { token, lifetimeS };
}

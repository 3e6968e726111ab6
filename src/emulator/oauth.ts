// POST /oauth/v2/token: the two grants a service user needs (docs/zitadel-api.md §5.1).
// - JWT profile (urn:ietf:params:oauth:grant-type:jwt-bearer): an RS256 assertion signed with a machine
//   key; iss and sub are the key's user, aud must contain the issuer (this server's URL). Times as ZITADEL's
//   verifier checks them (op.NewJWTProfileVerifier(…, time.Hour, time.Second); zitadel/oidc CheckIssuedAt
//   and CheckExpiration): iat at most 1 s in the future and at most an hour old, exp more than 1 s away.
// - client credentials: HTTP Basic client_id:client_secret (or the same two form fields).
// Both answer {access_token, token_type: "Bearer", expires_in}; only tokens requested with the ZITADEL
// API scope are accepted by the APIs afterwards. Errors are OAuth 2.0 JSON ({error, error_description}) with
// ZITADEL's statuses, which are not the RFC's (docs/zitadel-api.md §5.1): a rejected assertion is
// 500 server_error "Errors.Internal" (the verifier's error is not a ZITADEL error, so it is mapped as an
// unknown one), an unknown key 404 invalid_request "Errors.AuthNKey.NotFound", an unknown client 400
// invalid_client and a wrong secret 400 invalid_request "Errors.User.Machine.Secret.Invalid".
import { generateKeyPair, randomInt, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { ZITADEL_API_SCOPE, type Auth } from "./auth.js";
import type { Store } from "./state.js";

const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

export interface MachineKey {
  readonly keyId: string;
  readonly userId: string;
  readonly publicKey: KeyObject;
}

export interface ServiceAccountKeyFile {
  readonly type: "serviceaccount";
  readonly keyId: string;
  readonly key: string;
  readonly userId: string;
}

export interface OAuthResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * The RSA key pair behind every machine key this process hands out, made on first use. A 2048-bit key
 * costs ~120 ms of CPU; a test suite starts hundreds of emulators in a few processes, and one `emulator`
 * command starts one. Still unguessable (new in every process); each start gets its own random key id, so
 * a key file of one emulator is refused by another (unknown key, as ZITADEL answers).
 */
let processKeyPair: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | undefined;

/** A machine key for a machine user: the key file (PKCS#1 PEM, as ZITADEL issues) and its public half. */
export async function createMachineKey(userId: string): Promise<{ keyFile: ServiceAccountKeyFile; key: MachineKey }> {
  processKeyPair ??= promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const { privateKey, publicKey } = await processKeyPair;
  // Key ids are 18-digit like ZITADEL's; random, so that no two starts share one.
  const keyId = `3${String(randomInt(10 ** 8, 10 ** 9))}${String(randomInt(10 ** 8, 10 ** 9))}`.slice(0, 18);
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return { keyFile: { type: "serviceaccount", keyId, key: pem, userId }, key: { keyId, userId, publicKey } };
}

const oauthError = (status: number, error: string, description: string): OAuthResponse => ({
  status,
  body: JSON.stringify({ error, error_description: description }),
});

export async function handleTokenRequest(input: {
  readonly rawBody: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  /** The issuer a JWT assertion must name in aud: this server's URL as the client reached it. */
  readonly issuers: readonly string[];
  readonly store: Store;
  readonly auth: Auth;
  readonly keys: ReadonlyMap<string, MachineKey>;
  readonly ttlSeconds: number;
}): Promise<OAuthResponse> {
  if (!input.contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return oauthError(400, "invalid_request", "the token request must be application/x-www-form-urlencoded");
  }
  const form = new URLSearchParams(input.rawBody);
  const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
  const apiAudience = scopes.includes(ZITADEL_API_SCOPE);
  const grantType = form.get("grant_type");

  let userId: string;
  if (grantType === JWT_BEARER_GRANT) {
    const verified = await verifyAssertion(form.get("assertion") ?? "", input.keys, input.issuers);
    if (typeof verified !== "string") return verified;
    userId = verified;
  } else if (grantType === "client_credentials") {
    const client = clientFrom(input.authorization, form);
    const user = client
      ? input.store.data.users.find((u) => u.kind === "machine" && u.userName === client.id)
      : undefined;
    if (!client || !user) return oauthError(400, "invalid_client", "client not found");
    if (!input.auth.verifyClientSecret(user.id, client.secret)) {
      return oauthError(400, "invalid_request", "Errors.User.Machine.Secret.Invalid");
    }
    userId = user.id;
  } else {
    return oauthError(400, "unsupported_grant_type", `grant_type ${JSON.stringify(grantType ?? "")} is not supported`);
  }
  const user = input.store.findUser(userId);
  if (!user || user.state !== "active") return oauthError(400, "invalid_grant", "user is not active");
  const accessToken = input.auth.issueAccessToken(userId, apiAudience, input.ttlSeconds);
  return {
    status: 200,
    body: JSON.stringify({ access_token: accessToken, token_type: "Bearer", expires_in: input.ttlSeconds }),
  };
}

async function verifyAssertion(
  assertion: string,
  keys: ReadonlyMap<string, MachineKey>,
  issuers: readonly string[],
): Promise<string | OAuthResponse> {
  if (!assertion) return oauthError(400, "invalid_request", "assertion is missing");
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(assertion);
    if (header.alg !== "RS256") return rejected;
    kid = header.kid;
  } catch {
    return rejected;
  }
  const key = kid ? keys.get(kid) : undefined;
  if (!key) return oauthError(404, "invalid_request", "Errors.AuthNKey.NotFound");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, key.publicKey, {
      algorithms: ["RS256"],
      issuer: key.userId,
      subject: key.userId,
      audience: [...issuers],
      requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
    }));
  } catch {
    return rejected;
  }
  return assertionTimeProblem(payload.iat!, payload.exp!, Date.now()) ? rejected : key.userId;
}

/** Whatever is wrong with an assertion (signature, iss/sub, aud, iat, exp), ZITADEL says only this. */
const rejected: OAuthResponse = oauthError(500, "server_error", "Errors.Internal");

/** ZITADEL's JWT-profile verifier: offset 1 s, max iat age 1 h; Go rounds "now ± offset" to the second. */
const VERIFIER_OFFSET_MS = 1000;
const MAX_IAT_AGE_MS = 3600_000;

function assertionTimeProblem(iatS: number, expS: number, nowMs: number): string | undefined {
  const roundS = (ms: number): number => Math.round(ms / 1000);
  if (iatS > roundS(nowMs + VERIFIER_OFFSET_MS)) return "iat is in the future";
  if (iatS < roundS(nowMs - MAX_IAT_AGE_MS)) return "iat is more than an hour old";
  if (!(nowMs + VERIFIER_OFFSET_MS < expS * 1000)) return "token has expired";
  return undefined;
}

function clientFrom(
  authorization: string | undefined,
  form: URLSearchParams,
): { id: string; secret: string } | undefined {
  if (authorization?.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice("Basic ".length), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    // RFC 6749 §2.3.1: both parts are form-urlencoded inside the Basic credentials.
    try {
      return {
        id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
        secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
      };
    } catch {
      return undefined;
    }
  }
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  return id && secret ? { id, secret } : undefined;
}

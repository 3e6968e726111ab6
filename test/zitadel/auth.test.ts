import type { Clock } from "../../src/clock.js";
import { manualClock } from "../support/clock.js";
import { jwtVerify, decodeProtectedHeader } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import {
  createClient,
  parseKeyFile,
  TOKEN_SCOPE,
  type Credentials,
  type ZitadelClient,
} from "../../src/zitadel/index.js";
import {
  cannedZitadel,
  startFake,
  zitadelError,
  type FakeServer,
  type Handler,
  type Recorded,
} from "./support/fake-server.js";
import { makeKeyFile } from "./support/keys.js";

const open: { server?: FakeServer; client?: ZitadelClient }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.client?.close();
    await o.server?.close();
  }
});

async function setup(handler: Handler, credentials: (url: string) => Credentials, clock: Clock = manualClock()) {
  const server = await startFake(handler);
  const client = createClient({
    baseUrl: server.url,
    credentials: credentials(server.url),
    retry: { baseDelayMs: 0 },
    clock,
  });
  open.push({ server, client });
  return { server, client };
}

const isToken = (r: Recorded) => r.path === "/oauth/v2/token";
const apiCalls = (s: FakeServer) => s.requests.filter((r) => !isToken(r));
const tokenCalls = (s: FakeServer) => s.requests.filter(isToken);
const form = (r: Recorded) => Object.fromEntries(new URLSearchParams(r.body));

/** A token endpoint that issues token-1, token-2, … and an API that accepts only `valid` tokens. */
function issuer(opts: { expiresIn?: number; valid?: (token: string) => boolean } = {}): Handler {
  let issued = 0;
  return (req) => {
    if (isToken(req))
      return { json: { access_token: `token-${++issued}`, token_type: "Bearer", expires_in: opts.expiresIn ?? 43199 } };
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (opts.valid && !opts.valid(token))
      return zitadelError(401, 16, "Errors.Token.Invalid (AUTH-7fs1e)", "AUTH-7fs1e");
    return cannedZitadel(req);
  };
}

describe("personal access token", () => {
  it("is sent as a Bearer token, with no token request", async () => {
    const { server, client } = await setup(cannedZitadel, () => ({ kind: "pat", token: "my-pat-value" }));
    await client.getInstancePolicy();
    expect(client.credentialKind).toBe("pat");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer my-pat-value");
  });

  it("is not retried on 401 (nothing to renew it from) and the error says why, without the token", async () => {
    const { server, client } = await setup(issuer({ valid: () => false }), () => ({
      kind: "pat",
      token: "expired-pat-value",
    }));
    const error = await client.getInstancePolicy().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).info).toMatchObject({ status: 401, code: 16, id: "AUTH-7fs1e" });
    expect((error as ApiError).message).toMatch(/access token was rejected/);
    expect((error as ApiError).message).not.toContain("expired-pat-value");
    expect(server.requests).toHaveLength(1);
  });
});

describe("JWT profile (key file)", () => {
  const sa = makeKeyFile({ keyId: "key-42", userId: "machine-1" });

  it("exchanges an RS256 assertion (kid, iss = sub = userId, aud = origin) for a ZITADEL-scoped token", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const { server, client } = await setup(issuer(), () => ({ kind: "key-file", key, source: "sa.json" }));
    await client.getInstancePolicy();
    const [tokenReq, apiReq] = server.requests;
    expect(tokenReq?.method).toBe("POST");
    expect(tokenReq?.path).toBe("/oauth/v2/token");
    expect(tokenReq?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenReq?.headers.authorization).toBeUndefined();
    const fields = form(tokenReq!);
    expect(fields.grant_type).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(fields.scope).toBe(TOKEN_SCOPE);
    expect(TOKEN_SCOPE).toBe("openid urn:zitadel:iam:org:project:id:zitadel:aud");
    const assertion = fields.assertion!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: "RS256", kid: "key-42" });
    const { payload } = await jwtVerify(assertion, sa.publicKey, {
      algorithms: ["RS256"],
      audience: server.url,
      issuer: "machine-1",
      subject: "machine-1",
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    // iat is a minute in the past (tolerates a fast local clock; ZITADEL accepts iat up to an hour old).
    expect(Math.abs(payload.iat! - (Date.now() / 1000 - 60))).toBeLessThan(5);
    expect(apiReq?.headers.authorization).toBe("Bearer token-1");
  });

  it("caches the token: many calls, concurrent ones included, share one token request", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const { server, client } = await setup(issuer(), () => ({ kind: "key-file", key, source: "sa.json" }));
    await Promise.all([client.getInstancePolicy(), client.getOrgPolicy("1"), client.getOrgPolicy("2")]);
    await client.listOrgs();
    expect(tokenCalls(server)).toHaveLength(1);
    expect(apiCalls(server).map((r) => r.headers.authorization)).toEqual(Array(4).fill("Bearer token-1"));
  });

  it("renews an expiring token before it expires", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const clock = manualClock();
    const { server, client } = await setup(
      issuer({ expiresIn: 1 }),
      () => ({ kind: "key-file", key, source: "sa.json" }),
      clock,
    );
    await client.getInstancePolicy();
    await clock.advance(750);
    await client.getInstancePolicy(); // still fresh: renewal is due after 80 % of the 1 s lifetime
    await clock.advance(100); // past 80 %
    await client.getInstancePolicy();
    expect(tokenCalls(server)).toHaveLength(2);
    expect(apiCalls(server).map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-1",
      "Bearer token-2",
    ]);
  });

  it("renews once on a 401 (token revoked early) and repeats the request", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const { server, client } = await setup(issuer({ valid: (t) => t !== "token-1" }), () => ({
      kind: "key-file",
      key,
      source: "sa.json",
    }));
    const policy = await client.getInstancePolicy();
    expect(policy.sequence).toBe("42");
    expect(server.requests.map((r) => (isToken(r) ? "token" : r.headers.authorization))).toEqual([
      "token",
      "Bearer token-1",
      "token",
      "Bearer token-2",
    ]);
  });

  it("gives up after one renewal when the new token is rejected too", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const { server, client } = await setup(issuer({ valid: () => false }), () => ({
      kind: "key-file",
      key,
      source: "sa.json",
    }));
    const error = await client
      .updateInstancePolicy({ maxPasswordAttempts: 5, maxOtpAttempts: 5 })
      .catch((e: unknown) => e);
    expect((error as ApiError).info.status).toBe(401);
    expect(tokenCalls(server)).toHaveLength(2);
    expect(apiCalls(server)).toHaveLength(2);
  });

  it("reports a refused key clearly, without the assertion", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const { client, server } = await setup(
      (req) =>
        isToken(req)
          ? {
              status: 400,
              json: { error: "invalid_grant", error_description: `assertion ${form(req).assertion} invalid` },
            }
          : cannedZitadel(req),
      () => ({ kind: "key-file", key, source: "sa.json" }),
    );
    const error = (await client.getInstancePolicy().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.info).toMatchObject({ method: "POST", path: "/oauth/v2/token", status: 400 });
    expect(error.message).toMatch(/invalid_grant/);
    expect(error.message).toMatch(/token endpoint refused the credentials/);
    expect(error.message).not.toContain(form(tokenCalls(server)[0]!).assertion!);
    expect(error.message).toContain("[redacted]");
    expect(apiCalls(server)).toHaveLength(0);
  });

  it("rejects a token response without an access token instead of sending 'Bearer undefined'", async () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    const { client, server } = await setup(
      (req) => (isToken(req) ? { json: { token_type: "Bearer" } } : cannedZitadel(req)),
      () => ({
        kind: "key-file",
        key,
        source: "sa.json",
      }),
    );
    await expect(client.getInstancePolicy()).rejects.toThrow(/no access_token/);
    expect(apiCalls(server)).toHaveLength(0);
  });
});

describe("token endpoint failures", () => {
  const credentials = (): Credentials => ({
    kind: "client-credentials",
    clientId: "svc",
    clientSecret: "secret-value-1",
  });

  it("retries a token request on 503, then uses the token", async () => {
    const { server, client } = await setup(
      (req, i) => (isToken(req) && i < 2 ? { status: 503, text: "" } : issuer()(req, i)),
      credentials,
    );
    await client.getInstancePolicy();
    expect(tokenCalls(server)).toHaveLength(3);
    expect(apiCalls(server)).toHaveLength(1);
  });

  it("bounds token retries once, not once per API attempt", async () => {
    const { server, client } = await setup(() => ({ status: 503, text: "" }), credentials);
    const error = (await client.getInstancePolicy().catch((e: unknown) => e)) as ApiError;
    expect(error.info).toMatchObject({ path: "/oauth/v2/token", status: 503 });
    expect(tokenCalls(server)).toHaveLength(6);
    expect(apiCalls(server)).toHaveLength(0);
  });
});

describe("client credentials", () => {
  it("sends id and secret as HTTP Basic with the ZITADEL scope, then uses the token", async () => {
    const { server, client } = await setup(issuer(), () => ({
      kind: "client-credentials",
      clientId: "svc-user",
      clientSecret: "s3cr3t+/=value",
    }));
    await client.getOrgPolicy("300000000000000099");
    const tokenReq = tokenCalls(server)[0]!;
    const basic = Buffer.from((tokenReq.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
    const [id, secret] = basic.split(":").map(decodeURIComponent);
    expect([id, secret]).toEqual(["svc-user", "s3cr3t+/=value"]);
    expect(form(tokenReq)).toEqual({ grant_type: "client_credentials", scope: TOKEN_SCOPE });
    expect(tokenReq.body).not.toContain("s3cr3t");
    expect(apiCalls(server)[0]?.headers.authorization).toBe("Bearer token-1");
  });
});

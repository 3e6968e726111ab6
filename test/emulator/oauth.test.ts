// POST /oauth/v2/token: the JWT-profile grant (RS256 signature, iss/sub/aud/exp/iat checks) with the
// emulator's service-account key file, client credentials with HTTP Basic, and the API-scope check.
import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { callEmulator, withEmulator } from "../support/emulator.js";

const API_SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

describe("token endpoint", () => {
  const emu = withEmulator();

  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${emu.current.url}/oauth/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  async function assertion(
    overrides: { iss?: string; sub?: string; aud?: string; exp?: number; iat?: number; kid?: string } = {},
  ): Promise<string> {
    const keyFile = emu.current.credentials.iamOwnerKeyFile;
    const now = Math.floor(Date.now() / 1000);
    // ZITADEL issues PKCS#1 keys: jose needs a KeyObject for those (README.md#architecture).
    return new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: overrides.kid ?? keyFile.keyId })
      .setIssuer(overrides.iss ?? keyFile.userId)
      .setSubject(overrides.sub ?? keyFile.userId)
      .setAudience(overrides.aud ?? emu.current.url)
      .setIssuedAt(overrides.iat ?? now)
      .setExpirationTime(overrides.exp ?? now + 3600)
      .sign(createPrivateKey(keyFile.key));
  }

  const apiStatus = async (token: string) =>
    (await callEmulator(emu.current, { method: "GET", path: "/admin/v1/policies/lockout", token })).status;

  it("the key file is a ZITADEL service-account key with a PKCS#1 PEM key", () => {
    const keyFile = emu.current.credentials.iamOwnerKeyFile;
    expect(keyFile.type).toBe("serviceaccount");
    expect(keyFile.key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(keyFile.keyId).toMatch(/^\d{18}$/);
  });

  it("JWT profile: a valid assertion gets a bearer token the API accepts", async () => {
    const res = await tokenRequest({ grant_type: JWT_BEARER, scope: API_SCOPE, assertion: await assertion() });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 43199 });
    expect(await apiStatus(res.json.access_token as string)).toBe(200);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const rejected: readonly [string, () => Promise<string>][] = [
    ["wrong audience", () => assertion({ aud: "https://elsewhere.example.com" })],
    ["iss differs from sub", () => assertion({ iss: "300000000000000999" })],
    ["sub is another user", () => assertion({ iss: "300000000000000999", sub: "300000000000000999" })],
    ["expired", () => assertion({ iat: now() - 600, exp: now() - 60 })],
    ["issued more than an hour ago", () => assertion({ iat: now() - 7200, exp: now() + 600 })],
    [
      "signed with HS256",
      () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "HS256", kid: emu.current.credentials.iamOwnerKeyFile.keyId })
          .setIssuer("x")
          .setSubject("x")
          .setAudience(emu.current.url)
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(new TextEncoder().encode("a-shared-secret-of-enough-length-00")),
    ],
    ["not a JWT", async () => "not-a-jwt"],
  ];
  for (const [name, make] of rejected) {
    // ZITADEL maps the verifier's error as an unknown one: 500 server_error, "Errors.Internal", no reason.
    it(`JWT profile: rejects an assertion that is ${name} (500 server_error Errors.Internal, as ZITADEL)`, async () => {
      const res = await tokenRequest({ grant_type: JWT_BEARER, scope: API_SCOPE, assertion: await make() });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: "server_error", error_description: "Errors.Internal" });
    });
  }

  it("JWT profile: an unknown key id is 404 invalid_request Errors.AuthNKey.NotFound", async () => {
    const res = await tokenRequest({
      grant_type: JWT_BEARER,
      scope: API_SCOPE,
      assertion: await assertion({ kid: "300000000000000000" }),
    });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: "invalid_request", error_description: "Errors.AuthNKey.NotFound" });
  });

  // zitadel/oidc CheckIssuedAt / CheckExpiration with ZITADEL's offset of 1 s: an iat up to 1 s ahead of the
  // server's clock is accepted, 3 s ahead is not; an exp that is not more than 1 s away counts as expired.
  it("JWT profile: iat may be 1 s in the future (the verifier's offset), not 3 s", async () => {
    const ok = await tokenRequest({
      grant_type: JWT_BEARER,
      scope: API_SCOPE,
      assertion: await assertion({ iat: now() + 1 }),
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const ahead = await tokenRequest({
      grant_type: JWT_BEARER,
      scope: API_SCOPE,
      assertion: await assertion({ iat: now() + 3 }),
    });
    expect(ahead.status).toBe(500);
    expect(ahead.json).toMatchObject({ error: "server_error" });
  });

  it("JWT profile: exp must be more than 1 s away (the offset applies to expiry too)", async () => {
    const expiring = await tokenRequest({
      grant_type: JWT_BEARER,
      scope: API_SCOPE,
      assertion: await assertion({ iat: now() - 60, exp: now() + 1 }),
    });
    expect(expiring.status).toBe(500);
    expect(expiring.json).toMatchObject({ error: "server_error" });
    const fine = await tokenRequest({
      grant_type: JWT_BEARER,
      scope: API_SCOPE,
      assertion: await assertion({ iat: now() - 60, exp: now() + 5 }),
    });
    expect(fine.status).toBe(200);
  });

  it("JWT profile: a forged signature (another RSA key, same kid) is rejected", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const keyFile = emu.current.credentials.iamOwnerKeyFile;
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: keyFile.keyId })
      .setIssuer(keyFile.userId)
      .setSubject(keyFile.userId)
      .setAudience(emu.current.url)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(other);
    const res = await tokenRequest({ grant_type: JWT_BEARER, scope: API_SCOPE, assertion: forged });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe("server_error");
  });

  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
  });

  it("client credentials with HTTP Basic: a token the API accepts", async () => {
    const c = emu.current.credentials;
    const res = await tokenRequest(
      { grant_type: "client_credentials", scope: API_SCOPE },
      basic(c.iamOwnerClientId, c.iamOwnerClientSecret),
    );
    expect(res.status).toBe(200);
    expect(res.json.token_type).toBe("Bearer");
    expect(await apiStatus(res.json.access_token as string)).toBe(200);
  });

  it("client credentials with a wrong secret: 400 invalid_request Errors.User.Machine.Secret.Invalid", async () => {
    const res = await tokenRequest(
      { grant_type: "client_credentials", scope: API_SCOPE },
      basic(emu.current.credentials.iamOwnerClientId, "wrong"),
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: "invalid_request", error_description: "Errors.User.Machine.Secret.Invalid" });
  });

  it("client credentials of an unknown client: 400 invalid_client", async () => {
    const res = await tokenRequest(
      { grant_type: "client_credentials", scope: API_SCOPE },
      basic("no-such-client", "whatever"),
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("invalid_client");
  });

  it("a token requested without the ZITADEL API scope is refused by the API (401 Errors.Token.Invalid)", async () => {
    const c = emu.current.credentials;
    const res = await tokenRequest(
      { grant_type: "client_credentials", scope: "openid" },
      basic(c.iamOwnerClientId, c.iamOwnerClientSecret),
    );
    expect(res.status).toBe(200);
    expect(await apiStatus(res.json.access_token as string)).toBe(401);
  });

  it("unsupported grant types and non-form bodies are OAuth errors", async () => {
    expect((await tokenRequest({ grant_type: "password", username: "x", password: "y" })).json.error).toBe(
      "unsupported_grant_type",
    );
    const json = await fetch(`${emu.current.url}/oauth/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
  });
});

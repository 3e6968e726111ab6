// Integration: the client against the ZITADEL-compatible emulator over real loopback HTTP.
import { manualClock } from "../support/clock.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import {
  createClient,
  describeError,
  isAlreadyExists,
  isNotChanged,
  isPolicyNotFound,
  parseKeyFile,
  type ClientOptions,
  type Credentials,
  type ZitadelClient,
} from "../../src/zitadel/index.js";
import { signAssertion, TOKEN_SCOPE } from "../../src/zitadel/auth.js";
import { loadPrivateKey } from "../../src/zitadel/key-file.js";

let emulator: Emulator;
const clients: ZitadelClient[] = [];
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  emulator.setFaults(undefined);
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function connect(
  credentials: Credentials,
  options: Partial<ClientOptions> = {},
  target: Emulator = emulator,
): ZitadelClient {
  const client = createClient({ baseUrl: target.url, credentials, retry: { baseDelayMs: 5 }, ...options });
  clients.push(client);
  return client;
}
const iamOwner = (): Credentials => ({ kind: "pat", token: emulator.credentials.iamOwnerToken });
const caught = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    () => Promise.reject(new Error("expected an ApiError")),
    (e: unknown) => e as ApiError,
  );
const orgId = (name: string): string => emulator.control.listOrgs().find((o) => o.name === name)!.id;

describe("client ↔ emulator", () => {
  it("updates the instance default, reads back the sequence the write returned; a repeat is NotChanged", async () => {
    const client = connect(iamOwner());
    const write = await client.updateInstancePolicy({ maxPasswordAttempts: 6, maxOtpAttempts: 4 });
    const read = await client.getInstancePolicy();
    expect(read).toMatchObject({
      settings: { maxPasswordAttempts: 6, maxOtpAttempts: 4 },
      isDefault: true,
      sequence: write.sequence,
    });
    expect(isNotChanged(await caught(client.updateInstancePolicy({ maxPasswordAttempts: 6, maxOtpAttempts: 4 })))).toBe(
      true,
    );
  });

  it("runs an org through inherit → custom → update → inherit, with the ZITADEL errors recognised", async () => {
    const client = connect(iamOwner());
    const umbrella = orgId("Umbrella");
    const instance = await client.getInstancePolicy();
    expect(await client.getOrgPolicy(umbrella)).toMatchObject({
      isDefault: true,
      sequence: instance.sequence,
      settings: instance.settings,
    });

    const added = await client.addOrgPolicy(umbrella, { maxPasswordAttempts: 3, maxOtpAttempts: 2 });
    expect(added.resourceOwner).toBe(umbrella);
    expect(await client.getOrgPolicy(umbrella)).toMatchObject({
      isDefault: false,
      sequence: added.sequence,
      settings: { maxPasswordAttempts: 3, maxOtpAttempts: 2 },
    });
    expect(
      isAlreadyExists(await caught(client.addOrgPolicy(umbrella, { maxPasswordAttempts: 3, maxOtpAttempts: 2 }))),
    ).toBe(true);
    expect(
      isNotChanged(await caught(client.updateOrgPolicy(umbrella, { maxPasswordAttempts: 3, maxOtpAttempts: 2 }))),
    ).toBe(true);

    const updated = await client.updateOrgPolicy(umbrella, { maxPasswordAttempts: 0, maxOtpAttempts: 2 });
    expect(BigInt(updated.sequence)).toBeGreaterThan(BigInt(added.sequence));
    await client.resetOrgPolicy(umbrella);
    expect((await client.getOrgPolicy(umbrella)).isDefault).toBe(true);
    expect(isPolicyNotFound(await caught(client.resetOrgPolicy(umbrella)))).toBe(true);
    expect(
      isPolicyNotFound(await caught(client.updateOrgPolicy(umbrella, { maxPasswordAttempts: 1, maxOtpAttempts: 1 }))),
    ).toBe(true);
  });

  it("finds, gets and lists organizations", async () => {
    const client = connect(iamOwner());
    const [acme] = await client.findOrgsByName("ACME");
    expect(acme).toMatchObject({ id: orgId("ACME"), name: "ACME", state: "ORGANIZATION_STATE_ACTIVE" });
    expect(await client.findOrgsByName("acme")).toEqual([]);
    expect(await client.getOrg(acme!.id)).toEqual(acme);
    expect(await client.getOrg("123456789")).toBeUndefined();
    const all = await client.listOrgs();
    expect(all.map((o) => o.id)).toEqual(
      emulator.control
        .listOrgs()
        .map((o) => o.id)
        .sort(),
    );
  });

  it("pages through more than 1000 organizations", async () => {
    const big = await startEmulator({ extraOrgs: 1500 });
    try {
      const client = connect({ kind: "pat", token: big.credentials.iamOwnerToken }, {}, big);
      const progress: number[] = [];
      const all = await client.listOrgs((seen) => progress.push(seen));
      expect(all).toHaveLength(big.control.listOrgs().length);
      expect(new Set(all.map((o) => o.id)).size).toBe(all.length);
      expect(progress).toEqual([1000, all.length]);
    } finally {
      await big.close();
    }
  });
});

describe("auth against the emulator", () => {
  it("JWT profile with the emulator's key file", async () => {
    const key = parseKeyFile(JSON.stringify(emulator.credentials.iamOwnerKeyFile), "iam-owner.json");
    const client = connect({ kind: "key-file", key, source: "iam-owner.json" });
    expect((await client.getInstancePolicy()).isDefault).toBe(true);
    await client.getOrgPolicy(orgId("ACME"));
    expect(
      emulator.requestLog.filter((e) => e.path === "/oauth/v2/token" && e.status === 200).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it("a key-file assertion from a machine whose clock runs 30 s fast is still accepted", async () => {
    const key = parseKeyFile(JSON.stringify(emulator.credentials.iamOwnerKeyFile), "iam-owner.json");
    const fastClock = Math.floor(Date.now() / 1000) + 30;
    const assertion = await signAssertion(key, loadPrivateKey(key.key, "iam-owner.json"), emulator.url, fastClock);
    const res = await fetch(`${emulator.url}/oauth/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        scope: TOKEN_SCOPE,
        assertion,
      }).toString(),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it("a key file ZITADEL refuses is reported as a credential problem, not a server failure (500 / 404)", async () => {
    const real = emulator.credentials.iamOwnerKeyFile;
    // A known key whose file names another user: the JWT's iss/sub do not match the key — ZITADEL answers 500.
    const mixedUp = parseKeyFile(JSON.stringify({ ...real, userId: "300000000000000999" }), "mixed-up.json");
    const refused = await caught(
      connect({ kind: "key-file", key: mixedUp, source: "mixed-up.json" }).getInstancePolicy(),
    );
    expect(refused.info).toMatchObject({
      status: 500,
      path: "/oauth/v2/token",
      serverMessage: "server_error: Errors.Internal",
    });
    expect(describeError(refused)).toMatch(
      /^ZITADEL refused the key file's JWT .*clock.*audience.*service user of this instance$/,
    );
    expect(describeError(refused)).not.toMatch(/try again later/);
    const unknownKey = parseKeyFile(JSON.stringify({ ...real, keyId: "399999999999999999" }), "old-key.json");
    const e = await caught(connect({ kind: "key-file", key: unknownKey, source: "old-key.json" }).getInstancePolicy());
    expect(e.info).toMatchObject({ status: 404, serverMessage: "invalid_request: Errors.AuthNKey.NotFound" });
    expect(describeError(e)).toMatch(/^ZITADEL does not know this key/);
  });

  it("a wrong client secret says so", async () => {
    const e = await caught(
      connect({
        kind: "client-credentials",
        clientId: emulator.credentials.iamOwnerClientId,
        clientSecret: "wrong",
      }).listOrgs(),
    );
    expect(e.info.status).toBe(400);
    expect(describeError(e)).toMatch(/^the client secret is wrong/);
  });

  it("a refused connection asks whether the server runs and the URL is right", async () => {
    const gone = await startEmulator();
    const url = gone.url;
    await gone.close();
    const client = createClient({ baseUrl: url, credentials: iamOwner(), retry: { maxAttempts: 1 } });
    clients.push(client);
    const e = await caught(client.getInstancePolicy());
    expect(e.info.status).toBe(0);
    expect(describeError(e)).toMatch(
      /^nothing answers at this address: is the server running, and is ZITADEL_URL \(or --url/,
    );
  });

  it("client credentials", async () => {
    const { iamOwnerClientId: clientId, iamOwnerClientSecret: clientSecret } = emulator.credentials;
    const client = connect({ kind: "client-credentials", clientId, clientSecret });
    expect((await client.listOrgs()).length).toBeGreaterThanOrEqual(5);
  });

  it("renews short-lived tokens", async () => {
    // Both sides' clocks move on together, 1.1 s, without anyone waiting.
    const clock = manualClock();
    const shortLived = await startEmulator({ accessTokenTtlSeconds: 1, now: () => new Date(Date.now() + clock.now()) });
    try {
      const { iamOwnerClientId: clientId, iamOwnerClientSecret: clientSecret } = shortLived.credentials;
      const client = connect({ kind: "client-credentials", clientId, clientSecret }, { clock }, shortLived);
      await client.getInstancePolicy();
      await clock.advance(1100);
      await client.getInstancePolicy();
      const log = shortLived.requestLog.map((e) => `${e.path} ${e.status}`);
      expect(log).toEqual([
        "/oauth/v2/token 200",
        "/v2/settings/lockout 200",
        "/oauth/v2/token 200",
        "/v2/settings/lockout 200",
      ]);
    } finally {
      await shortLived.close();
    }
  });

  it("an invalid PAT is a 401 that names the problem and not the token", async () => {
    const e = await caught(connect({ kind: "pat", token: "not-a-valid-token-123" }).getInstancePolicy());
    expect(e.info.status).toBe(401);
    expect(e.message).toMatch(/access token was rejected/);
    expect(e.message).not.toContain("not-a-valid-token-123");
  });
});

describe("permission errors from the emulator", () => {
  it("ORG_OWNER changing the instance default is told iam.policy.write is missing", async () => {
    const e = await caught(
      connect({ kind: "pat", token: emulator.credentials.orgOwnerToken }).updateInstancePolicy({
        maxPasswordAttempts: 1,
        maxOtpAttempts: 1,
      }),
    );
    expect(e.info).toMatchObject({ status: 403, id: "AUTH-5mWD2" });
    expect(e.message).toContain("needs permission iam.policy.write");
    expect(e.message).not.toContain(emulator.credentials.orgOwnerToken);
  });

  it("ORG_OWNER may change its own org", async () => {
    const client = connect({ kind: "pat", token: emulator.credentials.orgOwnerToken });
    const own = emulator.credentials.orgOwnerOrgId;
    const before = await client.getOrgPolicy(own);
    const write = before.isDefault
      ? client.addOrgPolicy(own, { maxPasswordAttempts: 9, maxOtpAttempts: 9 })
      : client.updateOrgPolicy(own, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    await expect(write).resolves.toMatchObject({ resourceOwner: own });
  });

  it("a viewer writing an org policy is told policy.write is missing", async () => {
    const e = await caught(
      connect({ kind: "pat", token: emulator.credentials.viewerToken }).updateOrgPolicy(orgId("Globex"), {
        maxPasswordAttempts: 1,
        maxOtpAttempts: 1,
      }),
    );
    expect(e.info.status).toBe(403);
    expect(e.message).toContain("needs permission policy.write");
  });

  it("a service user without any role is told it has no manager role", async () => {
    const e = await caught(
      connect({ kind: "pat", token: emulator.credentials.noMembershipToken }).getOrgPolicy(orgId("ACME")),
    );
    expect(describeError(e)).toMatch(/no manager role in this org or instance/);
  });

  it("an org id that does not exist is named", async () => {
    const e = await caught(connect(iamOwner()).getOrgPolicy("399999999999999999"));
    expect(e.info).toMatchObject({ status: 403, id: "AUTH-Bs7Ds" });
    expect(e.message).toContain("no organization with id 399999999999999999 exists");
  });
});

describe("faults", () => {
  it("rides out injected 429s (JSON and text), 503s and dropped connections on reads and writes", async () => {
    const client = connect(iamOwner(), { retry: { baseDelayMs: 1, maxAttempts: 10 } });
    const globex = orgId("Globex");
    emulator.clearLog();
    // Every distinct request fails its first attempt (the kinds chosen by request and seed), then goes through.
    emulator.setFaults({ firstAttempts: 1 });
    for (let i = 1; i <= 10; i++) {
      await client.updateOrgPolicy(globex, { maxPasswordAttempts: 20 + i, maxOtpAttempts: 5 });
      expect((await client.getOrgPolicy(globex)).settings.maxPasswordAttempts).toBe(20 + i);
    }
    emulator.setFaults(undefined);
    const faults = new Set(emulator.requestLog.flatMap((e) => (e.fault ? [e.fault] : [])));
    expect(faults.size).toBeGreaterThanOrEqual(3);
    expect(emulator.control.orgPolicy(globex)).toMatchObject({ maxPasswordAttempts: 30, maxOtpAttempts: 5 });
  });
});

// docs/zitadel-api.md §0 wire conventions and the §1 endpoints, over HTTP: uint64 as strings, zero values and
// false omitted, the details fields each endpoint sets, numbers or numeric strings accepted, the uint32
// range, unknown fields ignored, an empty body meaning zeros, decode errors 400/3 without details.
import { describe, expect, it } from "vitest";
import { callEmulator, withEmulator } from "../support/emulator.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/;

describe("wire conventions", () => {
  const emu = withEmulator();
  const call = (method: string, path: string, extra: { orgId?: string; body?: string } = {}) =>
    callEmulator(emu.current, { method, path, token: emu.current.credentials.iamOwnerToken, ...extra });
  const org = (name: string) => emu.current.control.listOrgs().find((o) => o.name === name)!.id;

  it("§1.3 fresh instance: both counters 0 are omitted, uint64 sequence is a string, isDefault true", async () => {
    const res = await call("GET", "/admin/v1/policies/lockout");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.json).toEqual({
      policy: {
        details: {
          sequence: "12",
          creationDate: expect.stringMatching(ISO),
          changeDate: expect.stringMatching(ISO),
          resourceOwner: emu.current.instanceId,
        },
        isDefault: true,
      },
    });
  });

  it("§1.3 PUT instance: takes numbers, answers details {sequence, changeDate, resourceOwner}", async () => {
    const res = await call("PUT", "/admin/v1/policies/password/lockout", {
      body: '{"maxPasswordAttempts":5,"maxOtpAttempts":3}',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      details: {
        sequence: expect.stringMatching(/^\d+$/),
        changeDate: expect.stringMatching(ISO),
        resourceOwner: emu.current.instanceId,
      },
    });
    const read = (await call("GET", "/admin/v1/policies/lockout")).json as {
      policy: { details: { sequence: string }; maxPasswordAttempts: string; maxOtpAttempts: string };
    };
    expect(read.policy.details.sequence).toBe((res.json as { details: { sequence: string } }).details.sequence);
    expect(read.policy.maxPasswordAttempts).toBe("5");
    expect(read.policy.maxOtpAttempts).toBe("3");
  });

  it("§1.3 M1 for an inheriting org: the instance policy and resourceOwner, isDefault in both places", async () => {
    const res = await call("GET", "/management/v1/policies/lockout", { orgId: org("ACME") });
    const instance = (await call("GET", "/admin/v1/policies/lockout")).json as { policy: object };
    expect(res.json).toEqual({ policy: instance.policy, isDefault: true });
  });

  it("§1.3 M3 with numeric strings: no changeDate in details; M1 then omits isDefault and the 0 counter", async () => {
    const acme = org("ACME");
    const created = await call("POST", "/management/v1/policies/lockout", {
      orgId: acme,
      body: '{"maxPasswordAttempts":"10"}',
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      details: {
        sequence: expect.stringMatching(/^\d+$/),
        creationDate: expect.stringMatching(ISO),
        resourceOwner: acme,
      },
    });
    const seq = (created.json as { details: { sequence: string; creationDate: string } }).details;
    const read = await call("GET", "/management/v1/policies/lockout", { orgId: acme });
    expect(read.json).toEqual({
      policy: {
        details: {
          sequence: seq.sequence,
          creationDate: seq.creationDate,
          changeDate: seq.creationDate,
          resourceOwner: acme,
        },
        maxPasswordAttempts: "10",
      },
    });
    const v2 = await call("GET", `/v2/settings/lockout?ctx.orgId=${acme}`);
    expect(v2.json).toEqual({
      details: {
        sequence: seq.sequence,
        changeDate: seq.creationDate,
        resourceOwner: acme,
        creationDate: seq.creationDate,
      },
      settings: { maxPasswordAttempts: "10", resourceOwnerType: "RESOURCE_OWNER_TYPE_ORG" },
    });
  });

  it("M4 and M5 answer {details: sequence, changeDate, resourceOwner}", async () => {
    const globex = org("Globex");
    for (const [method, body] of [
      ["PUT", '{"maxPasswordAttempts":9,"maxOtpAttempts":9}'],
      ["DELETE", undefined],
    ] as const) {
      const res = await call(method, "/management/v1/policies/lockout", { orgId: globex, ...(body ? { body } : {}) });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        details: {
          sequence: expect.stringMatching(/^\d+$/),
          changeDate: expect.stringMatching(ISO),
          resourceOwner: globex,
        },
      });
    }
  });

  it("snake_case field names, unknown fields and an empty body are accepted; empty body means zeros", async () => {
    const initech = org("Initech");
    expect(
      (
        await call("PUT", "/management/v1/policies/lockout", {
          orgId: initech,
          body: '{"max_password_attempts":7,"max_otp_attempts":"2","unknownField":{"x":1}}',
        })
      ).status,
    ).toBe(200);
    expect(emu.current.control.orgPolicy(initech)).toMatchObject({ maxPasswordAttempts: 7, maxOtpAttempts: 2 });
    expect((await call("PUT", "/management/v1/policies/lockout", { orgId: initech, body: "" })).status).toBe(200);
    expect(emu.current.control.orgPolicy(initech)).toMatchObject({ maxPasswordAttempts: 0, maxOtpAttempts: 0 });
  });

  it("uint32 range: 0 and 4294967295 are accepted", async () => {
    const initech = org("Initech");
    expect(
      (
        await call("PUT", "/management/v1/policies/lockout", {
          orgId: initech,
          body: '{"maxPasswordAttempts":4294967295,"maxOtpAttempts":1}',
        })
      ).status,
    ).toBe(200);
    const read = (await call("GET", "/management/v1/policies/lockout", { orgId: initech })).json as {
      policy: { maxPasswordAttempts: string };
    };
    expect(read.policy.maxPasswordAttempts).toBe("4294967295");
  });

  for (const body of [
    '{"maxPasswordAttempts":-1}',
    '{"maxPasswordAttempts":4294967296}',
    '{"maxPasswordAttempts":1.5}',
    '{"maxPasswordAttempts":"ten"}',
    '{"maxPasswordAttempts":',
    "[1]",
  ]) {
    it(`decode error for ${body} → 400, code 3, no details, nothing written`, async () => {
      const before = emu.current.control.instancePolicy();
      const res = await callEmulator(emu.current, { method: "PUT", path: "/admin/v1/policies/password/lockout", body });
      expect(res.status).toBe(400);
      const err = res.json as { code: number; message: string };
      expect(err.code).toBe(3);
      expect(typeof err.message).toBe("string");
      expect(res.json).not.toHaveProperty("details");
      expect(emu.current.control.instancePolicy()).toEqual(before);
    });
  }

  it("query parameters: ctx.instance=true and ctx.org_id (proto name) both select", async () => {
    const inst = await call("GET", "/v2/settings/lockout?ctx.instance=true");
    expect((inst.json as { settings: { resourceOwnerType: string } }).settings.resourceOwnerType).toBe(
      "RESOURCE_OWNER_TYPE_INSTANCE",
    );
    const umbrella = org("Umbrella");
    const byProtoName = await call("GET", `/v2/settings/lockout?ctx.org_id=${umbrella}`);
    // Umbrella inherits: the instance default comes back (docs/zitadel-api.md §2.4).
    expect((byProtoName.json as { details: { resourceOwner: string } }).details.resourceOwner).toBe(
      emu.current.instanceId,
    );
    const bad = await call("GET", "/v2/settings/lockout?ctx.instance=maybe");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      code: 3,
      message: 'parsing field "instance": strconv.ParseBool: parsing "maybe": invalid syntax',
    });
  });

  it("query parameters as grpc-gateway parses them: a oneof set twice, a repeated singular key are 400", async () => {
    const acme = org("ACME");
    const both = await call("GET", `/v2/settings/lockout?ctx.instance=true&ctx.orgId=${acme}`);
    expect(both.status).toBe(400);
    expect(both.json).toEqual({ code: 3, message: 'field already set for oneof "resource_owner"' });
    // Both spellings of the same member are two keys, so the second one finds the oneof set as well.
    const spellings = await call("GET", `/v2/settings/lockout?ctx.orgId=${acme}&ctx.org_id=${acme}`);
    expect(spellings.json).toEqual({ code: 3, message: 'field already set for oneof "resource_owner"' });
    const twice = await call("GET", `/v2/settings/lockout?ctx.orgId=${acme}&ctx.orgId=${org("Globex")}`);
    expect(twice.status).toBe(400);
    expect(twice.json).toEqual({ code: 3, message: `too many values for field "org_id": ${acme}, ${org("Globex")}` });
  });
});

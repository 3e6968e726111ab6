// docs/zitadel-api.md §2.1 (lockout state machine) and §3.3 (auth and permission errors), row by row, over real
// loopback HTTP, with the literal status, gRPC code, message and ErrorDetail id.
import { describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { callEmulator, withEmulator } from "../support/emulator.js";

interface ErrorRow {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  /** The ErrorDetail id, or null when the body has no details. */
  readonly id: string | null;
}

function expectError(res: { status: number; json: unknown }, row: ErrorRow): void {
  expect(res.status).toBe(row.status);
  const body = res.json as {
    code: number;
    message: string;
    details?: { "@type": string; id: string; message: string }[];
  };
  expect(body.code).toBe(row.code);
  expect(body.message).toBe(row.message);
  if (row.id === null) {
    expect(body).not.toHaveProperty("details");
  } else {
    expect(body.details).toEqual([
      {
        "@type": "type.googleapis.com/zitadel.v1.ErrorDetail",
        id: row.id,
        message: row.message.replace(` (${row.id})`, ""),
      },
    ]);
  }
}

const orgId = (emu: Emulator, name: string): string => emu.control.listOrgs().find((o) => o.name === name)!.id;

describe("docs/zitadel-api.md §2.1: lockout policy state machine errors", () => {
  const emu = withEmulator();
  const put = (path: string, orgHeader: string | undefined, body: object) =>
    callEmulator(emu.current, {
      method: "PUT",
      path,
      token: emu.current.credentials.iamOwnerToken,
      ...(orgHeader ? { orgId: orgHeader } : {}),
      body: JSON.stringify(body),
    });
  const mgmt = (method: string, org: string, body?: object) =>
    callEmulator(emu.current, {
      method,
      path: "/management/v1/policies/lockout",
      token: emu.current.credentials.iamOwnerToken,
      orgId: org,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  const rows: readonly { name: string; run: () => Promise<{ status: number; json: unknown }>; want: ErrorRow }[] = [
    {
      name: "A2 update instance, no field differs → 400 NotChanged (after the first write cleared showLockOutFailures)",
      run: async () => {
        const s = emu.current.control.instancePolicy();
        const body = { maxPasswordAttempts: s.maxPasswordAttempts, maxOtpAttempts: s.maxOtpAttempts };
        expect((await put("/admin/v1/policies/password/lockout", undefined, body)).status).toBe(200);
        return put("/admin/v1/policies/password/lockout", undefined, body);
      },
      want: {
        status: 400,
        code: 9,
        message: "Errors.IAM.LockoutPolicy.NotChanged (INSTANCE-0psjF)",
        id: "INSTANCE-0psjF",
      },
    },
    {
      name: "M3 add custom, custom already active → 409 AlreadyExists",
      run: () => mgmt("POST", orgId(emu.current, "Globex"), { maxPasswordAttempts: 1 }),
      want: { status: 409, code: 6, message: "Errors.ORG.LockoutPolicy.AlreadyExists (ORG-0olDf)", id: "ORG-0olDf" },
    },
    {
      name: "M4 update custom, never added → 404 NotFound (ORG-ADfs1)",
      run: () => mgmt("PUT", orgId(emu.current, "ACME"), { maxPasswordAttempts: 1 }),
      want: { status: 404, code: 5, message: "Errors.Org.LockoutPolicy.NotFound (ORG-ADfs1)", id: "ORG-ADfs1" },
    },
    {
      name: "M4 update custom, reset before → 404 NotFound (ORG-ADfs1)",
      run: async () => {
        const org = orgId(emu.current, "Initech");
        expect((await mgmt("DELETE", org)).status).toBe(200);
        return mgmt("PUT", org, { maxPasswordAttempts: 1 });
      },
      want: { status: 404, code: 5, message: "Errors.Org.LockoutPolicy.NotFound (ORG-ADfs1)", id: "ORG-ADfs1" },
    },
    {
      name: "M4 update custom, no field differs → 400 NotChanged",
      run: () => mgmt("PUT", orgId(emu.current, "Globex"), { maxPasswordAttempts: 10, maxOtpAttempts: 5 }),
      want: { status: 400, code: 9, message: "Errors.Org.LockoutPolicy.NotChanged (ORG-0JFSr)", id: "ORG-0JFSr" },
    },
    {
      name: "M5 reset, no custom → 404 NotFound (ORG-D4zuz)",
      run: () => mgmt("DELETE", orgId(emu.current, "Umbrella")),
      want: { status: 404, code: 5, message: "Errors.Org.LockoutPolicy.NotFound (ORG-D4zuz)", id: "ORG-D4zuz" },
    },
  ];

  for (const row of rows) it(row.name, async () => expectError(await row.run(), row.want));

  it("M3 add custom after a reset is allowed (the removed policy is not active)", async () => {
    const org = orgId(emu.current, "Umbrella");
    expect((await mgmt("POST", org, { maxPasswordAttempts: 4 })).status).toBe(200);
    expect((await mgmt("DELETE", org)).status).toBe(200);
    const again = await mgmt("POST", org, { maxPasswordAttempts: 6, maxOtpAttempts: 2 });
    expect(again.status).toBe(200);
    expect(emu.current.control.orgPolicy(org)).toMatchObject({ maxPasswordAttempts: 6, maxOtpAttempts: 2 });
  });
});

describe("docs/zitadel-api.md §3: authentication and permission errors", () => {
  const emu = withEmulator();
  const lockout = (extra: { token?: string; orgId?: string; headers?: Record<string, string> }) =>
    callEmulator(emu.current, { method: "GET", path: "/management/v1/policies/lockout", ...extra });

  it("no Authorization header → 401 auth header missing, no details, WWW-Authenticate set", async () => {
    const res = await lockout({});
    expectError(res, { status: 401, code: 16, message: "auth header missing", id: null });
    expect(res.headers.get("www-authenticate")).toBe("auth header missing");
  });

  it("invalid token → 401 Errors.Token.Invalid", async () => {
    expectError(await lockout({ token: "not-a-token" }), {
      status: 401,
      code: 16,
      message: "Errors.Token.Invalid (AUTH-7fs1e)",
      id: "AUTH-7fs1e",
    });
  });

  it("expired token → 401 Errors.Token.Invalid", async () => {
    let skipped = 0; // the emulator's clock is moved on instead of waiting for the token to expire
    const shortLived = await startEmulator({ accessTokenTtlSeconds: 1, now: () => new Date(Date.now() + skipped) });
    try {
      const c = shortLived.credentials;
      const res = await fetch(`${shortLived.url}/oauth/v2/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${c.iamOwnerClientId}:${c.iamOwnerClientSecret}`).toString("base64")}`,
        },
        body: "grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3Azitadel%3Aaud",
      });
      const { access_token: token, expires_in: expiresIn } = (await res.json()) as {
        access_token: string;
        expires_in: number;
      };
      expect(expiresIn).toBe(1);
      expect(
        (await callEmulator(shortLived, { method: "GET", path: "/admin/v1/policies/lockout", token })).status,
      ).toBe(200);
      skipped += 1100;
      expectError(await callEmulator(shortLived, { method: "GET", path: "/admin/v1/policies/lockout", token }), {
        status: 401,
        code: 16,
        message: "Errors.Token.Invalid (AUTH-7fs1e)",
        id: "AUTH-7fs1e",
      });
    } finally {
      await shortLived.close();
    }
  });

  it("x-zitadel-orgid names a non-existent org → 403 Organisation doesn't exist", async () => {
    expectError(await lockout({ token: emu.current.credentials.iamOwnerToken, orgId: "399999999999999999" }), {
      status: 403,
      code: 7,
      message: "Organisation doesn't exist (AUTH-Bs7Ds)",
      id: "AUTH-Bs7Ds",
    });
  });

  it("caller without any membership → 404 membership not found", async () => {
    expectError(await lockout({ token: emu.current.credentials.noMembershipToken }), {
      status: 404,
      code: 5,
      message: "membership not found (AUTHZ-cdgFk)",
      id: "AUTHZ-cdgFk",
    });
  });

  it("caller with memberships but without the permission → 403 No matching permissions found", async () => {
    const res = await callEmulator(emu.current, {
      method: "PUT",
      path: "/admin/v1/policies/password/lockout",
      token: emu.current.credentials.viewerToken,
      body: "{}",
    });
    expectError(res, { status: 403, code: 7, message: "No matching permissions found (AUTH-5mWD2)", id: "AUTH-5mWD2" });
  });

  it("instance blocked (limits) → 429 Errors.Limits.Instance.Blocked", async () => {
    emu.current.setFaults({ rate: 1, kinds: ["429-json"] });
    try {
      expectError(await lockout({ token: emu.current.credentials.iamOwnerToken }), {
        status: 429,
        code: 8,
        message: "Errors.Limits.Instance.Blocked (LIMITS-molsj)",
        id: "LIMITS-molsj",
      });
    } finally {
      emu.current.setFaults(undefined);
    }
  });
});

// Semantics beyond single responses: per-aggregate sequences with gaps, the org fallback, the hidden
// showLockOutFailures quirk, permissions per role (docs/zitadel-api.md §5.2), locked users, the request log.
import { describe, expect, it } from "vitest";
import { callEmulator, withEmulator } from "../support/emulator.js";

describe("sequences, fallback and the showLockOutFailures quirk", () => {
  const emu = withEmulator();
  const token = () => emu.current.credentials.iamOwnerToken;
  const org = (name: string) => emu.current.control.listOrgs().find((o) => o.name === name)!.id;
  const seqOf = (json: unknown) => Number((json as { details: { sequence: string } }).details.sequence);

  it("never-updated instance: first identical PUT succeeds (hidden flag flips), the next is NotChanged", async () => {
    expect(emu.current.control.instancePolicy().showLockOutFailures).toBe(true);
    const body = JSON.stringify({ maxPasswordAttempts: 0, maxOtpAttempts: 0 });
    const first = await callEmulator(emu.current, {
      method: "PUT",
      path: "/admin/v1/policies/password/lockout",
      token: token(),
      body,
    });
    expect(first.status).toBe(200);
    expect(emu.current.control.instancePolicy().showLockOutFailures).toBe(false);
    const second = await callEmulator(emu.current, {
      method: "PUT",
      path: "/admin/v1/policies/password/lockout",
      token: token(),
      body,
    });
    expect(second.status).toBe(400);
  });

  it("sequences are per aggregate and skip numbers after unrelated events", async () => {
    const acme = org("ACME");
    const globex = org("Globex");
    const write = async (method: string, orgId: string, body: string) =>
      seqOf(
        (
          await callEmulator(emu.current, {
            method,
            path: "/management/v1/policies/lockout",
            token: token(),
            orgId,
            body,
          })
        ).json,
      );
    const globexBefore = emu.current.control.orgPolicy(globex)!.sequence;
    const a1 = await write("POST", acme, '{"maxPasswordAttempts":3}');
    // Another aggregate's write does not touch Globex's sequence: sequences are not global.
    expect(emu.current.control.orgPolicy(globex)!.sequence).toBe(globexBefore);
    const g1 = await write("PUT", globex, '{"maxPasswordAttempts":3}');
    expect(g1).toBeGreaterThan(Number(globexBefore));
    emu.current.control.bumpUnrelated(acme);
    emu.current.control.bumpUnrelated(acme);
    const a2 = await write("PUT", acme, '{"maxPasswordAttempts":4}');
    expect(a2).toBe(a1 + 3);
    const read = await callEmulator(emu.current, {
      method: "GET",
      path: "/management/v1/policies/lockout",
      token: token(),
      orgId: acme,
    });
    expect(seqOf((read.json as { policy: object }).policy)).toBe(a2);
    // An unrelated event does not move the policy's own sequence on read.
    emu.current.control.bumpUnrelated(acme);
    const again = await callEmulator(emu.current, {
      method: "GET",
      path: "/management/v1/policies/lockout",
      token: token(),
      orgId: acme,
    });
    expect(seqOf((again.json as { policy: object }).policy)).toBe(a2);
  });

  it("after a reset the org reads the instance policy (isDefault, instance resourceOwner and sequence)", async () => {
    const acme = org("ACME");
    const reset = await callEmulator(emu.current, {
      method: "DELETE",
      path: "/management/v1/policies/lockout",
      token: token(),
      orgId: acme,
    });
    expect(reset.status).toBe(200);
    const read = (
      await callEmulator(emu.current, {
        method: "GET",
        path: "/management/v1/policies/lockout",
        token: token(),
        orgId: acme,
      })
    ).json as {
      policy: { details: { sequence: string; resourceOwner: string }; isDefault: boolean };
      isDefault: boolean;
    };
    expect(read.isDefault).toBe(true);
    expect(read.policy.isDefault).toBe(true);
    expect(read.policy.details.resourceOwner).toBe(emu.current.instanceId);
    expect(read.policy.details.sequence).toBe(emu.current.control.instancePolicy().sequence);
    expect(emu.current.control.orgPolicy(acme)).toBeNull();
  });

  it("out-of-band control changes move sequences like API writes", () => {
    const before = Number(emu.current.control.instancePolicy().sequence);
    emu.current.control.bumpUnrelated("instance");
    emu.current.control.setInstancePolicy({ maxPasswordAttempts: 8, maxOtpAttempts: 8 });
    expect(Number(emu.current.control.instancePolicy().sequence)).toBe(before + 2);
    emu.current.control.setInstancePolicy({ maxPasswordAttempts: 8, maxOtpAttempts: 8 });
    expect(Number(emu.current.control.instancePolicy().sequence)).toBe(before + 2);
  });
});

describe("permissions per role (docs/zitadel-api.md §5.2)", () => {
  const emu = withEmulator();
  const c = () => emu.current.credentials;
  const other = () => emu.current.control.listOrgs().find((o) => o.name === "Globex")!.id;
  const status = async (token: string, method: string, path: string, orgId?: string, body?: string) =>
    (
      await callEmulator(emu.current, {
        method,
        path,
        token,
        ...(orgId ? { orgId } : {}),
        ...(body !== undefined ? { body } : {}),
      })
    ).status;

  it("IAM_OWNER reads and writes the instance and any org", async () => {
    expect(await status(c().iamOwnerToken, "GET", "/admin/v1/policies/lockout")).toBe(200);
    expect(await status(c().iamOwnerToken, "GET", "/management/v1/policies/lockout", other())).toBe(200);
    expect(await status(c().iamOwnerToken, "POST", "/admin/v1/orgs/_search", undefined, "{}")).toBe(200);
  });

  it("ORG_OWNER manages its own org only; no instance permissions; another org: 404 membership not found", async () => {
    expect(await status(c().orgOwnerToken, "GET", "/management/v1/policies/lockout")).toBe(200);
    expect(
      await status(
        c().orgOwnerToken,
        "POST",
        "/management/v1/policies/lockout",
        undefined,
        '{"maxPasswordAttempts":5}',
      ),
    ).toBe(200);
    expect(await status(c().orgOwnerToken, "GET", "/admin/v1/policies/lockout")).toBe(403);
    expect(await status(c().orgOwnerToken, "POST", "/admin/v1/orgs/_search", undefined, "{}")).toBe(403);
    expect(await status(c().orgOwnerToken, "GET", "/management/v1/policies/lockout", other())).toBe(404);
  });

  it("IAM_OWNER_VIEWER reads everything and writes nothing", async () => {
    expect(await status(c().viewerToken, "GET", "/admin/v1/policies/lockout")).toBe(200);
    expect(await status(c().viewerToken, "GET", "/management/v1/policies/lockout", other())).toBe(200);
    expect(await status(c().viewerToken, "POST", "/admin/v1/orgs/_search", undefined, "{}")).toBe(200);
    expect(
      await status(c().viewerToken, "PUT", "/management/v1/policies/lockout", other(), '{"maxPasswordAttempts":1}'),
    ).toBe(403);
    expect(await status(c().viewerToken, "DELETE", "/management/v1/policies/lockout", other())).toBe(403);
  });

  it("v2 org search filters by org.read after counting: ORG_OWNER sees its org, totalResult counts all", async () => {
    const res = (
      await callEmulator(emu.current, {
        method: "POST",
        path: "/v2/organizations/_search",
        token: c().orgOwnerToken,
        body: "{}",
      })
    ).json as {
      details: { totalResult: string };
      result: { id: string }[];
    };
    expect(res.result.map((o) => o.id)).toEqual([c().orgOwnerOrgId]);
    expect(Number(res.details.totalResult)).toBe(emu.current.control.listOrgs().length);
    const none = (
      await callEmulator(emu.current, {
        method: "POST",
        path: "/v2/organizations/_search",
        token: c().noMembershipToken,
        body: "{}",
      })
    ).json;
    expect(none).not.toHaveProperty("result");
  });

  it("v2 org search rejects an empty name query (1-200 characters) with 400 code 3", async () => {
    const res = await callEmulator(emu.current, {
      method: "POST",
      path: "/v2/organizations/_search",
      token: c().iamOwnerToken,
      body: '{"queries":[{"nameQuery":{"name":""}}]}',
    });
    expect(res.status).toBe(400);
    expect((res.json as { code: number }).code).toBe(3);
  });
});

describe("locked users: search, lock and unlock (docs/zitadel-api.md §8)", () => {
  const emu = withEmulator();
  const c = () => emu.current.credentials;
  const user = (name: string) => emu.current.control.listUsers().find((u) => u.userName === name)!;

  it("v1 search finds the locked users of one org; v2 across orgs", async () => {
    const v1 = (
      await callEmulator(emu.current, {
        method: "POST",
        path: "/management/v1/users/_search",
        token: c().orgOwnerToken,
        body: '{"queries":[{"stateQuery":{"state":"USER_STATE_LOCKED"}}]}',
      })
    ).json as { result: { userName: string; state: string }[] };
    expect(v1.result.map((u) => [u.userName, u.state])).toEqual([["bob", "USER_STATE_LOCKED"]]);
    const v2 = (
      await callEmulator(emu.current, {
        method: "POST",
        path: "/v2/users",
        token: c().iamOwnerToken,
        body: '{"queries":[{"stateQuery":{"state":"USER_STATE_LOCKED"}}]}',
      })
    ).json as { result: { username: string }[] };
    expect(v2.result.map((u) => u.username).sort()).toEqual(["bob", "carol", "grace"]);
    const oneOrg = (
      await callEmulator(emu.current, {
        method: "POST",
        path: "/v2/users",
        token: c().iamOwnerToken,
        body: JSON.stringify({
          queries: [
            { stateQuery: { state: "USER_STATE_LOCKED" } },
            { organizationIdQuery: { organizationId: user("carol").orgId } },
          ],
        }),
      })
    ).json as { result: { username: string }[] };
    expect(oneOrg.result.map((u) => u.username)).toEqual(["carol"]);
  });

  it("v1 unlock then unlock again: 200, then 400 User is not locked; another org's user is 404", async () => {
    const bob = user("bob").id;
    const first = await callEmulator(emu.current, {
      method: "POST",
      path: `/management/v1/users/${bob}/_unlock`,
      token: c().orgOwnerToken,
      body: "{}",
    });
    expect(first.status).toBe(200);
    expect(emu.current.control.listUsers().find((u) => u.id === bob)!.state).toBe("active");
    const second = await callEmulator(emu.current, {
      method: "POST",
      path: `/management/v1/users/${bob}/_unlock`,
      token: c().orgOwnerToken,
      body: "{}",
    });
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({ code: 9, message: "User is not locked (COMMAND-4M0ds)" });
    const carol = await callEmulator(emu.current, {
      method: "POST",
      path: `/management/v1/users/${user("carol").id}/_unlock`,
      token: c().orgOwnerToken,
      body: "{}",
    });
    expect(carol.status).toBe(404);
    expect(carol.json).toMatchObject({ code: 5, message: "User could not be found (COMMAND-M0dos)" });
  });

  it("v2 unlock: user.write on the user's org is checked after the state checks", async () => {
    const grace = user("grace").id;
    const byOrgOwner = await callEmulator(emu.current, {
      method: "POST",
      path: `/v2/users/${grace}/unlock`,
      token: c().orgOwnerToken,
      body: "{}",
    });
    expect(byOrgOwner.status).toBe(404);
    expect(byOrgOwner.json).toMatchObject({ message: "membership not found (AUTHZ-cdgFk)" });
    const byViewer = await callEmulator(emu.current, {
      method: "POST",
      path: `/v2/users/${grace}/unlock`,
      token: c().viewerToken,
      body: "{}",
    });
    expect(byViewer.status).toBe(403);
    // authz.CheckPermission's answer (internal/api/authz/permission.go checkUserResourcePermissions).
    expect(byViewer.json).toMatchObject({ code: 7, message: "No matching permissions found (AUTH-AWfge)" });
    const unknown = await callEmulator(emu.current, {
      method: "POST",
      path: "/v2/users/399999999999999999/unlock",
      token: c().viewerToken,
      body: "{}",
    });
    expect(unknown.json).toMatchObject({ code: 5, message: "User could not be found (COMMAND-x377t913pw)" });
    const ok = await callEmulator(emu.current, {
      method: "POST",
      path: `/v2/users/${grace}/unlock`,
      token: c().iamOwnerToken,
      body: "{}",
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({
      details: { sequence: expect.any(String), changeDate: expect.any(String), resourceOwner: user("grace").orgId },
    });
    const lockInactive = await callEmulator(emu.current, {
      method: "POST",
      path: `/v2/users/${user("frank").id}/lock`,
      token: c().iamOwnerToken,
      body: "{}",
    });
    expect(lockInactive.json).toMatchObject({ code: 9, message: "User is not active or initial (COMMAND-lgws8wtsqf)" });
  });

  it("the request log records method, path, org, status and write, and never a token", async () => {
    emu.current.clearLog();
    const org = c().orgOwnerOrgId;
    await callEmulator(emu.current, {
      method: "GET",
      path: "/management/v1/policies/lockout",
      token: c().iamOwnerToken,
      orgId: org,
    });
    await callEmulator(emu.current, {
      method: "POST",
      path: `/management/v1/users/${user("alice").id}/_lock`,
      token: c().iamOwnerToken,
      orgId: org,
      body: "{}",
    });
    await callEmulator(emu.current, { method: "POST", path: "/v2/users", token: c().iamOwnerToken, body: "{}" });
    expect(emu.current.requestLog).toEqual([
      { method: "GET", path: "/management/v1/policies/lockout", orgId: org, status: 200, write: false },
      { method: "POST", path: `/management/v1/users/${user("alice").id}/_lock`, orgId: org, status: 200, write: true },
      { method: "POST", path: "/v2/users", status: 200, write: false },
    ]);
    const serialized = JSON.stringify(emu.current.requestLog);
    for (const secret of [c().iamOwnerToken, c().orgOwnerToken, c().iamOwnerClientSecret])
      expect(serialized).not.toContain(secret);
  });
});

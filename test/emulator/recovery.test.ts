// The emulator's side of recovering from a lockout: members with roles (instance and org), wrong
// passwords counted against the policy in force (custom, inherited, 0 = never), the v2 user search the
// tool reads states with (ids, state, org, paging), and unlock (v1/v2) with ZITADEL's errors.
import { describe, expect, it } from "vitest";
import { callEmulator, withEmulator } from "../support/emulator.js";

describe("members, wrong passwords, user search and unlock", () => {
  const emu = withEmulator();
  const c = () => emu.current.credentials;
  const org = (name: string) => emu.current.control.listOrgs().find((o) => o.name === name)!.id;
  const user = (userName: string) => emu.current.control.listUsers().find((u) => u.userName === userName)!;
  const post = (path: string, token: string, body: unknown, orgId?: string) =>
    callEmulator(emu.current, { method: "POST", path, token, body: JSON.stringify(body), ...(orgId ? { orgId } : {}) });

  it("instance members: roles and user type per member, iam.member.read required", async () => {
    const res = await post("/admin/v1/members/_search", c().iamOwnerToken, { query: { limit: 100 } });
    expect(res.status).toBe(200);
    const rows = (
      res.json as { result: { userId: string; roles: string[]; userType: string; userResourceOwner: string }[] }
    ).result;
    const admin = user("lockout-admin");
    expect(rows).toContainEqual(
      expect.objectContaining({
        userId: admin.id,
        roles: ["IAM_OWNER"],
        userType: "TYPE_MACHINE",
        userResourceOwner: admin.orgId,
      }),
    );
    expect(rows.map((r) => r.userId)).toContain(user("lockout-viewer").id);
    expect((res.json as { details: { totalResult: string } }).details.totalResult).toBe(String(rows.length));
    // acme-admin is an org owner only: its ACME membership grants no iam.member.read.
    const denied = await post("/admin/v1/members/_search", c().orgOwnerToken, {});
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ message: "No matching permissions found (AUTH-5mWD2)" });
    const nobody = await post("/admin/v1/members/_search", c().noMembershipToken, {});
    expect(nobody.status).toBe(404);
    expect(nobody.json).toMatchObject({ message: "membership not found (AUTHZ-cdgFk)" });
  });

  it("org members: the org in x-zitadel-orgid, human and machine, filtered by user id", async () => {
    const acme = org("ACME");
    const res = await post("/management/v1/orgs/me/members/_search", c().iamOwnerToken, {}, acme);
    expect(res.status).toBe(200);
    const rows = (
      res.json as { result: { userId: string; roles: string[]; userType: string; preferredLoginName: string }[] }
    ).result;
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          userId: user("alice").id,
          roles: ["ORG_OWNER"],
          userType: "TYPE_HUMAN",
          preferredLoginName: "alice@acme.emulator.localhost",
        }),
        expect.objectContaining({ userId: user("acme-admin").id, roles: ["ORG_OWNER"], userType: "TYPE_MACHINE" }),
      ]),
    );
    const one = await post("/management/v1/orgs/me/members/_search", c().orgOwnerToken, {
      queries: [{ userIdQuery: { userId: user("alice").id } }],
    });
    expect((one.json as { result: { userId: string }[] }).result.map((r) => r.userId)).toEqual([user("alice").id]);
    // The viewer role has org.member.read through its instance membership; Globex has no members.
    const globex = await post("/management/v1/orgs/me/members/_search", c().viewerToken, {}, org("Globex"));
    expect(globex.status).toBe(200);
    // protojson leaves a zero totalResult out.
    expect((globex.json as { details: { totalResult?: string } }).details.totalResult ?? "0").toBe("0");
    expect((globex.json as { result?: unknown[] }).result ?? []).toEqual([]);
  });

  it("ORG_USER_MANAGER may unlock but not list members (no org.member.read upstream)", async () => {
    const initech = org("Initech");
    const managerId = emu.current.control.addUser(initech, "initech-users", "active", { kind: "machine" });
    emu.current.control.addMember(managerId, initech, ["ORG_USER_MANAGER"]);
    const token = emu.current.patFor(managerId);
    const members = await post("/management/v1/orgs/me/members/_search", token, {});
    expect(members.status).toBe(403);
    expect(members.json).toMatchObject({ code: 7, message: "No matching permissions found (AUTH-5mWD2)" });
    const erin = user("erin").id;
    emu.current.control.lockUser(erin);
    const unlocked = await post(`/v2/users/${erin}/unlock`, token, {});
    expect(unlocked.status).toBe(200);
    expect(user("erin").state).toBe("active");
  });

  it("wrong passwords lock at the org's custom limit, not before; unlock resets the count", () => {
    const initech = org("Initech"); // custom policy: 3 wrong passwords
    const id = emu.current.control.addUser(initech, "wendy");
    expect(emu.current.control.failPassword(id, 2)).toEqual({
      kind: "counted",
      failedCount: 2,
      locked: false,
      limit: 3,
    });
    expect(user("wendy").state).toBe("active");
    expect(emu.current.control.failPassword(id)).toEqual({ kind: "counted", failedCount: 3, locked: true, limit: 3 });
    expect(user("wendy").state).toBe("locked");
    // A locked user is refused before any password is compared: nothing more is counted.
    expect(emu.current.control.failPassword(id)).toEqual({ kind: "refused", reason: "locked" });
    emu.current.control.unlockUser(id);
    expect(emu.current.control.failPassword(id)).toMatchObject({ failedCount: 1, locked: false });
  });

  it("an org without a custom policy uses the instance's limit; 0 never locks; machine users have no password", () => {
    const umbrella = org("Umbrella");
    const id = emu.current.control.addUser(umbrella, "victor");
    expect(emu.current.control.failPassword(id, 50)).toEqual({
      kind: "counted",
      failedCount: 50,
      locked: false,
      limit: 0,
    });
    emu.current.control.setInstancePolicy({ maxPasswordAttempts: 52, maxOtpAttempts: 0 });
    expect(emu.current.control.failPassword(id)).toMatchObject({ failedCount: 51, locked: false, limit: 52 });
    expect(emu.current.control.failPassword(id)).toMatchObject({ failedCount: 52, locked: true });
    expect(emu.current.control.failPassword(user("lockout-admin").id)).toEqual({ kind: "refused", reason: "machine" });
    expect(emu.current.control.failPassword(user("frank").id)).toEqual({ kind: "refused", reason: "inactive" });
    emu.current.control.setInstancePolicy({ maxPasswordAttempts: 0, maxOtpAttempts: 0 });
  });

  it("v2 user search: ids, state and org queries, totalResult before paging, offset/limit", async () => {
    const ids = ["bob", "carol", "alice", "grace"].map((n) => user(n).id);
    const locked = await post("/v2/users", c().iamOwnerToken, {
      query: { limit: 2, offset: "0", asc: true },
      sortingColumn: "USER_FIELD_NAME_USER_NAME",
      queries: [{ inUserIdsQuery: { userIds: ids } }, { stateQuery: { state: "USER_STATE_LOCKED" } }],
    });
    expect(locked.status).toBe(200);
    const lockedNames = ["bob", "carol", "grace"].filter((n) => user(n).state === "locked");
    expect(locked.json).toMatchObject({ details: { totalResult: String(lockedNames.length) } });
    const page1 = (locked.json as { result: { username: string; state: string }[] }).result;
    expect(page1.map((u) => u.username)).toEqual(lockedNames.slice(0, 2));
    expect(page1.every((u) => u.state === "USER_STATE_LOCKED")).toBe(true);
    const page2 = await post("/v2/users", c().iamOwnerToken, {
      query: { limit: 2, offset: "2", asc: true },
      sortingColumn: "USER_FIELD_NAME_USER_NAME",
      queries: [{ inUserIdsQuery: { userIds: ids } }, { stateQuery: { state: "USER_STATE_LOCKED" } }],
    });
    expect((page2.json as { result?: { username: string }[] }).result?.map((u) => u.username) ?? []).toEqual(
      lockedNames.slice(2),
    );
    const inAcme = await post("/v2/users", c().iamOwnerToken, {
      queries: [{ organizationIdQuery: { organizationId: org("ACME") } }],
    });
    const acmeNames = (inAcme.json as { result: { username: string }[] }).result.map((u) => u.username);
    expect(acmeNames).toEqual(expect.arrayContaining(["alice", "bob", "acme-admin"]));
    expect(acmeNames).not.toContain("carol");
  });

  it("unlock errors: unknown user, not locked, and a locked user's own credentials are refused", async () => {
    const unknown = await post("/v2/users/399999999999999999/unlock", c().iamOwnerToken, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 5, message: "User could not be found (COMMAND-x377t913pw)" });
    const admin = user("lockout-admin").id;
    // Unlocking oneself while active: the state check comes first.
    const self = await post(`/v2/users/${admin}/unlock`, c().iamOwnerToken, {});
    expect(self.status).toBe(400);
    expect(self.json).toMatchObject({ code: 9, message: "User is not locked (COMMAND-olb9vb0oca)" });
    // A locked service user cannot authenticate, so it cannot unlock itself.
    const acmeAdmin = user("acme-admin").id;
    emu.current.control.lockUser(acmeAdmin);
    const byLocked = await post(`/v2/users/${acmeAdmin}/unlock`, c().orgOwnerToken, {});
    expect(byLocked.status).toBe(401);
    expect(user("acme-admin").state).toBe("locked");
    const v1 = await post(`/management/v1/users/${acmeAdmin}/_unlock`, c().iamOwnerToken, {}, org("ACME"));
    expect(v1.status).toBe(200);
    expect(user("acme-admin").state).toBe("active");
  });

  it("GET /auth/v1/users/me answers the token's own user to any authenticated caller", async () => {
    const res = await callEmulator(emu.current, {
      method: "GET",
      path: "/auth/v1/users/me",
      token: c().noMembershipToken,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      user: { id: user("lockout-nobody").id, userName: "lockout-nobody", machine: { name: "lockout-nobody" } },
    });
    const anonymous = await callEmulator(emu.current, { method: "GET", path: "/auth/v1/users/me" });
    expect(anonymous.status).toBe(401);
  });
});

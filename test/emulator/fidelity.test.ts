// Behaviour checked against ZITADEL's source (docs/zitadel-api.md §3, §4): the "Bearer " prefix error,
// lock/unlock without self-management, list limits, and case-insensitively unique org names.
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { callEmulator, withEmulator } from "../support/emulator.js";

describe("emulator fidelity", () => {
  const emu = withEmulator();
  const c = () => emu.current.credentials;

  it("an Authorization header without 'Bearer ' is 401 invalid auth header (AUTH-toLo1)", async () => {
    const res = await fetch(`${emu.current.url}/admin/v1/policies/lockout`, {
      headers: { authorization: `Token ${c().iamOwnerToken}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 16, message: "invalid auth header (AUTH-toLo1)" });
  });

  it("v2 lock: being the user is not enough (no self-management); without user.write: AUTH-AWfge", async () => {
    const viewer = emu.current.control.listUsers().find((u) => u.userName === "lockout-viewer")!;
    const res = await callEmulator(emu.current, {
      method: "POST",
      path: `/v2/users/${viewer.id}/lock`,
      token: c().viewerToken,
      body: "{}",
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 7, message: "No matching permissions found (AUTH-AWfge)" });
    expect(emu.current.control.listUsers().find((u) => u.id === viewer.id)!.state).toBe("active");
  });

  const search = (path: string, body: object) =>
    callEmulator(emu.current, { method: "POST", path, token: c().iamOwnerToken, body: JSON.stringify(body) });

  it("a list limit over 1000 is refused (QUERY-4M0fs) on v1 and v2; 1000 itself is fine", async () => {
    for (const path of ["/admin/v1/orgs/_search", "/v2/organizations/_search"]) {
      const over = await search(path, { query: { limit: 1001 } });
      expect(over.status, path).toBe(400);
      expect(over.json, path).toMatchObject({ code: 3, message: "Errors.Query.LimitExceeded (QUERY-4M0fs)" });
      expect((await search(path, { query: { limit: 1000 } })).status, path).toBe(200);
    }
  });

  it("limit 0 (or none) means the default of 1000 rows, not every row", async () => {
    const many = await startEmulator({ extraOrgs: 1005 });
    try {
      const res = await callEmulator(many, {
        method: "POST",
        path: "/admin/v1/orgs/_search",
        token: many.credentials.iamOwnerToken,
        body: '{"query":{"limit":0}}',
      });
      const json = res.json as { result: unknown[]; details: { totalResult: string } };
      expect(json.result).toHaveLength(1000);
      expect(Number(json.details.totalResult)).toBeGreaterThan(1000);
    } finally {
      await many.close();
    }
  });

  it("the instance read checks policy.read in the org of x-zitadel-orgid, else the caller's own org", async () => {
    const control = emu.current.control;
    const home = control.addOrg("Fidelity Robot Home");
    const managed = control.addOrg("Fidelity Managed");
    const robot = control.addUser(home, "fidelity-robot", "active", { kind: "machine" });
    control.addMember(robot, managed, ["ORG_OWNER"]);
    const read = (orgId?: string) =>
      callEmulator(emu.current, {
        method: "GET",
        path: "/v2/settings/lockout?ctx.instance=true",
        token: emu.current.patFor(robot),
        ...(orgId !== undefined ? { orgId } : {}),
      });
    const own = await read();
    expect(own.status).toBe(404);
    expect(own.json).toMatchObject({ code: 5, message: "membership not found (AUTHZ-cdgFk)" });
    expect((await read(home)).status).toBe(404);
    const inManaged = await read(managed);
    expect(inManaged.status).toBe(200);
    // ctx.instance=true still answers the instance's row, whatever org the call runs in.
    expect(inManaged.json).toMatchObject({
      details: { resourceOwner: emu.current.instanceId },
      settings: { resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE" },
    });
  });

  it("org names are unique case-insensitively; a legacy duplicate can still be seeded on purpose", () => {
    expect(() => emu.current.control.addOrg("acme")).toThrow(/an org named "ACME" exists already/);
    const legacy = emu.current.control.addOrg("acme", { legacyDuplicate: true });
    expect(
      emu.current.control
        .listOrgs()
        .filter((o) => o.name.toLowerCase() === "acme")
        .map((o) => o.id),
    ).toContain(legacy);
  });
});

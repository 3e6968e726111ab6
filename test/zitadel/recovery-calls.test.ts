// The client's member, user-search, who-am-I and unlock calls, against the emulator through a recording
// proxy: every request must match one upstream route of @zitadel/proto and its body must parse strictly
// with that method's request message; answers are read as the emulator (protojson) writes them.
import { fromJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { buildRoutes, createRouter } from "../../src/emulator/routes.js";
import { ApiError } from "../../src/errors.js";
import { createClient, USER_PAGE_SIZE, type UserRow, type ZitadelClient } from "../../src/zitadel/index.js";
import { withEmulator } from "../support/emulator.js";
import { startFake, type FakeServer } from "./support/fake-server.js";

const router = createRouter(buildRoutes());

describe("recovery calls", () => {
  const emu = withEmulator();
  const org = (name: string) => emu.current.control.listOrgs().find((o) => o.name === name)!.id;
  const user = (userName: string) => emu.current.control.listUsers().find((u) => u.userName === userName)!;

  async function withClient<T>(
    token: string,
    fn: (client: ZitadelClient, proxy: FakeServer) => Promise<T>,
  ): Promise<T> {
    const proxy = await startFake(async (req) => {
      const headers: Record<string, string> = {};
      for (const h of ["authorization", "content-type", "x-zitadel-orgid"]) {
        const v = req.headers[h];
        if (typeof v === "string") headers[h] = v;
      }
      const res = await fetch(emu.current.url + req.path + (req.query ? `?${req.query}` : ""), {
        method: req.method,
        headers,
        body: req.body === "" ? undefined : req.body,
      });
      return {
        status: res.status,
        text: await res.text(),
        headers: { "content-type": res.headers.get("content-type") ?? "" },
      };
    });
    const client = createClient({ baseUrl: proxy.url, credentials: { kind: "pat", token }, retry: { maxAttempts: 1 } });
    try {
      const result = await fn(client, proxy);
      for (const req of proxy.requests) {
        const match = router.match(req.method, req.path);
        expect(match.kind, `${req.method} ${req.path}`).toBe("route");
        if (match.kind !== "route" || req.body === "") continue;
        expect(
          () => fromJson(match.route.input, JSON.parse(req.body), { ignoreUnknownFields: false }),
          req.body,
        ).not.toThrow();
      }
      return result;
    } finally {
      await client.close();
      await proxy.close();
    }
  }

  it("whoAmI, instance and org members", async () => {
    const admin = user("lockout-admin");
    await withClient(emu.current.credentials.iamOwnerToken, async (client) => {
      expect(await client.whoAmI()).toEqual({
        userId: admin.id,
        orgId: admin.orgId,
        loginName: `lockout-admin@zitadel.emulator.localhost`,
      });
      expect(await client.listInstanceMembers()).toContainEqual({
        userId: admin.id,
        roles: ["IAM_OWNER"],
        loginName: "lockout-admin@zitadel.emulator.localhost",
        kind: "machine",
        userOrgId: admin.orgId,
      });
      const acme = await client.listOrgMembers(org("ACME"));
      expect(acme.map((m) => [m.loginName, m.kind, m.roles])).toEqual(
        expect.arrayContaining([
          ["alice@acme.emulator.localhost", "human", ["ORG_OWNER"]],
          ["acme-admin@acme.emulator.localhost", "machine", ["ORG_OWNER"]],
        ]),
      );
    });
  });

  it("searchUsers pages past the page size, one page at a time, with the query's filters", async () => {
    const globex = org("Globex");
    const before = emu.current.control.listUsers(globex).filter((u) => u.state === "locked").length;
    for (let i = 0; i < USER_PAGE_SIZE + 5; i++) emu.current.control.addUser(globex, `bulk${i}`, "locked");
    await withClient(emu.current.credentials.iamOwnerToken, async (client, proxy) => {
      const pages: number[] = [];
      const all: UserRow[] = [];
      await client.searchUsers({ orgId: globex, state: "locked" }, (rows, seen, total) => {
        pages.push(rows.length);
        all.push(...rows);
        expect(seen).toBeLessThanOrEqual(total);
      });
      expect(pages).toEqual([USER_PAGE_SIZE, before + 5]);
      expect(new Set(all.map((u) => u.userId)).size).toBe(USER_PAGE_SIZE + 5 + before);
      expect(all.every((u) => u.state === "locked" && u.orgId === globex && u.human)).toBe(true);
      expect(proxy.requests.filter((r) => r.path === "/v2/users")).toHaveLength(2);
      const byLogin: UserRow[] = [];
      await client.searchUsers({ loginName: "ALICE@acme.emulator.localhost" }, (rows) => byLogin.push(...rows));
      expect(byLogin.map((u) => u.userName)).toEqual(["alice"]);
      const byIds: UserRow[] = [];
      await client.searchUsers({ userIds: [user("bob").id, user("lockout-admin").id] }, (rows) => byIds.push(...rows));
      expect(byIds.map((u) => [u.userName, u.human]).sort()).toEqual([
        ["bob", true],
        ["lockout-admin", false],
      ]);
    });
  });

  it("unlock: ok, then ZITADEL's 'not locked'; a caller without user.write gets AUTH-AWfge with a hint", async () => {
    const grace = user("grace").id;
    emu.current.control.lockUser(grace);
    await withClient(emu.current.credentials.iamOwnerToken, async (client) => {
      expect((await client.unlockUser(grace)).resourceOwner).toBe(org("Umbrella"));
      const again = await client.unlockUser(grace).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(ApiError);
      expect((again as ApiError).info).toMatchObject({
        status: 400,
        id: "COMMAND-olb9vb0oca",
        path: `/v2/users/${grace}/unlock`,
      });
    });
    emu.current.control.lockUser(grace);
    await withClient(emu.current.credentials.viewerToken, async (client) => {
      const denied = await client.unlockUser(grace).catch((e: unknown) => e);
      expect((denied as ApiError).info).toMatchObject({ status: 403, id: "AUTH-AWfge" });
      expect((denied as ApiError).message).toContain("unlocking a user needs permission user.write");
    });
  });
});

// Every emulator response of the lockout, org-search and user endpoints, checked two ways:
// parsed strictly (unknown fields are errors) by @bufbuild/protobuf's fromJson with the upstream response
// message from @zitadel/proto, and validated with ajv against the swagger extracts. The extracts lack
// GET /management/v1/policies/lockout (lost in the upstream merge, see their x-provenance) and all of
// /v2beta: those responses get the proto check only, and the gaps are asserted so they stay visible.
import { fromJson, type DescMessage } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { buildRoutes, createRouter } from "../../src/emulator/routes.js";
import { callEmulator, withEmulator } from "../support/emulator.js";
import { swaggerValidator } from "./swagger.js";

const router = createRouter(buildRoutes());
const validators = {
  admin: swaggerValidator("admin"),
  management: swaggerValidator("management"),
  v2: swaggerValidator("v2"),
};
const swaggerFor = (path: string) =>
  path.startsWith("/admin/")
    ? validators.admin
    : path.startsWith("/management/")
      ? validators.management
      : validators.v2;

/** Swagger path of a concrete request path (ids back to their {variables}). */
const templated = (path: string): string =>
  path
    .replace(/\/users\/\d+\/_(lock|unlock)$/, "/users/{id}/_$1")
    .replace(/\/v2\/users\/\d+\/(lock|unlock)$/, "/v2/users/{userId}/$1");

interface Call {
  readonly method: string;
  readonly path: string;
  readonly token: "iamOwner" | "orgOwner" | "viewer";
  readonly orgId?: string;
  readonly body?: string;
}

describe("responses parse strictly as the upstream messages and validate against the swagger extracts", () => {
  const emu = withEmulator();
  const gaps: string[] = [];

  async function check(call: Call): Promise<unknown> {
    const c = emu.current.credentials;
    const token =
      call.token === "iamOwner" ? c.iamOwnerToken : call.token === "orgOwner" ? c.orgOwnerToken : c.viewerToken;
    const res = await callEmulator(emu.current, {
      method: call.method,
      path: call.path,
      token,
      ...(call.orgId ? { orgId: call.orgId } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
    expect(res.status, `${call.method} ${call.path}: ${res.text}`).toBe(200);
    const match = router.match(call.method, call.path.split("?")[0]!);
    if (match.kind !== "route") throw new Error(`no route for ${call.path}`);
    const output: DescMessage = match.route.output;
    expect(() => fromJson(output, res.json as never, { ignoreUnknownFields: false })).not.toThrow();
    const validate = swaggerFor(call.path).response(call.method, templated(call.path.split("?")[0]!), "200");
    if (!validate) {
      gaps.push(`${call.method} ${call.path.split("?")[0]}`);
    } else {
      expect(validate(res.json), `${call.method} ${call.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    return res.json;
  }

  it("lockout endpoints (A1, A2, M1-M5, S1, S1b) in every shape", async () => {
    const orgs = emu.current.control.listOrgs();
    const acme = orgs.find((o) => o.name === "ACME")!.id;
    const globex = orgs.find((o) => o.name === "Globex")!.id;
    await check({ method: "GET", path: "/admin/v1/policies/lockout", token: "iamOwner" });
    await check({
      method: "PUT",
      path: "/admin/v1/policies/password/lockout",
      token: "iamOwner",
      body: '{"maxPasswordAttempts":5,"maxOtpAttempts":5}',
    });
    await check({ method: "GET", path: "/management/v1/policies/lockout", token: "iamOwner", orgId: acme });
    await check({ method: "GET", path: "/management/v1/policies/lockout", token: "iamOwner", orgId: globex });
    await check({ method: "GET", path: "/management/v1/policies/default/lockout", token: "orgOwner" });
    await check({
      method: "POST",
      path: "/management/v1/policies/lockout",
      token: "orgOwner",
      body: '{"maxPasswordAttempts":4}',
    });
    await check({
      method: "PUT",
      path: "/management/v1/policies/lockout",
      token: "orgOwner",
      body: '{"maxPasswordAttempts":4,"maxOtpAttempts":2}',
    });
    await check({ method: "DELETE", path: "/management/v1/policies/lockout", token: "orgOwner" });
    await check({ method: "GET", path: `/v2/settings/lockout?ctx.orgId=${globex}`, token: "iamOwner" });
    await check({ method: "GET", path: "/v2/settings/lockout?ctx.instance=true", token: "viewer" });
    await check({ method: "GET", path: `/v2beta/settings/lockout?ctx.orgId=${acme}`, token: "iamOwner" });
  });

  it("org search (admin v1, v2) and orgs/me", async () => {
    await check({
      method: "POST",
      path: "/admin/v1/orgs/_search",
      token: "iamOwner",
      body: '{"query":{"limit":2,"asc":true},"sortingColumn":"ORG_FIELD_NAME_NAME"}',
    });
    await check({
      method: "POST",
      path: "/admin/v1/orgs/_search",
      token: "viewer",
      body: '{"queries":[{"nameQuery":{"name":"nothing-matches"}}]}',
    });
    await check({
      method: "POST",
      path: "/v2/organizations/_search",
      token: "iamOwner",
      body: '{"queries":[{"domainQuery":{"domain":"emulator.localhost","method":"TEXT_QUERY_METHOD_ENDS_WITH"}}]}',
    });
    await check({ method: "POST", path: "/v2/organizations/_search", token: "orgOwner", body: "{}" });
    await check({ method: "GET", path: "/management/v1/orgs/me", token: "orgOwner" });
  });

  it("user search and lock/unlock (v1, v2)", async () => {
    const acme = emu.current.credentials.orgOwnerOrgId;
    const alice = emu.current.control.listUsers(acme).find((u) => u.userName === "alice")!.id;
    await check({
      method: "POST",
      path: "/management/v1/users/_search",
      token: "orgOwner",
      body: '{"query":{"limit":100},"queries":[{"stateQuery":{"state":"USER_STATE_LOCKED"}}]}',
    });
    await check({ method: "POST", path: "/management/v1/users/_search", token: "iamOwner", orgId: acme, body: "{}" });
    await check({ method: "POST", path: `/management/v1/users/${alice}/_lock`, token: "orgOwner", body: "{}" });
    await check({ method: "POST", path: `/management/v1/users/${alice}/_unlock`, token: "orgOwner", body: "{}" });
    await check({
      method: "POST",
      path: "/v2/users",
      token: "iamOwner",
      body: '{"query":{"limit":100},"queries":[{"stateQuery":{"state":"USER_STATE_LOCKED"}}]}',
    });
    await check({ method: "POST", path: `/v2/users/${alice}/lock`, token: "iamOwner", body: "{}" });
    await check({ method: "POST", path: `/v2/users/${alice}/unlock`, token: "iamOwner", body: "{}" });
  });

  it("error bodies validate as rpcStatus", async () => {
    const res = await callEmulator(emu.current, {
      method: "PUT",
      path: "/management/v1/policies/lockout",
      token: emu.current.credentials.orgOwnerToken,
      body: "{}",
    });
    expect(res.status).toBe(404);
    const validate = validators.management.response("PUT", "/management/v1/policies/lockout", "default")!;
    expect(validate(res.json), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the swagger check is not vacuous: an unknown field or a number for a uint64 fails", () => {
    const validate = validators.admin.response("GET", "/admin/v1/policies/lockout", "200")!;
    const good = { policy: { details: { sequence: "1", resourceOwner: "1" }, isDefault: true } };
    expect(validate(good)).toBe(true);
    expect(validate({ policy: { ...good.policy, surprise: 1 } })).toBe(false);
    expect(validate({ policy: { ...good.policy, maxPasswordAttempts: 5 } })).toBe(false);
  });

  it("notes the operations the extracts lack (and no others)", () => {
    expect([...new Set(gaps)].sort()).toEqual(["GET /management/v1/policies/lockout", "GET /v2beta/settings/lockout"]);
    expect(validators.management.swagger["x-provenance-missing-operations"]).toEqual([
      "GET /policies/lockout ManagementService_GetLockoutPolicy",
    ]);
  });
});

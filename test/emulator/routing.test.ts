// The route table comes from @zitadel/proto's google.api.http options: checked here against every
// lockout, org-search and user method's option, against docs/zitadel-api.md §1's literal paths, and for the
// gateway's routing answers (405 for a known path with another method, 404 for an unknown path, 501 for
// an upstream route the emulator does not serve).
import { getExtension, hasExtension } from "@bufbuild/protobuf";
import { http } from "@zitadel/proto/google/api/annotations_pb.js";
import { describe, expect, it } from "vitest";
import { HANDLERS } from "../../src/emulator/handlers/index.js";
import { buildRoutes, createRouter, SERVICES, serviceBasePath } from "../../src/emulator/routes.js";
import { callEmulator, withEmulator } from "../support/emulator.js";

const router = createRouter(buildRoutes());
const RELEVANT = new RegExp(
  /Lockout|^ListOrgs$|^ListOrganizations$|^GetMyOrg$|^ListUsers$|^LockUser$|^UnlockUser$/.source +
    /|^ListIAMMembers$|^ListOrgMembers$|^GetMyUser$/.source,
);

describe("route table from the proto options", () => {
  const methods = SERVICES.flatMap((service) =>
    service.methods
      .filter((m) => RELEVANT.test(m.name) && m.proto.options && hasExtension(m.proto.options, http))
      .map((m) => ({ service, method: m, rule: getExtension(m.proto.options!, http) })),
  );

  it("covers the lockout, org-search, user, member and who-am-I methods of all seven services", () => {
    expect(methods.map((m) => `${m.service.typeName}.${m.method.name}`).sort()).toEqual(
      [
        "zitadel.admin.v1.AdminService.GetLockoutPolicy",
        "zitadel.admin.v1.AdminService.ListIAMMembers",
        "zitadel.admin.v1.AdminService.ListOrgs",
        "zitadel.auth.v1.AuthService.GetMyUser",
        "zitadel.admin.v1.AdminService.UpdateLockoutPolicy",
        "zitadel.management.v1.ManagementService.AddCustomLockoutPolicy",
        "zitadel.management.v1.ManagementService.GetDefaultLockoutPolicy",
        "zitadel.management.v1.ManagementService.GetLockoutPolicy",
        "zitadel.management.v1.ManagementService.GetMyOrg",
        "zitadel.management.v1.ManagementService.ListOrgMembers",
        "zitadel.management.v1.ManagementService.ListUsers",
        "zitadel.management.v1.ManagementService.LockUser",
        "zitadel.management.v1.ManagementService.ResetLockoutPolicyToDefault",
        "zitadel.management.v1.ManagementService.UnlockUser",
        "zitadel.management.v1.ManagementService.UpdateCustomLockoutPolicy",
        "zitadel.org.v2.OrganizationService.ListOrganizations",
        "zitadel.settings.v2.SettingsService.GetLockoutSettings",
        "zitadel.settings.v2beta.SettingsService.GetLockoutSettings",
        "zitadel.user.v2.UserService.ListUsers",
        "zitadel.user.v2.UserService.LockUser",
        "zitadel.user.v2.UserService.UnlockUser",
      ].sort(),
    );
  });

  it("routes each method's own google.api.http binding to that method, with a handler", () => {
    for (const { service, method, rule } of methods) {
      const pattern = rule.pattern;
      if (pattern.case !== "get" && pattern.case !== "put" && pattern.case !== "post" && pattern.case !== "delete")
        throw new Error(`unexpected ${pattern.case}`);
      const concrete = (serviceBasePath(service).replace(/\/$/, "") + pattern.value).replace(
        /\{[^}]+\}/g,
        "300000000000000042",
      );
      const match = router.match(pattern.case.toUpperCase(), concrete);
      expect(match.kind, `${method.name} ${concrete}`).toBe("route");
      if (match.kind !== "route") continue;
      expect(match.route.method).toBe(method);
      expect(match.route.body).toBe(rule.body);
      expect(HANDLERS.has(match.route.fullName), `${match.route.fullName} has a handler`).toBe(true);
      expect(HANDLERS.get(match.route.fullName)!.input.typeName).toBe(method.input.typeName);
      expect(HANDLERS.get(match.route.fullName)!.output.typeName).toBe(method.output.typeName);
    }
  });

  it("matches docs/zitadel-api.md §1 and §8 literally (method, full path, permission)", () => {
    const table: readonly [string, string, string, string][] = [
      ["GET", "/admin/v1/policies/lockout", "zitadel.admin.v1.AdminService.GetLockoutPolicy", "iam.policy.read"],
      [
        "PUT",
        "/admin/v1/policies/password/lockout",
        "zitadel.admin.v1.AdminService.UpdateLockoutPolicy",
        "iam.policy.write",
      ],
      [
        "GET",
        "/management/v1/policies/lockout",
        "zitadel.management.v1.ManagementService.GetLockoutPolicy",
        "policy.read",
      ],
      [
        "GET",
        "/management/v1/policies/default/lockout",
        "zitadel.management.v1.ManagementService.GetDefaultLockoutPolicy",
        "policy.read",
      ],
      [
        "POST",
        "/management/v1/policies/lockout",
        "zitadel.management.v1.ManagementService.AddCustomLockoutPolicy",
        "policy.write",
      ],
      [
        "PUT",
        "/management/v1/policies/lockout",
        "zitadel.management.v1.ManagementService.UpdateCustomLockoutPolicy",
        "policy.write",
      ],
      [
        "DELETE",
        "/management/v1/policies/lockout",
        "zitadel.management.v1.ManagementService.ResetLockoutPolicyToDefault",
        "policy.delete",
      ],
      ["GET", "/v2/settings/lockout", "zitadel.settings.v2.SettingsService.GetLockoutSettings", "policy.read"],
      ["GET", "/v2beta/settings/lockout", "zitadel.settings.v2beta.SettingsService.GetLockoutSettings", "policy.read"],
      ["POST", "/admin/v1/orgs/_search", "zitadel.admin.v1.AdminService.ListOrgs", "iam.read"],
      ["POST", "/v2/organizations/_search", "zitadel.org.v2.OrganizationService.ListOrganizations", "authenticated"],
      ["GET", "/management/v1/orgs/me", "zitadel.management.v1.ManagementService.GetMyOrg", "org.read"],
      ["POST", "/management/v1/users/_search", "zitadel.management.v1.ManagementService.ListUsers", "user.read"],
      [
        "POST",
        "/management/v1/users/300000000000000042/_lock",
        "zitadel.management.v1.ManagementService.LockUser",
        "user.write",
      ],
      [
        "POST",
        "/management/v1/users/300000000000000042/_unlock",
        "zitadel.management.v1.ManagementService.UnlockUser",
        "user.write",
      ],
      ["POST", "/v2/users", "zitadel.user.v2.UserService.ListUsers", "authenticated"],
      ["POST", "/v2/users/300000000000000042/lock", "zitadel.user.v2.UserService.LockUser", "authenticated"],
      ["POST", "/v2/users/300000000000000042/unlock", "zitadel.user.v2.UserService.UnlockUser", "authenticated"],
    ];
    for (const [method, path, fullName, permission] of table) {
      const match = router.match(method, path);
      expect(match.kind === "route" && match.route.fullName, `${method} ${path}`).toBe(fullName);
      expect(match.kind === "route" && match.route.permission).toBe(permission);
    }
  });

  it("binds path variables (users/{id}) into the request", () => {
    const match = router.match("POST", "/v2/users/300000000000000099/unlock");
    expect(match.kind === "route" && match.params).toEqual({ user_id: "300000000000000099" });
  });
});

describe("gateway routing answers over HTTP", () => {
  const emu = withEmulator();
  const token = () => emu.current.credentials.iamOwnerToken;
  const cases: readonly [string, string, number, object][] = [
    // The confirmed path quirk: read and update of the instance policy live on different paths.
    ["PUT", "/admin/v1/policies/lockout", 405, { code: 12, message: "Method Not Allowed" }],
    ["GET", "/admin/v1/policies/password/lockout", 405, { code: 12, message: "Method Not Allowed" }],
    ["PATCH", "/management/v1/policies/lockout", 405, { code: 12, message: "Method Not Allowed" }],
    ["GET", "/admin/v1/policies/lockout/extra", 404, { code: 5, message: "Not Found" }],
    ["GET", "/admin/v1/policies/lockout/", 404, { code: 5, message: "Not Found" }],
    ["GET", "/no/such/api", 404, { code: 5, message: "Not Found" }],
    ["POST", "/v2/settings/lockout", 405, { code: 12, message: "Method Not Allowed" }],
  ];
  for (const [method, path, status, body] of cases) {
    it(`${method} ${path} → ${status}`, async () => {
      const res = await callEmulator(emu.current, { method, path, token: token() });
      expect(res.status).toBe(status);
      expect(res.json).toEqual(body);
    });
  }

  it("an upstream route the emulator does not implement answers 501 code 12 and says so", async () => {
    const res = await callEmulator(emu.current, {
      method: "GET",
      path: "/admin/v1/orgs/300000000000000003",
      token: token(),
    });
    expect(res.status).toBe(501);
    expect(res.json).toEqual({
      code: 12,
      message:
        "Not Implemented: zitadel.admin.v1.AdminService.GetOrgByID is not served by the zitadel-lockout emulator",
    });
  });
});

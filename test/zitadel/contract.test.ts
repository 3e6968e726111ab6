// Contract: every request the client sends matches a `google.api.http` option in ZITADEL's own API
// definitions (@zitadel/proto), and every body parses strictly with that method's request message. The
// fake server answers with the method's response message serialised by protojson, so the client is also
// shown to read genuine upstream wire format. @zitadel/proto is loaded only here, never by src/zitadel.
import {
  create,
  fromJson,
  getOption,
  hasOption,
  toJson,
  type DescFile,
  type DescMessage,
  type DescMethod,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import { http } from "@zitadel/proto/google/api/annotations_pb.js";
import { openapiv2_swagger } from "@zitadel/proto/protoc-gen-openapiv2/options/annotations_pb.js";
import { file_zitadel_admin } from "@zitadel/proto/zitadel/admin_pb.js";
import { file_zitadel_auth } from "@zitadel/proto/zitadel/auth_pb.js";
import { file_zitadel_management } from "@zitadel/proto/zitadel/management_pb.js";
import { OrganizationState } from "@zitadel/proto/zitadel/org/v2/org_pb.js";
import { file_zitadel_org_v2_org_service } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { ResourceOwnerType } from "@zitadel/proto/zitadel/settings/v2/settings_pb.js";
import { file_zitadel_settings_v2_settings_service } from "@zitadel/proto/zitadel/settings/v2/settings_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type ZitadelClient } from "../../src/zitadel/index.js";
import { ENDPOINT_NAMES, endpoint } from "../../src/zitadel/endpoints.js";
import { startFake, zitadelError, type FakeServer, type Recorded } from "./support/fake-server.js";

interface Route {
  readonly verb: string;
  readonly template: string;
  readonly body: string;
  readonly method: DescMethod;
  readonly pattern: RegExp;
}

const templateToRegExp = (template: string): RegExp =>
  new RegExp(
    "^" +
      template
        .split(/(\{[^}]+\})/)
        .map((part) =>
          part.startsWith("{") ? (part.includes("**") ? ".+" : "[^/]+") : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
        )
        .join("") +
      "$",
  );

/** Every HTTP binding of every method in `file`, with the file's gateway base path (e.g. /admin/v1) in front. */
function routesOf(file: DescFile): Route[] {
  const basePath = hasOption(file, openapiv2_swagger) ? getOption(file, openapiv2_swagger).basePath : "";
  const prefix = basePath === "/" ? "" : basePath.replace(/\/$/, "");
  return file.services.flatMap((service) =>
    service.methods.flatMap((method) => {
      if (!hasOption(method, http)) return [];
      const rule = getOption(method, http);
      return [rule, ...rule.additionalBindings].flatMap((b) => {
        const { pattern } = b;
        if (
          pattern.case !== "get" &&
          pattern.case !== "put" &&
          pattern.case !== "post" &&
          pattern.case !== "delete" &&
          pattern.case !== "patch"
        )
          return [];
        const template = prefix + pattern.value;
        return [
          { verb: pattern.case.toUpperCase(), template, body: b.body, method, pattern: templateToRegExp(template) },
        ];
      });
    }),
  );
}

const ROUTES = [
  file_zitadel_admin,
  file_zitadel_auth,
  file_zitadel_management,
  file_zitadel_org_v2_org_service,
  file_zitadel_settings_v2_settings_service,
].flatMap(routesOf);
const routesFor = (verb: string, path: string) => ROUTES.filter((r) => r.verb === verb && r.pattern.test(path));

// Upstream response messages for the methods the client calls, filled in like ZITADEL would.
const instanceId = "300000000000000001";
const orgId = "300000000000000099";
// Microseconds, as ZITADEL's timestamps have (a JS Date would round them away).
const at = { seconds: BigInt(Date.parse("2025-03-02T10:00:00Z") / 1000), nanos: 1000 };
const policy = {
  maxPasswordAttempts: 5n,
  maxOtpAttempts: 0n,
  details: { sequence: 57n, creationDate: at, changeDate: at, resourceOwner: instanceId },
};
const RESPONSES: Readonly<Record<string, object>> = {
  "zitadel.settings.v2.SettingsService.GetLockoutSettings": {
    details: policy.details,
    settings: { maxPasswordAttempts: 5n, maxOtpAttempts: 0n, resourceOwnerType: ResourceOwnerType.INSTANCE },
  },
  "zitadel.admin.v1.AdminService.UpdateLockoutPolicy": {
    details: { sequence: 58n, changeDate: at, resourceOwner: instanceId },
  },
  "zitadel.management.v1.ManagementService.GetLockoutPolicy": {
    policy: { ...policy, maxOtpAttempts: 4294967295n, details: { ...policy.details, resourceOwner: orgId } },
  },
  "zitadel.management.v1.ManagementService.AddCustomLockoutPolicy": {
    details: { sequence: 7n, creationDate: at, resourceOwner: orgId },
  },
  "zitadel.management.v1.ManagementService.UpdateCustomLockoutPolicy": {
    details: { sequence: 8n, changeDate: at, resourceOwner: orgId },
  },
  "zitadel.management.v1.ManagementService.ResetLockoutPolicyToDefault": {
    details: { sequence: 9n, changeDate: at, resourceOwner: orgId },
  },
  "zitadel.admin.v1.AdminService.ListEvents": {
    events: [
      {
        editor: { userId: "300000000000000042", displayName: "Alice Anders", service: "zitadel" },
        aggregate: { id: orgId, type: { type: "org" }, resourceOwner: orgId },
        sequence: 7n,
        creationDate: at,
        payload: { maxPasswordAttempts: 3, maxOTPAttempts: 1 },
        type: { type: "org.policy.lockout.added" },
      },
    ],
  },
  "zitadel.auth.v1.AuthService.ListMyZitadelPermissions": {
    result: ["policy.read", "policy.write", "policy.write:300000000000000777"],
  },
  "zitadel.auth.v1.AuthService.ListMyMemberships": {
    details: { totalResult: 3n },
    result: [
      {
        userId: "300000000000000042",
        roles: ["IAM_OWNER_VIEWER"],
        details: { sequence: 5n, resourceOwner: instanceId },
        type: { case: "iam", value: true },
      },
      {
        userId: "300000000000000042",
        roles: ["ORG_OWNER"],
        details: { sequence: 6n, resourceOwner: orgId },
        type: { case: "orgId", value: orgId },
      },
      {
        userId: "300000000000000042",
        roles: ["PROJECT_OWNER"],
        details: { sequence: 7n, resourceOwner: orgId },
        type: { case: "projectId", value: "300000000000000777" },
      },
    ],
  },
  "zitadel.admin.v1.AdminService.ListEventTypes": {
    eventTypes: [{ type: "org.policy.lockout.added" }, { type: "org.removed" }],
  },
  "zitadel.org.v2.OrganizationService.ListOrganizations": {
    details: { totalResult: 1n },
    result: [
      {
        id: orgId,
        name: "ACME",
        state: OrganizationState.ACTIVE,
        primaryDomain: "acme.localhost",
        details: { sequence: 3n, resourceOwner: orgId },
      },
    ],
  },
};

function answer(req: Recorded) {
  const [route] = routesFor(req.method, req.path);
  const init = route ? RESPONSES[route.method.toString().replace(/^rpc /, "")] : undefined;
  if (!route || !init) return zitadelError(404, 5, "Not Found");
  return {
    json: toJson(
      route.method.output,
      create(route.method.output, init as MessageInitShape<typeof route.method.output>),
    ),
  };
}

/** The scalar field a dotted query-parameter path names in `message` (proto or JSON names), if any. */
function fieldAt(message: DescMessage, path: readonly string[]): string | undefined {
  const [head, ...rest] = path;
  const field = message.fields.find((f) => f.name === head || f.jsonName === head);
  if (!field) return undefined;
  if (rest.length === 0) return field.fieldKind === "scalar" || field.fieldKind === "enum" ? field.name : undefined;
  return field.fieldKind === "message" ? fieldAt(field.message, rest) : undefined;
}

describe("contract with @zitadel/proto", () => {
  let server: FakeServer;
  let client: ZitadelClient;
  beforeAll(async () => {
    server = await startFake(answer);
    client = createClient({
      baseUrl: server.url,
      credentials: { kind: "pat", token: "pat-contract" },
      retry: { maxAttempts: 1 },
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("reads upstream protojson responses for every client method", async () => {
    expect(await client.getInstancePolicy()).toEqual({
      settings: { maxPasswordAttempts: 5, maxOtpAttempts: 0 },
      isDefault: true,
      sequence: "57",
      creationDate: "2025-03-02T10:00:00.000001Z",
      changeDate: "2025-03-02T10:00:00.000001Z",
      resourceOwner: instanceId,
    });
    expect(await client.getOrgPolicy(orgId)).toMatchObject({
      settings: { maxPasswordAttempts: 5, maxOtpAttempts: 4294967295 },
      isDefault: false,
      resourceOwner: orgId,
    });
    expect(await client.updateInstancePolicy({ maxPasswordAttempts: 0, maxOtpAttempts: 4294967295 })).toEqual({
      sequence: "58",
      changeDate: "2025-03-02T10:00:00.000001Z",
      resourceOwner: instanceId,
    });
    expect(await client.addOrgPolicy(orgId, { maxPasswordAttempts: 3, maxOtpAttempts: 3 })).toEqual({
      sequence: "7",
      creationDate: "2025-03-02T10:00:00.000001Z",
      resourceOwner: orgId,
    });
    expect((await client.updateOrgPolicy(orgId, { maxPasswordAttempts: 4, maxOtpAttempts: 0 })).sequence).toBe("8");
    expect((await client.resetOrgPolicy(orgId)).sequence).toBe("9");
    const acme = { id: orgId, name: "ACME", state: "ORGANIZATION_STATE_ACTIVE", primaryDomain: "acme.localhost" };
    expect(await client.findOrgsByName("ACME")).toEqual([acme]);
    expect(await client.getOrg(orgId)).toEqual(acme);
    expect(await client.listOrgs()).toEqual([acme]);
    expect(
      await client.listEvents({
        eventTypes: ["org.policy.lockout.added", "org.removed"],
        asc: true,
        limit: 1000,
        from: "2025-03-02T09:59:59.999999Z",
      }),
    ).toEqual([
      {
        type: "org.policy.lockout.added",
        aggregateType: "org",
        aggregateId: orgId,
        resourceOwner: orgId,
        sequence: "7",
        creationDate: "2025-03-02T10:00:00.000001Z",
        payload: { maxPasswordAttempts: 3, maxOTPAttempts: 1 },
        editor: { userId: "300000000000000042", displayName: "Alice Anders" },
      },
    ]);
    expect(await client.listEventTypes()).toEqual(["org.policy.lockout.added", "org.removed"]);
    expect(await client.listMyPermissions(orgId)).toEqual([
      "policy.read",
      "policy.write",
      "policy.write:300000000000000777",
    ]);
    expect(await client.listMyMemberships()).toEqual([
      { kind: "instance", roles: ["IAM_OWNER_VIEWER"] },
      { kind: "org", orgId, roles: ["ORG_OWNER"] },
      { kind: "org", orgId, roles: ["PROJECT_OWNER"] }, // a project's membership counts for the org that owns it
    ]);
  });

  it("sent only requests that match exactly one upstream HTTP binding, with bodies that parse strictly", () => {
    expect(server.requests.length).toBe(13);
    for (const req of server.requests) {
      const matches = routesFor(req.method, req.path);
      expect(
        matches.map((r) => `${r.verb} ${r.template}`),
        `${req.method} ${req.path}`,
      ).toHaveLength(1);
      const route = matches[0]!;
      if (route.body === "") {
        expect(req.body, `${req.method} ${req.path} has no body binding`).toBe("");
        // grpc-gateway maps each query parameter a.b=v onto field a of the request, then b of that message.
        for (const [key, value] of new URLSearchParams(req.query)) {
          expect(fieldAt(route.method.input, key.split(".")), `${req.method} ${req.path}?${key}`).toBeDefined();
          expect(value).not.toBe("");
        }
        continue;
      }
      expect(route.body).toBe("*");
      expect(req.headers["content-type"]).toBe("application/json");
      // ignoreUnknownFields: false — a misspelt or extra field fails here instead of being dropped silently.
      expect(
        () => fromJson(route.method.input, JSON.parse(req.body), { ignoreUnknownFields: false }),
        req.body,
      ).not.toThrow();
    }
  });

  it("sent the values it was given, as the upstream request messages read them", () => {
    const parsed = server.requests
      .filter((r) => r.body !== "")
      .map((r) =>
        toJson(
          routesFor(r.method, r.path)[0]!.method.input,
          fromJson(routesFor(r.method, r.path)[0]!.method.input, JSON.parse(r.body)),
        ),
      );
    expect(parsed).toEqual([
      { maxOtpAttempts: 4294967295 }, // protojson omits the 0 it was sent
      { maxPasswordAttempts: 3, maxOtpAttempts: 3 },
      { maxPasswordAttempts: 4 },
      {
        query: { limit: 1000, asc: true },
        sortingColumn: "ORGANIZATION_FIELD_NAME_NAME",
        queries: [{ nameQuery: { name: "ACME" } }],
      },
      {
        query: { limit: 1000, asc: true },
        sortingColumn: "ORGANIZATION_FIELD_NAME_NAME",
        queries: [{ idQuery: { id: orgId } }],
      },
      { query: { limit: 1000, asc: true }, sortingColumn: "ORGANIZATION_FIELD_NAME_NAME" },
      {
        limit: 1000,
        asc: true,
        eventTypes: ["org.policy.lockout.added", "org.removed"],
        from: "2025-03-02T09:59:59.999999Z",
      },
      {}, // ListEventTypes takes no fields
      { query: { limit: 1000 } },
    ]);
  });

  it("covers every API endpoint the client knows (the OAuth token endpoint is not a gRPC method)", () => {
    const sent = new Set(server.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ""}`));
    const known = ENDPOINT_NAMES.filter((n) => n !== "token").map((n) => `${endpoint(n).method} ${endpoint(n).path}`);
    expect([...new Set(known)].sort()).toEqual([...sent].sort());
  });

  it("would catch a wrong route or a sloppy body (the check itself can fail)", () => {
    // The instance read and write paths differ; the swapped ones are 405 upstream (docs/zitadel-api.md §1).
    expect(routesFor("PUT", "/admin/v1/policies/lockout")).toEqual([]);
    expect(routesFor("GET", "/admin/v1/policies/password/lockout")).toEqual([]);
    const put = routesFor("PUT", "/management/v1/policies/lockout")[0]!;
    expect(() =>
      fromJson(put.method.input, { maxPasswordAttempts: 3, max_otp: 1 }, { ignoreUnknownFields: false }),
    ).toThrow();
    expect(() => fromJson(put.method.input, { maxPasswordAttempts: -1 }, { ignoreUnknownFields: false })).toThrow();
    const settings = routesFor("GET", "/v2/settings/lockout")[0]!;
    expect(fieldAt(settings.method.input, ["ctx", "instance"])).toBe("instance");
    expect(fieldAt(settings.method.input, ["ctx", "orgId"])).toBe("org_id");
    expect(fieldAt(settings.method.input, ["ctx", "instanceId"])).toBeUndefined();
    expect(fieldAt(settings.method.input, ["ctx"])).toBeUndefined(); // a message, not a value
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { ApiError, UsageError } from "../../src/errors.js";
import { createClient, type RequestEvent, type ZitadelClient } from "../../src/zitadel/index.js";
import {
  cannedZitadel,
  startFake,
  zitadelError,
  type FakeServer,
  type Handler,
  type Reply,
} from "./support/fake-server.js";

const open: { server: FakeServer; client: ZitadelClient }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.client.close();
    await o.server.close();
  }
});

async function setup(
  handler: Handler = cannedZitadel,
  { retry = { maxAttempts: 1 } }: { retry?: { maxAttempts: number; baseDelayMs?: number } } = {},
) {
  const server = await startFake(handler);
  const events: RequestEvent[] = [];
  const client = createClient({
    baseUrl: server.url,
    credentials: { kind: "pat", token: "pat-client-test" },
    onRequest: (e) => events.push(e),
    retry,
  });
  open.push({ server, client });
  return { server, client, events };
}

const ORG = "300000000000000099";
const details = {
  sequence: "58",
  creationDate: "2025-01-10T09:00:00.123456Z",
  changeDate: "2025-03-01T12:00:00.5Z",
  resourceOwner: "300000000000000001",
};

describe("reads", () => {
  it("reads the instance policy via the read-your-writes GET /v2/settings/lockout?ctx.instance=true", async () => {
    const { server, client } = await setup(() => ({
      json: {
        details,
        settings: { maxPasswordAttempts: "5", maxOtpAttempts: "3", resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE" },
      },
    }));
    expect(await client.getInstancePolicy()).toEqual({
      settings: { maxPasswordAttempts: 5, maxOtpAttempts: 3 },
      isDefault: true,
      ...details,
    });
    expect(server.requests[0]).toMatchObject({
      method: "GET",
      path: "/v2/settings/lockout",
      query: "ctx.instance=true",
      body: "",
    });
    expect(server.requests[0]?.headers["x-zitadel-orgid"]).toBeUndefined();
  });

  it("treats omitted keys as zero (protojson drops zero values)", async () => {
    const { client } = await setup(() => ({
      json: { details: { resourceOwner: "1" }, settings: { resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE" } },
    }));
    expect(await client.getInstancePolicy()).toEqual({
      settings: { maxPasswordAttempts: 0, maxOtpAttempts: 0 },
      isDefault: true,
      sequence: "0",
      resourceOwner: "1",
    });
  });

  it("refuses an instance read that answers with an org's settings, or none", async () => {
    const orgOwned = await setup(() => ({
      json: { details, settings: { maxPasswordAttempts: "5", resourceOwnerType: "RESOURCE_OWNER_TYPE_ORG" } },
    }));
    await expect(orgOwned.client.getInstancePolicy()).rejects.toThrow(
      /settings\.resourceOwnerType is "RESOURCE_OWNER_TYPE_ORG", expected RESOURCE_OWNER_TYPE_INSTANCE/,
    );
    const empty = await setup(() => ({ json: { details } }));
    await expect(empty.client.getInstancePolicy()).rejects.toThrow(/no settings object/);
  });

  it("reads an org policy with x-zitadel-orgid, custom and inherited", async () => {
    const { server, client } = await setup((_req, i) =>
      i === 0
        ? { json: { policy: { details: { ...details, resourceOwner: ORG }, maxPasswordAttempts: "10" } } }
        : {
            json: {
              policy: { details, maxPasswordAttempts: "5", maxOtpAttempts: "3", isDefault: true },
              isDefault: true,
            },
          },
    );
    expect(await client.getOrgPolicy(ORG)).toMatchObject({
      settings: { maxPasswordAttempts: 10, maxOtpAttempts: 0 },
      isDefault: false,
      resourceOwner: ORG,
    });
    expect(await client.getOrgPolicy(ORG)).toMatchObject({
      settings: { maxPasswordAttempts: 5, maxOtpAttempts: 3 },
      isDefault: true,
      sequence: "58",
    });
    expect(server.requests.map((r) => [r.method, r.path, r.headers["x-zitadel-orgid"]])).toEqual([
      ["GET", "/management/v1/policies/lockout", ORG],
      ["GET", "/management/v1/policies/lockout", ORG],
    ]);
  });

  it("keeps uint64 sequences exact beyond 2^53", async () => {
    const { client } = await setup(() => ({
      json: {
        details: { sequence: "18446744073709551615" },
        settings: { resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE" },
      },
    }));
    expect((await client.getInstancePolicy()).sequence).toBe("18446744073709551615");
  });

  it.each<[string, Reply, RegExp]>([
    ["no policy", { json: { details } }, /unexpected response: no policy object/],
    [
      "a non-numeric sequence",
      { json: { policy: { details: { sequence: "abc" } } } },
      /policy.details.sequence is "abc", expected an unsigned integer/,
    ],
    [
      "a negative count",
      { json: { policy: { details, maxPasswordAttempts: "-1" } } },
      /policy.maxPasswordAttempts is "-1"/,
    ],
    [
      "a count beyond uint32",
      { json: { policy: { details, maxOtpAttempts: "4294967296" } } },
      /larger than the write API allows/,
    ],
    [
      "a non-boolean isDefault",
      { json: { policy: { details, isDefault: "true" } } },
      /policy.isDefault is "true", expected a boolean/,
    ],
    ["a bad timestamp", { json: { policy: { details: { changeDate: "yesterday" } } } }, /changeDate is "yesterday"/],
    ["no details", { json: { policy: { maxPasswordAttempts: "1" } } }, /no policy.details object/],
    [
      "an HTML page",
      { text: "<html><body>Login</body></html>", headers: { "content-type": "text/html" } },
      /unexpected response: not JSON \(text\/html, 31 bytes\)/,
    ],
    ["a JSON array", { json: [] }, /the body is not a JSON object/],
  ])("rejects an org policy read (a 200) with %s instead of reading zeros", async (_name, reply, message) => {
    const { client } = await setup(() => reply);
    const e = (await client.getOrgPolicy(ORG).catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.info.status).toBe(200);
    expect(e.message).toMatch(message);
  });

  const instance = { resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE" };
  it.each<[string, Reply, RegExp]>([
    ["no settings", { json: { details } }, /unexpected response: no settings object/],
    [
      "a non-numeric sequence",
      { json: { details: { sequence: "abc" }, settings: instance } },
      /details.sequence is "abc", expected an unsigned integer/,
    ],
    [
      "a negative count",
      { json: { details, settings: { ...instance, maxPasswordAttempts: "-1" } } },
      /settings.maxPasswordAttempts is "-1"/,
    ],
    [
      "a count beyond uint32",
      { json: { details, settings: { ...instance, maxOtpAttempts: "4294967296" } } },
      /larger than the write API allows/,
    ],
    [
      "a non-string owner type",
      { json: { details, settings: { resourceOwnerType: 1 } } },
      /settings.resourceOwnerType is 1, expected a string/,
    ],
    [
      "a bad timestamp",
      { json: { details: { changeDate: "yesterday" }, settings: instance } },
      /changeDate is "yesterday"/,
    ],
    ["no details", { json: { settings: { ...instance, maxPasswordAttempts: "1" } } }, /no details object/],
    ["the management API's shape", { json: { policy: { details, maxPasswordAttempts: "5" } } }, /no settings object/],
  ])("rejects an instance read (a 200) with %s instead of reading zeros", async (_name, reply, message) => {
    const { client } = await setup(() => reply);
    const e = (await client.getInstancePolicy().catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.info.status).toBe(200);
    expect(e.message).toMatch(message);
  });
});

describe("writes", () => {
  const settings = { maxPasswordAttempts: 5, maxOtpAttempts: 0 };

  it("updates the instance policy with PUT /admin/v1/policies/password/lockout, fields as JSON numbers", async () => {
    const { server, client } = await setup(() => ({
      json: { details: { sequence: "59", changeDate: details.changeDate, resourceOwner: "1" } },
    }));
    expect(await client.updateInstancePolicy(settings)).toEqual({
      sequence: "59",
      changeDate: details.changeDate,
      resourceOwner: "1",
    });
    const req = server.requests[0]!;
    expect([req.method, req.path, req.headers["content-type"]]).toEqual([
      "PUT",
      "/admin/v1/policies/password/lockout",
      "application/json",
    ]);
    expect(JSON.parse(req.body)).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 0 });
  });

  it("adds, updates and resets an org policy in that org", async () => {
    const { server, client } = await setup();
    expect(await client.addOrgPolicy(ORG, settings)).toEqual({
      sequence: "7",
      creationDate: "2025-03-02T10:05:00Z",
      resourceOwner: ORG,
    });
    await client.updateOrgPolicy(ORG, { maxPasswordAttempts: 6, maxOtpAttempts: 4294967295 });
    await client.resetOrgPolicy(ORG);
    expect(server.requests.map((r) => [r.method, r.path, r.headers["x-zitadel-orgid"], r.body])).toEqual([
      ["POST", "/management/v1/policies/lockout", ORG, '{"maxPasswordAttempts":5,"maxOtpAttempts":0}'],
      ["PUT", "/management/v1/policies/lockout", ORG, '{"maxPasswordAttempts":6,"maxOtpAttempts":4294967295}'],
      ["DELETE", "/management/v1/policies/lockout", ORG, ""],
    ]);
  });

  it("rejects a write response without details", async () => {
    const { client } = await setup(() => ({ json: {} }));
    await expect(client.resetOrgPolicy(ORG)).rejects.toThrow(/unexpected response: no details object/);
  });

  it.each([-1, 1.5, 4294967296, Number.NaN])("refuses to send %s as a count", async (bad) => {
    const { server, client } = await setup();
    await expect(client.updateInstancePolicy({ maxPasswordAttempts: 3, maxOtpAttempts: bad })).rejects.toThrow(
      RangeError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it.each(["", "a b", "x\r\ny: 1"])(
    "refuses the org id %j (an empty one would mean the caller's own org)",
    async (bad) => {
      const { server, client } = await setup();
      await expect(client.resetOrgPolicy(bad)).rejects.toThrow(UsageError);
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe("organizations", () => {
  const org = (n: number) => ({
    id: `3000000000000${String(n).padStart(5, "0")}`,
    name: `Org ${n}`,
    state: "ORGANIZATION_STATE_ACTIVE",
  });

  it("finds orgs by exact name (nameQuery EQUALS)", async () => {
    const { server, client } = await setup(() => ({
      json: {
        details: { totalResult: "2" },
        result: [
          { ...org(1), name: "ACME" },
          { ...org(2), name: "ACME Corp" },
        ],
      },
    }));
    expect(await client.findOrgsByName("ACME")).toEqual([{ ...org(1), name: "ACME" }]);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      query: { offset: "0", limit: 1000, asc: true },
      sortingColumn: "ORGANIZATION_FIELD_NAME_NAME",
      queries: [{ nameQuery: { name: "ACME", method: "TEXT_QUERY_METHOD_EQUALS" } }],
    });
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v2/organizations/_search" });
  });

  it("gets one org by id, or undefined when the search finds none (result and totalResult omitted)", async () => {
    const { server, client } = await setup((_req, i) =>
      i === 0
        ? { json: { details: { totalResult: "1" }, result: [{ ...org(5), primaryDomain: "org5.localhost" }] } }
        : { json: { details: {} } },
    );
    expect(await client.getOrg(org(5).id)).toEqual({ ...org(5), primaryDomain: "org5.localhost" });
    expect(await client.getOrg("404")).toBeUndefined();
    expect(JSON.parse(server.requests[1]!.body).queries).toEqual([{ idQuery: { id: "404" } }]);
  });

  it("lists every org in pages of 1000, sorted by id, reporting progress", async () => {
    const all = Array.from({ length: 2500 }, (_, i) => org(2500 - i)); // server order: by name, not id
    const { server, client } = await setup((req) => {
      const { query } = JSON.parse(req.body) as { query: { offset: string; limit: number } };
      const page = all.slice(Number(query.offset), Number(query.offset) + query.limit);
      return { json: { details: { totalResult: String(all.length) }, ...(page.length ? { result: page } : {}) } };
    });
    const progress: [number, number][] = [];
    const orgs = await client.listOrgs((seen, total) => progress.push([seen, total]));
    expect(orgs).toHaveLength(2500);
    expect(orgs.map((o) => o.id)).toEqual([...all.map((o) => o.id)].sort());
    expect(server.requests.map((r) => (JSON.parse(r.body) as { query: { offset: string } }).query.offset)).toEqual([
      "0",
      "1000",
      "2000",
    ]);
    expect(JSON.parse(server.requests[0]!.body).queries).toEqual([]);
    expect(progress).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
  });

  it("keeps paging when permission filtering leaves a page short (totalResult counts hidden orgs)", async () => {
    const { server, client } = await setup((req) => {
      const offset = Number((JSON.parse(req.body) as { query: { offset: string } }).query.offset);
      return { json: { details: { totalResult: "1500" }, result: offset === 0 ? [org(1)] : [org(2)] } };
    });
    expect((await client.listOrgs()).map((o) => o.name)).toEqual(["Org 1", "Org 2"]);
    expect(server.requests).toHaveLength(2);
  });

  it("refuses a totalResult that cannot be a count of rows (beyond 2^53: paging by it would lose digits)", async () => {
    const { client } = await setup(() => ({
      json: { details: { totalResult: "18446744073709551615" }, result: [org(1)] },
    }));
    await expect(client.listOrgs()).rejects.toThrow(
      /details\.totalResult is "18446744073709551615", expected an unsigned integer/,
    );
  });

  it("re-reads the list when its pages overlapped (an org moved across pages); gives up after 3 tries", async () => {
    const all = Array.from({ length: 1500 }, (_, i) => org(i + 1));
    // The first listing's second page starts one row early (orgs whose names tie swap places between the
    // two page queries): org 1000 comes twice and org 1001 never. The second listing is consistent.
    const listing = (shifted: boolean) => (offset: number) =>
      shifted && offset === 1000 ? [all[999]!, ...all.slice(1001, 1500)] : all.slice(offset, offset + 1000);
    let listings = 0;
    const { server, client } = await setup((req) => {
      const offset = Number((JSON.parse(req.body) as { query: { offset: string } }).query.offset);
      if (offset === 0) listings++;
      return { json: { details: { totalResult: "1500" }, result: listing(listings === 1)(offset) } };
    });
    const orgs = await client.listOrgs();
    expect(orgs).toHaveLength(1500);
    expect(orgs.map((o) => o.id)).toContain(all[1000]!.id);
    expect(server.requests).toHaveLength(4); // two listings of two pages

    const { client: alwaysShifting } = await setup((req) => {
      const offset = Number((JSON.parse(req.body) as { query: { offset: string } }).query.offset);
      return { json: { details: { totalResult: "1500" }, result: listing(true)(offset) } };
    });
    await expect(alwaysShifting.listOrgs()).rejects.toThrow(
      new RegExp(
        /POST \/v2\/organizations\/_search: HTTP 200: unexpected response: the organization list /.source +
          /kept changing while it was read \(1 org on two pages, 3 times in a row\)/.source,
      ),
    );
  });

  it("rejects an org without an id", async () => {
    const { client } = await setup(() => ({ json: { details: { totalResult: "1" }, result: [{ name: "x" }] } }));
    await expect(client.listOrgs()).rejects.toThrow(/result\[0\].id is missing/);
  });
});

describe("request events", () => {
  it("marks the attempts it retries: a 503 and a refused connection, not a 403", async () => {
    const answers: Reply[] = [
      { status: 503, text: "busy" },
      zitadelError(403, 7, "No matching permissions found (AUTH-5mWD2)", "AUTH-5mWD2"),
    ];
    const { client, events } = await setup((_req, i) => answers[Math.min(i, 1)]!, {
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    await expect(client.getOrgPolicy(ORG)).rejects.toThrow(/HTTP 403/);
    expect(events.map((e) => [e.status, e.retryable])).toEqual([
      [503, true],
      [403, false],
    ]);
  });

  it("reports method, path, org, status, attempt and duration, and nothing secret", async () => {
    const { client, events } = await setup();
    await client.getOrgPolicy(ORG);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      method: "GET",
      path: "/management/v1/policies/lockout",
      orgId: ORG,
      status: 200,
      attempt: 1,
      retryable: false,
    });
    expect(events[0]!.ms).toBeGreaterThanOrEqual(0);
    expect(Object.keys(events[0]!).sort()).toEqual(["attempt", "method", "ms", "orgId", "path", "retryable", "status"]);
    expect(JSON.stringify(events)).not.toContain("pat-client-test");
  });
});

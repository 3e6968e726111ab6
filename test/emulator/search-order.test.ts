// Sorting and paging of the list endpoints as ZITADEL's query.SearchRequest.toQuery builds them
// (internal/query/search_query.go): a sorting column orders DESC unless the request says asc:true — and a
// request without any `query` object has asc false too (object.ListQueryToModel / object/v2
// ListQueryToQuery return zeros for a nil query). Text columns marked isOrderByLower (org name, user name,
// first/last/display name, email) order by LOWER(column); the state column orders by its number.
import { describe, expect, it } from "vitest";
import { callEmulator, withEmulator } from "../support/emulator.js";

describe("list sorting and paging (docs/zitadel-api.md §4)", () => {
  const emu = withEmulator();
  const token = () => emu.current.credentials.iamOwnerToken;
  const search = async (path: string, body: string, orgId?: string): Promise<Record<string, unknown>[]> => {
    const res = await callEmulator(emu.current, {
      method: "POST",
      path,
      token: token(),
      body,
      ...(orgId ? { orgId } : {}),
    });
    expect(res.status, res.text).toBe(200);
    return (res.json as { result?: Record<string, unknown>[] }).result ?? [];
  };
  const names = (rows: Record<string, unknown>[], key = "name") => rows.map((r) => r[key] as string);
  const byLowerCase = (a: string, b: string) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;

  it("org search with a sorting column and no query object sorts descending (asc defaults to false)", async () => {
    const expectedDesc = emu.current.control
      .listOrgs()
      .map((o) => o.name)
      .sort(byLowerCase)
      .reverse();
    const v2 = await search("/v2/organizations/_search", '{"sortingColumn":"ORGANIZATION_FIELD_NAME_NAME"}');
    expect(names(v2)).toEqual(expectedDesc);
    const v1 = await search("/admin/v1/orgs/_search", '{"sortingColumn":"ORG_FIELD_NAME_NAME"}');
    expect(names(v1)).toEqual(expectedDesc);
    // A query object without asc is the same; asc:true flips it.
    expect(
      names(
        await search(
          "/v2/organizations/_search",
          '{"query":{"limit":100},"sortingColumn":"ORGANIZATION_FIELD_NAME_NAME"}',
        ),
      ),
    ).toEqual(expectedDesc);
    expect(
      names(
        await search(
          "/v2/organizations/_search",
          '{"query":{"asc":true},"sortingColumn":"ORGANIZATION_FIELD_NAME_NAME"}',
        ),
      ),
    ).toEqual([...expectedDesc].reverse());
  });

  it("org names sort case-insensitively (ORDER BY LOWER(name)), in both directions and across pages", async () => {
    emu.current.control.addOrg("apex");
    emu.current.control.addOrg("zeta");
    const asc = names(
      await search(
        "/v2/organizations/_search",
        '{"query":{"asc":true},"sortingColumn":"ORGANIZATION_FIELD_NAME_NAME"}',
      ),
    );
    expect(asc.indexOf("apex")).toBe(asc.indexOf("ACME") + 1);
    expect(asc.slice(-2)).toEqual(["zeta", "ZITADEL"]);
    const desc = names(
      await search("/admin/v1/orgs/_search", '{"query":{"asc":false},"sortingColumn":"ORG_FIELD_NAME_NAME"}'),
    );
    expect(desc).toEqual([...asc].reverse());
    const firstPage = names(
      await search(
        "/v2/organizations/_search",
        '{"query":{"limit":2,"asc":true},"sortingColumn":"ORGANIZATION_FIELD_NAME_NAME"}',
      ),
    );
    const secondPage = names(
      await search(
        "/v2/organizations/_search",
        '{"query":{"offset":"2","limit":2,"asc":true},"sortingColumn":"ORGANIZATION_FIELD_NAME_NAME"}',
      ),
    );
    expect([...firstPage, ...secondPage]).toEqual(asc.slice(0, 4));
  });

  it("user search: user names sort case-insensitively, state by its number, descending unless asc", async () => {
    const acme = emu.current.credentials.orgOwnerOrgId;
    emu.current.control.addUser(acme, "Zed", "active");
    emu.current.control.addUser(acme, "amy", "locked");
    const inAcme = emu.current.control.listUsers(acme).map((u) => u.userName);
    const byLower = [...inAcme].sort(byLowerCase);
    const v1 = await search(
      "/management/v1/users/_search",
      '{"query":{"asc":true},"sortingColumn":"USER_FIELD_NAME_USER_NAME"}',
      acme,
    );
    expect(names(v1, "userName")).toEqual(byLower);
    const v1Desc = await search("/management/v1/users/_search", '{"sortingColumn":"USER_FIELD_NAME_USER_NAME"}', acme);
    expect(names(v1Desc, "userName")).toEqual([...byLower].reverse());
    // USER_STATE_ACTIVE (1) before USER_STATE_LOCKED (4) before USER_STATE_INITIAL (6): the numbers, not the names.
    emu.current.control.addUser(acme, "ivy", "initial");
    const byState = await search(
      "/management/v1/users/_search",
      '{"query":{"asc":true},"sortingColumn":"USER_FIELD_NAME_STATE"}',
      acme,
    );
    const states = byState.map((u) => u.state as string);
    expect(states.lastIndexOf("USER_STATE_ACTIVE")).toBeLessThan(states.indexOf("USER_STATE_LOCKED"));
    expect(states.lastIndexOf("USER_STATE_LOCKED")).toBeLessThan(states.indexOf("USER_STATE_INITIAL"));
  });
});

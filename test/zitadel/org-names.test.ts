// Names for orgs declared by id: one request per id or one list page per 1,000 orgs, whichever is less.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { createClient } from "../../src/zitadel/index.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ extraOrgs: 2500 }); // 2,505 orgs: three list pages
});
afterAll(async () => emu.close());

async function names(ids: string[]) {
  const client = createClient({ baseUrl: emu.url, credentials: { kind: "pat", token: emu.credentials.iamOwnerToken } });
  emu.clearLog();
  try {
    const found = await client.findOrgNames(ids);
    return { found, requests: emu.requestLog.filter((e) => e.path === "/v2/organizations/_search").length };
  } finally {
    await client.close();
  }
}
const idOf = (name: string) => emu.control.listOrgs().find((o) => o.name === name)!.id;

describe("findOrgNames", () => {
  it("one id: one request", async () => {
    const { found, requests } = await names([idOf("Org 02000")]);
    expect(found).toEqual(new Map([[idOf("Org 02000"), "Org 02000"]]));
    expect(requests).toBe(1);
  });

  it("five ids among three pages of orgs: the three pages", async () => {
    const wanted = ["ACME", "Org 00500", "Org 01500", "Org 02400", "Umbrella"];
    const { found, requests } = await names(wanted.map(idOf));
    expect([...found.values()].sort()).toEqual([...wanted].sort());
    expect(requests).toBe(3);
  });

  it("two ids, one on the first page: that page and one lookup, not the whole list", async () => {
    const { found, requests } = await names([idOf("Globex"), idOf("Org 02499")]);
    expect(found.size).toBe(2);
    expect(requests).toBe(2);
  });

  it("an id no org has is left out", async () => {
    const { found } = await names(["399999999999999999", idOf("ACME")]);
    expect([...found.keys()]).toEqual([idOf("ACME")]);
  });
});

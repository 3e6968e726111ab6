// The live read for prune lists every org, then reads each one's policy. On a busy instance an org can be
// removed between the two: it has no policy left to reset, and must not fail the plan of everything else.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import type { DesiredState, LockoutSettings } from "../../src/model.js";
import { readLive, type LiveReader } from "../../src/actual/index.js";
import type { OrgSummary, PolicyRead } from "../../src/zitadel/index.js";

const s = (p: number, o: number): LockoutSettings => ({ maxPasswordAttempts: p, maxOtpAttempts: o });
const origin = { file: "lockout.yaml", line: 3, column: 5 };
const GONE = (orgId: string) =>
  new ApiError({
    method: "GET",
    path: "/management/v1/policies/lockout",
    status: 403,
    code: 7,
    id: "AUTH-Bs7Ds",
    serverMessage: "Organisation doesn't exist (AUTH-Bs7Ds)",
    orgId,
  });

function server(orgs: Record<string, PolicyRead | "gone">): LiveReader {
  const list: OrgSummary[] = Object.keys(orgs).map((id) => ({
    id,
    name: `Org ${id}`,
    state: "ORGANIZATION_STATE_ACTIVE",
  }));
  return {
    baseUrl: "https://acme.zitadel.cloud",
    getInstancePolicy: async () => ({ settings: s(5, 5), isDefault: true, sequence: "50" }),
    getOrgPolicy: async (orgId) => {
      const p = orgs[orgId];
      if (p === undefined || p === "gone") throw GONE(orgId);
      return p;
    },
    findOrgsByName: async (name) => list.filter((o) => o.name === name),
    listOrgs: async () => list,
    findOrgNames: async (ids) => new Map(list.filter((o) => ids.includes(o.id)).map((o) => [o.id, o.name])),
  };
}

const desired = (orgs: DesiredState["orgs"]): DesiredState => ({
  orgs,
  prune: { enabled: true, protect: [] },
  lintIgnore: [],
  sources: ["lockout.yaml"],
});

describe("the live read for prune", () => {
  it("leaves out an org removed between the org list and its policy read", async () => {
    const { actual } = await readLive(
      server({ "11": { settings: s(3, 3), isDefault: false, sequence: "70" }, "12": "gone" }),
      desired([]),
    );
    expect([...actual.orgs.keys()]).toEqual(["11"]);
  });

  it("still reports a declared org that does not exist, at its line", async () => {
    const d = desired([
      { ref: { kind: "id", id: "12" }, mode: "custom", settings: { maxPasswordAttempts: 3 }, origin },
    ]);
    await expect(
      readLive(server({ "11": { settings: s(3, 3), isDefault: false, sequence: "70" }, "12": "gone" }), d),
    ).rejects.toThrow(/lockout\.yaml:3:5: organization 12 does not exist/);
  });
});

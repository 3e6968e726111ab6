// The locked and unlock documents against their schemas: valid ones pass, broken ones are caught.
import { describe, expect, it } from "vitest";
import { lockedDocument } from "../../src/render/locked.js";
import { unlockDocument } from "../../src/render/unlock.js";
import { schemaErrors } from "../render/schema-check.js";

const locked = () =>
  JSON.parse(
    JSON.stringify(
      lockedDocument({
        server: "https://acme.zitadel.cloud",
        toolVersion: "0.2.0",
        checkedAt: "2026-12-05T06:00:00.000Z",
        scope: 2,
        warnings: [],
        users: [
          { userId: "1", loginName: "alice@acme", orgId: "9", orgName: "ACME", human: true, roles: ["ORG_OWNER"] },
        ],
      }),
    ),
  ) as Record<string, unknown> & { users: Record<string, unknown>[] };

const unlock = () =>
  JSON.parse(
    JSON.stringify(
      unlockDocument({
        server: "https://acme.zitadel.cloud",
        toolVersion: "0.2.0",
        finishedAt: "2026-12-05T06:00:00.000Z",
        outcomes: [
          {
            request: "alice@acme",
            userId: "1",
            loginName: "alice@acme",
            orgId: "9",
            human: true,
            status: "unlocked",
            finalState: "active",
          },
          { request: "nobody", status: "failed", error: "no such user" },
        ],
      }),
    ),
  ) as Record<string, unknown> & { users: Record<string, unknown>[] };

describe("locked and unlock schemas", () => {
  it("accept the documents the renderers make", () => {
    expect(schemaErrors("locked", locked())).toEqual([]);
    expect(schemaErrors("unlock-result", unlock())).toEqual([]);
  });
  it("reject a locked user without roles, an unknown scope, a wrong kind", () => {
    const doc = locked();
    delete doc.users[0]!.roles;
    doc.scope = { allOrgs: false };
    doc.kind = "zitadel-lockout-drift";
    const errors = schemaErrors("locked", doc);
    expect(errors.some((e) => e.startsWith("/users/0"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/scope"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/kind"))).toBe(true);
  });
  it("reject a failed unlock without its error, and a success that carries one", () => {
    const doc = unlock();
    delete doc.users[1]!.error;
    doc.users[0]!.error = "boom";
    const errors = schemaErrors("unlock-result", doc);
    expect(errors.some((e) => e.startsWith("/users/0"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/users/1"))).toBe(true);
  });
});

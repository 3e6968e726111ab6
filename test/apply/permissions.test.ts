// The permission check before the first write: what it asks, and how little (memberships, then one query
// when instance roles cover every target; one more per org only the caller's org roles could cover).
import { describe, expect, it } from "vitest";
import { checkPermissions, type PermissionClient } from "../../src/apply/index.js";
import { PermissionError } from "../../src/errors.js";
import type { PlannedChange } from "../../src/model.js";
import type { Membership } from "../../src/zitadel/index.js";

// Only target, action and orgName matter to the check; the values are left out.
const change = (target: PlannedChange["target"], action: PlannedChange["action"], orgName?: string): PlannedChange =>
  ({
    target,
    action,
    before: null,
    after: null,
    expectedSequence: "1",
    expectedInherited: false,
    cause: "declared",
    ...(orgName ? { orgName } : {}),
  }) as unknown as PlannedChange;

/** A server: permissions per org header ("" = none), as instance roles plus org roles would combine them. */
function server(memberships: Membership[], instance: string[], perOrg: Record<string, string[]>, own = "own") {
  const asked: (string | undefined)[] = [];
  const client: PermissionClient = {
    listMyMemberships: async () => memberships,
    listMyPermissions: async (orgId) => {
      asked.push(orgId);
      return [...instance, ...(perOrg[orgId ?? own] ?? [])];
    },
  };
  return { client, asked };
}
const WRITE = ["policy.read", "policy.write", "policy.delete"];

describe("checkPermissions", () => {
  it("an instance owner: memberships and one query, however many orgs", async () => {
    const { client, asked } = server([{ kind: "instance", roles: ["IAM_OWNER"] }], ["iam.policy.write", ...WRITE], {});
    const changes = [
      change("instance", "update"),
      ...Array.from({ length: 50 }, (_, i) => change(`org:${i}`, "create")),
    ];
    await checkPermissions(client, changes);
    expect(asked).toEqual(["0"]);
  });

  it("an org owner changing its org and the instance: the instance is named, the org is not", async () => {
    const { client, asked } = server([{ kind: "org", orgId: "7", roles: ["ORG_OWNER"] }], [], {
      "7": WRITE,
      own: WRITE,
    });
    const err = await checkPermissions(client, [change("instance", "update"), change("org:7", "update", "ACME")]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PermissionError);
    expect((err as PermissionError).missing).toEqual([
      expect.objectContaining({
        target: "instance",
        permission: "iam.policy.write",
        action: "updating the instance default lockout policy",
      }),
    ]);
    expect(asked.sort()).toEqual(["7", undefined]); // sort() puts undefined last
  });

  it("an org owner touching an org it has no role in is refused without asking about that org", async () => {
    const { client, asked } = server([{ kind: "org", orgId: "7", roles: ["ORG_OWNER"] }], [], { "7": WRITE });
    const err = (await checkPermissions(client, [change("org:7", "reset"), change("org:8", "reset", "Globex")]).catch(
      (e: unknown) => e,
    )) as PermissionError;
    expect(err.missing).toEqual([
      expect.objectContaining({ target: "org:8", orgName: "Globex", permission: "policy.delete" }),
    ]);
    expect(err.message).toMatch(
      new RegExp(
        /^the credentials may not make this change; nothing was written\n {2}org:8 \(Globex\): /.source +
          /resetting an org's lockout policy to the instance default needs policy\.delete, granted /.source +
          /by ORG_OWNER/.source,
      ),
    );
    expect(asked).toEqual(["7"]);
  });

  it("a viewer on the instance plus an org owner of one org: instance roles answer for all but that org", async () => {
    const { client, asked } = server(
      [
        { kind: "instance", roles: ["IAM_OWNER_VIEWER"] },
        { kind: "org", orgId: "7", roles: ["ORG_OWNER"] },
      ],
      ["policy.read"],
      { "7": WRITE },
    );
    const err = (await checkPermissions(client, [
      change("org:7", "update"),
      change("org:8", "update"),
      change("org:9", "create"),
    ]).catch((e: unknown) => e)) as PermissionError;
    expect(err.missing.map((m) => m.target)).toEqual(["org:8", "org:9"]);
    expect(asked.sort()).toEqual(["7", "8"]);
  });

  it("project-scoped permissions (with a :projectId suffix) do not count", async () => {
    const { client } = server([{ kind: "org", orgId: "7", roles: ["PROJECT_OWNER"] }], [], {
      "7": ["policy.write:123"],
    });
    await expect(checkPermissions(client, [change("org:7", "update")])).rejects.toThrow(PermissionError);
  });

  it("noops need nothing and cost nothing", async () => {
    const { client, asked } = server([], [], {});
    await checkPermissions(client, [change("org:1", "noop")]);
    expect(asked).toEqual([]);
  });
});

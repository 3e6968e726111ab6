// The level-triggered recovery paths of apply (docs/guarantees.md step 3), each with a client that answers
// "already so" and a re-read that either confirms it (converged) or contradicts it (a reported conflict).
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import type { LockoutSettings, PendingChange } from "../../src/model.js";
import { executeChange, type WriteClient } from "../../src/apply/index.js";
import type { PolicyRead } from "../../src/zitadel/index.js";

const s = (p: number, o: number): LockoutSettings => ({ maxPasswordAttempts: p, maxOtpAttempts: o });
const apiError = (status: number, code: number, id: string, key: string, method: string) =>
  new ApiError({
    method,
    path: "/management/v1/policies/lockout",
    status,
    code,
    id,
    serverMessage: `${key} (${id})`,
    orgId: "42",
  });

const NOT_CHANGED_ORG = apiError(400, 9, "ORG-0JFSr", "Errors.Org.LockoutPolicy.NotChanged", "PUT");
const NOT_CHANGED_INSTANCE = apiError(400, 9, "INSTANCE-0psjF", "Errors.IAM.LockoutPolicy.NotChanged", "PUT");
const ALREADY_EXISTS = apiError(409, 6, "ORG-0olDf", "Errors.ORG.LockoutPolicy.AlreadyExists", "POST");
const NOT_FOUND_RESET = apiError(404, 5, "ORG-D4zuz", "Errors.Org.LockoutPolicy.NotFound", "DELETE");
const NOT_FOUND_UPDATE = apiError(404, 5, "ORG-ADfs1", "Errors.Org.LockoutPolicy.NotFound", "PUT");
const DENIED = apiError(403, 7, "AUTH-5mWD2", "No matching permissions found", "PUT");
const NOT_FOUND_INSTANCE = new ApiError({
  method: "PUT",
  path: "/admin/v1/policies/password/lockout",
  status: 404,
  code: 5,
  id: "INSTANCE-0oPew",
  serverMessage: "Errors.IAM.LockoutPolicy.NotFound (INSTANCE-0oPew)",
});
const UNAVAILABLE = new ApiError({
  method: "GET",
  path: "/management/v1/policies/lockout",
  status: 503,
  code: 14,
  serverMessage: "upstream unavailable",
  orgId: "42",
});

const custom = (x: LockoutSettings): PolicyRead => ({ settings: x, isDefault: false, sequence: "90" });
const inherited: PolicyRead = { settings: s(5, 5), isDefault: true, sequence: "80" };

function client(fail: unknown, read: PolicyRead): WriteClient & { reads: number } {
  const c = {
    reads: 0,
    getInstancePolicy: async () => (c.reads++, read),
    getOrgPolicy: async () => (c.reads++, read),
    updateInstancePolicy: async () => Promise.reject(fail),
    addOrgPolicy: async () => Promise.reject(fail),
    updateOrgPolicy: async () => Promise.reject(fail),
    resetOrgPolicy: async () => Promise.reject(fail),
  };
  return c;
}

// Loosely typed on purpose: the cases pair each action with the matching `after` (settings, or null for reset).
const change = (
  action: PendingChange["action"],
  after: LockoutSettings | null,
  target: PendingChange["target"] = "org:42",
): PendingChange =>
  ({
    target,
    action,
    before: action === "create" ? null : s(9, 9),
    after,
    expectedSequence: "70",
    expectedInherited: action === "create",
    cause: "declared",
  }) as PendingChange;

describe("executeChange recovery", () => {
  it.each([
    ["org update answered NotChanged", change("update", s(3, 3)), NOT_CHANGED_ORG, custom(s(3, 3)), "NotChanged"],
    [
      "instance update answered NotChanged",
      change("update", s(3, 3), "instance"),
      NOT_CHANGED_INSTANCE,
      { ...custom(s(3, 3)), isDefault: true },
      "NotChanged",
    ],
    ["create answered AlreadyExists", change("create", s(3, 3)), ALREADY_EXISTS, custom(s(3, 3)), "AlreadyExists"],
    ["reset answered NotFound", change("reset", null), NOT_FOUND_RESET, inherited, "NotFound"],
  ])("%s and a re-read that matches → converged, not a failure", async (_n, ch, err, read, answer) => {
    const c = client(err, read);
    expect(await executeChange(c, ch)).toEqual({ status: "converged", answer });
    expect(c.reads).toBe(1);
  });

  it.each([
    [
      "NotChanged but the values differ",
      change("update", s(3, 3)),
      NOT_CHANGED_ORG,
      custom(s(4, 4)),
      /answered NotChanged, and a re-read shows 4\/4 instead of 3\/3/,
    ],
    [
      "AlreadyExists with other values",
      change("create", s(3, 3)),
      ALREADY_EXISTS,
      custom(s(7, 7)),
      /answered AlreadyExists, and a re-read shows 7\/7 instead of 3\/3/,
    ],
    [
      "update NotFound: someone reset it",
      change("update", s(3, 3)),
      NOT_FOUND_UPDATE,
      inherited,
      /answered NotFound, and a re-read shows the inherited instance default instead of 3\/3/,
    ],
    [
      "reset NotFound but a custom policy is there",
      change("reset", null),
      NOT_FOUND_RESET,
      custom(s(1, 1)),
      /shows 1\/1 instead of the inherited instance default/,
    ],
  ])("%s → failed with a conflict message", async (_n, ch, err, read, message) => {
    const out = await executeChange(client(err, read), ch);
    expect(out.status).toBe("failed");
    expect(out.status === "failed" && out.error).toMatch(message);
  });

  it("reports other errors as failures without re-reading", async () => {
    const c = client(DENIED, custom(s(3, 3)));
    const out = await executeChange(c, change("update", s(3, 3)));
    expect(out).toMatchObject({ status: "failed" });
    expect(out.status === "failed" && out.error).toMatch(/HTTP 403, code 7: No matching permissions found/);
    expect(c.reads).toBe(0);
  });

  it.each([
    ["create answered AlreadyExists", change("create", s(3, 3)), ALREADY_EXISTS, "AlreadyExists"],
    ["reset answered NotFound", change("reset", null), NOT_FOUND_RESET, "NotFound"],
    ["update answered NotChanged", change("update", s(3, 3)), NOT_CHANGED_ORG, "NotChanged"],
  ])(
    "%s and the re-read fails → this target failed (resolved, not thrown), saying both",
    async (_n, ch, err, answer) => {
      const c = { ...client(err, inherited), getOrgPolicy: async () => Promise.reject(UNAVAILABLE) };
      const out = await executeChange(c, ch);
      expect(out.status).toBe("failed");
      expect(out.status === "failed" && out.error).toMatch(
        new RegExp(`answered ${answer}, and the re-read to check it failed: .*upstream unavailable`),
      );
    },
  );

  it("instance update answered NotFound (INSTANCE-0oPew): a broken instance, not another writer", async () => {
    const c = client(NOT_FOUND_INSTANCE, { ...custom(s(9, 9)), isDefault: true });
    const out = await executeChange(c, change("update", s(3, 3), "instance"));
    expect(out.status).toBe("failed");
    expect(out.status === "failed" && out.error).toMatch(/INSTANCE-0oPew/);
    expect(out.status === "failed" && out.error).not.toMatch(/someone else/);
    expect(c.reads).toBe(0);
  });

  it("does not take AlreadyExists as success for an update (only for a create)", async () => {
    const out = await executeChange(client(ALREADY_EXISTS, custom(s(3, 3))), change("update", s(3, 3)));
    expect(out.status).toBe("failed");
  });
});

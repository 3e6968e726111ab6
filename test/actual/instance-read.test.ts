// The instance read in a managed org's context: ZITADEL checks policy.read in the org of x-zitadel-orgid, else
// the caller's own org (docs/zitadel-api.md §1), so a caller whose roles are all in the orgs it manages must name
// one. Only a refusal by the caller's own org leads to the second read; any other answer stands.
import { describe, expect, it } from "vitest";
import { readInstancePolicy } from "../../src/actual/index.js";
import { ApiError } from "../../src/errors.js";
import type { PolicyRead } from "../../src/zitadel/index.js";

const READ: PolicyRead = {
  settings: { maxPasswordAttempts: 5, maxOtpAttempts: 0 },
  isDefault: true,
  sequence: "9",
  resourceOwner: "100",
};
const refusal = (status: number, id: string, serverMessage: string) =>
  new ApiError({ method: "GET", path: "/v2/settings/lockout?ctx.instance=true", status, id, serverMessage });
const NO_MEMBERSHIP = refusal(404, "AUTHZ-cdgFk", "membership not found (AUTHZ-cdgFk)");
const NO_PERMISSION = refusal(403, "AUTH-5mWD2", "No matching permissions found (AUTH-5mWD2)");

/** A server whose caller holds roles only in the orgs `grants` lists (none in its own org, none on the instance). */
function server(grants: readonly string[], ownOrgAnswer: ApiError | undefined) {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    client: {
      getInstancePolicy: async (inOrg?: string) => {
        asked.push(inOrg);
        if (inOrg === undefined) {
          if (ownOrgAnswer) throw ownOrgAnswer;
          return READ;
        }
        if (!grants.includes(inOrg)) throw NO_MEMBERSHIP;
        return READ;
      },
    },
  };
}

describe("readInstancePolicy", () => {
  it("a caller its own org (or the instance) lets read: one read, no org header", async () => {
    const { client, asked } = server([], undefined);
    await expect(readInstancePolicy(client, ["7"])).resolves.toEqual(READ);
    expect(asked).toEqual([undefined]);
  });

  it.each([
    ["no membership in its own org (404)", NO_MEMBERSHIP],
    ["roles in its own org without policy.read (403)", NO_PERMISSION],
  ])("%s: read again in the first managed org's context", async (_, answer) => {
    const { client, asked } = server(["7", "8"], answer);
    await expect(readInstancePolicy(client, ["7", "8"])).resolves.toEqual(READ);
    expect(asked).toEqual([undefined, "7"]);
  });

  it("the managed org refuses too: its answer is the one reported", async () => {
    const { client, asked } = server([], NO_PERMISSION);
    await expect(readInstancePolicy(client, ["7"])).rejects.toBe(NO_MEMBERSHIP);
    expect(asked).toEqual([undefined, "7"]);
  });

  it("no managed org to try: the own org's refusal stands", async () => {
    const { client, asked } = server([], NO_MEMBERSHIP);
    await expect(readInstancePolicy(client, [])).rejects.toBe(NO_MEMBERSHIP);
    expect(asked).toEqual([undefined]);
  });

  it.each([
    ["an invalid token", refusal(401, "AUTH-7fs1e", "Errors.Token.Invalid (AUTH-7fs1e)")],
    ["an org that does not exist", refusal(403, "AUTH-Bs7Ds", "Organisation doesn't exist (AUTH-Bs7Ds)")],
    ["a server failure", refusal(503, "", "unavailable")],
  ])("%s is not a question of org context: no second read", async (_, answer) => {
    const { client, asked } = server(["7"], answer);
    await expect(readInstancePolicy(client, ["7"])).rejects.toBe(answer);
    expect(asked).toEqual([undefined]);
  });
});

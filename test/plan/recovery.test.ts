// The recovery check's pure part: which changes make lockout stricter, and who counts as a recoverer.
import { describe, expect, it } from "vitest";
import type { RecoveryFacts } from "../../src/model.js";
import {
  computePlan,
  hasRecoveryPath,
  recoverersOf,
  recoveryFindings,
  stricter,
  stricterChanges,
} from "../../src/plan/index.js";
import { actual, custom, desired, inherit, s } from "./fixtures.js";

describe("stricter", () => {
  it.each([
    [s(0, 0), s(5, 0), true], // a limit switched on
    [s(5, 5), s(3, 5), true], // a limit lowered
    [s(5, 5), s(5, 4), true],
    [s(5, 5), s(0, 5), false], // switched off: looser
    [s(3, 3), s(5, 9), false],
    [s(5, 5), s(5, 5), false],
    [s(5, 0), s(6, 1), true], // one field looser, the other switched on
  ])("%o → %o: %s", (before, after, expected) => expect(stricter(before, after)).toBe(expected));
});

describe("stricterChanges", () => {
  it("judges inheriting orgs by the instance values in effect, before and after the plan", () => {
    // Instance 5/5 → 3/3 (stricter). Org 11 inherits and gets 4/4 (stricter than 5/5 now). Org 12 has 2/2 and
    // is reset to inherit 3/3 (looser). Org 13 has 9/9 and is reset to inherit 3/3 (stricter).
    const plan = computePlan({
      desired: desired({
        instance: { settings: s(3, 3), origin: { file: "l.yaml", line: 1, column: 1 } },
        orgs: [custom("300000000000000011", s(4, 4)), inherit("300000000000000012"), inherit("300000000000000013")],
      }),
      actual: actual(s(5, 5), {
        "300000000000000011": null,
        "300000000000000012": s(2, 2),
        "300000000000000013": s(9, 9),
      }),
      toolVersion: "9.9.9",
    });
    expect(stricterChanges(plan, s(5, 5)).map((c) => c.target)).toEqual([
      "instance",
      "org:300000000000000011",
      "org:300000000000000013",
    ]);
  });
});

describe("recoverers", () => {
  const facts = (over: Partial<RecoveryFacts> = {}): RecoveryFacts => ({
    selfUserId: "me",
    instanceMembers: [
      { userId: "me", roles: ["IAM_OWNER"] },
      { userId: "viewer", roles: ["IAM_OWNER_VIEWER"] },
      { userId: "login", roles: ["IAM_LOGIN_CLIENT"] },
    ],
    orgMembers: new Map([
      [
        "300000000000000011",
        [
          { userId: "ann", roles: ["ORG_OWNER"] },
          { userId: "set", roles: ["ORG_SETTINGS_MANAGER"] },
          { userId: "ben", roles: ["ORG_USER_MANAGER"] },
        ],
      ],
    ]),
    users: new Map([
      ["me", { userId: "me", state: "active", human: false }],
      ["viewer", { userId: "viewer", state: "active", human: false }],
      ["login", { userId: "login", state: "active", human: false }],
      ["ann", { userId: "ann", state: "active", human: true }],
      ["set", { userId: "set", state: "active", human: true }],
      ["ben", { userId: "ben", state: "locked", human: true }],
    ]),
    ...over,
  });

  it("counts active holders of user.write roles on the org or the instance, never the tool's own user", () => {
    // me: the tool; viewer and set: no user.write; login: the login UI's credential, not a recoverer; ben: locked.
    expect(recoverersOf("org:300000000000000011", facts())).toEqual({ service: 0, human: 1 });
    expect(recoverersOf("instance", facts())).toEqual({ service: 0, human: 0 });
  });

  it("a user with roles on both the instance and the org counts once; an unknown user state does not count", () => {
    const both = facts({
      instanceMembers: [
        ...facts().instanceMembers,
        { userId: "ann", roles: ["IAM_USER_MANAGER"] },
        { userId: "ghost", roles: ["IAM_OWNER"] },
      ],
    });
    expect(recoverersOf("org:300000000000000011", both)).toEqual({ service: 0, human: 1 });
  });

  it("a path is one service user or two humans", () => {
    expect(hasRecoveryPath({ service: 1, human: 0 })).toBe(true);
    expect(hasRecoveryPath({ service: 0, human: 2 })).toBe(true);
    expect(hasRecoveryPath({ service: 0, human: 1 })).toBe(false);
  });

  it("words a finding per change without a path", () => {
    const plan = computePlan({
      desired: desired({ orgs: [custom("300000000000000011", s(4, 4))] }),
      actual: actual(s(0, 0), { "300000000000000011": null }),
      toolVersion: "9.9.9",
    });
    const [finding, ...rest] = recoveryFindings(stricterChanges(plan, s(0, 0)), facts());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      target: "org:300000000000000011",
      rule: "no-recovery-path",
      recoverers: { service: 0, human: 1 },
    });
    expect(finding!.message).toContain("0 active service users and 1 active human (not counting this tool's own user)");
  });
});

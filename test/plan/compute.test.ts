import { describe, expect, it } from "vitest";
import { ResolveError } from "../../src/errors.js";
import { computePlan } from "../../src/plan/index.js";
import { actual, custom, desired, inherit, origin, s } from "./fixtures.js";

const plan = (d: Parameters<typeof desired>[0], a: ReturnType<typeof actual>) =>
  computePlan({ desired: desired(d), actual: a, toolVersion: "9.9.9" });

describe("computePlan", () => {
  it("updates the instance with both values and records the sequence it saw", () => {
    const p = plan(
      { instance: { settings: { maxPasswordAttempts: 5, maxOtpAttempts: 3 }, origin: origin(3) } },
      actual(s(0, 0), {}),
    );
    expect(p.changes).toEqual([
      {
        target: "instance",
        action: "update",
        before: s(0, 0),
        after: s(5, 3),
        expectedSequence: "57",
        expectedInherited: false,
        cause: "declared",
        origin: origin(3),
      },
    ]);
    expect(p.summary).toEqual({ create: 0, update: 1, reset: 0, noop: 0 });
    expect(p).toMatchObject({ formatVersion: 1, toolVersion: "9.9.9", server: "https://acme.zitadel.cloud" });
  });

  it("keeps the live value of an omitted field (never writes 0 for it)", () => {
    const p = plan({ instance: { settings: { maxPasswordAttempts: 5 }, origin: origin(3) } }, actual(s(1, 7), {}));
    expect(p.changes[0]).toMatchObject({ action: "update", after: s(5, 7) });
  });

  it("is a noop when the instance already matches", () => {
    const p = plan(
      { instance: { settings: { maxPasswordAttempts: 5, maxOtpAttempts: 5 }, origin: origin(3) } },
      actual(s(5, 5), {}),
    );
    expect(p.changes[0]).toMatchObject({ action: "noop", before: s(5, 5), after: s(5, 5) });
  });

  it("creates a custom policy for an inheriting org; omitted fields take the instance value after this apply", () => {
    const p = plan(
      {
        instance: { settings: { maxOtpAttempts: 4 }, origin: origin(3) },
        orgs: [custom("300000000000000099", { maxPasswordAttempts: 3 })],
      },
      actual(s(5, 0), { "300000000000000099": null }, "58"),
    );
    expect(p.changes[1]).toEqual({
      target: "org:300000000000000099",
      orgName: "Org 99",
      action: "create",
      before: null,
      after: s(3, 4),
      expectedSequence: "58",
      expectedInherited: true,
      cause: "declared",
      origin: origin(10),
    });
  });

  it("without an instance entry, create takes omitted fields from the live instance", () => {
    const p = plan(
      { orgs: [custom("300000000000000099", { maxPasswordAttempts: 3 })] },
      actual(s(5, 6), { "300000000000000099": null }),
    );
    expect(p.changes).toHaveLength(1);
    expect(p.changes[0]).toMatchObject({ action: "create", after: s(3, 6) });
  });

  it("a create fills omitted fields from the instance values its read fell back to, whose sequence it guards", () => {
    // The plan's reads run concurrently: the instance changed from 5/6 (sequence 57) to 5/8 (sequence 61)
    // between the instance read and this org's read, which fell back to the new instance row.
    const a = actual(s(5, 6), {}, "57");
    const torn = new Map(a.orgs).set("300000000000000099", {
      orgId: "300000000000000099",
      policy: { settings: s(5, 8), inherited: true, sequence: "61" },
    });
    const p = plan({ orgs: [custom("300000000000000099", { maxPasswordAttempts: 3 })] }, { ...a, orgs: torn });
    // The guard says "the instance at 61"; the values must be the instance's at 61, not at 57.
    expect(p.changes[0]).toMatchObject({
      action: "create",
      after: s(3, 8),
      expectedSequence: "61",
      expectedInherited: true,
    });
    // A configured instance value still wins over either read.
    const q = plan(
      {
        instance: { settings: { maxOtpAttempts: 2 }, origin: origin(3) },
        orgs: [custom("300000000000000099", { maxPasswordAttempts: 3 })],
      },
      { ...a, orgs: torn },
    );
    expect(q.changes[1]).toMatchObject({ action: "create", after: s(3, 2) });
  });

  it("updates a custom org only when a managed field differs", () => {
    const a = actual(s(5, 5), { "300000000000000011": s(3, 3), "300000000000000012": s(3, 3) });
    const p = plan(
      {
        orgs: [
          custom("300000000000000011", { maxOtpAttempts: 9 }),
          custom("300000000000000012", { maxPasswordAttempts: 3 }),
        ],
      },
      a,
    );
    expect(p.changes.map((c) => [c.target, c.action, c.after])).toEqual([
      ["org:300000000000000011", "update", s(3, 9)],
      ["org:300000000000000012", "noop", s(3, 3)],
    ]);
  });

  it("resets a custom org declared inherit, and is a noop when it already inherits", () => {
    const a = actual(s(5, 5), { "300000000000000021": s(3, 3), "300000000000000022": null });
    const p = plan({ orgs: [inherit("300000000000000021"), inherit("300000000000000022")] }, a);
    expect(p.changes.map((c) => [c.action, c.before, c.after, c.expectedInherited])).toEqual([
      ["reset", s(3, 3), null, false],
      ["noop", null, null, true],
    ]);
    expect(p.summary).toEqual({ create: 0, update: 0, reset: 1, noop: 1 });
  });

  it("prunes custom policies of undeclared, unprotected orgs only", () => {
    const a = actual(s(5, 5), {
      "300000000000000031": s(1, 1), // declared
      "300000000000000032": s(2, 2), // unlisted, custom → reset
      "300000000000000033": s(3, 3), // protected
      "300000000000000034": null, // unlisted but inherits → nothing to do
    });
    const p = plan(
      {
        orgs: [custom("300000000000000031", { maxPasswordAttempts: 1 })],
        prune: { enabled: true, protectedOrgIds: new Set(["300000000000000033"]) },
      },
      a,
    );
    expect(p.changes.map((c) => [c.target, c.action, c.cause])).toEqual([
      ["org:300000000000000031", "noop", "declared"],
      ["org:300000000000000032", "reset", "prune"],
    ]);
    expect(p.changes[1]).not.toHaveProperty("origin");
  });

  it("does not prune when prune is disabled", () => {
    const p = plan({}, actual(s(5, 5), { "300000000000000032": s(2, 2) }));
    expect(p.changes).toEqual([]);
  });

  it("sorts instance first, then orgs by numeric id", () => {
    const a = actual(s(5, 5), { "99": null, "100000": null, "300": null });
    const p = plan(
      { instance: { settings: {}, origin: origin(2) }, orgs: [inherit("300"), inherit("100000"), inherit("99")] },
      a,
    );
    expect(p.changes.map((c) => c.target)).toEqual(["instance", "org:99", "org:300", "org:100000"]);
  });

  it("refuses the same org listed twice, naming both positions", () => {
    const a = actual(s(5, 5), { "300000000000000041": null });
    const twice = [
      custom("300000000000000041", { maxPasswordAttempts: 3 }, 10),
      { ...inherit("300000000000000041", 14), ref: { kind: "name" as const, name: "Org 41" }, orgName: "Org 41" },
    ];
    expect(() => plan({ orgs: twice }, a)).toThrow(ResolveError);
    expect(() => plan({ orgs: twice }, a)).toThrow(
      /lockout\.yaml:14:5: org 300000000000000041 \("Org 41"\) is listed twice: here and at lockout\.yaml:10:5/,
    );
  });
});

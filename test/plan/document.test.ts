import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { PlanFileError } from "../../src/errors.js";
import { computePlan, parsePlanDocument, toPlanDocument } from "../../src/plan/index.js";
import { actual, custom, desired, inherit, origin, s } from "./fixtures.js";

const planFixture = () =>
  computePlan({
    desired: desired({
      instance: { settings: { maxPasswordAttempts: 5 }, origin: origin(3) },
      orgs: [
        custom("300000000000000011", { maxPasswordAttempts: 3 }),
        inherit("300000000000000012"),
        custom("300000000000000013", { maxOtpAttempts: 2 }),
      ],
    }),
    actual: actual(s(0, 0), {
      "300000000000000011": null,
      "300000000000000012": s(1, 1),
      "300000000000000013": s(3, 3),
    }),
    toolVersion: "0.1.0",
  });

const schema = JSON.parse(readFileSync("schemas/plan.schema.json", "utf8"));
const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

describe("plan document", () => {
  it("round-trips through JSON and validates against schemas/plan.schema.json", () => {
    const doc = toPlanDocument(planFixture());
    const text = JSON.stringify(doc, null, 2);
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parsePlanDocument(text, "plan.json")).toEqual(JSON.parse(text));
    expect(doc.summary).toEqual({ create: 1, update: 2, reset: 1, noop: 0 });
  });

  it.each([
    ["not JSON", "{", /plan\.json: not a plan file/],
    ["another kind", JSON.stringify({ kind: "terraform" }), /not a zitadel-lockout plan file/],
    [
      "a future format",
      JSON.stringify({ kind: "zitadel-lockout-plan", formatVersion: 2 }),
      /plan format version 2 is not supported/,
    ],
    [
      "a plan without its format version",
      JSON.stringify({ kind: "zitadel-lockout-plan" }),
      /plan\.json: the plan file is damaged: it has no formatVersion/,
    ],
    [
      "an apply result",
      JSON.stringify({ kind: "zitadel-lockout-apply", formatVersion: 1 }),
      new RegExp(
        /not a zitadel-lockout plan file \(expected "kind": "zitadel-lockout-plan", found /.source +
          /"zitadel-lockout-apply"; make a plan file with plan --out FILE\)/.source,
      ),
    ],
  ])("refuses %s", (_name, text, message) => {
    expect(() => parsePlanDocument(text, "plan.json")).toThrow(PlanFileError);
    expect(() => parsePlanDocument(text, "plan.json")).toThrow(message);
  });

  it("writes every change's keys in one reading order: what, then the guard, then where from", () => {
    for (const c of toPlanDocument(planFixture()).changes) {
      const keys = Object.keys(c).filter((k) => k !== "orgName");
      expect(keys.slice(0, 7)).toEqual([
        "target",
        "action",
        "before",
        "after",
        "expectedSequence",
        "expectedInherited",
        "cause",
      ]);
    }
  });

  it("refuses a hand-edited plan whose action contradicts before/after", () => {
    const doc = JSON.parse(JSON.stringify(toPlanDocument(planFixture())));
    doc.changes[1].action = "reset"; // a create turned into a reset: after is not null
    doc.summary = { create: 0, update: 2, reset: 2, noop: 0 };
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(/damaged/);
  });

  it("refuses a noop whose before and after say different things (a noop changes nothing)", () => {
    const doc = JSON.parse(JSON.stringify(toPlanDocument(planFixture())));
    const update = doc.changes.find((c: { action: string }) => c.action === "update");
    update.action = "noop";
    doc.summary = { ...doc.summary, update: doc.summary.update - 1, noop: 1 };
    update.after = null; // one side inherits, the other has numbers
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(/p\.json: the plan file is damaged/);
    update.after = update.before; // both numbers, yet the org inherited at plan time
    update.expectedInherited = true;
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(/p\.json: the plan file is damaged/);
    update.expectedInherited = false; // a consistent noop is accepted
    expect(parsePlanDocument(JSON.stringify(doc), "p.json").summary.noop).toBe(1);
  });

  it("refuses a plan whose summary does not match its changes", () => {
    const doc = JSON.parse(JSON.stringify(toPlanDocument(planFixture())));
    doc.summary.update = 0;
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(/summary does not match/);
  });

  it("refuses a plan that lists a target twice (two writes to one target, racing)", () => {
    const doc = JSON.parse(JSON.stringify(toPlanDocument(planFixture())));
    const create = doc.changes.find((c: { action: string }) => c.action === "create");
    doc.changes.push({ ...create, after: s(7, 7) });
    doc.summary.create += 1;
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(
      /p\.json: the plan file is damaged: it lists org:300000000000000011 more than once/,
    );
  });

  it("accepts uint32's extremes, 0 and 4294967295", () => {
    const doc = JSON.parse(JSON.stringify(toPlanDocument(planFixture())));
    doc.changes[0].after = s(0, 4294967295);
    expect(parsePlanDocument(JSON.stringify(doc), "p.json").changes[0]!.after).toEqual(s(0, 4294967295));
  });

  it("reads a plan from a newer 1.x build: fields it does not know, at any level, are left out", () => {
    const known = { ...toPlanDocument(planFixture()), recoveryCheck: { status: "checked" as const, targets: 2 } };
    const doc = JSON.parse(JSON.stringify(known));
    doc.approvedBy = "a field a newer build added";
    doc.changes[0].reviewNote = "newer";
    doc.changes[1].after.maxLockoutMinutes = 15; // in a settings object, which closes its fields too
    // The last of recoveryCheck's four branches: Ajv must not strip `targets` while it tries the first three.
    doc.recoveryCheck.checkedScopes = ["instance"];
    doc.summary.untouched = 0;
    expect(validate(doc)).toBe(false); // the published schema describes what this build writes: closed
    expect(parsePlanDocument(JSON.stringify(doc), "p.json")).toEqual(JSON.parse(JSON.stringify(known)));
  });

  it("reads every recoveryCheck a newer 1.x build may extend; a status it does not know is refused", () => {
    const statuses = [
      { status: "not-needed" },
      { status: "waived" },
      { status: "checked", targets: 1 },
      { status: "not-checked", reason: "members.read is missing" },
    ];
    for (const recoveryCheck of statuses) {
      const doc = { ...toPlanDocument(planFixture()), recoveryCheck: { ...recoveryCheck, since: "1.4.0" } };
      expect(parsePlanDocument(JSON.stringify(doc), "p.json").recoveryCheck).toEqual(recoveryCheck);
    }
    // A new status is not additive (apply would have to know what it means): refused as damage.
    const unknown = { ...toPlanDocument(planFixture()), recoveryCheck: { status: "deferred" } };
    expect(() => parsePlanDocument(JSON.stringify(unknown), "p.json")).toThrow(/p\.json: the plan file is damaged/);
  });

  it("refuses a value outside uint32", () => {
    const doc = JSON.parse(JSON.stringify(toPlanDocument(planFixture())));
    doc.changes[0].after.maxPasswordAttempts = 4294967296;
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(/maxPasswordAttempts must be <= 4294967295/);
  });
});

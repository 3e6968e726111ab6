// Each lint rule: a config where it fires (at the right line) and a close one where it does not;
// waiving with lint.ignore; the rule table itself.
import { describe, expect, it } from "vitest";
import { LINT_RULES, lintDesired, parseDesired } from "../../src/desired/index.js";

const lint = (body: string) => lintDesired(parseDesired([{ file: "l.yaml", text: `version: 1\n${body}` }], {}));
const rules = (body: string) => lint(body).map((f) => f.rule);
const at = (body: string, rule: string) =>
  lint(body)
    .filter((f) => f.rule === rule)
    .map((f) => `${f.origin?.line}:${f.origin?.column}`);

describe("lint rules", () => {
  it("have unique ids, a severity and a summary", () => {
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length);
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(["warning", "error"]).toContain(r.severity);
      expect(r.summary.length).toBeGreaterThan(20);
    }
  });

  describe("password-lockout-disabled", () => {
    it("fires for maxPasswordAttempts: 0 on the instance and on a custom org, at that field", () => {
      expect(
        at(
          "instance:\n  maxOtpAttempts: 3\n  maxPasswordAttempts: 0\norgs:\n  - name: A\n    maxPasswordAttempts: 0\n",
          "password-lockout-disabled",
        ),
      ).toEqual(["4:3", "7:5"]);
    });
    it("does not fire for a positive value or an unmanaged field", () => {
      expect(
        rules("instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: A\n    maxOtpAttempts: 4\n"),
      ).toEqual([]);
    });
  });

  describe("otp-lockout-disabled (GHSA-7j7j-66cv-m239)", () => {
    it("fires for maxOtpAttempts: 0 while password lockout is on, and cites the advisory", () => {
      const f = lint("instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 0\n");
      expect(f.map((x) => [x.rule, x.severity, `${x.origin?.line}:${x.origin?.column}`])).toEqual([
        ["otp-lockout-disabled", "warning", "4:3"],
      ]);
      expect(f[0]!.message).toContain("GHSA-7j7j-66cv-m239");
    });
    it("fires for an org that sets OTP to 0 and gets its password limit from the configured instance", () => {
      expect(
        rules("instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: A\n    maxOtpAttempts: 0\n"),
      ).toEqual(["otp-lockout-disabled"]);
    });
    it("does not fire when password lockout is off too (that is the other rule) or OTP lockout is on", () => {
      expect(rules("instance:\n  maxPasswordAttempts: 0\n  maxOtpAttempts: 0\n")).toEqual([
        "password-lockout-disabled",
      ]);
      expect(rules("instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\n")).toEqual([]);
    });
  });

  describe("lockout-threshold-too-low", () => {
    it("fires for 1 and 2, per field, mentioning the locked-out manager", () => {
      const f = lint("instance:\n  maxPasswordAttempts: 1\n  maxOtpAttempts: 2\n");
      expect(f.map((x) => `${x.rule}@${x.origin?.line}`)).toEqual([
        "lockout-threshold-too-low@3",
        "lockout-threshold-too-low@4",
      ]);
      expect(f[0]!.message).toMatch(/locked-out manager needs another manager, or the vendor's support/);
    });
    it("does not fire for 3", () => {
      expect(rules("orgs:\n  - name: A\n    maxPasswordAttempts: 3\n    maxOtpAttempts: 3\n")).toEqual([]);
    });
  });

  describe("org-weaker-than-instance", () => {
    it("fires when an org allows more attempts than the instance default", () => {
      expect(
        at(
          "instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: A\n    " +
            "maxPasswordAttempts: 10\n    maxOtpAttempts: 5\n",
          "org-weaker-than-instance",
        ),
      ).toEqual(["7:5"]);
    });
    it("does not fire for a stricter or equal org, an inheriting org, or without an instance value", () => {
      expect(
        rules(
          "instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: A\n    " +
            "maxPasswordAttempts: 3\n    maxOtpAttempts: 5\n  - name: B\n    inherit: true\n",
        ),
      ).toEqual([]);
      expect(rules("orgs:\n  - name: A\n    maxPasswordAttempts: 10\n")).toEqual([]);
    });
  });

  describe("prune-without-protect", () => {
    it("fires when prune is on, orgs are listed and nothing is protected", () => {
      expect(at("orgs:\n  - name: A\n    inherit: true\nprune:\n  enabled: true\n", "prune-without-protect")).toEqual([
        "5:1",
      ]);
    });
    it("does not fire with a protect entry or with prune off", () => {
      expect(rules("orgs:\n  - name: A\n    inherit: true\nprune:\n  enabled: true\n  protect: [Legacy]\n")).toEqual(
        [],
      );
      expect(rules("orgs:\n  - name: A\n    inherit: true\nprune:\n  enabled: false\n")).toEqual([]);
    });
  });

  describe("prune-resets-every-org (error)", () => {
    it("fires as an error when prune is on with no orgs and nothing protected", () => {
      expect(lint("prune:\n  enabled: true\n").map((f) => [f.rule, f.severity])).toEqual([
        ["prune-resets-every-org", "error"],
      ]);
    });
    it("does not fire once an org is listed or protected", () => {
      expect(rules("prune:\n  enabled: true\n  protect: [Legacy]\n")).toEqual([]);
      expect(rules("orgs:\n  - name: A\n    inherit: true\nprune:\n  enabled: true\n")).toEqual([
        "prune-without-protect",
      ]);
    });
  });

  it("lint.ignore waives exactly the rules it names", () => {
    const body = "instance:\n  maxPasswordAttempts: 2\n  maxOtpAttempts: 0\n";
    expect(rules(body)).toEqual(["lockout-threshold-too-low", "otp-lockout-disabled"]);
    expect(rules(`${body}lint:\n  ignore: [otp-lockout-disabled]\n`)).toEqual(["lockout-threshold-too-low"]);
  });

  it("orders findings by file order, then line", () => {
    const state = parseDesired(
      [
        { file: "a.yaml", text: "version: 1\norgs:\n  - name: Z\n    maxPasswordAttempts: 1\n" },
        { file: "b.yaml", text: "version: 1\ninstance:\n  maxPasswordAttempts: 0\n" },
      ],
      {},
    );
    expect(lintDesired(state).map((f) => `${f.origin?.file}:${f.origin?.line}:${f.rule}`)).toEqual([
      "a.yaml:4:lockout-threshold-too-low",
      "b.yaml:3:password-lockout-disabled",
    ]);
  });
});

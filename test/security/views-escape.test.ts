// Issue #11: an org name with a bidirectional override (U+202E) or another control character must not
// reach a terminal or a pull-request comment as such — a forged comment could then read differently from
// what it says. Every text and Markdown view (plan, apply, drift, locked, unlock) shows such characters as
// \uXXXX, in org names and in user names alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";

const NAME = "Payroll \u202Ekcah\u202C \u2066x\u2069 \u200Fmark";
/** A config cannot name this one (a control character); prune resets it and the reports name it. */
const BELL = "Bell \u0007 \u202Eorg";
// oxlint-disable-next-line no-control-regex -- these characters are what the test looks for
const RAW = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u0007]/;

let h: Harness;
let org: string;
let bell: string;
beforeAll(async () => {
  h = await harness();
  org = h.emu.control.addOrg(NAME);
  bell = h.emu.control.addOrg(BELL);
  h.ws.write(
    "lockout.yaml",
    `version: 1\norgs:\n  - name: "${NAME}"\n    maxPasswordAttempts: 4\nprune:\n  enabled: true\n`,
  );
});
afterAll(async () => h.close());

describe("an org name with bidi overrides and control characters", () => {
  it.each(["text", "markdown"])("is escaped in the %s views of plan, apply and drift", async (format) => {
    h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    h.emu.control.setOrgPolicy(bell, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    const outputs: string[] = [];
    for (const argv of [["plan"], ["drift"], ["apply", "--auto-approve"]]) {
      const r = await h.cli([...argv, "--format", format]);
      outputs.push(r.stdout);
      h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
      h.emu.control.setOrgPolicy(bell, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    }
    for (const out of outputs) {
      expect(out).not.toMatch(RAW);
      expect(out).toContain("\\u202E");
      expect(out).toContain("\\u0007");
    }
  });
});

describe("a locked user with bidi overrides in their name, in an org with them in its name", () => {
  it.each(["text", "markdown"])("is escaped in the %s views of locked and unlock", async (format) => {
    const user = h.emu.control.addUser(org, `eve\u202Eli\u0007ve-${format}`, "locked");
    const locked = await h.cli(["locked", "--all-orgs", "--format", format]);
    const unlock = await h.cli(["unlock", "--auto-approve", "--format", format, user]);
    expect(unlock.code, unlock.stderr).toBe(0);
    for (const out of [locked.stdout, unlock.stdout]) {
      expect(out).not.toMatch(RAW);
      // Markdown escapes the backslash of the escape once more (\\u202E), which renders as \u202E.
      expect(out).toMatch(new RegExp(`eve\\\\+u202Eli\\\\+u0007ve-${format}`));
    }
    expect(locked.stdout).toMatch(/Payroll \\+u202Ekcah\\+u202C/);
  });
});

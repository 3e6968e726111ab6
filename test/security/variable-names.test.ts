// Issue #11: an org name or a prune.protect entry substituted from ${VAR} is never echoed, also not in
// the errors plan reads from the server (no such org, several orgs of that name, a protect entry that
// matches nothing): the message names the variable as written and the line, and the value stays out.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";

const SECRET = "Hidden Org 7f3a";
let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => h.close());

/** Everything the run printed, for "the value is not in it" checks (case ignored: a hint could re-case it). */
const printed = (r: { stdout: string; stderr: string }) => (r.stdout + r.stderr).toLowerCase();

describe("names from ${VAR} in plan-time errors", () => {
  it("an org name that matches no org names the variable and its line, not the value", async () => {
    h.ws.write("lockout.yaml", config({ orgs: ["name: ${ACME_ORG}\nmaxPasswordAttempts: 3"] }));
    const r = await h.cli(["plan"], { ACME_ORG: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /lockout\.yaml:3:\d+: no organization is named by \$\{ACME_ORG\} \(its value is not shown\)/,
    );
    expect(r.stderr).toContain("on the server (names match exactly, case included); check the variable");
    expect(printed(r)).not.toContain(SECRET.toLowerCase());
    expect(h.writes()).toEqual([]);
  });

  it("the did-you-mean hint for a name in another case gives the org's id, not its name", async () => {
    const id = h.emu.control.addOrg(SECRET);
    h.ws.write("lockout.yaml", config({ orgs: ["name: ${ACME_ORG}\nmaxPasswordAttempts: 3"] }));
    const r = await h.cli(["plan"], { ACME_ORG: SECRET.toUpperCase() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`did you mean the org with id ${id}? check the variable`);
    expect(printed(r)).not.toContain(SECRET.toLowerCase());
  });

  it("a name that several orgs carry names the variable and lists the ids", async () => {
    const a = h.emu.control.addOrg(SECRET);
    const b = h.emu.control.addOrg(SECRET, { legacyDuplicate: true });
    h.ws.write("lockout.yaml", config({ orgs: ["name: ${ACME_ORG}\nmaxPasswordAttempts: 3"] }));
    const r = await h.cli(["plan", "--format", "json"], { ACME_ORG: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /lockout\.yaml:3:\d+: 2 organizations are named by \$\{ACME_ORG\} \(its value is not shown\)/,
    );
    expect(r.stderr).toContain(`(ids ${a}, ${b})`);
    expect(printed(r)).not.toContain(SECRET.toLowerCase());
  });

  it("a part of a name from a variable shows the name as written", async () => {
    h.ws.write("lockout.yaml", config({ orgs: ["name: ${PREFIX} Org\ninherit: true"] }));
    const r = await h.cli(["plan"], { PREFIX: "Hidden" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no organization is named by ${PREFIX} Org (its value is not shown)");
    expect(printed(r)).not.toContain("hidden org");
  });

  it("a prune.protect entry from a variable that matches nothing names the variable", async () => {
    h.emu.control.addOrg("Visible");
    h.ws.write(
      "lockout.yaml",
      config({ orgs: ["name: Visible\ninherit: true"], extra: "prune:\n  enabled: true\n  protect:\n    - ${KEEP}" }),
    );
    const r = await h.cli(["plan"], { KEEP: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lockout\.yaml:8:\d+: prune\.protect entry \$\{KEEP\} \(its value is not shown\) matches/);
    expect(r.stderr).toContain("matches no organization id or name");
    expect(printed(r)).not.toContain(SECRET.toLowerCase());
  });

  it("a name written in the file is still quoted (it is the user's own text)", async () => {
    h.ws.write("lockout.yaml", config({ orgs: ["name: Plain Missing\ninherit: true"] }));
    const r = await h.cli(["plan"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no organization is named "Plain Missing" on the server');
  });
});

describe("names from ${VAR} in the loader's own messages", () => {
  it("the same org listed twice through two variables names the second one by its variable", async () => {
    h.ws.write(
      "lockout.yaml",
      config({ orgs: ["name: ${FIRST}\nmaxPasswordAttempts: 3", "name: ${SECOND}\nmaxPasswordAttempts: 4"] }),
    );
    const r = await h.cli(["validate"], { FIRST: SECRET, SECOND: SECRET });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/lockout\.yaml:5:\d+: the org named by \$\{SECOND\} is listed twice/);
    expect(printed(r)).not.toContain(SECRET.toLowerCase());
  });

  it("a lint finding about a name from a variable names the variable", async () => {
    h.ws.write("lockout.yaml", config({ orgs: ["name: ${ACME_ORG}\nmaxPasswordAttempts: 0\nmaxOtpAttempts: 0"] }));
    const r = await h.cli(["validate"], { ACME_ORG: SECRET });
    expect(r.stdout + r.stderr).toContain("the org named by ${ACME_ORG}");
    expect(printed(r)).not.toContain(SECRET.toLowerCase());
  });
});

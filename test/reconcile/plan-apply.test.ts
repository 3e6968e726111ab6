// plan → apply → plan is empty; a second apply writes nothing; stale plans write nothing (docs/guarantees.md).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "./harness.js";

let h: Harness;
let acme: string;
let globex: string;
let initech: string;

beforeEach(async () => {
  h = await harness();
  acme = h.emu.control.addOrg("Test ACME");
  globex = h.emu.control.addOrg("Test Globex");
  initech = h.emu.control.addOrg("Test Initech");
  h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
  h.emu.control.setOrgPolicy(initech, { maxPasswordAttempts: 2, maxOtpAttempts: 2 });
  h.ws.write(
    "lockout.yaml",
    config({
      instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
      orgs: [
        `name: Test ACME\nmaxPasswordAttempts: 3`,
        `id: "${globex}"\nmaxPasswordAttempts: 4\nmaxOtpAttempts: 4`,
        `id: "${initech}"\ninherit: true`,
      ],
    }),
  );
  h.emu.clearLog();
});
afterEach(async () => h.close());

describe("plan and apply against the emulator", () => {
  it("plans create/update/reset, applies them, and a re-plan is empty", async () => {
    const plan = await h.cli(["plan", "--format", "json", "--detailed-exitcode"]);
    expect(plan.code, plan.stderr).toBe(2);
    const doc = JSON.parse(plan.stdout);
    expect(doc.summary).toEqual({ create: 1, update: 2, reset: 1, noop: 0 });
    expect(doc.changes.find((c: { target: string }) => c.target === `org:${acme}`)).toMatchObject({
      action: "create",
      orgName: "Test ACME",
      before: null,
      after: { maxPasswordAttempts: 3, maxOtpAttempts: 5 },
      expectedInherited: true,
    });
    expect(h.writes()).toEqual([]); // planning never writes

    const apply = await h.cli(["apply", "--auto-approve"]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete: 4 targets changed and verified/);
    expect(h.writes()).toHaveLength(4);
    expect(h.emu.control.instancePolicy()).toMatchObject({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    expect(h.emu.control.orgPolicy(globex)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    expect(h.emu.control.orgPolicy(initech)).toBeNull();

    h.emu.clearLog();
    const again = await h.cli(["plan", "--detailed-exitcode"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/No changes\./);
    const second = await h.cli(["apply", "--auto-approve"]);
    expect(second.code).toBe(0);
    expect(h.writes()).toEqual([]); // the second apply sends zero writes
  });

  it("sends zero writes to a target that is already right", async () => {
    h.ws.write(
      "lockout.yaml",
      config({ orgs: [`id: "${globex}"\nmaxPasswordAttempts: 9`, `id: "${acme}"\ninherit: true`] }),
    );
    const r = await h.cli(["apply", "--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No changes/);
    expect(h.writes()).toEqual([]);
  });

  it("refuses a stale plan with exit 4 and writes nothing", async () => {
    const saved = await h.cli(["plan", "--out", "plan.json"]);
    expect(saved.code, saved.stderr).toBe(0);
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 9, maxOtpAttempts: 8 }); // behind Git's back
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`org:${globex}: expected sequence \\d+, found \\d+`));
    expect(r.stderr).toMatch(/nothing was written/);
    expect(h.writes()).toEqual([]);
  });

  it("treats a moved sequence as stale even when the values are equal again", async () => {
    await h.cli(["plan", "--out", "plan.json"]);
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 1, maxOtpAttempts: 1 });
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 9, maxOtpAttempts: 9 }); // reverted
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code).toBe(4);
    expect(h.writes()).toEqual([]);
  });

  it("treats an inherit-state change as stale", async () => {
    await h.cli(["plan", "--out", "plan.json"]);
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 3, maxOtpAttempts: 5 }); // someone created it already
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`org:${acme}: expected sequence \\d+ \\(inherited\\), found \\d+`));
    expect(h.writes()).toEqual([]);
  });

  it("an instance change is stale for an inheriting org: its create was planned from what it inherited", async () => {
    // ACME inherits and omits maxOtpAttempts; with no instance entry, its create takes the live instance value.
    h.ws.write("lockout.yaml", config({ orgs: ["name: Test ACME\nmaxPasswordAttempts: 3"] }));
    const saved = await h.cli(["plan", "--out", "plan.json", "--format", "json"]);
    const planned = (JSON.parse(saved.stdout) as { changes: { target: string; after: { maxOtpAttempts: number } }[] })
      .changes[0]!;
    expect(planned.after.maxOtpAttempts).toBe(h.emu.control.instancePolicy().maxOtpAttempts);
    // in the console
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 7, maxOtpAttempts: planned.after.maxOtpAttempts + 1 });
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stderr).toMatch(
      new RegExp(`org:${acme}: expected sequence \\d+ \\(inherited\\), found \\d+ \\(inherited\\)`),
    );
    expect(h.writes()).toEqual([]);
  });

  it("applies a saved plan of only noops with no write, even after the server moved", async () => {
    h.ws.write(
      "lockout.yaml",
      config({ orgs: [`id: "${globex}"\nmaxPasswordAttempts: 9`, `id: "${acme}"\ninherit: true`] }),
    );
    const saved = await h.cli(["plan", "--out", "plan.json", "--detailed-exitcode"]);
    expect(saved.code, saved.stderr).toBe(0);
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 7, maxOtpAttempts: 7 }); // moves ACME's sequence too
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No changes/);
    expect(h.writes()).toEqual([]);
  });

  it("applies a saved plan exactly, then the same plan again is stale", async () => {
    await h.cli(["plan", "--out", "plan.json"]);
    const first = await h.cli(["apply", "plan.json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(h.writes()).toHaveLength(4);
    h.emu.clearLog();
    const second = await h.cli(["apply", "plan.json"]);
    expect(second.code).toBe(4);
    expect(h.writes()).toEqual([]);
  });

  it("reports which version made a saved plan and which applied it", async () => {
    await h.cli(["plan", "--out", "plan.json"]);
    const saved = JSON.parse(h.ws.read("plan.json")) as { toolVersion: string };
    h.ws.write("plan.json", JSON.stringify({ ...saved, toolVersion: "0.0.1-older" }));
    const r = await h.cli(["apply", "plan.json", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { toolVersion: string; planToolVersion: string };
    expect(doc.planToolVersion).toBe("0.0.1-older");
    expect(doc.toolVersion).toBe(saved.toolVersion); // this build's version, as in every plan it makes
  });

  it("refuses a saved plan for another server (exit 1, nothing written)", async () => {
    await h.cli(["plan", "--out", "plan.json"]);
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json", "--url", "http://127.0.0.1:9"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /the plan was made for http:\/\/127\.0\.0\.1:\d+, but --url names http:\/\/127\.0\.0\.1:9/,
    );
    expect(h.emu.requestLog).toEqual([]);
  });

  it("requires --auto-approve without a terminal, before contacting the server", async () => {
    const r = await h.cli(["apply"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--auto-approve/);
    expect(h.emu.requestLog).toEqual([]);
  });

  it("asks on a terminal and writes nothing when the answer is no", async () => {
    const { run } = await import("../support/io.js");
    const asked: string[] = [];
    const r = await run(["apply"], {
      cwd: h.ws.dir,
      env: { ZITADEL_URL: h.emu.url, ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      interactive: true,
      confirm: async (q) => (asked.push(q), false),
    });
    expect(asked).toEqual([`Apply these changes to ${h.emu.url}?`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cancelled; nothing was written/);
    expect(h.writes()).toEqual([]);
  });

  it("names the YAML line of an org name that does not exist, and writes nothing", async () => {
    h.ws.write("lockout.yaml", config({ orgs: ["name: No Such Org\nmaxPasswordAttempts: 3"] }));
    const r = await h.cli(["apply", "--auto-approve"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        /lockout\.yaml:3:\d+: no organization is named "No Such Org" on the server \(names match /.source +
          /exactly, case included\); check the name, or name the org by its id \(id: in YAML, orgId /.source +
          /in CDKTF\)/.source,
      ),
    );
    expect(h.writes()).toEqual([]);
  });

  it("reports every unknown name, missing id, unmatched protect entry at once, in line order; no writes", async () => {
    // Two orgs of one name exist only as data from before ZITADEL made names unique (legacy duplicates).
    h.emu.control.addOrg("Twin");
    h.emu.control.addOrg("Twin", { legacyDuplicate: true });
    h.ws.write(
      "lockout.yaml",
      config({
        instance: "maxPasswordAttempts: 6",
        orgs: [
          "name: No Such Org\nmaxPasswordAttempts: 3",
          'id: "999999"\nmaxPasswordAttempts: 3',
          `id: "${globex}"\nmaxPasswordAttempts: 4`,
          "name: Twin\ninherit: true",
        ],
        extra: "prune:\n  enabled: true\n  protect:\n    - Not An Org",
      }),
    );
    const r = await h.cli(["apply", "--auto-approve"]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => /lockout\.yaml:\d+/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^ {2}lockout\.yaml:5:\d+: no organization is named "No Such Org"/),
      expect.stringMatching(/^ {2}lockout\.yaml:7:\d+: organization 999999 does not exist/),
      expect.stringMatching(
        new RegExp(
          /^ {2}lockout\.yaml:11:\d+: 2 organizations are named "Twin" \(ids \d+, \d+\); name the /.source +
            /one you mean by its id \(id: in YAML, orgId in CDKTF\)$/.source,
        ),
      ),
      expect.stringMatching(/^ {2}lockout\.yaml:16:\d+: prune\.protect entry "Not An Org" matches no organization/),
    ]);
    expect(r.stderr).toMatch(/error: 4 problems with the organizations the config names:/);
    expect(h.writes()).toEqual([]);
  });

  it("refuses the same org named by id and by name", async () => {
    h.ws.write(
      "lockout.yaml",
      config({ orgs: [`id: "${acme}"\nmaxPasswordAttempts: 3`, "name: Test ACME\ninherit: true"] }),
    );
    const r = await h.cli(["plan"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`lockout\\.yaml:5:\\d+: org ${acme} \\("Test ACME"\\) is listed twice: here and at lockout\\.yaml:3`),
    );
  });

  it("names every org in every report, also those declared by id, with one org-list request for a few", async () => {
    h.ws.write(
      "lockout.yaml",
      config({ orgs: [`id: "${acme}"\nmaxPasswordAttempts: 13`, `id: "${globex}"\nmaxPasswordAttempts: 13`] }),
    );
    h.emu.clearLog();
    const r = await h.cli(["plan", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { changes: { target: string; orgName?: string }[] };
    expect(doc.changes.map((c) => [c.target, c.orgName])).toEqual(
      expect.arrayContaining([
        [`org:${acme}`, "Test ACME"],
        [`org:${globex}`, "Test Globex"],
      ]),
    );
    expect(h.emu.requestLog.filter((e) => e.path === "/v2/organizations/_search")).toHaveLength(1);
  });

  it("a name in the wrong case is not matched, but the error suggests the org's real name", async () => {
    h.ws.write("lockout.yaml", config({ orgs: ["name: test acme\nmaxPasswordAttempts: 3"] }));
    const r = await h.cli(["plan"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        /lockout\.yaml:3:\d+: no organization is named "test acme" on the server \(names match /.source +
          /exactly, case included\); did you mean "Test ACME"\? check the name/.source,
      ),
    );
    expect(h.writes()).toEqual([]);
  });
});

// export against the emulator: the round trip (export, then plan with the export → no changes), both
// scopes, stdout vs -o, and the refusal of a bad --orgs value.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { harness, type Harness } from "../reconcile/harness.js";

let h: Harness;
let custom: string;
let inheriting: string;

beforeEach(async () => {
  h = await harness();
  custom = h.emu.control.addOrg("Export Custom");
  inheriting = h.emu.control.addOrg("Export Inheriting");
  h.emu.control.setOrgPolicy(custom, { maxPasswordAttempts: 0, maxOtpAttempts: 7 });
  h.emu.control.setInstancePolicy({ maxPasswordAttempts: 6, maxOtpAttempts: 2 });
});
afterEach(async () => h.close());

describe("export", () => {
  it.each([["custom"], ["all"]])(
    "--orgs %s: plan with the export finds nothing to do and sends no write",
    async (scope) => {
      const exported = await h.cli(["export", "--orgs", scope, "-o", "exported.yaml"]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toBe("");
      h.emu.clearLog();
      const plan = await h.cli(["plan", "-f", "exported.yaml", "--detailed-exitcode", "--format", "json"]);
      expect(plan.code, plan.stderr).toBe(0);
      const doc = JSON.parse(plan.stdout);
      expect(doc.summary).toMatchObject({ create: 0, update: 0, reset: 0 });
      expect(doc.summary.noop).toBe(doc.changes.length);
      expect(h.writes()).toEqual([]);
    },
  );

  it("-o does not replace an existing file (a hand-written config) without --force, nor asks the server", async () => {
    h.ws.write("lockout.yaml", "# mine, by hand\nversion: 1\n");
    h.emu.clearLog();
    const refused = await h.cli(["export", "-o", "lockout.yaml"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "error: lockout.yaml exists: export -o replaces a file only with --force (or write elsewhere and compare)\n",
    );
    expect(h.ws.read("lockout.yaml")).toBe("# mine, by hand\nversion: 1\n");
    expect(h.emu.requestLog).toEqual([]);
    const forced = await h.cli(["export", "-o", "lockout.yaml", "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(h.ws.read("lockout.yaml")).toContain(`- id: "${custom}" # Export Custom`);
  });

  it("lists custom orgs by id, names as comments; --orgs all adds inheriting ones as inherit: true", async () => {
    const customOnly = await h.cli(["export"]);
    expect(customOnly.code, customOnly.stderr).toBe(0);
    expect(customOnly.stdout).toContain(
      `- id: "${custom}" # Export Custom\n    maxPasswordAttempts: 0\n    maxOtpAttempts: 7\n`,
    );
    expect(customOnly.stdout).not.toContain(inheriting);
    const doc = parse(customOnly.stdout);
    expect(doc).toMatchObject({
      version: 1,
      server: h.emu.url,
      instance: { maxPasswordAttempts: 6, maxOtpAttempts: 2 },
    });

    const all = await h.cli(["export", "--orgs", "all"]);
    expect(all.stdout).toContain(`- id: "${inheriting}" # Export Inheriting\n    inherit: true\n`);
    const everyOrg = h.emu.control.listOrgs();
    expect(parse(all.stdout).orgs).toHaveLength(everyOrg.length);
    // Sorted by id, like every other report.
    const ids = (parse(all.stdout).orgs as { id: string }[]).map((o) => o.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)));
  });

  it("writes only YAML on stdout, and what it did on stderr", async () => {
    const r = await h.cli(["export", "--orgs", "all"]);
    const count = h.emu.control.listOrgs().length;
    expect(r.stderr).toContain(`Exported the instance default and ${count} orgs (`);
    expect(() => parse(r.stdout)).not.toThrow();
    expect(r.stdout).not.toContain(h.emu.credentials.iamOwnerToken);
  });

  it("refuses an unknown --orgs value with exit 1", async () => {
    const r = await h.cli(["export", "--orgs", "some"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/argument 'some' is invalid.*custom, all/);
  });
});

// export --format terraform | terraform-json: the module's shape (lookups by name, import blocks with the
// provider's ID format, the instance default without one), and the round trip against the emulator:
// export, then plan --terraform on the export → no changes, no write.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  hclString,
  renderExportHcl,
  renderExportTerraformJson,
  type TerraformExportInput,
} from "../../src/render/export-terraform.js";
import { harness, type Harness } from "../reconcile/harness.js";

const input = (orgs: TerraformExportInput["orgs"], scope: "custom" | "all" = "custom"): TerraformExportInput => ({
  server: "https://acme.zitadel.cloud",
  instance: { maxPasswordAttempts: 5, maxOtpAttempts: 5 },
  orgs,
  scope,
  toolVersion: "0.0.0-test",
  now: new Date("2026-12-01T00:00:00Z"),
});

describe("the exported module", () => {
  const orgs = [
    { orgId: "1", orgName: "ACME Corp.", settings: { maxPasswordAttempts: 3, maxOtpAttempts: 3 } },
    { orgId: "2", orgName: "Twin", settings: { maxPasswordAttempts: 4, maxOtpAttempts: 4 } },
    { orgId: "3", orgName: "Twin", settings: { maxPasswordAttempts: 5, maxOtpAttempts: 5 } },
    { orgId: "4", orgName: "acme corp", settings: { maxPasswordAttempts: 6, maxOtpAttempts: 6 } },
    { orgId: "5", orgName: "9lives ${x}", settings: { maxPasswordAttempts: 7, maxOtpAttempts: 7 } },
    { orgId: "6", orgName: "Quiet", settings: null },
  ];

  it("looks orgs up by exact name, imports each custom policy by org id, the instance default unimported", () => {
    const hcl = renderExportHcl(input(orgs));
    expect(hcl).toContain('provider "zitadel" {\n  domain = "acme.zitadel.cloud"\n}\n');
    expect(hcl).toContain(
      'data "zitadel_orgs" "acme_corp" {\n  name        = "ACME Corp."\n  name_method = ' +
        '"TEXT_QUERY_METHOD_EQUALS"\n}\n',
    );
    expect(hcl).toContain('import {\n  to = zitadel_lockout_policy.acme_corp\n  id = "1"\n}\n');
    expect(hcl).toContain(
      'resource "zitadel_lockout_policy" "acme_corp" {\n  org_id                = data.zitadel_orgs.acme_corp.ids[0]\n',
    );
    // A name two orgs share (legacy data) cannot be looked up: those two are referred to by id.
    expect(hcl).toContain('resource "zitadel_lockout_policy" "org_2" {\n  org_id                = "2"\n');
    expect(hcl).toContain('resource "zitadel_lockout_policy" "org_3" {\n  org_id                = "3"\n');
    // Names that map to the same identifier get a suffix; an identifier never starts with a digit.
    expect(hcl).toContain('resource "zitadel_lockout_policy" "acme_corp_2" {');
    expect(hcl).toContain('data "zitadel_orgs" "org_9lives_x" {\n  name        = "9lives $${x}"');
    expect(hcl).not.toMatch(/to\s*=\s*zitadel_default_lockout_policy/);
    expect(hcl).not.toContain("Quiet\n"); // inheriting orgs only with --orgs all
    expect(renderExportHcl(input(orgs, "all"))).toContain(
      '  zitadel_lockout = {\n    inherit = [\n      { org_id = "6" }, # Quiet\n    ]\n  }\n',
    );
  });

  it("the JSON syntax says the same", () => {
    const doc = JSON.parse(renderExportTerraformJson(input(orgs, "all")));
    expect(doc.import).toEqual([
      { to: "zitadel_lockout_policy.acme_corp", id: "1" },
      { to: "zitadel_lockout_policy.org_2", id: "2" },
      { to: "zitadel_lockout_policy.org_3", id: "3" },
      { to: "zitadel_lockout_policy.acme_corp_2", id: "4" },
      { to: "zitadel_lockout_policy.org_9lives_x", id: "5" },
    ]);
    expect(doc.resource.zitadel_lockout_policy.acme_corp).toEqual({
      org_id: "${data.zitadel_orgs.acme_corp.ids[0]}",
      max_password_attempts: 3,
      max_otp_attempts: 3,
    });
    expect(doc.data.zitadel_orgs.org_9lives_x.name).toBe("9lives $${x}");
    expect(doc.resource.zitadel_default_lockout_policy.default).toEqual({
      max_password_attempts: 5,
      max_otp_attempts: 5,
    });
    expect(doc.locals.zitadel_lockout.inherit).toEqual([{ org_id: "6" }]);
    expect(doc.provider.zitadel).toEqual({ domain: "acme.zitadel.cloud" });
  });

  it("escapes strings for HCL: quotes, backslashes, control characters, template sequences", () => {
    expect(hclString('a"b\\c\nd\u0001e${f}%{g}')).toBe('"a\\"b\\\\c\\nd\\u0001e$${f}%%{g}"');
  });
});

describe("round trip against the emulator", () => {
  let h: Harness;
  let scratch: string;
  beforeEach(async () => {
    h = await harness();
    scratch = mkdtempSync(join(tmpdir(), "zl-tf-export-"));
    const custom = h.emu.control.addOrg('Export "Custom" & Co');
    h.emu.control.addOrg("Export Inheriting");
    // A name Terraform would read as a template unless the export escapes it (and the reader unescapes it).
    h.emu.control.setOrgPolicy(h.emu.control.addOrg("Dollar ${x} %{y}"), { maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    h.emu.control.setOrgPolicy(custom, { maxPasswordAttempts: 0, maxOtpAttempts: 7 });
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 6, maxOtpAttempts: 2 });
  });
  afterEach(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await h.close();
  });

  it.each([
    ["terraform", "custom", "main.tf"],
    ["terraform", "all", "main.tf"],
    ["terraform-json", "all", "main.tf.json"],
  ])(
    "--format %s --orgs %s: plan --terraform with the export finds no changes and sends no write",
    { timeout: 60_000 },
    async (format, scope, file) => {
      const dir = join(scratch, `${format}-${scope}`);
      mkdirSync(dir);
      const exported = await h.cli(["export", "--format", format, "--orgs", scope, "-o", join(dir, file)]);
      expect(exported.code, exported.stderr).toBe(0);
      h.emu.clearLog();
      const plan = await h.cli(["plan", "--terraform", dir, "--detailed-exitcode", "--format", "json"]);
      expect(plan.code, plan.stderr).toBe(0);
      const doc = JSON.parse(plan.stdout);
      expect(doc.summary).toMatchObject({ create: 0, update: 0, reset: 0 });
      // Every org is a target with --orgs all (the inheriting ones through locals.zitadel_lockout.inherit).
      expect(doc.changes.length).toBe(scope === "all" ? 1 + h.emu.control.listOrgs().length : 1 + 4);
      if (scope === "all" || format === "terraform")
        expect(doc.changes.map((c: { orgName?: string }) => c.orgName)).toContain("Dollar ${x} %{y}");
      expect(h.writes()).toEqual([]);
    },
  );

  it(
    "the export is what terraform fmt writes (when a terraform binary is installed; never needs the network)",
    { timeout: 60_000 },
    async () => {
      const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" });
      if (terraform.error || terraform.status !== 0) {
        console.log("terraform is not installed: skipping the terraform fmt check");
        return;
      }
      const exported = await h.cli(["export", "--format", "terraform", "--orgs", "all"]);
      writeFileSync(join(scratch, "main.tf"), exported.stdout);
      // fmt -check exits 3 and lists the file when it would reformat it; it reads no provider.
      const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
      expect(() =>
        execFileSync("terraform", ["fmt", "-check", "-diff", scratch], { env, encoding: "utf8" }),
      ).not.toThrow();
      expect(readFileSync(join(scratch, "main.tf"), "utf8")).toBe(exported.stdout);
    },
  );
});

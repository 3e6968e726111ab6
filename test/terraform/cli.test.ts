// --terraform through the CLI: validate's report, TF_VAR_ from the environment, --var/--var-file order,
// bad usage, and an invalid module failing plan and apply with every error and no write.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/io.js";
import { harness, type Harness } from "../reconcile/harness.js";

let dir: string;
let h: Harness;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "zl-tf-cli-"));
  writeFileSync(
    join(dir, "main.tf"),
    `variable "password" { type = number }
resource "zitadel_default_lockout_policy" "default" {
  max_password_attempts = var.password
  max_otp_attempts      = 5
}
`,
  );
  writeFileSync(join(dir, "four.tfvars"), "password = 4\n");
  h = await harness();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h.close();
});

describe("validate --terraform", () => {
  it(
    "takes a variable from TF_VAR_ in the environment, and --var/--var-file in command-line order",
    { timeout: 60_000 },
    async () => {
      const fromEnv = await run(["validate", "--terraform", dir, "--format", "json"], {
        env: { TF_VAR_password: "6" },
      });
      expect(fromEnv.code, fromEnv.stdout).toBe(0);
      const plan = async (args: string[]) => {
        const r = await h.cli(["plan", "--terraform", dir, "--format", "json", ...args]);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout).changes[0].after.maxPasswordAttempts;
      };
      expect(await plan(["--var", "password=7", "--var-file", join(dir, "four.tfvars")])).toBe(4);
      expect(await plan(["--var-file", join(dir, "four.tfvars"), "--var", "password=7"])).toBe(7);
      expect(await plan(["--var", "password=8"])).toBe(8);
    },
  );

  it("without a value: exit 1, the error at the attribute that needs it, in the text report", async () => {
    const r = await run(["validate", "--terraform", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        /main\.tf:3:3: zitadel_default_lockout_policy\.default: max_password_attempts cannot be /.source +
          /resolved: var\.password has no value/.source,
      ),
    );
    expect(r.stdout).toMatch(/invalid: 1 error in --terraform /);
  });

  it("shows the terraform-* lint findings like the others; --strict fails on them", async () => {
    const lintDir = mkdtempSync(join(tmpdir(), "zl-tf-lint-"));
    try {
      writeFileSync(
        join(lintDir, "main.tf"),
        `resource "zitadel_lockout_policy" "x" {\n  org_id                = "1"\n  max_password_attempts = 5\n}\n`,
      );
      const r = await run(["validate", "--terraform", lintDir, "--strict"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /main\.tf:1:1: warning\[terraform-otp-omitted\]: zitadel_lockout_policy\.x has no max_otp_attempts/m,
      );
    } finally {
      rmSync(lintDir, { recursive: true, force: true });
    }
  });

  it("refuses --var without --terraform, and --terraform with -f or --cdktf", async () => {
    expect((await run(["validate", "--var", "a=1"])).stderr).toMatch(/--var-file and --var go with --terraform/);
    const both = await run(["validate", "--terraform", dir, "-f", "x.yaml"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/use one of -f\/--file, --cdktf and --terraform/);
  });
});

describe("plan and apply on an invalid module", () => {
  it("drift --terraform without a journal says to pass --journal, not to write a journal: key", async () => {
    const r = await h.cli(["drift", "--terraform", dir, "--var", "password=4"]);
    expect([0, 3], r.stderr).toContain(r.code);
    expect(r.stdout).toContain("Pass the same --journal FILE to apply and drift");
    expect(r.stdout).not.toContain("journal:");
  });

  it("report every error and send no write", { timeout: 60_000 }, async () => {
    const bad = mkdtempSync(join(tmpdir(), "zl-tf-bad-"));
    try {
      writeFileSync(
        join(bad, "a.tf"),
        `resource "zitadel_lockout_policy" "a" {\n  org_id = module.orgs.a\n  max_password_attempts = 3\n}\n`,
      );
      writeFileSync(
        join(bad, "b.tf"),
        `resource "zitadel_lockout_policy" "b" {\n  for_each = var.orgs\n  org_id = each.key\n  ` +
          `max_password_attempts = 3\n}\n`,
      );
      h.emu.clearLog();
      for (const command of [["plan"], ["apply", "--auto-approve"]]) {
        const r = await h.cli([...command, "--terraform", bad]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(
            /a\.tf:2:3: zitadel_lockout_policy\.a: org_id cannot be resolved: module\.orgs\.a is /.source +
              /a module output[^\n]*\n[^\n]*b\.tf:2:3: zitadel_lockout_policy\.b: for_each is not /.source +
              /supported/.source,
          ),
        );
      }
      expect(h.writes()).toEqual([]);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

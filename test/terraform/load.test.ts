// The Terraform front-end's loader on small modules written to a temporary directory: what it resolves,
// what it ignores, and that every problem comes at once as FILE:LINE:COLUMN: message.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, formatIssue } from "../../src/errors.js";
import { lintDesired } from "../../src/desired/index.js";
import { loadTerraformDesired, type LoadTerraformOptions } from "../../src/desired/terraform/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A module directory with these files; the loader runs with it as the working directory. */
function module(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "zl-tf-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const load = (dir: string, options: LoadTerraformOptions = {}) => loadTerraformDesired(".", { cwd: dir, ...options });

async function problems(dir: string, options: LoadTerraformOptions = {}): Promise<string[]> {
  try {
    await load(dir, options);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map(formatIssue);
    throw err;
  }
  throw new Error("expected a ConfigError");
}

const ACME_LOOKUP =
  `data "zitadel_orgs" "acme" {\n  name        = "ACME"\n` + `  name_method = "TEXT_QUERY_METHOD_EQUALS"\n}\n`;

describe("what a module declares", () => {
  it("reads literals, variables, locals, lookups and zitadel_org references; ignores everything else", async () => {
    const dir = module({
      "main.tf": `
variable "otp" {
  type    = number
  default = 4
}
locals {
  strict = { password = 2 }
}
resource "aws_s3_bucket" "logs" { bucket = "logs-\${var.otp}" }
module "network" { source = "./network" }
output "x" { value = module.network.id }
resource "zitadel_default_lockout_policy" "default" {
  max_password_attempts = 6
  max_otp_attempts      = var.otp
}
${ACME_LOOKUP}
resource "zitadel_lockout_policy" "acme" {
  org_id                = data.zitadel_orgs.acme.ids[0]
  max_password_attempts = local.strict.password
  max_otp_attempts      = "3"
}
resource "zitadel_org" "initech" { name = "Initech" }
resource "zitadel_lockout_policy" "initech" {
  org_id                = zitadel_org.initech.id
  max_password_attempts = 5
  max_otp_attempts      = 5
}
resource "zitadel_lockout_policy" "by_id" {
  org_id                = "300000000000000009"
  max_password_attempts = 7
  max_otp_attempts      = 7
  count                 = 1
}
resource "zitadel_lockout_policy" "disabled" {
  org_id                = "300000000000000010"
  max_password_attempts = 7
  count                 = 0
}
`,
    });
    const state = await load(dir);
    expect(state.instance?.settings).toEqual({ maxPasswordAttempts: 6, maxOtpAttempts: 4 });
    expect(state.instance?.origin).toEqual({ file: "main.tf", line: 12, column: 1 });
    expect(state.instance?.fieldOrigins?.maxOtpAttempts).toEqual({ file: "main.tf", line: 14, column: 3 });
    expect(state.orgs.map((o) => [o.ref, o.mode === "custom" ? o.settings : "inherit"])).toEqual([
      // HashiCorp's parser hands blocks over by name (acme, by_id, initech), not in the order written.
      [
        { kind: "name", name: "ACME" },
        { maxPasswordAttempts: 2, maxOtpAttempts: 3 },
      ],
      [
        { kind: "id", id: "300000000000000009" },
        { maxPasswordAttempts: 7, maxOtpAttempts: 7 },
      ],
      [
        { kind: "name", name: "Initech" },
        { maxPasswordAttempts: 5, maxOtpAttempts: 5 },
      ],
    ]);
    expect(state.sources).toEqual(["main.tf"]);
  });

  it.each([
    ['domain = "https://z.example.com"', "https://z.example.com"],
    ['domain = "http://localhost"\n  port = "8080"\n  insecure = true', "http://localhost:8080"],
    ['domain = "z.example.com"\n  port = "8443"', "https://z.example.com:8443"],
  ])(
    "the provider block's %s is the server %s (a scheme in domain is trimmed, as the provider does)",
    async (body, url) => {
      const dir = module({
        "main.tf": [
          `provider "zitadel" {\n  ${body}\n}`,
          `resource "zitadel_default_lockout_policy" "d" {\n  max_password_attempts = 6\n}\n`,
        ].join("\n"),
      });
      expect((await load(dir)).server).toBe(url);
    },
  );

  it("precedence: default < TF_VAR_ < terraform.tfvars < .json < *.auto.tfvars < --var(-file) in order", async () => {
    const files = {
      "main.tf": `
variable "a" { default = 1 }
variable "b" { default = 1 }
variable "c" { default = 1 }
variable "d" { default = 1 }
variable "e" { default = 1 }
variable "f" { default = 1 }
resource "zitadel_lockout_policy" "a" {
  org_id = "1"
  max_password_attempts = var.a
  max_otp_attempts = var.b
}
resource "zitadel_lockout_policy" "c" {
  org_id = "2"
  max_password_attempts = var.c
  max_otp_attempts = var.d
}
resource "zitadel_lockout_policy" "e" {
  org_id = "3"
  max_password_attempts = var.e
  max_otp_attempts = var.f
}
`,
      "terraform.tfvars": "c = 3\nd = 3\ne = 3\nf = 3\n",
      "terraform.tfvars.json": JSON.stringify({ d: 4, e: 4, f: 4 }),
      "b.auto.tfvars": "e = 5\nf = 5\n",
      "a.auto.tfvars.json": JSON.stringify({ e: 50, f: 50 }),
      "extra.tfvars": "f = 6\n",
    };
    const dir = module(files);
    const state = await load(dir, {
      env: { TF_VAR_b: "2", TF_VAR_c: "2" },
      assignments: [
        { kind: "var", text: "f=7" },
        { kind: "file", path: "extra.tfvars" },
      ],
    });
    const numbers = state.orgs.map((o) =>
      o.mode === "custom" ? [o.settings.maxPasswordAttempts, o.settings.maxOtpAttempts] : [],
    );
    // a: default; b: TF_VAR_; c: tfvars over TF_VAR_; d: tfvars.json; e: b.auto after a.auto; f: -var-file after -var.
    expect(numbers).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const reversed = await load(dir, {
      assignments: [
        { kind: "file", path: "extra.tfvars" },
        { kind: "var", text: "f=7" },
      ],
    });
    expect(reversed.orgs[2]!.mode === "custom" && reversed.orgs[2]!.settings.maxOtpAttempts).toBe(7);
  });

  it("reads --var and TF_VAR_ text as HCL for complex types, and indexes into maps and lists", async () => {
    const dir = module({
      "main.tf": `variable "orgs" { type = map(string) }
variable "limits" {
  type    = list(number)
  default = [9, 8]
}
resource "zitadel_lockout_policy" "acme" {
  org_id                = var.orgs["acme"]
  max_password_attempts = var.limits[1]
  max_otp_attempts      = var.limits[0]
}
`,
    });
    const state = await load(dir, { assignments: [{ kind: "var", text: 'orgs={ acme = "300000000000000003" }' }] });
    expect(state.orgs.map((o) => [o.ref, o.mode === "custom" && o.settings])).toEqual([
      [
        { kind: "id", id: "300000000000000003" },
        { maxPasswordAttempts: 8, maxOtpAttempts: 9 },
      ],
    ]);
    const fromEnv = await load(dir, { env: { TF_VAR_orgs: '{"acme": "42"}', TF_VAR_limits: "[1, 2]" } });
    expect(fromEnv.orgs.map((o) => [o.ref, o.mode === "custom" && o.settings])).toEqual([
      [
        { kind: "id", id: "42" },
        { maxPasswordAttempts: 2, maxOtpAttempts: 1 },
      ],
    ]);
    expect(await problems(dir, { assignments: [{ kind: "var", text: 'orgs={ bcme = "1" }' }] })).toEqual([
      expect.stringMatching(
        new RegExp(
          /^main\.tf:7:3: zitadel_lockout_policy\.acme: org_id cannot be resolved: /.source +
            /var\.orgs\["acme"\] does not exist in the value of var\.orgs$/.source,
        ),
      ),
    ]);
  });

  it("locals.zitadel_lockout: inherit entries by name and id, and lint_ignore", async () => {
    const dir = module({
      "main.tf": `
locals {
  zitadel_lockout = {
    inherit     = [{ org_name = "Globex" }, { org_id = "300000000000000004" }]
    lint_ignore = ["terraform-otp-omitted"]
  }
}
resource "zitadel_lockout_policy" "acme" {
  org_id                = "300000000000000003"
  max_password_attempts = 3
}
`,
    });
    const state = await load(dir);
    expect(state.orgs.map((o) => [o.ref, o.mode, o.origin])).toEqual([
      [{ kind: "id", id: "300000000000000003" }, "custom", { file: "main.tf", line: 8, column: 1 }],
      [{ kind: "name", name: "Globex" }, "inherit", { file: "main.tf", line: 4, column: 20 }],
      [{ kind: "id", id: "300000000000000004" }, "inherit", { file: "main.tf", line: 4, column: 45 }],
    ]);
    expect(state.lintIgnore).toEqual(["terraform-otp-omitted"]);
    expect(lintDesired(state)).toEqual([]);
  });
});

describe("lint rules for HCL that relies on the provider's behaviour", () => {
  it("flags an omitted max_otp_attempts, a lifecycle block and a removed block, at their lines", async () => {
    const dir = module({
      "main.tf": `resource "zitadel_default_lockout_policy" "default" {
  max_password_attempts = 5
}
resource "zitadel_lockout_policy" "acme" {
  org_id                = "300000000000000003"
  max_password_attempts = 5
  max_otp_attempts      = 5
  lifecycle {
    ignore_changes = [max_otp_attempts]
  }
}
removed {
  from = zitadel_lockout_policy.globex
}
`,
    });
    const findings = lintDesired(await load(dir)).map((f) => [f.rule, f.severity, f.origin?.line, f.origin?.column]);
    expect(findings).toEqual([
      ["terraform-otp-omitted", "warning", 1, 1],
      ["terraform-lifecycle-ignored", "warning", 8, 3],
      ["terraform-removed-not-reset", "warning", 12, 1],
    ]);
  });
});

describe("errors: all at once, FILE:LINE:COLUMN: message", () => {
  it("a syntax error in one file and unresolvable policies in another, in file and line order", async () => {
    const dir = module({
      "a.tf": `resource "zitadel_lockout_policy" "x" {\n  max_password_attempts = \n}\n`,
      "b.tf": `variable "needed" {}
resource "zitadel_lockout_policy" "mod" {
  org_id                = module.orgs.acme_id
  max_password_attempts = 3
}
resource "zitadel_lockout_policy" "fn" {
  org_id                = "1"
  max_password_attempts = max(3, 4)
}
resource "zitadel_lockout_policy" "each" {
  for_each              = toset(["a", "b"])
  org_id                = each.value
  max_password_attempts = 3
}
resource "zitadel_lockout_policy" "count" {
  count                 = length(var.orgs)
  org_id                = "2"
  max_password_attempts = 3
}
resource "zitadel_lockout_policy" "novalue" {
  org_id                = var.needed
  max_password_attempts = var.undeclared
}
resource "zitadel_lockout_policy" "tpl" {
  org_id                = "org-\${var.needed}"
  max_password_attempts = 3
}
`,
    });
    const found = await problems(dir);
    expect(found).toEqual([
      expect.stringMatching(/^a\.tf:2:27: Invalid expression: Expected the start of an expression/),
      expect.stringMatching(
        new RegExp(
          /^b\.tf:3:3: zitadel_lockout_policy\.mod: org_id cannot be resolved: /.source +
            /module\.orgs\.acme_id is a module output, known only to Terraform/.source,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          /^b\.tf:8:3: zitadel_lockout_policy\.fn: max_password_attempts cannot be resolved: the /.source +
            /function call max\(3, 4\) is not evaluated/.source,
        ),
      ),
      expect.stringMatching(/^b\.tf:11:3: zitadel_lockout_policy\.each: for_each is not supported/),
      expect.stringMatching(
        /^b\.tf:16:3: zitadel_lockout_policy\.count: count cannot be resolved: the function call length\(var\.orgs\)/,
      ),
      expect.stringMatching(
        new RegExp(
          /^b\.tf:21:3: zitadel_lockout_policy\.novalue: org_id cannot be resolved: var\.needed /.source +
            /has no value \(declared at b\.tf:1:1 without a default\)/.source,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          /^b\.tf:22:3: zitadel_lockout_policy\.novalue: max_password_attempts cannot be /.source +
            /resolved: var\.undeclared is not declared/.source,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          /^b\.tf:25:3: zitadel_lockout_policy\.tpl: org_id cannot be resolved: the string /.source +
            /template "org-\$\{var\.needed\}" is not evaluated/.source,
        ),
      ),
    ]);
  });

  it("several syntax errors in one file, and in another, all reported with HashiCorp's messages", async () => {
    const dir = module({
      "a.tf":
        `resource "zitadel_default_lockout_policy" "d" {\n  max_password_attempts = 1\n  ` +
        `max_password_attempts = 2\n  max_otp_attempts = [\n}\n`,
      "b.tf": `locals {\n  x = \n}\n`,
    });
    const found = await problems(dir);
    expect(found).toEqual([
      'a.tf:3:3: Attribute redefined: The argument "max_password_attempts" was already set at a.tf:2:3. ' +
        "Each argument may be set only once.",
      expect.stringMatching(/^a\.tf:5:1: /),
      expect.stringMatching(/^b\.tf:2:7: Invalid expression: /),
    ]);
  });

  it("the reader's checks point into the HCL: missing org_id, unknown attribute, duplicates, bad lookup", async () => {
    const dir = module({
      "main.tf": `resource "zitadel_lockout_policy" "no_org" {
  max_password_attempts = 3
}
resource "zitadel_lockout_policy" "typo" {
  org_id = "1"
  max_password_attempt = 3
}
resource "zitadel_lockout_policy" "acme" {
  org_id                = data.zitadel_orgs.acme.ids[0]
  max_password_attempts = 3
}
data "zitadel_orgs" "acme" { name = "ACME" }
resource "zitadel_lockout_policy" "no_org" {
  org_id                = "9"
  max_password_attempts = 3
}
locals {
  zitadel_lockout = { lint_ignore = ["terraform-otp-omited"], inherits = [] }
}
`,
    });
    const found = await problems(dir);
    expect(found).toEqual([
      expect.stringMatching(/^main\.tf:1:1: zitadel_lockout_policy\.no_org: org_id is required/),
      expect.stringMatching(
        new RegExp(
          /^main\.tf:4:1: zitadel_lockout_policy\.typo: unknown attribute max_password_attempt /.source +
            /\(did you mean max_password_attempts\?\)/.source,
        ),
      ),
      expect.stringMatching(/^main\.tf:4:1: zitadel_lockout_policy\.typo: max_password_attempts is required/),
      expect.stringMatching(
        new RegExp(
          /^main\.tf:8:1: zitadel_lockout_policy\.acme: data\.zitadel_orgs\.acme must set /.source +
            /name_method = "TEXT_QUERY_METHOD_EQUALS"/.source,
        ),
      ),
      expect.stringMatching(
        /^main\.tf:13:1: zitadel_lockout_policy\.no_org is declared twice \(first at main\.tf:1:1\)/,
      ),
      expect.stringMatching(
        new RegExp(
          /^main\.tf:18:38: local\.zitadel_lockout: "terraform-otp-omited" is not a lint rule id /.source +
            /\(did you mean terraform-otp-omitted\?\)/.source,
        ),
      ),
      expect.stringMatching(
        /^main\.tf:18:63: local\.zitadel_lockout: unknown setting inherits \(did you mean inherit\?\)/,
      ),
    ]);
  });

  it("a directory without Terraform files, a file instead of a directory, a tfvars expression", async () => {
    expect(await problems(module({ "notes.txt": "x" }))).toEqual([
      expect.stringMatching(/:1:1: found no \*\.tf or \*\.tf\.json files here$/),
    ]);
    const dir = module({
      "main.tf": `variable "n" {}\nresource "zitadel_default_lockout_policy" "d" { max_password_attempts = var.n }\n`,
      "terraform.tfvars": "n = max(1, 2)\n",
    });
    expect(await problems(dir)).toEqual([
      expect.stringMatching(
        new RegExp(
          /^main\.tf:2:49: zitadel_default_lockout_policy\.d: max_password_attempts cannot be /.source +
            /resolved: var\.n has no value/.source,
        ),
      ),
      expect.stringMatching(
        /^terraform\.tfvars:1:1: n: a variables file holds literal values only: the function call max\(1, 2\)/,
      ),
    ]);
    await expect(loadTerraformDesired("main.tf", { cwd: dir })).rejects.toThrow(
      /main\.tf:1:1: --terraform reads a Terraform module: give its directory/,
    );
  });
});

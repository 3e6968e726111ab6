// zitadel-lockout validate: exit codes, text and JSON reports, --strict, the default file, the
// environment from io.env, and no network.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../support/io.js";

const dir = mkdtempSync(join(tmpdir(), "zl-validate-"));
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const inDir = { cwd: dir };

write(
  "lockout.yaml",
  "version: 1\ninstance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: ACME\n    " +
    "maxPasswordAttempts: 3\n",
);
write("warn.yaml", "version: 1\ninstance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 0\n");
write("bad.yaml", "version: 1\ninstance:\n  maxPasswordAttempt: 5\n  maxOtpAttempts: 0x10\n");
write("bad2.yaml", "versio: 1\n");
write("prune-all.yaml", "version: 1\nprune:\n  enabled: true\n");
write("env.yaml", "version: 1\ninstance:\n  maxPasswordAttempts: ${MAX_PW}\n");

describe("zitadel-lockout validate", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads lockout.yaml in the working directory by default; valid → exit 0 and a summary line", async () => {
    const r = await run(["validate"], inDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("valid: lockout.yaml (the instance default, 1 org)\n");
  });

  it("lists every error of every file as FILE:LINE:COLUMN: message, then a summary; exit 1", async () => {
    const r = await run(["validate", "-f", "bad.yaml", "-f", "bad2.yaml"], inDir);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      'bad.yaml:3:3: unknown key "maxPasswordAttempt" in instance; did you mean "maxPasswordAttempts"?',
      "bad.yaml:4:19: instance.maxOtpAttempts: hexadecimal numbers are not accepted; write 16 in decimal",
      'bad2.yaml:1:1: unknown key "versio" at the top level; did you mean "version"?',
      "invalid: 3 errors in bad.yaml, bad2.yaml",
      "",
    ]);
  });

  it("shows lint warnings as FILE:LINE:COLUMN: warning[rule]: message and still exits 0", async () => {
    const r = await run(["validate", "-f", "warn.yaml"], inDir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^warn\.yaml:4:3: warning\[otp-lockout-disabled\]: .*GHSA-7j7j-66cv-m239/);
    expect(lines[1]).toBe("valid: warn.yaml (the instance default, 0 orgs); 1 warning");
  });

  it("--strict turns warnings into failure", async () => {
    const r = await run(["validate", "-f", "warn.yaml", "--strict"], inDir);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("invalid: 1 warning (--strict) in warn.yaml");
  });

  it("a lint rule of severity error fails without --strict", async () => {
    const r = await run(["validate", "-f", "prune-all.yaml"], inDir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^prune-all\.yaml:2:1: error\[prune-resets-every-org\]: /);
  });

  it("--format json prints one document with errors", async () => {
    const r = await run(["validate", "-f", "bad.yaml", "--format", "json"], inDir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      kind: "zitadel-lockout-validate",
      formatVersion: 1,
      valid: false,
      errors: [
        {
          file: "bad.yaml",
          line: 3,
          column: 3,
          message: 'unknown key "maxPasswordAttempt" in instance; did you mean "maxPasswordAttempts"?',
        },
        {
          file: "bad.yaml",
          line: 4,
          column: 19,
          message: "instance.maxOtpAttempts: hexadecimal numbers are not accepted; write 16 in decimal",
        },
      ],
      omittedErrors: 0,
      warnings: [],
    });
  });

  it("--format json lists lint findings with rule, severity and position", async () => {
    const r = await run(["validate", "-f", "warn.yaml", "--format", "json"], inDir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { valid: boolean; warnings: unknown[] };
    expect(doc.valid).toBe(true);
    expect(doc.warnings).toEqual([
      {
        rule: "otp-lockout-disabled",
        severity: "warning",
        message: expect.stringContaining("GHSA-7j7j-66cv-m239"),
        file: "warn.yaml",
        line: 4,
        column: 3,
      },
    ]);
  });

  it("takes substitutions from io.env only", async () => {
    const missing = await run(["validate", "-f", "env.yaml"], inDir);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("env.yaml:3:24: environment variable MAX_PW is not set");
    const given = await run(["validate", "-f", "env.yaml"], { ...inDir, env: { MAX_PW: "4" } });
    expect(given.code).toBe(0);
  });

  it("reports a missing file as a config error, not a crash", async () => {
    const r = await run(["validate", "-f", "nope.yaml"], inDir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("nope.yaml:1:1: cannot read the config: no such file");
  });

  it("rejects an unknown --format with exit 1", async () => {
    const r = await run(["validate", "--format", "markdown"], inDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--format/);
  });

  it("never opens a network connection", async () => {
    const connect = vi.spyOn(net.Socket.prototype, "connect");
    const r = await run(["validate", "-f", "lockout.yaml", "-f", "warn.yaml"], {
      ...inDir,
      env: { ZITADEL_URL: "https://127.0.0.1:9", ZITADEL_TOKEN: "t" },
    });
    expect(r.code).toBe(0);
    expect(connect).not.toHaveBeenCalled();
  });
});

describe("validate stays light", () => {
  // validate must start fast: nothing it imports may pull in @zitadel/proto, undici or cdktf.
  const heavy = [/@zitadel\/proto/, /^undici/, /^cdktf/, /@bufbuild\/protobuf/];
  const here = dirname(fileURLToPath(import.meta.url));
  const importsOf = (file: string): string[] =>
    [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)]
      .filter((m) => !/^\s*(?:import|export)\s+type\s/.test(m[0]))
      .map((m) => m[1]!);

  it("the static import graph of validate.ts and desired/ reaches none of the heavy packages", () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
        else packages.add(spec);
      }
    };
    visit(resolve(here, "../../src/cli/commands/validate.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect([...packages].filter((p) => heavy.some((h) => h.test(p)))).toEqual([]);
  });
});

describe("zitadel-lockout validate --cdktf", () => {
  const cdktnOutput = resolve("test/cdktf/fixtures/cdktn-0.24.0");

  it("validates synthesized Terraform JSON offline like a YAML config", async () => {
    const r = await run(["validate", "--cdktf", cdktnOutput], inDir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: --cdktf .*cdktn-0\.24\.0 \(the instance default, \d+ orgs\)/);
  });

  it("reports every problem of a *.tf.json as FILE:LINE:COLUMN, with exit 1", async () => {
    write(
      "bad.tf.json",
      JSON.stringify(
        {
          resource: {
            zitadel_lockout_policy: { a: { org_id: "1", max_password_attempts: -1 } },
            zitadel_password_policy: { p: {} },
          },
        },
        null,
        2,
      ),
    );
    const r = await run(["validate", "--cdktf", "bad.tf.json", "--format", "json"], inDir);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      valid: boolean;
      errors: { file: string; line: number; column: number; message: string }[];
    };
    expect(doc.valid).toBe(false);
    expect(doc.errors.length).toBeGreaterThanOrEqual(2);
    // (the path is shown relative to the process's working directory, which in-process tests do not change)
    for (const e of doc.errors)
      expect(e).toMatchObject({
        file: expect.stringMatching(/bad\.tf\.json$/),
        line: expect.any(Number),
        column: expect.any(Number),
      });
    expect(doc.errors.map((e) => e.message).join("\n")).toMatch(/zitadel_password_policy/);
  });

  it("refuses -f together with --cdktf", async () => {
    const r = await run(["validate", "-f", "lockout.yaml", "--cdktf", cdktnOutput], inDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/use either -f\/--file or --cdktf, not both/);
  });
});

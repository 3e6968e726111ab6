// Issue #11, smaller ones on the config side: what validate accepts, plan accepts too. Control characters
// written as YAML escapes ("\x1b[31m", "\0") or brought in by ${VAR} are refused like raw ones; an id that
// plan would refuse at the server (`id: "a b"`) is refused offline; values from ${VAR} are not echoed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/io.js";

const dir = mkdtempSync(join(tmpdir(), "zl-values-"));
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const validate = (file: string, env: Record<string, string> = {}) => run(["validate", "-f", file], { cwd: dir, env });

describe("control characters in values", () => {
  it.each([
    [
      "an ANSI colour escape in a name",
      'version: 1\norgs:\n  - name: "\\x1b[31mACME"\n    maxPasswordAttempts: 3\n',
      "orgs[0].name",
      "U+001B",
    ],
    [
      "a NUL in a name",
      'version: 1\norgs:\n  - name: "AC\\0ME"\n    maxPasswordAttempts: 3\n',
      "orgs[0].name",
      "U+0000",
    ],
    [
      "a C1 control in a protect entry",
      'version: 1\norgs:\n  - name: A\n    maxPasswordAttempts: 3\nprune:\n  enabled: true\n  protect: ["x\\x9by"]\n',
      "prune.protect[0]",
      "U+009B",
    ],
    [
      "a bell in the journal path",
      'version: 1\njournal: "j\\a.json"\ninstance:\n  maxPasswordAttempts: 5\n',
      "journal",
      "U+0007",
    ],
  ])("%s is refused at its position", async (_name, text, label, code) => {
    write("c.yaml", text);
    const r = await validate("c.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${label} contains control character ${code} (written as an escape)`);
    expect(r.stdout).toMatch(/^c\.yaml:\d+:\d+: /);
  });

  it("a control character from ${VAR} is refused without echoing the value", async () => {
    write("v.yaml", "version: 1\norgs:\n  - name: ${ORG}\n    maxPasswordAttempts: 3\n");
    const r = await validate("v.yaml", { ORG: "secret-org-name\u001b[2J" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("v.yaml:3:11: orgs[0].name contains control character U+001B (from a ${...} variable)");
    expect(r.stdout + r.stderr).not.toContain("secret-org-name");
  });

  it("tabs and line breaks inside a quoted name stay allowed (YAML allows them)", async () => {
    write("t.yaml", 'version: 1\norgs:\n  - name: "A\\tB"\n    maxPasswordAttempts: 3\n');
    expect((await validate("t.yaml")).code).toBe(0);
  });
});

describe("org ids", () => {
  it.each(['"a b"', '"a/b"', '"x\\u0041 y"', '"[redacted]"', '"$${HOME}x"'])(
    "id: %s is refused by validate, as plan would",
    async (id) => {
      write("i.yaml", `version: 1\norgs:\n  - id: ${id}\n    maxPasswordAttempts: 3\n`);
      const r = await validate("i.yaml");
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("i.yaml:3:9: orgs[0].id is not an org id (1-200 letters, digits, _ or -)");
    },
  );

  it("digits, letters, _ and - are ids", async () => {
    write(
      "ok.yaml",
      'version: 1\norgs:\n  - id: 300000000000000099\n    maxPasswordAttempts: 3\n  - id: "legacy_org-7"\n' +
        "    inherit: true\n",
    );
    expect((await validate("ok.yaml")).code).toBe(0);
  });
});

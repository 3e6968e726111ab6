// What a valid config means: the DesiredState it becomes, with origins; how several files merge; and
// that problems of all files are reported together.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDesired, MAX_CONFIG_BYTES, parseDesired, parseDesiredBytes } from "../../src/desired/index.js";
import { ConfigError, type ConfigIssue } from "../../src/errors.js";

const one = (text: string, env: Record<string, string> = {}) => parseDesired([{ file: "c.yaml", text }], env);

function issues(fn: () => unknown): readonly ConfigIssue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

async function issuesAsync(p: Promise<unknown>): Promise<readonly ConfigIssue[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("meaning of a valid config", () => {
  it("the minimal config manages nothing", () => {
    expect(one("version: 1\n")).toEqual({
      orgs: [],
      prune: { enabled: false, protect: [] },
      lintIgnore: [],
      sources: ["c.yaml"],
    });
  });

  it("an omitted count is unmanaged: absent from settings, never 0", () => {
    const s = one("version: 1\ninstance:\n  maxOtpAttempts: 4\norgs:\n  - name: ACME\n    maxPasswordAttempts: 3\n");
    expect(s.instance?.settings).toEqual({ maxOtpAttempts: 4 });
    expect("maxPasswordAttempts" in s.instance!.settings).toBe(false);
    expect(s.orgs[0]).toMatchObject({ mode: "custom", settings: { maxPasswordAttempts: 3 } });
    expect(s.orgs[0]!.mode === "custom" && "maxOtpAttempts" in s.orgs[0]!.settings).toBe(false);
  });

  it("keeps 0 (never lock) and the uint32 bounds", () => {
    const s = one("version: 1\ninstance:\n  maxPasswordAttempts: 0\n  maxOtpAttempts: 4294967295\n");
    expect(s.instance?.settings).toEqual({ maxPasswordAttempts: 0, maxOtpAttempts: 4294967295 });
  });

  it("inherit: true becomes mode inherit; inherit: false with numbers is a custom policy", () => {
    const s = one(
      "version: 1\norgs:\n  - name: Globex\n    inherit: true\n  - id: '7'\n    inherit: false\n    " +
        "maxOtpAttempts: 3\n",
    );
    expect(s.orgs).toEqual([
      { ref: { kind: "name", name: "Globex" }, mode: "inherit", origin: { file: "c.yaml", line: 3, column: 5 } },
      {
        ref: { kind: "id", id: "7" },
        mode: "custom",
        settings: { maxOtpAttempts: 3 },
        origin: { file: "c.yaml", line: 5, column: 5 },
        fieldOrigins: { maxOtpAttempts: { file: "c.yaml", line: 7, column: 5 } },
      },
    ]);
  });

  it("records origins: the instance key, each field, each org entry, prune and each protect entry", () => {
    const text =
      "version: 1\ninstance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\nprune:\n  enabled: true\n  " +
      "protect:\n    - Legacy\norgs:\n  - name: A\n    maxOtpAttempts: 3\n";
    const s = one(text);
    expect(s.instance?.origin).toEqual({ file: "c.yaml", line: 2, column: 1 });
    expect(s.instance?.fieldOrigins).toEqual({
      maxPasswordAttempts: { file: "c.yaml", line: 3, column: 3 },
      maxOtpAttempts: { file: "c.yaml", line: 4, column: 3 },
    });
    expect(s.prune).toEqual({
      enabled: true,
      protect: [{ value: "Legacy", origin: { file: "c.yaml", line: 8, column: 7 } }],
      origin: { file: "c.yaml", line: 5, column: 1 },
    });
    expect(s.orgs[0]!.origin).toEqual({ file: "c.yaml", line: 10, column: 5 });
  });

  it("reads an unquoted long id as its digits, not as a rounded float", () => {
    const s = one(
      "version: 1\norgs:\n  - id: 300000000000000099\n    inherit: true\nprune:\n  protect: [300000000000000001]\n",
    );
    expect(s.orgs[0]!.ref).toEqual({ kind: "id", id: "300000000000000099" });
    expect(s.prune.protect[0]!.value).toBe("300000000000000001");
  });

  it("takes server, journal and lint.ignore as written", () => {
    const s = one(
      "version: 1\nserver: https://acme.zitadel.cloud\njournal: .zl/journal.json\nlint:\n  ignore: " +
        "[otp-lockout-disabled]\n",
    );
    expect(s).toMatchObject({
      server: "https://acme.zitadel.cloud",
      journal: ".zl/journal.json",
      lintIgnore: ["otp-lockout-disabled"],
    });
  });

  it("accepts a UTF-8 byte-order mark, CRLF line ends, comments and flow style", () => {
    const text =
      "version: 1\r\n# comment\r\ninstance: {maxPasswordAttempts: 5, maxOtpAttempts: 5}\r\norgs: [{name: " +
      "Globex, inherit: true}]\r\n";
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const s = parseDesiredBytes([{ file: "bom.yaml", bytes }], {});
    expect(s.instance?.settings).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    expect(s.orgs[0]).toMatchObject({ mode: "inherit", origin: { line: 4, column: 8 } }); // the `{` of the entry
  });

  it("a tab between a key and its value, or before a comment, is fine (only indentation must be spaces)", () => {
    expect(one("version: 1\ninstance:\n  maxPasswordAttempts:\t5\t# five\n").instance?.settings).toEqual({
      maxPasswordAttempts: 5,
    });
  });

  it("keeps non-ASCII org names exactly", () => {
    const s = one('version: 1\norgs:\n  - name: "Société Générale 🏦"\n    inherit: true\n');
    expect(s.orgs[0]!.ref).toEqual({ kind: "name", name: "Société Générale 🏦" });
  });

  it("nesting too deep for the YAML parser is one plain error, not a stack overflow per level", () => {
    const deep = `version: 1\nx: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`;
    const found = issues(() => one(deep));
    expect(found, JSON.stringify(found)).toHaveLength(1);
    expect(found[0]).toMatchObject({
      line: 2,
      message: "nested too deeply to parse; a config is at most a few levels deep",
    });
  });

  it("an explicit document start and end marker are fine", () => {
    expect(one("---\nversion: 1\n...\n").orgs).toEqual([]);
  });
});

describe("merging several files", () => {
  const base =
    "version: 1\nserver: https://base.example.com\ninstance:\n  maxPasswordAttempts: 10\n  " +
    "maxOtpAttempts: 5\norgs:\n  - name: ACME\n    maxPasswordAttempts: 5\n    maxOtpAttempts: 5\n  - " +
    "name: Globex\n    inherit: true\nprune:\n  enabled: true\n  protect: [Legacy]\nlint:\n  ignore: " +
    "[otp-lockout-disabled]\n";
  const prod =
    "version: 1\nserver: https://prod.example.com\ninstance:\n  maxPasswordAttempts: 6\norgs:\n  - name: " +
    "ACME\n    maxOtpAttempts: 3\n  - id: '99'\n    inherit: true\nprune:\n  protect: ['1', Legacy]\n" +
    "lint:\n  ignore: [prune-without-protect]\njournal: j.json\n";
  const merged = parseDesired(
    [
      { file: "base.yaml", text: base },
      { file: "prod.yaml", text: prod },
    ],
    {},
  );

  it("later files override server and individual instance fields, each field keeping its own origin", () => {
    expect(merged.server).toBe("https://prod.example.com");
    expect(merged.instance?.settings).toEqual({ maxPasswordAttempts: 6, maxOtpAttempts: 5 });
    expect(merged.instance?.fieldOrigins?.maxPasswordAttempts).toEqual({ file: "prod.yaml", line: 4, column: 3 });
    expect(merged.instance?.fieldOrigins?.maxOtpAttempts).toEqual({ file: "base.yaml", line: 5, column: 3 });
  });

  it("a later org entry with the same name replaces the whole earlier entry (no field merge)", () => {
    const acme = merged.orgs.find((o) => o.ref.kind === "name" && o.ref.name === "ACME");
    expect(acme).toMatchObject({
      mode: "custom",
      settings: { maxOtpAttempts: 3 },
      origin: { file: "prod.yaml", line: 6 },
    });
    expect(acme?.mode === "custom" ? acme.settings : undefined).toEqual({ maxOtpAttempts: 3 });
    expect(merged.orgs.map((o) => (o.ref.kind === "name" ? o.ref.name : `#${o.ref.id}`))).toEqual([
      "ACME",
      "Globex",
      "#99",
    ]);
  });

  it("prune.protect and lint.ignore concatenate without repeats; prune.enabled stays unless overridden", () => {
    expect(merged.prune.enabled).toBe(true);
    expect(merged.prune.protect.map((p) => [p.value, p.origin.file])).toEqual([
      ["Legacy", "base.yaml"],
      ["1", "prod.yaml"],
    ]);
    expect(merged.lintIgnore).toEqual(["otp-lockout-disabled", "prune-without-protect"]);
    expect(merged.journal).toBe("j.json");
    expect(merged.sources).toEqual(["base.yaml", "prod.yaml"]);
  });

  it("the same org in two files is an override, in one file an error", () => {
    const twice = "version: 1\norgs:\n  - name: ACME\n    maxOtpAttempts: 3\n";
    expect(
      parseDesired(
        [
          { file: "a.yaml", text: twice },
          { file: "b.yaml", text: twice },
        ],
        {},
      ).orgs,
    ).toHaveLength(1);
  });

  it("reports the problems of every file at once, in file order", () => {
    const found = issues(() =>
      parseDesired(
        [
          { file: "a.yaml", text: "version: 1\ninstance:\n  maxPasswordAttempts: -1\n" },
          { file: "ok.yaml", text: "version: 1\n" },
          { file: "b.yaml", text: "verison: 1\n" },
        ],
        {},
      ),
    );
    // b.yaml's misspelt key is one mistake: reported once, as unknown with the suggestion, not also as "missing".
    expect(found.map((i) => `${i.file}:${i.line}:${i.column}`)).toEqual(["a.yaml:3:24", "b.yaml:1:1"]);
    expect(found[1]!.message).toBe('unknown key "verison" at the top level; did you mean "version"?');
  });
});

describe("reading files", () => {
  const dir = mkdtempSync(join(tmpdir(), "zl-load-"));
  writeFileSync(join(dir, "good.yaml"), "version: 1\ninstance:\n  maxPasswordAttempts: 5\n");
  writeFileSync(join(dir, "bad.yaml"), "version: 1\ninstance:\n  maxPasswordAttempts: five\n");
  mkdirSync(join(dir, "folder.yaml"));
  writeFileSync(join(dir, "huge.yaml"), `version: 1\n${"#".repeat(MAX_CONFIG_BYTES)}\n`);

  it("resolves files against cwd and names them as given", async () => {
    const s = await loadDesired(["good.yaml"], {}, dir);
    expect(s.sources).toEqual(["good.yaml"]);
    expect(s.instance?.origin.file).toBe("good.yaml");
  });

  it("reports a missing file, a directory, an oversized file and a bad file together", async () => {
    const found = await issuesAsync(
      loadDesired(["bad.yaml", "missing.yaml", "folder.yaml", "huge.yaml", "good.yaml"], {}, dir),
    );
    expect(found.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`)).toEqual([
      'bad.yaml:3:24: instance.maxPasswordAttempts must be a whole number from 0 to 4294967295; found the text "five"',
      "missing.yaml:1:1: cannot read the config: no such file",
      "folder.yaml:1:1: cannot read the config: this is a directory, not a file",
      `huge.yaml:1:1: the file is larger than ${MAX_CONFIG_BYTES} bytes; a config is a few kilobytes`,
    ]);
  });

  it('an empty file name (an unset variable in -f "$CONFIG") and `-` say what went wrong', async () => {
    const found = await issuesAsync(loadDesired(["", "-"], {}, dir));
    expect(found.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`)).toEqual([
      ":1:1: the file name is empty (is the variable used with -f unset?)",
      "-:1:1: `-` is not read as standard input; write -f /dev/stdin to read the config from a pipe",
    ]);
  });

  it("uses only the env it is given", async () => {
    writeFileSync(
      join(dir, "env.yaml"),
      "version: 1\ninstance:\n  maxPasswordAttempts: ${ZL_TEST_ONLY_IN_PROCESS_ENV}\n",
    );
    process.env.ZL_TEST_ONLY_IN_PROCESS_ENV = "5";
    try {
      const found = await issuesAsync(loadDesired(["env.yaml"], {}, dir));
      expect(found[0]!.message).toMatch(/ZL_TEST_ONLY_IN_PROCESS_ENV is not set/);
      expect((await loadDesired(["env.yaml"], { ZL_TEST_ONLY_IN_PROCESS_ENV: "6" }, dir)).instance?.settings).toEqual({
        maxPasswordAttempts: 6,
      });
    } finally {
      delete process.env.ZL_TEST_ONLY_IN_PROCESS_ENV;
    }
  });
});

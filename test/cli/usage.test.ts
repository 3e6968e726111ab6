import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "../support/io.js";
import { TOOL_VERSION } from "../../src/cli/version.js";

describe("command line basics", () => {
  it("prints the version from package.json and exits 0", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(TOOL_VERSION);
  });

  it("rejects an unknown command with exit 1", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it("rejects an unknown flag with exit 1", async () => {
    const r = await run(["--no-such-flag"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown option '--no-such-flag'/);
  });

  it("--help says how to reach a server and what every exit code means", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /ZITADEL_TOKEN, or ZITADEL_KEY_FILE \/ --key-file FILE, or ZITADEL_CLIENT_ID \+ ZITADEL_CLIENT_SECRET/,
    );
    for (const code of [
      "0  success",
      "1  error",
      "2  plan --detailed-exitcode",
      "3  drift",
      "4  apply: the plan is stale",
    ])
      expect(r.stdout).toContain(code);
  });

  it.each([
    [["plan", "--concurrency", "0"], "--concurrency <N>", "0"],
    [["drift", "--timeout", "abc"], "--timeout <SECONDS>", "abc"],
    [["export", "--rate-limit", "-5"], "--rate-limit <N>", "-5"],
  ])(
    "a bad number for %j is reported like every other bad option, with the --help pointer",
    async (argv, option, value) => {
      const r = await run(argv, { env: {} });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^error: option '${option.replace(/[<>]/g, "\\$&")}' argument '${value}' is invalid\\. \\S+ ` +
            `must be a whole number from 1 to \\d+\n\\(run with --help for usage\\)\n$`,
        ),
      );
    },
  );
});

// One spelling per kind of value, in every command's --help and in README.md's command list.
const PLACEHOLDERS = new Set([
  "FILE",
  "DIR",
  "PLANFILE",
  "URL",
  "N",
  "SECONDS",
  "MS",
  "RATE",
  "HOST",
  "FORMAT",
  "MODE",
  "WHICH",
  "NAME=VALUE",
  "USER",
]);

async function helpOf(argv: readonly string[]): Promise<string> {
  const r = await run([...argv, "--help"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function commandNames(): Promise<string[]> {
  const root = await helpOf([]);
  const section = root.slice(root.indexOf("Commands:"), root.indexOf("\n\n", root.indexOf("Commands:")));
  return [...section.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((name) => name !== "help");
}

/** flag → its placeholder, from the option lines of a help text (e.g. "--timeout <SECONDS>"). */
const optionPlaceholders = (help: string): [string, string][] =>
  [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+) [<[]([^>\]]+)[>\]]/gm)].map((m) => [m[1]!, m[2]!]);

describe("--help placeholders", () => {
  it("every placeholder of every command is from one set, and one flag is always spelt alike", async () => {
    const names = await commandNames();
    expect(names).toEqual(expect.arrayContaining(["validate", "plan", "apply", "export", "emulator", "unlock"]));
    const byFlag = new Map<string, string>();
    // The one flag two commands use for different things: export --orgs custom|all, emulator --orgs (a count).
    const different = new Set(["--orgs"]);
    for (const name of names) {
      const help = await helpOf([name]);
      const usage = /^Usage: zitadel-lockout \S+ (.*)$/m.exec(help)![1]!;
      for (const [, arg] of usage.matchAll(/[<[]([A-Z][^\]>.]*)(?:\.\.\.)?[>\]]/g))
        expect(PLACEHOLDERS, `${name}: argument ${arg}`).toContain(arg);
      for (const [flag, placeholder] of optionPlaceholders(help)) {
        expect(PLACEHOLDERS, `${name} ${flag} <${placeholder}>`).toContain(placeholder);
        if (different.has(flag)) continue;
        expect(byFlag.get(flag) ?? placeholder, `${name} ${flag}`).toBe(placeholder);
        byFlag.set(flag, placeholder);
      }
    }
    expect(byFlag.get("--key-file")).toBe("FILE");
    expect(byFlag.get("--cdktf")).toBe("DIR");
  });

  it("demo parses like every command: help and usage errors go through the CLI's output, no exit", async () => {
    expect(await helpOf(["demo"])).toMatch(/^Usage: zitadel-lockout demo \[options\]/);
    const r = await run(["demo", "extra"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/too many arguments for 'demo'[\s\S]*\(run with --help for usage\)/);
  });

  it("--cdktf and --terraform say which folder they read when given without a value", async () => {
    for (const name of ["validate", "plan", "apply", "drift", "locked", "unlock"]) {
      const help = (await helpOf([name])).replace(/\s+/g, " ");
      expect(help, name).toMatch(/--cdktf \[DIR\] read a CDKTF app .*\(DIR: default the working directory\)/);
      expect(help, name).toMatch(
        /--terraform \[DIR\] read a Terraform module .*\(DIR: default the working directory\)/,
      );
    }
  });

  it("README.md's command list uses the same placeholders as --help", async () => {
    const readme = readFileSync("README.md", "utf8");
    const start = readme.indexOf("## Commands");
    const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
    const block = section.slice(section.indexOf("```"), section.indexOf("```", section.indexOf("```") + 3));
    const words = [...block.matchAll(/\b[A-Z][A-Z=]*[A-Z]\b|\b[A-Z]\b/g)].map((m) => m[0]);
    expect(words.length).toBeGreaterThan(10);
    for (const word of words) expect(PLACEHOLDERS, `README command list: ${word}`).toContain(word);
    // Flags written with a value in the section's prose and list: the same placeholder as in --help.
    const byFlag = new Map<string, Set<string>>();
    for (const name of await commandNames())
      for (const [flag, placeholder] of optionPlaceholders(await helpOf([name])))
        byFlag.set(flag, (byFlag.get(flag) ?? new Set()).add(placeholder));
    const written = [...section.matchAll(/(--[a-z-]+) \[?([A-Z][A-Z=]*)\]?/g)];
    expect(written.length).toBeGreaterThan(10);
    for (const [, flag, placeholder] of written) {
      expect(byFlag.has(flag!), `README ${flag} is an option of some command`).toBe(true);
      expect(byFlag.get(flag!), `README ${flag} ${placeholder}`).toContain(placeholder);
    }
  });
});

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
      /ZITADEL_TOKEN, or ZITADEL_KEY_FILE \/ --key-file PATH, or ZITADEL_CLIENT_ID \+ ZITADEL_CLIENT_SECRET/,
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

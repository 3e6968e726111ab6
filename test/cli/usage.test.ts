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
});

// The package's entry points, as a consumer imports them (self-reference through package.json "exports";
// needs the build that `npm test` runs first).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("package entry points", () => {
  it("zitadel-lockout exports the pipeline, and a plan made with it applies against the emulator", async () => {
    const lib = await import("zitadel-lockout");
    const { startEmulator } = await import("zitadel-lockout/emulator");
    const emu = await startEmulator();
    const client = lib.createClient({
      baseUrl: emu.url,
      credentials: { kind: "pat", token: emu.credentials.iamOwnerToken },
    });
    try {
      const desired = lib.parseDesired(
        [{ file: "inline.yaml", text: "version: 1\ninstance:\n  maxPasswordAttempts: 4\n" }],
        {},
      );
      const live = await lib.readLive(client, desired);
      const plan = lib.computePlan({ desired: live.resolved, actual: live.actual, toolVersion: "lib-test" });
      expect(plan.summary.update).toBe(1);
      const result = await lib.applyPlan({ client, plan, toolVersion: "lib-test" });
      expect(result.ok).toBe(true);
      expect(emu.control.instancePolicy().maxPasswordAttempts).toBe(4);
    } finally {
      await client.close();
      await emu.close();
    }
  });
});

describe("CommonJS consumers", () => {
  it("require() every entry point (the default of `cdktf init` and many tools), Node >= 20.19", () => {
    const dir = mkdtempSync(join(tmpdir(), "zl-cjs-"));
    try {
      mkdirSync(join(dir, "node_modules"));
      symlinkSync(process.cwd(), join(dir, "node_modules", "zitadel-lockout"), "dir");
      writeFileSync(
        join(dir, "app.cjs"),
        [
          'const lib = require("zitadel-lockout");',
          'const cdktf = require("zitadel-lockout/cdktf");',
          'const emulator = require("zitadel-lockout/emulator");',
          "console.log(JSON.stringify([typeof lib.computePlan, typeof cdktf.OrgLockoutPolicy, typeof " +
            "cdktf.LockoutTesting, typeof emulator.startEmulator]));",
        ].join("\n"),
      );
      const r = spawnSync(process.execPath, ["app.cjs"], { cwd: dir, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(["function", "function", "object", "function"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

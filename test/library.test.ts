// The package's entry points, as a consumer imports them (self-reference through package.json "exports";
// needs the build that `npm test` runs first).
import { describe, expect, it } from "vitest";

describe("package entry points", () => {
  it("zitadel-lockout exports the pipeline, and a plan made with it applies against the emulator", async () => {
    const lib = await import("zitadel-lockout");
    const { startEmulator } = await import("zitadel-lockout/emulator");
    const emu = await startEmulator();
    const client = lib.createClient({ baseUrl: emu.url, credentials: { kind: "pat", token: emu.credentials.iamOwnerToken } });
    try {
      const desired = lib.parseDesired([{ file: "inline.yaml", text: "version: 1\ninstance:\n  maxPasswordAttempts: 4\n" }], {});
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

// Credentials never appear in stdout, stderr, plan files or error messages — in successful runs and in
// every failure path we can provoke (README.md#commands).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "./harness.js";
import { leakCheck, type LeakCheck } from "../security/secrets.js";

let h: LeakCheck["h"];
let secrets: string[];
let echo: LeakCheck["echo"];
let kinds: LeakCheck["kinds"];
let assertClean: LeakCheck["assertClean"];
let close: LeakCheck["close"];
beforeAll(async () => ({ h, secrets, echo, kinds, assertClean, close } = await leakCheck()));
afterAll(async () => close());

describe("no credential in any output", () => {
  it.each(["pat", "client credentials", "key file"] as const)(
    "plan, plan --out, apply PLANFILE, apply, in every format (%s)",
    async (kind) => {
      const env = kinds()[kind];
      h.ws.write("lockout.yaml", config({ instance: `maxPasswordAttempts: ${kind.length}` }));
      for (const format of ["text", "json", "markdown"]) {
        const r = await h.cli(["plan", "--format", format, "--out", "plan.json"], env);
        expect(r.code, r.stderr).toBe(0);
        assertClean(r.stdout, r.stderr, h.ws.read("plan.json"));
      }
      const saved = await h.cli(["apply", "plan.json", "--format", "json"], env);
      expect(saved.code, saved.stderr).toBe(0);
      assertClean(saved.stdout, saved.stderr);
      const direct = await h.cli(["apply", "--auto-approve", "--format", "markdown"], env);
      assertClean(direct.stdout, direct.stderr);
    },
  );

  it.each(["pat", "client credentials", "key file"] as const)(
    "failure paths: stale plan, permission, unreachable server, hostile echo (%s)",
    async (kind) => {
      const env = kinds()[kind];
      h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 12" }));
      await h.cli(["plan", "--out", "stale.json"], env);
      // behind the plan's back
      h.emu.control.setInstancePolicy({ maxPasswordAttempts: 100 + kind.length, maxOtpAttempts: 1 });
      const stale = await h.cli(["apply", "stale.json"], env);
      expect(stale.code).toBe(4);
      const down = await h.cli(["plan", "--url", "http://127.0.0.1:9", "--timeout", "1"], env);
      expect(down.code).toBe(1);
      const hostile = await h.cli(["plan", "--url", echo.url, "--timeout", "2"], env);
      expect(hostile.code).toBe(1);
      assertClean(stale.stdout, stale.stderr, down.stdout, down.stderr, hostile.stdout, hostile.stderr);
    },
  );

  it("an invalid PAT is not echoed in the error", async () => {
    const canary = "zl-canary-token-7f3a9c1e5b";
    secrets.push(canary);
    const r = await h.cli(["plan"], { ZITADEL_TOKEN: canary });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AUTH-7fs1e/);
    assertClean(r.stdout, r.stderr);
    const hostile = await h.cli(["plan", "--url", echo.url, "--timeout", "2"], { ZITADEL_TOKEN: canary });
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toMatch(/internal: got Bearer/); // the message is shown, the token is not
    assertClean(hostile.stdout, hostile.stderr);
  });
});

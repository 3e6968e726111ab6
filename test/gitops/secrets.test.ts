// Credentials never appear in what the GitOps commands produce (README.md#commands): apply's journal, drift in
// every format, export on stdout and in its file — with every kind of credential, and when a hostile server
// echoes the Authorization header back in its error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../reconcile/harness.js";
import { leakCheck, type LeakCheck } from "../security/secrets.js";

let h: LeakCheck["h"];
let echo: LeakCheck["echo"];
let kinds: LeakCheck["kinds"];
let assertClean: LeakCheck["assertClean"];
let close: LeakCheck["close"];
beforeAll(async () => ({ h, echo, kinds, assertClean, close } = await leakCheck()));
afterAll(async () => close());

describe("no credential in journal, drift or export", () => {
  it.each(["pat", "client credentials", "key file"] as const)("%s", async (kind) => {
    const env = kinds()[kind];
    h.ws.write("lockout.yaml", config({ instance: `maxPasswordAttempts: ${kind.length}\nmaxOtpAttempts: 3` }));
    const apply = await h.cli(["apply", "--auto-approve", "--journal", "journal.json"], env);
    expect(apply.code, apply.stderr).toBe(0);
    assertClean(apply.stdout, apply.stderr, h.ws.read("journal.json"));
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 40, maxOtpAttempts: 3 });
    for (const format of ["text", "json", "markdown"]) {
      const drift = await h.cli(["drift", "--journal", "journal.json", "--format", format], env);
      expect(drift.code, drift.stderr).toBe(3);
      assertClean(drift.stdout, drift.stderr);
    }
    const exported = await h.cli(["export", "--orgs", "all", "-o", "export.yaml", "--force"], env);
    expect(exported.code, exported.stderr).toBe(0);
    const toStdout = await h.cli(["export"], env);
    assertClean(exported.stdout, exported.stderr, h.ws.read("export.yaml"), toStdout.stdout, toStdout.stderr);

    const hostileDrift = await h.cli(["drift", "--url", echo.url, "--timeout", "2", "--journal", "journal.json"], env);
    const hostileExport = await h.cli(["export", "--url", echo.url, "--timeout", "2"], env);
    expect(hostileDrift.code).toBe(1);
    expect(hostileExport.code).toBe(1);
    assertClean(hostileDrift.stdout, hostileDrift.stderr, hostileExport.stdout, hostileExport.stderr);
  });
});

// `zitadel-lockout emulator` in-process: prints the credentials, serves until interrupted, logs each
// request (never a token) on stderr, then closes cleanly with exit 0.
import { describe, expect, it } from "vitest";
import { memoryIo } from "../support/io.js";
import { runCli } from "../../src/cli/main.js";

describe("emulator command", () => {
  it("prints ZITADEL_URL and the tokens, serves, logs requests, and stops on interrupt", async () => {
    let interrupt!: () => void;
    const io = memoryIo({ onInterrupt: (handler) => ((interrupt = handler), () => {}) });
    const done = runCli(["emulator", "--port", "0", "--seed", "42"], io);
    // Loading the proto definitions of seven services takes a few seconds on a busy 2-core machine.
    const deadline = Date.now() + 25_000;
    while (!io.out.join("").includes("ZITADEL_TOKEN=") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const vars = Object.fromEntries(
      io.out
        .join("")
        .split("\n")
        .map((l) => /^(?:export )?([A-Z_]+)=(.*)$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(vars)).toEqual([
      "ZITADEL_URL",
      "ZITADEL_TOKEN",
      "ZITADEL_ORG_OWNER_TOKEN",
      "ZITADEL_ORG_OWNER_ORG_ID",
      "ZITADEL_VIEWER_TOKEN",
      "ZITADEL_NO_MEMBERSHIP_TOKEN",
    ]);
    expect(vars.ZITADEL_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The client credentials are printed commented out, so pasting does not override ZITADEL_TOKEN.
    expect(io.out.join("")).toMatch(/^# export ZITADEL_CLIENT_ID=lockout-admin$/m);

    const res = await fetch(`${vars.ZITADEL_URL}/admin/v1/policies/lockout`, {
      headers: { authorization: `Bearer ${vars.ZITADEL_TOKEN}` },
    });
    expect(res.status).toBe(200);
    await res.text();
    interrupt();
    expect(await done).toBe(0);
    const stderr = io.err.join("");
    expect(stderr).toContain("GET /admin/v1/policies/lockout 200");
    expect(stderr).not.toContain(vars.ZITADEL_TOKEN!);
    expect(stderr).toContain("emulator: stopped");
    await expect(fetch(`${vars.ZITADEL_URL}/admin/v1/policies/lockout`)).rejects.toThrow();
  });

  it("rejects a bad option value with exit 1", async () => {
    const io = memoryIo();
    expect(await runCli(["emulator", "--fault-rate", "2"], io)).toBe(1);
    expect(io.err.join("")).toMatch(/fault rate must be a number from 0 to 1/);
  });
});

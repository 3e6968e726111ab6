// Credentials never appear in stdout, stderr, plan files or error messages — in successful runs and in
// every failure path we can provoke (README.md#commands).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "./harness.js";

let h: Harness;
let secrets: string[];
let echo: { url: string; close: () => void };

beforeAll(async () => {
  h = await harness();
  const c = h.emu.credentials;
  const keyJson = JSON.stringify(c.iamOwnerKeyFile);
  h.ws.write("key.json", keyJson);
  // The key's base64 body lines are what would leak if a key were printed; check a few of them.
  const keyLines = c.iamOwnerKeyFile.key
    .split("\n")
    .filter((l) => l.length > 40)
    .slice(0, 3);
  secrets = [c.iamOwnerToken, c.iamOwnerClientSecret, ...keyLines];
  // A hostile "server" that echoes the Authorization header back in its error body.
  const server = createServer((req, res) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: 13, message: `internal: got ${req.headers.authorization}` }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  echo = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
});
afterAll(async () => {
  echo.close();
  await h.close();
});

function assertClean(...texts: string[]) {
  for (const text of texts) for (const s of secrets) expect(text).not.toContain(s);
}

const kinds = () => {
  const c = h.emu.credentials;
  return {
    pat: { ZITADEL_TOKEN: c.iamOwnerToken },
    "client credentials": {
      ZITADEL_TOKEN: undefined,
      ZITADEL_CLIENT_ID: c.iamOwnerClientId,
      ZITADEL_CLIENT_SECRET: c.iamOwnerClientSecret,
    },
    "key file": { ZITADEL_TOKEN: undefined, ZITADEL_KEY_FILE: "key.json" },
  };
};

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

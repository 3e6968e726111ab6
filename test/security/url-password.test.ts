// Issue #11: a password in the server URL that holds an unencoded "/" (https://user:pa/ss@host) is not
// echoed. The URL parser does not see a password there: "/" ends the authority, so "pa" reads as a port
// (an invalid URL, whose text a message would quote) or, with digits, as a valid URL with host "user" and
// the rest of the password in its path (which every later message and the connection would carry). Each
// source of the URL, each command that reads it, and the library's own check refuse it unquoted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/zitadel/index.js";
import { run } from "../support/io.js";

const dir = mkdtempSync(join(tmpdir(), "zl-url-password-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "lockout.yaml"), "version: 1\ninstance:\n  maxPasswordAttempts: 5\n");

/** Each URL, and the parts of its password that must not be printed. */
const URLS: readonly (readonly [string, readonly string[]])[] = [
  ["https://admin:Zq9/wX7v@zitadel.example.com", ["Zq9", "wX7v"]],
  ["https://admin:4711/wX7v@zitadel.example.com", ["4711", "wX7v"]],
  ["https://admin:Zq9/wX/7v@zitadel.example.com/zitadel", ["Zq9", "wX/7v"]],
  ["https://Zq9/wX7v@zitadel.example.com", ["Zq9", "wX7v"]],
  ["https://admin:Zq9%2FwX7v@zitadel.example.com", ["Zq9", "wX7v"]],
];
const TOKEN = "pat-url-password-test";

function expectUnquoted(r: { code: number; stdout: string; stderr: string }, secrets: readonly string[]) {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stdout + r.stderr).toMatch(/must not contain (credentials|a user name or password)/);
  for (const s of secrets) expect(r.stdout + r.stderr).not.toContain(s);
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
}

describe.each(URLS)("%s", (url, secrets) => {
  it("in ZITADEL_URL: plan refuses it before any connection, without quoting it", async () => {
    const r = await run(["plan"], { cwd: dir, env: { ZITADEL_URL: url, ZITADEL_TOKEN: TOKEN } });
    expectUnquoted(r, secrets);
    expect(r.stderr).toContain("the server URL (ZITADEL_URL) must not contain credentials");
  });

  it("in --url: export refuses it the same way", async () => {
    const r = await run(["export", "--url", url], { cwd: dir, env: { ZITADEL_TOKEN: TOKEN } });
    expectUnquoted(r, secrets);
    expect(r.stderr).toContain("the server URL (--url) must not contain credentials");
  });

  it("in server: of the config: validate reports it at its line, without quoting it", async () => {
    writeFileSync(join(dir, "server.yaml"), `version: 1\nserver: "${url}"\ninstance:\n  maxPasswordAttempts: 5\n`);
    const r = await run(["validate", "-f", "server.yaml"], { cwd: dir });
    expectUnquoted(r, secrets);
    expect(r.stdout).toContain("server.yaml:2:9: server must not contain a user name or password");
  });

  it("as a saved plan's server: apply PLANFILE refuses it without quoting it", async () => {
    const fixture = join("test", "fixtures", "plans", "plan-0.1.0-main-2c5c482.json");
    const plan = { ...(JSON.parse(readFileSync(fixture, "utf8")) as object), server: url };
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
    const r = await run(["apply", "plan.json"], { cwd: dir, env: { ZITADEL_TOKEN: TOKEN } });
    expectUnquoted(r, secrets);
  });

  it("given to the library: createClient refuses it without quoting it", () => {
    let message = "";
    try {
      createClient({ baseUrl: url, credentials: { kind: "pat", token: TOKEN } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("server URL must not contain credentials");
    for (const s of secrets) expect(message).not.toContain(s);
  });
});

it("a URL without credentials is still quoted when it is not a URL (nothing secret in it)", async () => {
  const r = await run(["plan"], { cwd: dir, env: { ZITADEL_URL: "https://exa mple.com", ZITADEL_TOKEN: TOKEN } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('the server URL "https://exa mple.com" (ZITADEL_URL) is not a valid URL');
});

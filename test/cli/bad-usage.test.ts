// Usage errors on plan and apply are reported by the CLI (exit 1), never by a process.exit deep inside
// commander, and flags are checked before any config is read or server contacted.
import { describe, expect, it } from "vitest";
import { run } from "../support/io.js";

describe("plan/apply usage errors", () => {
  it.each([
    [["plan", "--format", "yaml"], /option '--format <FORMAT>' argument 'yaml' is invalid/],
    [["apply", "--format", "xml"], /option '--format <FORMAT>' argument 'xml' is invalid/],
    [["plan", "--concurrency", "0"], /--concurrency must be a whole number from 1 to 256/],
    [["plan", "--timeout", "abc"], /--timeout must be a whole number/],
    [["plan", "--bogus"], /unknown option '--bogus'/],
    [["apply", "a.json", "b.json"], /too many arguments/],
  ])("%j → exit 1", async (argv, message) => {
    const r = await run(argv, { env: {} });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it("plan without credentials says which variables to set", async () => {
    const r = await run(["plan", "-f", "examples/lockout.yaml", "--url", "http://127.0.0.1:9"], { env: {} });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        /no credentials: set ZITADEL_TOKEN, ZITADEL_KEY_FILE \(or --key-file\), or /.source +
          /ZITADEL_CLIENT_ID and ZITADEL_CLIENT_SECRET/.source,
      ),
    );
  });

  it("plain http to a non-loopback host is refused before any connection", async () => {
    const r = await run(["plan", "-f", "examples/lockout.yaml", "--url", "http://zitadel.example.com"], {
      env: { ZITADEL_TOKEN: "t" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--insecure-http/);
  });
});

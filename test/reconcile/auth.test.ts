// Every credential kind through the CLI, and permission errors that say what is missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "./harness.js";

let h: Harness;
let org: string;
/** How far the emulator's clock is ahead of the real one: token lifetimes pass without waiting. */
let skipped = 0;
beforeAll(async () => {
  h = await harness({ accessTokenTtlSeconds: 2, now: () => new Date(Date.now() + skipped) });
  org = h.emu.credentials.orgOwnerOrgId;
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
});
afterAll(async () => h.close());

const noToken = { ZITADEL_TOKEN: undefined };

describe("credentials", () => {
  it("uses a key file (--key-file) and says so without printing it", async () => {
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 6" }));
    const r = await h.cli(["plan", "--key-file", "key.json"], noToken);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/with a service-account key \(JWT profile\) from key\.json/);
    expect(r.stdout + r.stderr).not.toContain("PRIVATE KEY");
  });

  it("uses ZITADEL_KEY_FILE before client credentials and ZITADEL_TOKEN", async () => {
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 6" }));
    const r = await h.cli(["plan"], { ZITADEL_KEY_FILE: "key.json", ZITADEL_CLIENT_ID: "x", ZITADEL_CLIENT_SECRET: "y", ZITADEL_TOKEN: "bogus" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/service-account key/);
  });

  it("uses client credentials before ZITADEL_TOKEN", async () => {
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 6" }));
    const { iamOwnerClientId, iamOwnerClientSecret } = h.emu.credentials;
    const r = await h.cli(["apply", "--auto-approve"], { ZITADEL_CLIENT_ID: iamOwnerClientId, ZITADEL_CLIENT_SECRET: iamOwnerClientSecret, ZITADEL_TOKEN: "bogus" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/client credentials \(ZITADEL_CLIENT_ID\)/);
    expect(r.stdout + r.stderr).not.toContain(iamOwnerClientSecret);
    expect(h.emu.control.instancePolicy().maxPasswordAttempts).toBe(6);
  });

  it("renews an expired access token during a run", async () => {
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 7" }));
    const first = await h.cli(["plan"], { ...noToken, ZITADEL_KEY_FILE: "key.json" });
    expect(first.code, first.stderr).toBe(0);
    skipped += 2200; // tokens live 2 s in this emulator
    const r = await h.cli(["apply", "--auto-approve"], { ...noToken, ZITADEL_KEY_FILE: "key.json" });
    expect(r.code, r.stderr).toBe(0);
    expect(h.emu.control.instancePolicy().maxPasswordAttempts).toBe(7);
  });

  it("fails clearly without any credentials, before any request", async () => {
    h.emu.clearLog();
    const r = await h.cli(["plan"], noToken);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no credentials: set ZITADEL_TOKEN/);
    expect(h.emu.requestLog).toEqual([]);
  });

  it("reports an invalid token as the server's answer", async () => {
    const r = await h.cli(["plan"], { ZITADEL_TOKEN: "not-a-real-token-123" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 401.*Errors\.Token\.Invalid \(AUTH-7fs1e\)/);
    expect(r.stderr).not.toContain("not-a-real-token-123");
  });
});

describe("permissions", () => {
  it("an ORG_OWNER changing the instance is told which permission is missing; its own org works", async () => {
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 8", orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`] }));
    const r = await h.cli(["apply", "--auto-approve"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/iam\.policy\.write/);
    expect(r.stdout).toMatch(/✗ instance: update failed: PUT \/admin\/v1\/policies\/password\/lockout: HTTP 403/);
    // The org write either went through or was not attempted after the failure — and the report says which.
    expect(r.stdout).toMatch(new RegExp(`org:${org}: (updated|custom policy created|create not attempted|update not attempted)`));
    expect(h.emu.control.instancePolicy().maxPasswordAttempts).not.toBe(8);
  });

  it("a viewer can plan but not apply", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 11`] }));
    const plan = await h.cli(["plan", "--detailed-exitcode"], { ZITADEL_TOKEN: h.emu.credentials.viewerToken });
    expect(plan.code, plan.stderr).toBe(2);
    const apply = await h.cli(["apply", "--auto-approve"], { ZITADEL_TOKEN: h.emu.credentials.viewerToken });
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toMatch(/policy\.write/);
  });

  it("a failing apply --format json keeps stdout one JSON document and says why on stderr", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 11`] }));
    const r = await h.cli(["apply", "--auto-approve", "--format", "json"], { ZITADEL_TOKEN: h.emu.credentials.viewerToken });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; results: { target: string; status: string; error?: string }[]; unconverged: { target: string; expected: unknown; found: unknown; reason: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.results).toMatchObject([{ target: `org:${org}`, status: "failed", error: expect.stringMatching(/HTTP 403/) }]);
    expect(doc.unconverged).toMatchObject([{ target: `org:${org}`, expected: { maxPasswordAttempts: 11 }, reason: expect.stringMatching(/^the write failed/) }]);
    // The CI log (stderr) tells the same story in words: which target, what failed, the verdict.
    expect(r.stderr).toMatch(new RegExp(`✗ org:${org}.*failed: .*HTTP 403`));
    expect(r.stderr).toMatch(/Apply failed: 0 applied, 1 failed, 0 not attempted, 1 not converged\./);
  });

  it("an org the caller may not read is reported with the config entry it came from", async () => {
    const other = h.emu.control.addOrg("Someone Else's Org");
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`, `id: "${other}"\nmaxPasswordAttempts: 4`] }));
    const r = await h.cli(["plan"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: lockout\\.yaml:5:5: GET /management/v1/policies/lockout \\(org ${other}\\): HTTP 40[34]`, "m"));
  });

  it("a user with no membership gets the 'membership not found' hint", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`] }));
    const r = await h.cli(["plan"], { ZITADEL_TOKEN: h.emu.credentials.noMembershipToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/membership not found \(AUTHZ-cdgFk\)/);
    expect(r.stderr).toMatch(/no manager role/);
  });
});

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
    const r = await h.cli(["plan"], {
      ZITADEL_KEY_FILE: "key.json",
      ZITADEL_CLIENT_ID: "x",
      ZITADEL_CLIENT_SECRET: "y",
      ZITADEL_TOKEN: "bogus",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/service-account key/);
  });

  it("uses client credentials before ZITADEL_TOKEN", async () => {
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 6" }));
    const { iamOwnerClientId, iamOwnerClientSecret } = h.emu.credentials;
    const r = await h.cli(["apply", "--auto-approve"], {
      ZITADEL_CLIENT_ID: iamOwnerClientId,
      ZITADEL_CLIENT_SECRET: iamOwnerClientSecret,
      ZITADEL_TOKEN: "bogus",
    });
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
  it("an ORG_OWNER changing instance and org writes nothing: apply names target and missing permission", async () => {
    h.ws.write(
      "lockout.yaml",
      config({ instance: "maxPasswordAttempts: 8", orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`] }),
    );
    const orgBefore = h.emu.control.orgPolicy(org);
    h.emu.clearLog();
    const r = await h.cli(["apply", "--auto-approve"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: the credentials may not make this change; nothing was written$/m);
    expect(r.stderr).toMatch(
      new RegExp(
        /^ {2}instance: updating the instance default lockout policy needs iam\.policy\.write, /.source +
          /granted by IAM_OWNER on the instance/.source,
        "m",
      ),
    );
    // The org change is allowed (ORG_OWNER), so it is not listed — and not written either.
    expect(r.stderr).not.toMatch(new RegExp(`^ {2}org:${org}`, "m"));
    expect(h.writes()).toEqual([]);
    expect(h.emu.control.instancePolicy().maxPasswordAttempts).not.toBe(8);
    expect(h.emu.control.orgPolicy(org)).toEqual(orgBefore);
  });

  it("an ORG_OWNER's apply of its own org passes the check and writes", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`] }));
    const r = await h.cli(["apply", "--auto-approve"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(r.code, r.stderr).toBe(0);
    expect(h.emu.control.orgPolicy(org)?.maxPasswordAttempts).toBe(4);
  });

  it("a viewer can plan but not apply: every target named with its missing permission, nothing written", async () => {
    const umbrella = h.emu.control.listOrgs().find((o) => o.name === "Umbrella")!.id;
    h.ws.write(
      "lockout.yaml",
      config({
        instance: "maxPasswordAttempts: 9",
        orgs: [
          `id: "${org}"\nmaxPasswordAttempts: 11`,
          "name: Globex\ninherit: true",
          `id: "${umbrella}"\nmaxOtpAttempts: 2`,
        ],
      }),
    );
    const plan = await h.cli(["plan", "--detailed-exitcode"], { ZITADEL_TOKEN: h.emu.credentials.viewerToken });
    expect(plan.code, plan.stderr).toBe(2);
    h.emu.clearLog();
    const apply = await h.cli(["apply", "--auto-approve"], { ZITADEL_TOKEN: h.emu.credentials.viewerToken });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/the credentials may not make these 4 changes; nothing was written/);
    expect(apply.stderr).toMatch(/^ {2}instance: .* needs iam\.policy\.write/m);
    expect(apply.stderr).toMatch(
      new RegExp(
        `^ {2}org:${org} \\(ACME\\): updating an org's custom lockout policy needs policy\\.write, ` +
          `granted by ORG_OWNER`,
        "m",
      ),
    );
    expect(apply.stderr).toMatch(
      /^ {2}org:\d+ \(Globex\): resetting an org's lockout policy to the instance default needs policy\.delete/m,
    );
    expect(apply.stderr).toMatch(
      new RegExp(
        `^ {2}org:${umbrella} \\(Umbrella\\): creating an org's custom lockout policy needs policy\\.write`,
        "m",
      ),
    );
    expect(h.writes()).toEqual([]);
    // The viewer has an instance role and no org roles: its memberships and one permission query decide it all.
    // (GET /auth/v1/users/me is the recovery check's, docs/recovery-check.md: not a permission query.)
    const checks = h.emu.requestLog.filter((e) => e.path.startsWith("/auth/v1/") && e.path !== "/auth/v1/users/me");
    expect(checks.map((e) => e.path).sort()).toEqual([
      "/auth/v1/memberships/me/_search",
      "/auth/v1/permissions/zitadel/me/_search",
    ]);
  });

  it("an IAM owner's apply of the instance and many orgs costs two requests of permission checks", async () => {
    const targets = ["ACME", "Globex", "Initech", "Umbrella"];
    h.ws.write(
      "lockout.yaml",
      config({ instance: "maxPasswordAttempts: 9", orgs: targets.map((n) => `name: ${n}\nmaxPasswordAttempts: 12`) }),
    );
    h.emu.clearLog();
    const r = await h.cli(["apply", "--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(h.emu.requestLog.filter((e) => e.path.startsWith("/auth/v1/"))).toHaveLength(2);
  });

  it("a failing apply --format json keeps stdout one JSON document and says why on stderr", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 11`] }));
    // A write that fails after the permission check passed: the server refuses the org's PUT (no retries).
    h.emu.setFaults({
      rate: 1,
      kinds: ["503"],
      methods: ["PUT", "POST"],
      paths: /^\/management\/v1\/policies\/lockout$/,
    });
    const r = await h
      .cli(["apply", "--auto-approve", "--format", "json", "--retries", "0"])
      .finally(() => h.emu.setFaults(undefined));
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      ok: boolean;
      results: { target: string; status: string; error?: string }[];
      unconverged: { target: string; expected: unknown; found: unknown; reason: string }[];
    };
    expect(doc.ok).toBe(false);
    expect(doc.results).toMatchObject([
      { target: `org:${org}`, status: "failed", error: expect.stringMatching(/HTTP 503/) },
    ]);
    expect(doc.unconverged).toMatchObject([
      {
        target: `org:${org}`,
        expected: { maxPasswordAttempts: 11 },
        reason: expect.stringMatching(/^the write failed/),
      },
    ]);
    // The CI log (stderr) tells the same story in words: which target, what failed, the verdict.
    expect(r.stderr).toMatch(new RegExp(`✗ org:${org}.*failed: .*HTTP 503`));
    expect(r.stderr).toMatch(/Apply failed: 0 applied, 1 failed, 0 not attempted, 1 not converged\./);
  });

  it("an org the caller may not read is reported with the config entry it came from", async () => {
    const other = h.emu.control.addOrg("Someone Else's Org");
    h.ws.write(
      "lockout.yaml",
      config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`, `id: "${other}"\nmaxPasswordAttempts: 4`] }),
    );
    const r = await h.cli(["plan"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: lockout\\.yaml:5:5: GET /management/v1/policies/lockout \\(org ${other}\\): HTTP 40[34]`,
        "m",
      ),
    );
  });

  it("a caller whose only role is in a managed org reads the instance in that org's context", async () => {
    // ZITADEL checks policy.read in the org of x-zitadel-orgid, else the caller's own org (docs/zitadel-api.md §1):
    // this robot's own org grants it nothing, so the instance read must name the org it manages.
    const home = h.emu.control.addOrg("Robot Home");
    const umbrella = h.emu.control.listOrgs().find((o) => o.name === "Umbrella")!.id;
    const robot = h.emu.control.addUser(home, "umbrella-robot", "active", { kind: "machine" });
    h.emu.control.addMember(robot, umbrella, ["ORG_OWNER"]);
    h.ws.write("lockout.yaml", config({ orgs: ["name: Umbrella\nmaxPasswordAttempts: 13"] }));
    h.emu.clearLog();
    const before = h.emu.control.orgPolicy(umbrella);
    const asRobot = { ZITADEL_TOKEN: h.emu.patFor(robot) };
    const r = await h.cli(["apply", "--auto-approve", "--journal", "robot.json"], asRobot);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(h.emu.control.orgPolicy(umbrella)?.maxPasswordAttempts).toBe(13);
    const instanceReads = h.emu.requestLog.filter((e) => e.path.startsWith("/v2/settings/lockout"));
    expect(instanceReads.at(-1)).toMatchObject({ orgId: umbrella, status: 200 });
    // Without the header the same read is refused: the robot has no membership in its own org nor on the instance.
    expect(instanceReads.filter((e) => e.orgId === undefined).every((e) => e.status === 404)).toBe(true);
    // Rollback reads the instance too (every org is judged against it): in the context of the journal's orgs.
    const back = await h.cli(["rollback", "--journal", "robot.json", "--auto-approve"], asRobot);
    expect(back.code, back.stderr + back.stdout).toBe(0);
    const after = h.emu.control.orgPolicy(umbrella);
    expect(after && { ...after, sequence: "" }).toEqual(before && { ...before, sequence: "" });
  });

  it("a user with no membership gets the 'membership not found' hint", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 4`] }));
    const r = await h.cli(["plan"], { ZITADEL_TOKEN: h.emu.credentials.noMembershipToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/membership not found \(AUTHZ-cdgFk\)/);
    expect(r.stderr).toMatch(/no manager role/);
  });
});

// The recovery check in plan and apply, against the emulator: a change that makes lockout stricter where
// nobody but the tool could unlock a locked manager is a finding in every view, and apply refuses it before
// any write unless the risk is accepted or waived; the reads cost O(1) requests when the instance's managers
// cover every target; members that cannot be read give a warning, not a refusal.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRecovery } from "../../src/apply/index.js";
import { createClient, type ZitadelClient } from "../../src/zitadel/index.js";
import { computePlan } from "../../src/plan/index.js";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { schemaErrors } from "../render/schema-check.js";
import { actual, custom, desired, s } from "../plan/fixtures.js";

let h: Harness;
let tight: string;
let breakGlass: string;

beforeEach(async () => {
  h = await harness();
  tight = h.emu.control.addOrg("Tight Org");
  breakGlass = h.emu.control.listUsers().find((u) => u.userName === "break-glass")!.id;
  // Tight Org inherits the instance default (0/0: never lock); the config gives it 5/5: stricter.
  h.ws.write("lockout.yaml", config({ orgs: [`name: Tight Org\nmaxPasswordAttempts: 5\nmaxOtpAttempts: 5`] }));
});
afterEach(async () => h.close());

/** The requests the check itself made (member and user reads, who am I). */
const checkRequests = () =>
  h.emu.requestLog
    .filter((e) => /members\/_search|^\/v2\/users$|users\/me/.test(e.path))
    .map((e) => `${e.method} ${e.path}${e.orgId ? ` ${e.orgId}` : ""}`);

const planJson = async (extra: string[] = []) => {
  const r = await h.cli(["plan", "--format", "json", ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(schemaErrors("plan", doc)).toEqual([]);
  return doc;
};

describe("recovery check", () => {
  it("the instance's break-glass owner covers every target in three requests, however many orgs", async () => {
    const many = Array.from({ length: 30 }, (_, i) => h.emu.control.addOrg(`Many ${i}`));
    h.ws.write("lockout.yaml", config({ orgs: many.map((id) => `id: "${id}"\nmaxPasswordAttempts: 4`) }));
    h.emu.clearLog();
    const doc = await planJson();
    expect(doc.recoveryCheck).toEqual({ status: "checked", targets: 30 });
    expect(doc.safety).toEqual([]);
    expect(checkRequests()).toEqual(["GET /auth/v1/users/me", "POST /admin/v1/members/_search", "POST /v2/users"]);
  });

  it("no recovery path: a finding in JSON, text and Markdown; apply refuses before any write (exit 1)", async () => {
    h.emu.control.lockUser(breakGlass); // the instance's only other recoverer cannot sign in
    h.emu.clearLog();
    const doc = await planJson();
    expect(doc.safety).toEqual([
      {
        target: `org:${tight}`,
        orgName: "Tight Org",
        rule: "no-recovery-path",
        recoverers: { service: 0, human: 0 },
        message: expect.stringContaining("no way back in"),
      },
    ]);
    // The instance's managers did not cover it: the org's members were read, for that org only.
    expect(checkRequests()).toContain(`POST /management/v1/orgs/me/members/_search ${tight}`);

    const text = await h.cli(["plan"]);
    expect(text.stdout).toMatch(
      new RegExp(`! org:${tight} \\(Tight Org\\) \\[no-recovery-path\\]: lockout gets stricter here`),
    );
    expect(text.stdout).toContain(
      "Apply refuses this plan unless --accept-lockout-risk is given or lint.ignore lists no-recovery-path.",
    );
    const md = await h.cli(["plan", "--format", "markdown"]);
    expect(md.stdout).toContain("> [!CAUTION]");
    expect(md.stdout).toContain(`> - \`org:${tight}\` (Tight Org): lockout gets stricter here`);

    h.emu.clearLog();
    const refused = await h.cli(["apply", "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error: apply refuses this plan before any write: a change leaves its scope with no way back in " +
        "[no-recovery-path]",
    );
    expect(h.writes()).toEqual([]);
    expect(h.emu.control.orgPolicy(tight)).toBeNull();
  });

  it("--accept-lockout-risk applies anyway (saying so); lint.ignore: [no-recovery-path] skips the check", async () => {
    h.emu.control.lockUser(breakGlass);
    const accepted = await h.cli(["apply", "--auto-approve", "--accept-lockout-risk"]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain(
      "warning: applying with --accept-lockout-risk although a target has no recovery path",
    );
    expect(h.emu.control.orgPolicy(tight)).toMatchObject({ maxPasswordAttempts: 5 });

    h.ws.write(
      "lockout.yaml",
      config({ orgs: [`name: Tight Org\nmaxPasswordAttempts: 3`], extra: "lint:\n  ignore: [no-recovery-path]" }),
    );
    h.emu.clearLog();
    const doc = await planJson();
    expect(doc.recoveryCheck).toEqual({ status: "waived" });
    expect(checkRequests()).toEqual([]);
    expect((await h.cli(["apply", "--auto-approve"])).code).toBe(0);
    expect(h.emu.control.orgPolicy(tight)).toMatchObject({ maxPasswordAttempts: 3 });
  });

  it("two active human owners of the org are a path; one (or a locked second) is not", async () => {
    h.emu.control.lockUser(breakGlass);
    const ann = h.emu.control.addUser(tight, "ann");
    h.emu.control.addMember(ann, tight, ["ORG_OWNER"]);
    expect((await planJson()).safety).toMatchObject([{ recoverers: { service: 0, human: 1 } }]);
    const ben = h.emu.control.addUser(tight, "ben");
    h.emu.control.addMember(ben, tight, ["ORG_USER_MANAGER"]);
    expect((await planJson()).safety).toEqual([]);
    h.emu.control.lockUser(ben);
    expect((await planJson()).safety).toMatchObject([{ recoverers: { service: 0, human: 1 } }]);
  });

  it("a change that loosens lockout, or keeps it, is not checked", async () => {
    h.emu.control.lockUser(breakGlass);
    h.emu.control.setOrgPolicy(tight, { maxPasswordAttempts: 3, maxOtpAttempts: 3 });
    h.ws.write("lockout.yaml", config({ orgs: [`name: Tight Org\nmaxPasswordAttempts: 6`] }));
    h.emu.clearLog();
    const doc = await planJson();
    expect(doc.recoveryCheck).toEqual({ status: "not-needed" });
    expect(checkRequests()).toEqual([]);
  });

  it("credentials that may not read the instance's members: a warning the check was not made, no refusal", async () => {
    h.ws.write("lockout.yaml", config({ orgs: [`name: ACME\nmaxPasswordAttempts: 5`] }));
    const env = { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken };
    const r = await h.cli(["plan", "--format", "json"], env);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.recoveryCheck).toEqual({ status: "not-checked", reason: expect.stringContaining("iam.member.read") });
    expect(doc.safety).toEqual([]);
    const text = await h.cli(["plan"], env);
    expect(text.stdout).toContain(
      "warning: the recovery check could not be made: the instance's members could not be read",
    );
    const applied = await h.cli(["apply", "--auto-approve"], env);
    expect(applied.code, applied.stderr).toBe(0);
  });

  it("a saved plan with a finding is refused by apply PLANFILE, unless --accept-lockout-risk", async () => {
    h.emu.control.lockUser(breakGlass);
    expect((await h.cli(["plan", "--out", "plan.json"])).code).toBe(0);
    h.emu.clearLog();
    const refused = await h.cli(["apply", "plan.json"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("[no-recovery-path]");
    expect(h.emu.requestLog).toEqual([]); // refused before connecting
    const accepted = await h.cli(["apply", "plan.json", "--accept-lockout-risk"]);
    expect(accepted.code, accepted.stderr).toBe(0);
  });
});

describe("a user locked while the check runs", () => {
  it("is read in its new state: the members are read first, the states after, so the lock counts", async () => {
    h.emu.control.lockUser(breakGlass);
    const ann = h.emu.control.addUser(tight, "ann");
    const ben = h.emu.control.addUser(tight, "ben");
    h.emu.control.addMember(ann, tight, ["ORG_OWNER"]);
    h.emu.control.addMember(ben, tight, ["ORG_OWNER"]);
    const real = createClient({
      baseUrl: h.emu.url,
      credentials: { kind: "pat", token: h.emu.credentials.iamOwnerToken },
      retry: { maxAttempts: 1 },
    });
    // Ben mistypes his password until he is locked out just after the org's members were read.
    const racing: ZitadelClient = {
      ...real,
      listOrgMembers: async (orgId) => {
        const members = await real.listOrgMembers(orgId);
        h.emu.control.lockUser(ben);
        return members;
      },
    };
    try {
      const plan = computePlan({
        desired: desired({ orgs: [custom(tight, { maxPasswordAttempts: 5 })] }),
        actual: actual(s(0, 0), { [tight]: null }),
        toolVersion: "9.9.9",
      });
      const checked = await checkRecovery(racing, plan, s(0, 0), false);
      expect(checked.recoveryCheck).toEqual({ status: "checked", targets: 1 });
      expect(checked.safety).toMatchObject([{ target: `org:${tight}`, recoverers: { service: 0, human: 1 } }]);
      // Without the race, the same two owners are a path.
      h.emu.control.unlockUser(ben);
      expect((await checkRecovery(real, plan, s(0, 0), false)).safety).toEqual([]);
    } finally {
      await real.close();
    }
  });
});

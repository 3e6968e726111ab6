// drift names who changed a target outside Git and when — from the event log, in text, JSON (schema-valid)
// and Markdown — whether the state was folded from the log or read per org; without events.read it says it
// cannot tell, and still reports the drift.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { schemaErrors } from "../render/schema-check.js";

let h: Harness;
let acme: string;
let alice: string;
beforeEach(async () => {
  h = await harness();
  acme = h.emu.control.listOrgs().find((o) => o.name === "ACME")!.id;
  alice = h.emu.control.listUsers().find((u) => u.userName === "alice")!.id;
  h.ws.write(
    "lockout.yaml",
    config({ orgs: [`id: "${acme}"\nmaxPasswordAttempts: 3\nmaxOtpAttempts: 3`], extra: "journal: journal.json" }),
  );
  const apply = await h.cli(["apply", "--auto-approve"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
  expect(apply.code, apply.stderr).toBe(0);
  // Alice changes it in the console, twice.
  h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 8, maxOtpAttempts: 3 }, alice);
  h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 9, maxOtpAttempts: 3 }, alice);
});
afterEach(async () => h.close());

const outsideGit = (stdout: string) =>
  (JSON.parse(stdout) as { targets: { target: string; outsideGit: Record<string, unknown> }[] }).targets.find(
    (t) => t.target === `org:${acme}`,
  )!.outsideGit;

describe("drift: who changed it", () => {
  it.each(["events", "per-org"])(
    "with events.read (--read %s): each change with its editor and date, in every view",
    async (mode) => {
      const json = await h.cli(["drift", "--format", "json", "--read", mode]);
      expect(json.code, json.stderr).toBe(3);
      expect(schemaErrors("drift", JSON.parse(json.stdout))).toEqual([]);
      const changes = outsideGit(json.stdout).changedBy as {
        status: string;
        changes: { userId: string; displayName: string; event: string; date: string }[];
      };
      expect(changes.status).toBe("known");
      expect(changes.changes.map((c) => [c.userId, c.displayName, c.event])).toEqual([
        [alice, "Alice Anders", "org.policy.lockout.changed"],
        [alice, "Alice Anders", "org.policy.lockout.changed"],
      ]);
      expect(Date.parse(changes.changes[1]!.date)).toBeGreaterThanOrEqual(Date.parse(changes.changes[0]!.date));
      const text = await h.cli(["drift", "--read", mode]);
      expect(text.stdout).toContain(
        `by Alice Anders (user ${alice}) at ${changes.changes[1]!.date} (org.policy.lockout.changed)`,
      );
      const md = await h.cli(["drift", "--format", "markdown", "--read", mode]);
      expect(md.stdout).toContain("| Changed by |");
      expect(md.stdout).toContain(`Alice Anders \\(user ${alice}\\) at ${changes.changes[0]!.date}<br>`);
    },
  );

  it("without events.read: drift still reports the change and says who cannot be told", async () => {
    const r = await h.cli(["drift", "--format", "json"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(r.code, r.stderr).toBe(3);
    expect(schemaErrors("drift", JSON.parse(r.stdout))).toEqual([]);
    expect(outsideGit(r.stdout)).toMatchObject({
      status: "changed",
      change: "values-changed",
      changedBy: { status: "unknown", reason: expect.stringContaining("events.read") },
    });
    const text = await h.cli(["drift"], { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken });
    expect(text.stdout).toContain("who: cannot tell — the credentials may not read the event log (events.read)");
  });

  it("a display name from the server cannot forge a line of the report", async () => {
    const mallory = h.emu.control.addUser(acme, "mallory\n::error::forged");
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 2, maxOtpAttempts: 3 }, mallory);
    const r = await h.cli(["drift", "--read", "events"]);
    expect(r.stdout.split("\n").some((l) => l.startsWith("::error::"))).toBe(false);
    expect(r.stdout).toContain("mallory\\u000A::error::forged");
  });
});

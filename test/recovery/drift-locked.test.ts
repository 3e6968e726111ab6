// drift's "locked managers" section: shown in every view (JSON against the schema), the declared orgs
// only, and never a change to drift's exit code.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { schemaErrors } from "../render/schema-check.js";

let h: Harness;
const org = (name: string) => h.emu.control.listOrgs().find((o) => o.name === name)!.id;
const user = (userName: string) => h.emu.control.listUsers().find((u) => u.userName === userName)!;

beforeEach(async () => {
  h = await harness();
  h.ws.write(
    "lockout.yaml",
    config({
      orgs: ["name: ACME\nmaxPasswordAttempts: 3\nmaxOtpAttempts: 3", `id: "${org("Umbrella")}"\ninherit: true`],
    }),
  );
  expect((await h.cli(["apply", "--auto-approve"])).code).toBe(0);
});
afterEach(async () => h.close());

describe("drift: locked managers", () => {
  it("lists a locked manager of a declared org in text, JSON and Markdown; exit 0 without drift", async () => {
    h.emu.control.failPassword(user("alice").id, 3); // ACME's owner, at ACME's limit of 3
    const umbrellaLead = h.emu.control.addUser(org("Globex"), "globex-lead", "locked");
    h.emu.control.addMember(umbrellaLead, org("Globex"), ["ORG_OWNER"]); // Globex is not declared

    const text = await h.cli(["drift"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("Locked managers: 1");
    expect(text.stdout).toContain(
      `! alice@acme.emulator.localhost (${user("alice").id}) in ACME (${org("ACME")}): ORG_OWNER`,
    );
    expect(text.stdout).not.toContain("globex-lead");

    const json = await h.cli(["drift", "--format", "json"]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(schemaErrors("drift", doc)).toEqual([]);
    expect(doc.drifted).toBe(false);
    expect(doc.lockedManagers).toMatchObject({
      status: "read",
      users: [{ loginName: "alice@acme.emulator.localhost", roles: ["ORG_OWNER"], manager: true }],
    });

    const md = await h.cli(["drift", "--format", "markdown"]);
    expect(md.stdout).toContain("#### Locked managers");
    expect(md.stdout).toContain("| ⚠️ manager | alice@acme.emulator.localhost |");
  });

  it("with drift the exit code is 3 whether or not managers are locked; none locked says so", async () => {
    h.emu.control.setOrgPolicy(org("ACME"), { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    const r = await h.cli(["drift"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("Locked managers: none.");
  });

  it("credentials that may read policies but no users: the section says what it could see", async () => {
    const acme = org("ACME");
    const settings = h.emu.control.addUser(acme, "settings-only", "active", { kind: "machine" });
    h.emu.control.addMember(settings, acme, ["ORG_SETTINGS_MANAGER"]);
    h.emu.control.lockUser(user("alice").id);
    h.ws.write("acme.yaml", config({ orgs: ["name: ACME\nmaxPasswordAttempts: 3\nmaxOtpAttempts: 3"] }));
    const r = await h.cli(["drift", "-f", "acme.yaml", "--format", "json"], { ZITADEL_TOKEN: h.emu.patFor(settings) });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(schemaErrors("drift", doc)).toEqual([]);
    expect(doc.lockedManagers.users).toEqual([]);
    expect(doc.lockedManagers.warnings.join("\n")).toMatch(/these credentials may read 0 of them/);
  });
});

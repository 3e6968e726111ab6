// `locked`, in-process against the emulator: the scope (declared orgs or every org), managers first, the
// three views (JSON against its schema), --detailed-exitcode, and members that cannot be read.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { renderLockedMarkdown } from "../../src/render/locked.js";
import { schemaErrors } from "../render/schema-check.js";

let h: Harness;
const org = (name: string) => h.emu.control.listOrgs().find((o) => o.name === name)!.id;
const user = (userName: string) => h.emu.control.listUsers().find((u) => u.userName === userName)!;

beforeEach(async () => {
  h = await harness();
  h.ws.write(
    "lockout.yaml",
    config({ orgs: ["name: ACME\nmaxPasswordAttempts: 3", `id: "${org("Globex")}"\ninherit: true`] }),
  );
});
afterEach(async () => h.close());

interface Doc {
  summary: { locked: number; managers: number };
  users: { loginName: string; orgName: string; manager: boolean; roles: string[]; human: boolean; userId: string }[];
  warnings: string[];
  scope: unknown;
}
const lockedJson = async (argv: string[] = [], env?: Record<string, string>) => {
  const r = await h.cli(["locked", "--format", "json", ...argv], env);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as Doc;
  expect(schemaErrors("locked", doc)).toEqual([]);
  return doc;
};

describe("locked", () => {
  it("lists the declared orgs' locked users, managers first, with roles; other orgs' users are left out", async () => {
    h.emu.control.failPassword(user("alice").id, 3); // ACME's owner, at the org's limit after apply below
    let doc = await lockedJson();
    // Before any apply ACME inherits 0 (never lock): Alice is not locked yet.
    expect(doc.users.map((u) => u.loginName)).toEqual([
      "bob@acme.emulator.localhost",
      "carol@globex.emulator.localhost",
    ]);
    expect(await h.cli(["apply", "--auto-approve"])).toMatchObject({ code: 0 });
    h.emu.control.failPassword(user("alice").id, 3);
    doc = await lockedJson();
    expect(doc.users.map((u) => [u.loginName, u.orgName, u.manager, u.roles, u.human])).toEqual([
      ["alice@acme.emulator.localhost", "ACME", true, ["ORG_OWNER"], true],
      ["bob@acme.emulator.localhost", "ACME", false, [], true],
      ["carol@globex.emulator.localhost", "Globex", false, [], true],
    ]);
    expect(doc.summary).toEqual({ locked: 3, managers: 1 });
    expect(doc.scope).toEqual({ allOrgs: false, orgs: 2 });
    // Grace (Umbrella) is locked too, but Umbrella is not in the config.
    expect(doc.users.map((u) => u.userId)).not.toContain(user("grace").id);
  });

  it("--all-orgs needs no config; an instance role counts as manager; --detailed-exitcode exits 2", async () => {
    const umbrella = org("Umbrella");
    const ops = h.emu.control.addUser(umbrella, "ops-lead", "active");
    h.emu.control.addMember(ops, "instance", ["IAM_USER_MANAGER"]);
    h.emu.control.lockUser(ops);
    h.ws.write("lockout.yaml", "not: [valid"); // never read with --all-orgs and no -f
    const doc = await lockedJson(["--all-orgs"]);
    expect(doc.scope).toEqual({ allOrgs: true });
    expect(doc.users[0]).toMatchObject({
      loginName: "ops-lead@umbrella.emulator.localhost",
      roles: ["IAM_USER_MANAGER"],
      manager: true,
    });
    expect(doc.users.map((u) => u.loginName)).toContain("grace@umbrella.emulator.localhost");
    const text = await h.cli(["locked", "--all-orgs", "--detailed-exitcode"]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("! ops-lead@umbrella.emulator.localhost");
    expect(text.stdout).toContain("manager: IAM_USER_MANAGER");
    expect(text.stdout).toMatch(/\d+ locked, 1 of them manager\./);
    for (const id of h.emu.control
      .listUsers()
      .filter((u) => u.state === "locked")
      .map((u) => u.id))
      h.emu.control.unlockUser(id);
    const none = await h.cli(["locked", "--all-orgs", "--detailed-exitcode"]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No user is locked.");
  });

  it("credentials that may read users but not members: listed without roles, with a warning", async () => {
    const acme = org("ACME");
    const reader = h.emu.control.addUser(acme, "user-manager", "active", { kind: "machine" });
    h.emu.control.addMember(reader, acme, ["ORG_USER_MANAGER"]);
    h.ws.write("acme.yaml", config({ orgs: [`id: "${acme}"\ninherit: true`] }));
    const doc = await lockedJson(["-f", "acme.yaml"], { ZITADEL_TOKEN: h.emu.patFor(reader) });
    expect(doc.users.map((u) => u.loginName)).toEqual(["bob@acme.emulator.localhost"]);
    expect(doc.warnings.join("\n")).toMatch(/instance roles could not be read.*iam\.member\.read/);
    expect(doc.warnings.join("\n")).toMatch(/roles in ACME could not be read.*org\.member\.read/);
  });

  it("a declared org that does not exist is an error at its line", async () => {
    h.ws.write("bad.yaml", config({ orgs: ["name: Nope\ninherit: true"] }));
    const r = await h.cli(["locked", "-f", "bad.yaml"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: no organization is named "Nope"/);
  });

  it("Markdown escapes server-provided names and keeps managers first", () => {
    const md = renderLockedMarkdown({
      server: "https://x.example",
      toolVersion: "0",
      checkedAt: "2026-01-01T00:00:00.000Z",
      scope: "all",
      warnings: [],
      users: [
        { userId: "1", loginName: "a|b@x", orgId: "9", orgName: "Org <b>", human: true, roles: ["ORG_OWNER"] },
        { userId: "2", loginName: "c@x", orgId: "9", orgName: "Org", human: false, roles: [] },
      ],
    });
    expect(md).toContain("### 🔒 Locked users: 2, 1 manager");
    expect(md).toContain("| ⚠️ manager | a\\|b@x | 1 | Org \\<b\\> (9) | human | ORG\\_OWNER |");
    expect(md.indexOf("a\\|b@x")).toBeLessThan(md.indexOf("c@x"));
  });
});

describe("locked with prune", () => {
  it("a config with prune manages every org, so every org is in scope", async () => {
    h.ws.write("prune.yaml", config({ orgs: ["name: ACME\ninherit: true"], extra: "prune:\n  enabled: true" }));
    const doc = await lockedJson(["-f", "prune.yaml"]);
    expect(doc.scope).toEqual({ allOrgs: true });
    expect(doc.users.map((u) => u.loginName)).toContain("grace@umbrella.emulator.localhost");
  });
});

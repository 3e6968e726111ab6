// `unlock`, in-process against the emulator: by id and by login name, --locked-managers, "not locked" is
// success, unknown users and the tool's own user are per-user errors, confirmation rules, a user locked
// while the command runs, and the exit codes (0 only when every user ends unlocked).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { schemaErrors } from "../render/schema-check.js";

let h: Harness;
const org = (name: string) => h.emu.control.listOrgs().find((o) => o.name === name)!.id;
const user = (userName: string) => h.emu.control.listUsers().find((u) => u.userName === userName)!;
const unlockWrites = () => h.writes().filter((w) => w.path.endsWith("/unlock"));

beforeEach(async () => {
  h = await harness();
  h.emu.clearLog();
});
afterEach(async () => h.close());

interface Doc {
  allUnlocked: boolean;
  users: { request: string; status: string; finalState?: string; error?: string; loginName?: string }[];
}
const unlockJson = async (argv: string[], env?: Record<string, string>) => {
  const r = await h.cli(["unlock", "--auto-approve", "--format", "json", ...argv], env);
  const doc = JSON.parse(r.stdout) as Doc;
  expect(schemaErrors("unlock-result", doc)).toEqual([]);
  return { code: r.code, stderr: r.stderr, doc };
};

describe("unlock", () => {
  it("by id and by login name (case-insensitive); a user who is not locked is success", async () => {
    const { code, doc, stderr } = await unlockJson([
      user("bob").id,
      "CAROL@globex.emulator.localhost",
      "alice@acme.emulator.localhost",
    ]);
    expect(code, stderr).toBe(0);
    expect(doc.users.map((u) => [u.loginName, u.status, u.finalState])).toEqual([
      ["bob@acme.emulator.localhost", "unlocked", "active"],
      ["carol@globex.emulator.localhost", "unlocked", "active"],
      ["alice@acme.emulator.localhost", "not-locked", "active"],
    ]);
    expect(user("bob").state).toBe("active");
    // One attempt per user, Alice's included (it is what catches a lock that happens after the preview).
    expect(unlockWrites()).toHaveLength(3);
    // The preview went to stderr, as stdout carries the JSON.
    expect(stderr).toContain("locked → unlock");
  });

  it("unknown users and the tool's own user are per-user errors; the others are still unlocked; exit 1", async () => {
    const { code, doc } = await unlockJson([
      "nobody@acme.emulator.localhost",
      "lockout-admin@zitadel.emulator.localhost",
      user("grace").id,
    ]);
    expect(code).toBe(1);
    expect(doc.allUnlocked).toBe(false);
    expect(doc.users.map((u) => [u.request, u.status])).toEqual([
      ["nobody@acme.emulator.localhost", "failed"],
      ["lockout-admin@zitadel.emulator.localhost", "failed"],
      [user("grace").id, "unlocked"],
    ]);
    expect(doc.users[0]!.error).toMatch(/no such user/);
    expect(doc.users[1]!.error).toMatch(/the tool's own user/);
    // Nothing was sent for the unknown user or for itself.
    expect(unlockWrites().map((w) => w.path)).toEqual([`/v2/users/${user("grace").id}/unlock`]);
  });

  it("a user locked while the command runs (after the preview, before the write) ends unlocked", async () => {
    const alice = user("alice").id;
    let asked = "";
    const r = await h.cli(["unlock", alice], undefined);
    expect(r.code).toBe(1); // no terminal and no --auto-approve: refused before anything is read
    expect(r.stderr).toMatch(/--auto-approve/);
    const { run } = await import("../support/io.js");
    const interactive = await run(["unlock", alice], {
      cwd: h.ws.dir,
      env: { ZITADEL_URL: h.emu.url, ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      interactive: true,
      confirm: async (question) => {
        asked = question;
        // Three wrong passwords at ACME's limit of 3, between the preview and the unlock.
        h.emu.control.setOrgPolicy(org("ACME"), { maxPasswordAttempts: 3, maxOtpAttempts: 0 });
        expect(h.emu.control.failPassword(alice, 3)).toMatchObject({ locked: true });
        return true;
      },
    });
    expect(asked).toBe(`Unlock 1 user on ${h.emu.url}?`);
    expect(interactive.stdout).toContain("active now; unlock is still sent in case it is locked meanwhile");
    expect(interactive.stdout).toContain("alice@acme.emulator.localhost (" + alice + "): unlocked, now active");
    expect(interactive.code).toBe(0);
    expect(user("alice").state).toBe("active");
  });

  it("declining the confirmation writes nothing and exits 1", async () => {
    const { run } = await import("../support/io.js");
    const r = await run(["unlock", user("bob").id], {
      cwd: h.ws.dir,
      env: { ZITADEL_URL: h.emu.url, ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      interactive: true,
      confirm: async () => false,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Unlock cancelled; nothing was written.");
    expect(unlockWrites()).toEqual([]);
    expect(user("bob").state).toBe("locked");
  });

  it("--locked-managers unlocks the locked managers of the config's orgs only", async () => {
    const acme = org("ACME");
    h.emu.control.lockUser(user("alice").id); // ACME's owner
    const umbrellaLead = h.emu.control.addUser(org("Umbrella"), "umbrella-lead", "locked");
    h.emu.control.addMember(umbrellaLead, org("Umbrella"), ["ORG_OWNER"]);
    h.ws.write("lockout.yaml", config({ orgs: [`id: "${acme}"\ninherit: true`] }));
    const { code, doc } = await unlockJson(["--locked-managers"]);
    expect(code).toBe(0);
    expect(doc.users.map((u) => [u.loginName, u.status])).toEqual([["alice@acme.emulator.localhost", "unlocked"]]);
    expect(user("bob").state).toBe("locked"); // locked, but not a manager
    expect(user("umbrella-lead").state).toBe("locked"); // a manager, but not in the config's orgs
    const again = await h.cli(["unlock", "--locked-managers", "--auto-approve"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No locked manager in the config's orgs: nothing to unlock.");
  });

  it("credentials without user.write: the server's refusal per user, the user stays locked, exit 1", async () => {
    const r = await unlockJson([user("bob").id], { ZITADEL_TOKEN: h.emu.credentials.viewerToken });
    expect(r.code).toBe(1);
    expect(r.doc.users[0]).toMatchObject({ status: "failed" });
    expect(r.doc.users[0]!.error).toMatch(/AUTH-AWfge[\s\S]*unlocking a user needs permission user\.write/);
    expect(user("bob").state).toBe("locked");
  });

  it("usage: users and --locked-managers together, or neither, are refused", async () => {
    expect((await h.cli(["unlock", "--auto-approve"])).stderr).toMatch(/name the users to unlock/);
    expect((await h.cli(["unlock", "--auto-approve", "--locked-managers", "x"])).stderr).toMatch(/not both/);
    expect(h.emu.requestLog).toEqual([]);
  });
});

// rollback, in-process against the emulator: back to the state before the last journaled apply through the
// same preflight → one write per change → verify path, journaled, so a second rollback undoes the first.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { schemaErrors } from "../render/schema-check.js";
import { run } from "../support/io.js";

let h: Harness;
let acme: string;
let globex: string;
let initech: string;
let hooli: string;

// Recovery is not what these tests are about: the scopes they tighten are declared acceptable.
const IGNORE_RECOVERY = "lint:\n  ignore: [no-recovery-path]";

beforeEach(async () => {
  h = await harness();
  acme = h.emu.control.addOrg("RB ACME");
  globex = h.emu.control.addOrg("RB Globex");
  initech = h.emu.control.addOrg("RB Initech");
  hooli = h.emu.control.addOrg("RB Hooli");
  h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
  h.emu.control.setOrgPolicy(initech, { maxPasswordAttempts: 8, maxOtpAttempts: 8 });
  // Config A: instance 5/5, ACME gets a policy, Globex 4/4, Initech inherits; Hooli is not managed.
  h.ws.write(
    "a.yaml",
    config({
      instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
      orgs: [
        `name: RB ACME\nmaxPasswordAttempts: 3\nmaxOtpAttempts: 3`,
        `id: "${globex}"\nmaxPasswordAttempts: 4\nmaxOtpAttempts: 4`,
        `id: "${initech}"\ninherit: true`,
      ],
      extra: IGNORE_RECOVERY,
    }),
  );
  // Config B: instance 7/7, ACME back to inheriting, Globex 6/6, Initech a policy again, Hooli a policy.
  h.ws.write(
    "b.yaml",
    config({
      instance: "maxPasswordAttempts: 7\nmaxOtpAttempts: 7",
      orgs: [
        `name: RB ACME\ninherit: true`,
        `id: "${globex}"\nmaxPasswordAttempts: 6\nmaxOtpAttempts: 6`,
        `id: "${initech}"\nmaxPasswordAttempts: 10\nmaxOtpAttempts: 10`,
        `id: "${hooli}"\nmaxPasswordAttempts: 12\nmaxOtpAttempts: 12`,
      ],
      extra: IGNORE_RECOVERY,
    }),
  );
});
afterEach(async () => h.close());

/** Every target's values (null: inherits), without sequences: what "the same state" means to a user. */
const state = () => ({
  instance: (({ maxPasswordAttempts, maxOtpAttempts }) => ({ maxPasswordAttempts, maxOtpAttempts }))(
    h.emu.control.instancePolicy(),
  ),
  ...Object.fromEntries(
    [acme, globex, initech, hooli].map((id) => {
      const p = h.emu.control.orgPolicy(id);
      return [id, p && { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts }];
    }),
  ),
});

const apply = async (file: string) => {
  const r = await h.cli(["apply", "-f", file, "--auto-approve", "--journal", "journal.json"]);
  expect(r.code, r.stderr).toBe(0);
};
const rollback = async (extra: string[] = []) =>
  h.cli(["rollback", "-f", "b.yaml", "--journal", "journal.json", ...extra]);
const planIsEmpty = async (file: string) => {
  const r = await h.cli(["plan", "-f", file, "--detailed-exitcode"]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
};
const journal = () => JSON.parse(h.ws.read("journal.json"));

describe("rollback", () => {
  it("returns the last apply's targets to their state before (inheriting too); re-planning it is empty", async () => {
    await apply("a.yaml");
    const afterA = state();
    await apply("b.yaml");
    expect(state()).not.toEqual(afterA);
    h.emu.clearLog();

    const r = await rollback(["--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Rollback of the apply of \S+ \(2 created, 2 updated, 1 reset\)/);
    expect(state()).toEqual(afterA);
    // One write per changed target, the same kinds of writes apply makes: instance PUT, ACME created
    // again, Globex updated, Initech and Hooli reset.
    expect(h.writes()).toHaveLength(5);
    expect(
      h
        .writes()
        .filter((w) => w.method === "DELETE")
        .map((w) => w.orgId)
        .sort(),
    ).toEqual([initech, hooli].sort());
    expect(
      h
        .writes()
        .filter((w) => w.method === "POST")
        .map((w) => w.orgId),
    ).toEqual([acme]);
    await planIsEmpty("a.yaml");

    const j = journal();
    expect(schemaErrors("journal", j)).toEqual([]);
    expect(j.history.map((r: { kind: string }) => r.kind)).toEqual(["apply", "apply", "rollback"]);
  });

  it("reads a journal a newer 2.x build wrote with fields it does not know: drift and rollback work", async () => {
    await apply("a.yaml");
    const afterA = state();
    await apply("b.yaml");
    const newer = journal();
    newer.signedBy = "a field a newer build added";
    newer.entries[0].note = "newer";
    newer.history[1].approvedBy = "someone";
    newer.history[1].targets[0].before.reason = "newer";
    h.ws.write("journal.json", JSON.stringify(newer, null, 2));

    const drift = await h.cli(["drift", "-f", "b.yaml", "--journal", "journal.json", "--format", "json"]);
    expect(drift.code, drift.stderr).toBe(0);
    const report = JSON.parse(drift.stdout);
    expect(schemaErrors("drift", report)).toEqual([]);
    expect(report.journal.status).toBe("read");
    expect(report.summary.changedOutsideGit).toBe(0);

    const r = await rollback(["--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(state()).toEqual(afterA);
    // What this build writes back is what it knows: the journal is valid against the closed schema again.
    expect(schemaErrors("journal", journal())).toEqual([]);
  });

  it("a second rollback undoes the first", async () => {
    await apply("a.yaml");
    await apply("b.yaml");
    const afterB = state();
    expect((await rollback(["--auto-approve"])).code).toBe(0);
    const second = await rollback(["--auto-approve"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Rollback of the rollback of /);
    expect(state()).toEqual(afterB);
    await planIsEmpty("b.yaml");
    expect(journal().history.map((r: { kind: string }) => r.kind)).toEqual(["apply", "apply", "rollback", "rollback"]);
  });

  it("flags targets changed since the apply (overwritten) in every view; --out saves an applicable plan", async () => {
    await apply("a.yaml");
    await apply("b.yaml");
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 2, maxOtpAttempts: 2 }); // someone else, since
    h.emu.clearLog();

    const json = await rollback(["--out", "rollback.json", "--format", "json"]);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(schemaErrors("plan", doc)).toEqual([]);
    expect(doc).toEqual(JSON.parse(h.ws.read("rollback.json")));
    expect(doc.rollback.of.kind).toBe("apply");
    expect(doc.rollback.changedSince).toEqual([
      {
        target: `org:${globex}`,
        orgName: "RB Globex",
        recorded: { settings: { maxPasswordAttempts: 6, maxOtpAttempts: 6 }, sequence: expect.any(String) },
        live: { settings: { maxPasswordAttempts: 2, maxOtpAttempts: 2 }, sequence: expect.any(String) },
      },
    ]);
    const text = await rollback(["--out", "rollback2.json"]);
    expect(text.stdout).toMatch(
      new RegExp(
        `! org:${globex} \\(RB Globex\\) changed since that apply: it left 6/6 \\(sequence \\d+\\), the ` +
          `server has 2/2 \\(sequence \\d+\\); the rollback overwrites it`,
      ),
    );
    const md = await rollback(["--out", "rollback3.json", "--format", "markdown"]);
    expect(md.stdout).toContain("> [!WARNING]");
    expect(md.stdout).toMatch(new RegExp(`> - \`org:${globex}\` \\(RB Globex\\): it left 6/6`));
    expect(h.writes()).toEqual([]); // --out only plans

    const applied = await h.cli(["apply", "rollback.json", "--journal", "journal.json"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.emu.control.orgPolicy(globex)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    await planIsEmpty("a.yaml");
    expect(journal().history.at(-1).kind).toBe("rollback");
  });

  it("a target changed between the rollback's plan and its writes: exit 4, nothing written", async () => {
    await apply("a.yaml");
    await apply("b.yaml");
    const before = state();
    h.emu.clearLog();
    const r = await run(["rollback", "-f", "b.yaml", "--journal", "journal.json"], {
      cwd: h.ws.dir,
      env: { ZITADEL_URL: h.emu.url, ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      interactive: true,
      // The question is asked after the plan's reads and before the preflight: the last moment to race it.
      confirm: async () => {
        h.emu.control.setOrgPolicy(hooli, { maxPasswordAttempts: 13, maxOtpAttempts: 13 });
        h.emu.clearLog();
        return true;
      },
    });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`org:${hooli}: expected sequence \\d+, found \\d+`));
    expect(h.writes()).toEqual([]);
    expect(state()).toEqual({ ...before, [hooli]: { maxPasswordAttempts: 13, maxOtpAttempts: 13 } });
    expect(journal().history).toHaveLength(2); // nothing applied, nothing journaled
  });

  it("nothing to do when someone already put the targets back: no write, no history record, exit 0", async () => {
    await apply("a.yaml");
    const afterA = state();
    await apply("b.yaml");
    // Put back by hand (the console), target by target.
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 3, maxOtpAttempts: 3 });
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    h.emu.control.setOrgPolicy(initech, null);
    h.emu.control.setOrgPolicy(hooli, null);
    expect(state()).toEqual(afterA);
    h.emu.clearLog();
    const r = await rollback(["--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("No changes. The lockout policies on");
    expect(r.stdout).toContain("are already as they were before that apply");
    // Every target was changed since the apply, and says so.
    expect(r.stdout.match(/changed since that apply/g)).toHaveLength(5);
    expect(h.writes()).toEqual([]);
    expect(journal().history).toHaveLength(2);
  });

  it("refuses clearly without a journal, without one on disk, and with an empty history", async () => {
    h.ws.write("plain.yaml", config({ instance: "maxPasswordAttempts: 5" }));
    const none = await h.cli(["rollback", "-f", "plain.yaml", "--auto-approve"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "rollback needs the journal the applies wrote: pass --journal FILE or write journal: in the config",
    );
    const missing = await h.cli(["rollback", "-f", "plain.yaml", "--journal", "nope.json", "--auto-approve"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "the journal nope.json does not exist: no apply has been recorded, so there is nothing to roll back",
    );
    const noTty = await h.cli(["rollback", "-f", "plain.yaml", "--journal", "nope.json"]);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain("rollback needs --auto-approve when there is no terminal");
    expect(h.writes()).toEqual([]);
  });
});

describe("a journal of the first release (test/fixtures/journal-v1)", () => {
  // Written by zitadel-lockout 0.1.0 (main at 41a8483) after applying test/fixtures/journal-v1/lockout.yaml to a
  // fresh emulator; only its server URL (the emulator's random port) is set to this test's emulator.
  const fixture = (url: string) => {
    const text = readFileSync(join(import.meta.dirname, "../fixtures/journal-v1/journal.json"), "utf8");
    return JSON.stringify({ ...JSON.parse(text), server: url }, null, 2);
  };

  it("is read by drift and apply; rollback says why it cannot undo it; the next apply starts the history", async () => {
    h.ws.write("lockout.yaml", readFileSync(join(import.meta.dirname, "../fixtures/journal-v1/lockout.yaml"), "utf8"));
    expect((await h.cli(["apply", "--auto-approve"])).code).toBe(0); // the same state the old version left
    h.ws.write("journal.json", fixture(h.emu.url));

    const drift = await h.cli(["drift", "--journal", "journal.json", "--format", "json"]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(JSON.parse(drift.stdout).summary).toMatchObject({ targets: 3, drifted: 0 });

    const refused = await h.cli(["rollback", "--journal", "journal.json", "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("was written by zitadel-lockout 0.1.0, which kept no history of applies");

    h.ws.write(
      "lockout.yaml",
      readFileSync(join(import.meta.dirname, "../fixtures/journal-v1/lockout.yaml"), "utf8").replace(
        "maxPasswordAttempts: 3",
        "maxPasswordAttempts: 7",
      ),
    );
    expect((await h.cli(["apply", "--auto-approve", "--journal", "journal.json"])).code).toBe(0);
    expect(journal()).toMatchObject({
      formatVersion: 2,
      history: [{ kind: "apply", targets: [{ target: "org:300000000000000003" }] }],
    });
    const undo = await h.cli(["rollback", "--journal", "journal.json", "--auto-approve"]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(h.emu.control.orgPolicy("300000000000000003")).toMatchObject({ maxPasswordAttempts: 3 });
  });
});

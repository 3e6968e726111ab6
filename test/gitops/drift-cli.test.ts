// apply --journal and drift, in-process against the emulator: both kinds of drift, exit codes, the journal's
// lifecycle, and the refusals that happen before anything is written.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { schemaErrors } from "../render/schema-check.js";

let h: Harness;
let acme: string;
let globex: string;
let initech: string;

beforeEach(async () => {
  h = await harness();
  acme = h.emu.control.addOrg("Drift ACME");
  globex = h.emu.control.addOrg("Drift Globex");
  initech = h.emu.control.addOrg("Drift Initech");
  h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
  h.ws.write(
    "lockout.yaml",
    config({
      instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
      // ACME by name (so reports can show it), the others by id.
      orgs: [
        `name: Drift ACME\nmaxPasswordAttempts: 3\nmaxOtpAttempts: 3`,
        `id: "${globex}"\nmaxPasswordAttempts: 4\nmaxOtpAttempts: 4`,
        `id: "${initech}"\ninherit: true`,
      ],
    }),
  );
});
afterEach(async () => h.close());

const applyWithJournal = async (extra: string[] = []) => {
  const r = await h.cli(["apply", "--auto-approve", "--journal", "journal.json", ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return r;
};
const driftJson = async (extra: string[] = ["--journal", "journal.json"]) => {
  const r = await h.cli(["drift", "--format", "json", ...extra]);
  const doc = JSON.parse(r.stdout);
  expect(schemaErrors("drift", doc)).toEqual([]);
  return {
    code: r.code,
    stderr: r.stderr,
    doc,
    target: (t: string) => doc.targets.find((x: { target: string }) => x.target === t),
  };
};

describe("drift without a journal", () => {
  it("compares values only, says so, and exits 3 only when values differ", async () => {
    await h.cli(["apply", "--auto-approve"]);
    h.emu.clearLog();
    const clean = await h.cli(["drift"]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("no journal is configured, so only values were compared with the config.");
    expect(clean.stdout).toMatch(/No drift\. The 4 targets match the config\./);

    // Changed and changed back: invisible without a journal (and the report said so).
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 8, maxOtpAttempts: 8 });
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 3, maxOtpAttempts: 3 });
    expect((await h.cli(["drift"])).code).toBe(0);

    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 8, maxOtpAttempts: 8 });
    const drifted = await h.cli(["drift"]);
    expect(drifted.code).toBe(3);
    expect(drifted.stdout).toContain(`~ org:${acme} (Drift ACME)`);
    expect(drifted.stdout).toMatch(/maxPasswordAttempts {2}8 → 3/);
    expect(h.writes()).toEqual([]); // drift only reads
  });
});

describe("apply --journal and drift --journal", () => {
  it("records each target's sequence after a verified apply, and a clean drift exits 0", async () => {
    await applyWithJournal();
    const journal = JSON.parse(h.ws.read("journal.json"));
    expect(schemaErrors("journal", journal)).toEqual([]);
    expect(journal.server).toBe(h.emu.url);
    const entry = (t: string) => journal.entries.find((e: { target: string }) => e.target === t);
    expect(entry(`org:${acme}`)).toMatchObject({
      orgName: "Drift ACME",
      settings: { maxPasswordAttempts: 3, maxOtpAttempts: 3 },
      sequence: h.emu.control.orgPolicy(acme)!.sequence,
    });
    expect(entry(`org:${initech}`)).toMatchObject({
      settings: null,
      sequence: h.emu.control.instancePolicy().sequence,
    });
    expect(entry("instance")).toMatchObject({ sequence: h.emu.control.instancePolicy().sequence });
    expect(h.ws.read("journal.json")).not.toContain(h.emu.credentials.iamOwnerToken);

    const drift = await driftJson();
    expect(drift.code).toBe(0);
    expect(drift.doc).toMatchObject({
      drifted: false,
      journal: { status: "read", path: "journal.json" },
      summary: { targets: 4, drifted: 0 },
    });
  });

  it("sees a reverted edit (values equal again, sequence moved), with the server's change date: exit 3", async () => {
    await applyWithJournal();
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 3, maxOtpAttempts: 3 });
    const drift = await driftJson();
    expect(drift.code).toBe(3);
    expect(drift.target(`org:${acme}`)).toMatchObject({
      drifted: true,
      valuesDiffer: false,
      action: "noop",
      outsideGit: {
        status: "changed",
        change: "changed-and-reverted",
        changeDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    expect(drift.doc.summary).toMatchObject({ drifted: 1, valuesDiffer: 0, changedOutsideGit: 1 });

    const md = await h.cli(["drift", "--journal", "journal.json", "--format", "markdown"]);
    expect(md.code).toBe(3);
    expect(md.stdout.split("\n")[0]).toBe("<!-- zitadel-lockout:drift -->");
    expect(md.stdout).toMatch(
      new RegExp(`\\| \`org:${acme}\` \\| Drift ACME \\| changed and changed back \\| 3/3 · seq \\d+ · applied `),
    );
  });

  it("reports an instance edit once, on the instance, not on every inheriting org", async () => {
    await applyWithJournal();
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 7, maxOtpAttempts: 5 });
    const drift = await driftJson();
    expect(drift.code).toBe(3);
    expect(drift.target("instance")).toMatchObject({
      valuesDiffer: true,
      outsideGit: { status: "changed", change: "values-changed" },
    });
    expect(drift.target(`org:${initech}`)).toMatchObject({
      drifted: false,
      outsideGit: { status: "follows-instance" },
    });
    expect(drift.doc.summary).toMatchObject({ drifted: 1, followsInstance: 1 });
    const text = await h.cli(["drift", "--journal", "journal.json"]);
    expect(text.stdout).toContain(
      "1 inheriting org reads a moved instance default; that change is reported once, on the instance.",
    );
    expect(text.stdout).not.toContain(`~ org:${initech}`);
  });

  it("tells a reset and an added custom policy apart", async () => {
    await applyWithJournal();
    h.emu.control.setOrgPolicy(globex, null);
    h.emu.control.setOrgPolicy(initech, { maxPasswordAttempts: 1, maxOtpAttempts: 1 });
    const drift = await driftJson();
    expect(drift.code).toBe(3);
    expect(drift.target(`org:${globex}`)).toMatchObject({
      live: null,
      action: "create",
      outsideGit: { status: "changed", change: "reset-to-default" },
    });
    expect(drift.target(`org:${globex}`).outsideGit).not.toHaveProperty("changeDate");
    expect(drift.target(`org:${initech}`)).toMatchObject({
      action: "reset",
      outsideGit: { status: "changed", change: "custom-policy-added" },
    });
  });

  it("a later apply restores the config, says what it overwrote, and makes the journal the new baseline", async () => {
    await applyWithJournal();
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    const again = await applyWithJournal();
    expect(again.stderr).toContain(
      `org:${acme} (Drift ACME) had changed outside Git since the previous apply (values-changed); this ` +
        `apply restored the config.`,
    );
    expect((await driftJson()).code).toBe(0);

    // A reverted edit on a target the apply leaves alone: recorded as the new baseline, and said so.
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 1, maxOtpAttempts: 1 });
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    h.emu.clearLog();
    const noop = await applyWithJournal();
    expect(h.writes()).toEqual([]);
    expect(noop.stderr).toContain(
      `org:${globex} (Drift Globex) had changed outside Git since the previous apply ` +
        `(changed-and-reverted); its state now matches the config and is the new baseline.`,
    );
    expect((await driftJson()).code).toBe(0);
  });

  it("uses journal: from the config (relative to the working dir) in both commands, makes its folder", async () => {
    h.ws.write("lockout.yaml", h.ws.read("lockout.yaml") + "journal: .zitadel-lockout/journal.json\n");
    const apply = await h.cli(["apply", "--auto-approve"]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain("Recorded 4 targets in the journal .zitadel-lockout/journal.json.");
    expect(h.ws.exists(".zitadel-lockout/journal.json")).toBe(true);
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 2, maxOtpAttempts: 4 });
    h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    const drift = await driftJson([]);
    expect(drift.code).toBe(3);
    expect(drift.doc.journal).toMatchObject({ status: "read", path: ".zitadel-lockout/journal.json" });
  });

  it("apply PLANFILE --journal records the plan's targets", async () => {
    expect((await h.cli(["plan", "--out", "plan.json"])).code).toBe(0);
    const r = await h.cli(["apply", "plan.json", "--journal", "journal.json"]);
    expect(r.code, r.stderr).toBe(0);
    const journal = JSON.parse(h.ws.read("journal.json"));
    expect(journal.entries.map((e: { target: string }) => e.target)).toEqual([
      "instance",
      `org:${acme}`,
      `org:${globex}`,
      `org:${initech}`,
    ]);
    expect((await driftJson()).code).toBe(0);
  });

  it("drift with a journal that no apply has written yet warns and compares values only", async () => {
    await h.cli(["apply", "--auto-approve"]);
    const drift = await driftJson(["--journal", "never-written.json"]);
    expect(drift.code).toBe(0);
    expect(drift.doc.journal).toEqual({ status: "missing", path: "never-written.json" });
    expect(drift.stderr).toContain("warning: the journal never-written.json does not exist yet");
  });
});

describe("refusals", () => {
  it("a journal of another server stops apply before any write, and drift with exit 1", async () => {
    await applyWithJournal();
    const other = JSON.parse(h.ws.read("journal.json"));
    h.ws.write("journal.json", JSON.stringify({ ...other, server: "https://elsewhere.zitadel.cloud" }));
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    h.emu.clearLog();
    const apply = await h.cli(["apply", "--auto-approve", "--journal", "journal.json"]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      `the journal journal.json was written for https://elsewhere.zitadel.cloud, not ${h.emu.url}`,
    );
    expect(h.writes()).toEqual([]);
    const drift = await h.cli(["drift", "--journal", "journal.json"]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toBe("");
  });

  it("a journal of another instance at the same URL (rebuilt): drift refuses it, apply starts a new one", async () => {
    await applyWithJournal();
    const recorded = JSON.parse(h.ws.read("journal.json"));
    expect(recorded.instanceId).toBe("300000000000000001"); // the emulator's demo instance
    h.ws.write("journal.json", JSON.stringify({ ...recorded, instanceId: "399999999999999999" }));
    const drift = await h.cli(["drift", "--journal", "journal.json"]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toBe("");
    expect(drift.stderr).toContain(
      `the journal journal.json was written for instance 399999999999999999, but ${h.emu.url} now serves ` +
        `instance 300000000000000001`,
    );

    const apply = await applyWithJournal();
    expect(apply.stderr).toContain("The journal journal.json described instance 399999999999999999");
    expect(apply.stderr).not.toContain("had changed outside Git");
    expect(JSON.parse(h.ws.read("journal.json")).instanceId).toBe("300000000000000001");
    expect((await h.cli(["drift", "--journal", "journal.json"])).code).toBe(0);
  });

  it("a damaged journal stops apply before any write", async () => {
    h.ws.write("journal.json", '{"kind":"zitadel-lockout-journal","formatVersion":1}');
    const apply = await h.cli(["apply", "--auto-approve", "--journal", "journal.json"]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/error: journal\.json: the journal is damaged/);
    expect(h.writes()).toEqual([]);
  });

  it("a failed apply leaves the journal as it was", async () => {
    await applyWithJournal();
    const before = h.ws.read("journal.json");
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    // The server refuses the write (no retries): the apply fails at its first write, after its checks passed.
    h.emu.setFaults({
      rate: 1,
      kinds: ["503"],
      methods: ["PUT", "POST", "DELETE"],
      paths: /^\/management\/v1\/policies\//,
    });
    const r = await h
      .cli(["apply", "--auto-approve", "--journal", "journal.json", "--retries", "0"])
      .finally(() => h.emu.setFaults(undefined));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The journal journal.json was not updated: the apply did not complete and verify.");
    expect(h.ws.read("journal.json")).toBe(before);
  });

  it("drift exits 1 on a bad config, with nothing on stdout", async () => {
    h.ws.write("lockout.yaml", "version: 1\norgs: 3\n");
    const r = await h.cli(["drift"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^lockout\.yaml:2:\d+: /);
  });
});

describe("drift while an apply finishes", () => {
  it("reads again when the journal was written during its read, not reporting apply's writes as drift", async () => {
    // The apply that finishes while drift reads the server: it writes the instance, then its journal.
    let concurrentApply: (() => void) | undefined;
    const h2 = await harness({
      onRequest: (e) => {
        if (concurrentApply && e.method === "GET" && e.path.startsWith("/v2/settings/lockout")) {
          const finish = concurrentApply;
          concurrentApply = undefined;
          finish();
        }
      },
    });
    try {
      h2.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5" }));
      expect((await h2.cli(["apply", "--auto-approve", "--journal", "journal.json"])).code).toBe(0);
      h2.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 6\nmaxOtpAttempts: 5" }));
      concurrentApply = () => {
        h2.emu.control.setInstancePolicy({ maxPasswordAttempts: 6, maxOtpAttempts: 5 });
        const journal = JSON.parse(h2.ws.read("journal.json"));
        const at = new Date().toISOString();
        journal.writtenAt = at;
        journal.entries[0] = {
          ...journal.entries[0],
          settings: { maxPasswordAttempts: 6, maxOtpAttempts: 5 },
          sequence: h2.emu.control.instancePolicy().sequence,
          appliedAt: at,
        };
        h2.ws.write("journal.json", JSON.stringify(journal, null, 2) + "\n");
      };
      const r = await h2.cli(["drift", "--journal", "journal.json", "--format", "json"]);
      expect(concurrentApply).toBeUndefined(); // the apply did happen during the read
      expect(r.code, r.stdout).toBe(0);
      expect(JSON.parse(r.stdout).summary).toMatchObject({ drifted: 0, changedOutsideGit: 0 });
      expect(r.stderr).toContain(
        "The journal journal.json was written just before or while the server was read (an apply may have " +
          "finished meanwhile); reading again",
      );

      // A journal rewritten during every read: no verdict that could be wrong, an error that says why.
      let rewrites = 0;
      const rewrite = () => {
        rewrites++;
        h2.ws.write(
          "journal.json",
          h2.ws
            .read("journal.json")
            .replace(/"writtenAt": "[^"]*"/, `"writtenAt": "${new Date(Date.now() + rewrites).toISOString()}"`),
        );
        concurrentApply = rewrite;
      };
      concurrentApply = rewrite;
      const busy = await h2.cli(["drift", "--journal", "journal.json"]);
      concurrentApply = undefined;
      expect(busy.code).toBe(1);
      expect(busy.stdout).toBe("");
      expect(busy.stderr).toContain(
        "the journal journal.json changed during each of 3 drift checks: an apply is writing it. Run " +
          "drift again when the apply has finished.",
      );
    } finally {
      await h2.close();
    }
  });
});

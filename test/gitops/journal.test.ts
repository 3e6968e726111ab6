// The journal: what a verified apply records, and the file's read/write rules.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  changedSinceJournal,
  journalAfterApply,
  JournalError,
  parseJournal,
  readJournal,
  writeJournal,
  type ApplyResult,
} from "../../src/apply/index.js";
import { HISTORY_LIMIT } from "../../src/plan/index.js";
import type { ObservedPolicy, TargetId } from "../../src/model.js";
import { s } from "../plan/fixtures.js";
import { journal, liveState, mixedPlan, noChangePlan, NOW } from "../render/fixtures.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "zl-journal-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The mixed plan applied: what the verification re-read for each changed target. */
function appliedResult(): ApplyResult {
  const plan = mixedPlan();
  const instance: ObservedPolicy = {
    settings: s(6, 5),
    inherited: false,
    sequence: "61",
    changeDate: "2025-03-04T05:00:00Z",
  };
  const observed = new Map<TargetId, ObservedPolicy>([
    ["instance", instance],
    [
      "org:300000000000000011",
      { settings: s(3, 5), inherited: false, sequence: "21", changeDate: "2025-03-04T05:00:01Z" },
    ],
    [
      "org:300000000000000012",
      { settings: s(4, 4), inherited: false, sequence: "33", changeDate: "2025-03-04T05:00:02Z" },
    ],
    ["org:300000000000000013", { ...instance, inherited: true }],
    ["org:300000000000000014", { ...instance, inherited: true }],
  ]);
  const results = plan.changes
    .filter((c) => c.action !== "noop")
    .map((change) => ({ change, outcome: { status: "applied" as const, sequence: "1" } }));
  return { plan, results, verification: undefined, observed, unverified: [], toolVersion: "9.9.9", ok: true };
}

describe("journalAfterApply", () => {
  const built = () =>
    journalAfterApply({
      result: appliedResult(),
      previous: journal(),
      live: liveState(),
      now: NOW,
      toolVersion: "9.9.9",
    });

  it("records every target of the plan, in plan order, with what apply's verification read", () => {
    const j = built();
    expect(j).toMatchObject({
      kind: "zitadel-lockout-journal",
      formatVersion: 2,
      toolVersion: "9.9.9",
      server: "https://acme.zitadel.cloud",
      writtenAt: NOW.toISOString(),
    });
    expect(j.entries.map((e) => e.target)).toEqual(mixedPlan().changes.map((c) => c.target));
    expect(j.entries[0]).toEqual({
      target: "instance",
      settings: s(6, 5),
      sequence: "61",
      changeDate: "2025-03-04T05:00:00Z",
      appliedAt: NOW.toISOString(),
    });
    expect(j.entries[1]).toMatchObject({
      target: "org:300000000000000011",
      orgName: "ACME | <b>Corp</b>",
      settings: s(3, 5),
      sequence: "21",
    });
  });

  it("records a reset org as inheriting, with the new instance sequence and no change date of its own", () => {
    const initech = built().entries.find((e) => e.target === "org:300000000000000013")!;
    expect(initech).toEqual({
      target: "org:300000000000000013",
      orgName: "Initech",
      settings: null,
      sequence: "61",
      appliedAt: NOW.toISOString(),
    });
  });

  it("takes unchanged targets from the live read (with change date); inheriting: the new instance sequence", () => {
    const j = built();
    expect(j.entries.find((e) => e.target === "org:300000000000000015")).toMatchObject({
      settings: s(4, 0),
      sequence: "8",
      changeDate: "2025-01-10T00:00:00Z",
    });
    expect(j.entries.find((e) => e.target === "org:300000000000000016")).toMatchObject({
      settings: null,
      sequence: "61",
    });
  });

  it("keeps appliedAt of an entry whose state this apply found unchanged, and stamps the rest", () => {
    const j = built();
    // Hooli was recorded at sequence 8 on 2025-02-01 and is still at 8: same baseline, same date.
    expect(j.entries.find((e) => e.target === "org:300000000000000015")!.appliedAt).toBe("2025-02-01T00:00:00.000Z");
    expect(j.entries.find((e) => e.target === "org:300000000000000012")!.appliedAt).toBe(NOW.toISOString());
  });

  it("without a live read (apply PLANFILE) falls back to what the plan saw, without change dates", () => {
    const j = journalAfterApply({ result: appliedResult(), previous: undefined, now: NOW, toolVersion: "9.9.9" });
    expect(j.entries.find((e) => e.target === "org:300000000000000015")).toEqual({
      target: "org:300000000000000015",
      orgName: "Hooli",
      settings: s(4, 0),
      sequence: "8",
      appliedAt: NOW.toISOString(),
    });
  });

  it("records the instance the apply read, when it read it", () => {
    const owned = { ...liveState(), instance: { ...liveState().instance, resourceOwner: "300000000000000001" } };
    expect(
      journalAfterApply({ result: appliedResult(), previous: undefined, live: owned, now: NOW, toolVersion: "9.9.9" })
        .instanceId,
    ).toBe("300000000000000001");
    expect(built().instanceId).toBeUndefined();
  });

  it("holds nothing but targets, values, sequences and dates", () => {
    const text = JSON.stringify(built());
    expect(Object.keys(JSON.parse(text)).sort()).toEqual([
      "entries",
      "formatVersion",
      "history",
      "kind",
      "server",
      "toolVersion",
      "writtenAt",
    ]);
    expect(text).not.toMatch(/token|secret|key|authorization/i);
  });
});

describe("changedSinceJournal", () => {
  it("lists what moved between the previous journal and the plan's read", () => {
    // The plan read Globex 9/9 at sequence 31; recorded as 4/4 at 29, it changed outside Git. ACME was recorded
    // custom and the plan read it inheriting: reset. Hooli is at sequence 8 in both: unchanged.
    const previous = {
      ...journal(),
      entries: journal().entries.map((e) => (e.target === "org:300000000000000012" ? { ...e, sequence: "29" } : e)),
    };
    const found = changedSinceJournal(mixedPlan(), previous);
    expect(found).toContainEqual({ target: "org:300000000000000012", orgName: "Globex", change: "values-changed" });
    expect(found).toContainEqual({
      target: "org:300000000000000011",
      orgName: "ACME | <b>Corp</b>",
      change: "reset-to-default",
    });
    expect(found.find((f) => f.target === "org:300000000000000015")).toBeUndefined();
  });
});

describe("journal file", () => {
  it("writes atomically into a folder it creates, and reads back the same journal", async () => {
    const dir = tempDir();
    const path = join(dir, ".zitadel-lockout", "journal.json");
    await writeJournal(path, journal());
    expect(await readJournal(path)).toEqual(journal());
    expect(readdirSync(join(dir, ".zitadel-lockout"))).toEqual(["journal.json"]); // no temp file left behind
    expect(readFileSync(path, "utf8").endsWith("}\n")).toBe(true);
  });

  it("reads a version 2 journal from a newer 2.x build: fields it does not know are left out", () => {
    // Version 2, with a history record.
    const known = journalAfterApply({ result: appliedResult(), previous: journal(), now: NOW, toolVersion: "9.9.9" });
    const doc = JSON.parse(JSON.stringify(known));
    doc.signedBy = "a field a newer build added";
    doc.entries[0].note = "newer";
    doc.entries[1].settings.maxLockoutMinutes = 15;
    doc.history[0].approvedBy = "someone";
    doc.history[0].targets[0].before.reason = "newer";
    expect(parseJournal(JSON.stringify(doc), "j.json")).toEqual(JSON.parse(JSON.stringify(known)));
  });

  it("reads a journal that does not exist yet as undefined", async () => {
    expect(await readJournal(join(tempDir(), "none.json"))).toBeUndefined();
  });

  it.each([
    ["not JSON", "{", /j\.json: not a journal file/],
    [
      "another document",
      JSON.stringify({ kind: "zitadel-lockout-plan", formatVersion: 1 }),
      /not a zitadel-lockout journal/,
    ],
    [
      "a future format",
      JSON.stringify({ ...journal(), formatVersion: 3 }),
      /journal format version 3 is not supported by this version of zitadel-lockout \(it reads versions 1 and 2\)/,
    ],
    [
      "a version 2 journal without history",
      JSON.stringify({ ...journal(), formatVersion: 2 }),
      /the journal is damaged:\n {2}\/ must have required property 'history'/,
    ],
    [
      "a version 1 journal with a history",
      JSON.stringify({ ...journal(), history: [] }),
      /the journal is damaged:\n {2}\/ must NOT have additional properties/,
    ],
    [
      "a damaged entry",
      JSON.stringify({ ...journal(), entries: [{ target: "instance", settings: null }] }),
      /the journal is damaged:\n {2}\/entries\/0 must have required property 'sequence'/,
    ],
  ])("refuses %s with a JournalError naming the file", (_, text, message) => {
    expect(() => parseJournal(text, "j.json")).toThrow(JournalError);
    expect(() => parseJournal(text, "j.json")).toThrow(message);
  });

  it("reports an unreadable path (a directory) as a JournalError, not a crash", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "x"), "");
    await expect(readJournal(dir, "journal-dir")).rejects.toThrow(
      /cannot read the journal journal-dir: this is a directory, not a file \(EISDIR\)/,
    );
  });
});

describe("history of applies (rollback's input)", () => {
  const built = (previous = journal()) =>
    journalAfterApply({ result: appliedResult(), previous, live: liveState(), now: NOW, toolVersion: "9.9.9" });

  it("records each changed target's state before (the plan's, under its sequence) and after (verification's)", () => {
    const j = built();
    expect(j.history).toHaveLength(1);
    const record = j.history![0]!;
    expect(record).toMatchObject({
      appliedAt: NOW.toISOString(),
      kind: "apply",
      toolVersion: "9.9.9",
      summary: mixedPlan().summary,
    });
    // Only what changed: Hooli and Stark were noops.
    expect(record.targets.map((t) => t.target)).toEqual(
      mixedPlan()
        .changes.filter((c) => c.action !== "noop")
        .map((c) => c.target),
    );
    expect(record.targets[0]).toEqual({
      target: "instance",
      before: { settings: s(5, 5), sequence: "57" },
      after: { settings: s(6, 5), sequence: "61" },
    });
    // ACME inherited (the instance's sequence) and has its own row now; Initech the reverse.
    expect(record.targets.find((t) => t.target === "org:300000000000000011")).toEqual({
      target: "org:300000000000000011",
      orgName: "ACME | <b>Corp</b>",
      before: { settings: null, sequence: "57" },
      after: { settings: s(3, 5), sequence: "21" },
    });
    expect(record.targets.find((t) => t.target === "org:300000000000000013")).toMatchObject({
      before: { settings: s(2, 2), sequence: "44" },
      after: { settings: null, sequence: "61" },
    });
  });

  it("adds no record for an apply that changed nothing, and keeps the earlier ones", () => {
    const first = built();
    const plan = noChangePlan();
    const idle: ApplyResult = {
      plan,
      results: [],
      verification: undefined,
      observed: new Map(),
      unverified: [],
      toolVersion: "9.9.9",
      ok: true,
    };
    const next = journalAfterApply({
      result: idle,
      previous: first,
      live: liveState(),
      now: new Date("2025-03-05T00:00:00Z"),
      toolVersion: "9.9.9",
    });
    expect(next.history).toEqual(first.history);
  });

  it(`keeps the last ${HISTORY_LIMIT} applies, dropping the oldest`, () => {
    let j = built();
    for (let i = 1; i <= HISTORY_LIMIT + 4; i++) {
      j = journalAfterApply({
        result: appliedResult(),
        previous: j,
        live: liveState(),
        now: new Date(NOW.getTime() + i * 1000),
        toolVersion: "9.9.9",
      });
    }
    expect(j.history).toHaveLength(HISTORY_LIMIT);
    expect(j.history!.at(-1)!.appliedAt).toBe(new Date(NOW.getTime() + (HISTORY_LIMIT + 4) * 1000).toISOString());
    expect(j.history![0]!.appliedAt).toBe(new Date(NOW.getTime() + 5 * 1000).toISOString());
    expect(parseJournal(JSON.stringify(j), "j.json")).toEqual(j);
  });

  it("a rollback's plan updates its own targets' entries, keeps the others, and is recorded as a rollback", () => {
    const result = appliedResult();
    const onlyGlobex = result.plan.changes.filter((c) => c.target === "org:300000000000000012");
    const rollbackPlan = {
      ...result.plan,
      changes: onlyGlobex,
      rollback: {
        of: { appliedAt: NOW.toISOString(), kind: "apply" as const, summary: result.plan.summary },
        changedSince: [],
      },
    };
    const j = journalAfterApply({
      result: { ...result, plan: rollbackPlan },
      previous: journal(),
      live: liveState(),
      now: NOW,
      toolVersion: "9.9.9",
    });
    expect(j.entries.map((e) => e.target)).toEqual(journal().entries.map((e) => e.target));
    expect(j.entries.find((e) => e.target === "org:300000000000000012")).toMatchObject({
      settings: s(4, 4),
      sequence: "33",
    });
    expect(j.entries.find((e) => e.target === "org:300000000000000015")).toEqual(
      journal().entries.find((e) => e.target === "org:300000000000000015"),
    );
    expect(j.history!.at(-1)).toMatchObject({ kind: "rollback", targets: [{ target: "org:300000000000000012" }] });
  });

  it("reads the journal the first release wrote (test/fixtures/journal-v1), without a history", async () => {
    const path = join(import.meta.dirname, "../fixtures/journal-v1/journal.json");
    const old = await readJournal(path);
    expect(old).toMatchObject({ formatVersion: 1, toolVersion: "0.1.0", instanceId: "300000000000000001" });
    expect(old!.history).toBeUndefined();
    expect(old!.entries.map((e) => e.target)).toEqual(["instance", "org:300000000000000003", "org:300000000000000004"]);
    // The next apply writes the current format, starting the history.
    const next = journalAfterApply({
      result: appliedResult(),
      previous: old,
      live: liveState(),
      now: NOW,
      toolVersion: "9.9.9",
    });
    expect(next.formatVersion).toBe(2);
    expect(next.history).toHaveLength(1);
  });
});

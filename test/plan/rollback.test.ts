// planRollback: the record's before-states through the one diff, and what changed since the apply.
import { describe, expect, it } from "vitest";
import { appendHistory, HISTORY_LIMIT, planRollback, type HistoryRecord } from "../../src/plan/index.js";
import { actual, s } from "./fixtures.js";

const summary = { create: 1, update: 1, reset: 1, noop: 0 };
/** The apply being undone: instance 5/5 → 6/6; org ..11 inherited → 3/3; org ..12 4/4 → inherits. */
const record = (): HistoryRecord => ({
  appliedAt: "2026-12-01T10:00:00.000Z",
  kind: "apply",
  toolVersion: "0.2.0",
  summary,
  targets: [
    { target: "instance", before: { settings: s(5, 5), sequence: "50" }, after: { settings: s(6, 6), sequence: "57" } },
    {
      target: "org:300000000000000011",
      orgName: "ACME",
      before: { settings: null, sequence: "50" },
      after: { settings: s(3, 3), sequence: "110" },
    },
    {
      target: "org:300000000000000012",
      before: { settings: s(4, 4), sequence: "9" },
      after: { settings: null, sequence: "57" },
    },
  ],
});

describe("planRollback", () => {
  it("plans every target back to its before-state with the usual actions and guards, and nothing changed since", () => {
    const plan = planRollback({
      record: record(),
      actual: actual(s(6, 6), { "300000000000000011": s(3, 3), "300000000000000012": null }),
      toolVersion: "9.9.9",
    });
    expect(
      plan.changes.map((c) => [c.target, c.action, c.before, c.after, c.expectedSequence, c.expectedInherited]),
    ).toEqual([
      ["instance", "update", s(6, 6), s(5, 5), "57", false],
      ["org:300000000000000011", "reset", s(3, 3), null, "110", false],
      ["org:300000000000000012", "create", null, s(4, 4), "57", true],
    ]);
    expect(plan.changes.every((c) => c.origin === undefined)).toBe(true);
    expect(plan.summary).toEqual({ create: 1, update: 1, reset: 1, noop: 0 });
    expect(plan.rollback).toEqual({
      of: { appliedAt: "2026-12-01T10:00:00.000Z", kind: "apply", summary },
      changedSince: [],
    });
    expect(plan.changes.find((c) => c.target === "org:300000000000000011")!.orgName).toBe("ACME");
  });

  it("flags a target whose sequence or inherit state moved since; an org still inheriting follows the instance", () => {
    // The instance moved on (7/7 at 58): flagged. Org 12 still inherits: its read sequence moved with the
    // instance's, which is not a change of its own. Org 11 was reset by someone: flagged.
    const live = actual(s(7, 7), { "300000000000000011": null, "300000000000000012": null }, "58");
    const plan = planRollback({ record: record(), actual: live, toolVersion: "9.9.9" });
    expect(plan.rollback!.changedSince).toEqual([
      {
        target: "instance",
        recorded: { settings: s(6, 6), sequence: "57" },
        live: { settings: s(7, 7), sequence: "58" },
      },
      {
        target: "org:300000000000000011",
        orgName: "ACME",
        recorded: { settings: s(3, 3), sequence: "110" },
        live: { settings: null, sequence: "58" },
      },
    ]);
    // Org 11 already inherits, as before the apply: nothing to write there.
    expect(plan.changes.find((c) => c.target === "org:300000000000000011")!.action).toBe("noop");
  });

  it("the same values under a new sequence (changed and changed back) are flagged too", () => {
    const live = actual(s(6, 6), { "300000000000000011": s(3, 3), "300000000000000012": null });
    const moved = {
      ...live,
      orgs: new Map(
        [...live.orgs].map(([id, o]) => [
          id,
          id.endsWith("11") ? { ...o, policy: { ...o.policy, sequence: "112" } } : o,
        ]),
      ),
    };
    expect(
      planRollback({ record: record(), actual: moved, toolVersion: "9.9.9" }).rollback!.changedSince.map(
        (c) => c.target,
      ),
    ).toEqual(["org:300000000000000011"]);
  });
});

describe("appendHistory", () => {
  it(`keeps at most ${HISTORY_LIMIT} records, the newest last`, () => {
    let history: readonly HistoryRecord[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 3; i++)
      history = appendHistory(history, {
        ...record(),
        appliedAt: `2026-12-01T10:00:${String(i).padStart(2, "0")}.000Z`,
      });
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]!.appliedAt).toBe("2026-12-01T10:00:03.000Z");
    expect(history.at(-1)!.appliedAt).toBe(`2026-12-01T10:00:${HISTORY_LIMIT + 2}.000Z`);
  });
});

// Paging the audit log by creation date (strict bounds, no position cursor): each next page starts one
// microsecond before the last date seen, repeats are dropped, and a page that cannot be paged past is an
// error (the caller falls back), never a silent gap. Also the fold's refusals.
import { describe, expect, it } from "vitest";
import { foldEvents } from "../../src/actual/event-fold.js";
import { EVENT_PAGE_SIZE, justBefore, nanosOf, readEventLog, UnpageableLog } from "../../src/actual/event-read.js";
import type { EventQuery, LogEvent } from "../../src/zitadel/index.js";

const ev = (
  i: number,
  date: string,
  type = "org.added",
  aggregateId = `o${i}`,
  sequence = "1",
  payload?: Record<string, unknown>,
): LogEvent => ({
  type,
  aggregateType: type.split(".")[0]!,
  aggregateId,
  resourceOwner: aggregateId,
  sequence,
  creationDate: date,
  ...(payload ? { payload } : {}),
  editor: { userId: "u1", displayName: "" },
});

/** A server that answers like ZITADEL: ascending by position, created strictly after `from`, 1000 at most. */
function server(log: LogEvent[]) {
  const queries: EventQuery[] = [];
  return {
    queries,
    listEvents: async (q: EventQuery) => {
      queries.push(q);
      return log.filter((e) => q.from === undefined || nanosOf(e.creationDate) > nanosOf(q.from)).slice(0, q.limit);
    },
  };
}

describe("readEventLog", () => {
  it("pages past 1000 events whose dates repeat across a page boundary, missing and repeating none", async () => {
    // 2,500 events, five per microsecond: page boundaries fall inside groups of equal dates.
    const log = Array.from({ length: 2500 }, (_, i) =>
      ev(i, `2026-12-05T06:00:00.${String(Math.floor(i / 5)).padStart(6, "0")}Z`),
    );
    const s = server(log);
    const got = await readEventLog(s, ["org.added"]);
    expect(got.map((e) => e.aggregateId)).toEqual(log.map((e) => e.aggregateId));
    expect(s.queries.length).toBe(3);
    expect(s.queries[1]!.from).toBe(justBefore(log[EVENT_PAGE_SIZE - 1]!.creationDate));
    expect(justBefore("2026-12-05T06:00:00.000199Z")).toBe("2026-12-05T06:00:00.000198000Z");
  });

  it("refuses to guess when more than a page of events share one date", async () => {
    const log = Array.from({ length: 1500 }, (_, i) => ev(i, "2026-12-05T06:00:00.000001Z"));
    await expect(readEventLog(server(log), ["org.added"])).rejects.toThrow(UnpageableLog);
  });
});

describe("foldEvents", () => {
  const d = (n: number) => `2026-12-05T06:00:${String(n).padStart(2, "0")}.000000Z`;
  const base = [
    ev(0, d(1), "instance.policy.lockout.added", "inst", "12", { showLockOutFailures: true }),
    ev(1, d(2), "org.added", "o1", "1"),
  ];

  it("replays values, inherit state and the exact sequence; maxOTPAttempts is the event's spelling", () => {
    const r = foldEvents([
      ...base,
      ev(2, d(3), "org.policy.lockout.added", "o1", "5", { maxPasswordAttempts: 3 }),
      ev(3, d(4), "org.policy.lockout.changed", "o1", "9", { maxOTPAttempts: 0, maxPasswordAttempts: 4 }),
      ev(4, d(5), "instance.policy.lockout.changed", "inst", "40", { maxOTPAttempts: 2, showLockOutFailures: false }),
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fold.orgs.get("o1")).toEqual({
      settings: { maxPasswordAttempts: 4, maxOtpAttempts: 0 },
      sequence: "9",
      creationDate: d(3),
      changeDate: d(4),
    });
    expect(r.fold.instance.settings).toEqual({ maxPasswordAttempts: 0, maxOtpAttempts: 2 });
    expect(r.fold.instance.sequence).toBe("40");
    expect(r.fold.position).toBe(d(5));
  });

  it("a reset org inherits again; a removed org is gone", () => {
    const r = foldEvents([
      ...base,
      ev(2, d(3), "org.policy.lockout.added", "o1", "5", {}),
      ev(3, d(4), "org.policy.lockout.removed", "o1", "6"),
      ev(5, d(6), "org.added", "o2"),
      ev(6, d(7), "org.removed", "o2", "2"),
    ]);
    expect(r.ok && r.fold.orgs.get("o1")).toBeNull();
    expect(r.ok && r.fold.orgs.has("o2")).toBe(false);
  });

  it.each([
    [
      "a changed without its added",
      [...base, ev(2, d(3), "org.policy.lockout.changed", "o1", "5", { maxPasswordAttempts: 1 })],
      /without its org\.policy\.lockout\.added/,
    ],
    ["no instance default", [base[1]!], /has no instance\.policy\.lockout\.added/],
    [
      "an unknown payload key",
      [...base, ev(2, d(3), "org.policy.lockout.added", "o1", "5", { maxFooAttempts: 1 })],
      /payload key "maxFooAttempts"/,
    ],
    [
      "a value out of range",
      [...base, ev(2, d(3), "org.policy.lockout.added", "o1", "5", { maxPasswordAttempts: -1 })],
      /not a count/,
    ],
    [
      "an unknown type",
      [...base, ev(2, d(3), "org.policy.lockout.frozen", "o1", "5")],
      /a type this version does not fold/,
    ],
    [
      "sequences out of order",
      [...base, ev(2, d(3), "org.policy.lockout.added", "o1", "1")],
      /arrived after sequence 1/,
    ],
  ])("refuses %s", (_name, events, reason) => {
    const r = foldEvents(events);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

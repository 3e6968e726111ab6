// Verification reads after a write may come from a projection that has not caught up (ZITADEL logs a failed
// trigger and answers from the projection as it stands): apply re-reads, a bounded number of times, before it
// reports a target as not converged.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import type { LockoutSettings, Plan, PlannedChange } from "../../src/model.js";
import { applyPlan, type PermissionClient, type WriteClient } from "../../src/apply/index.js";
import { GRANT_ALL } from "./support/grant-all.js";
import type { PolicyRead, WriteResult } from "../../src/zitadel/index.js";
import { fastClock } from "../support/clock.js";

const SERVER = "https://acme.zitadel.cloud";
const s = (p: number, o: number): LockoutSettings => ({ maxPasswordAttempts: p, maxOtpAttempts: o });
const INSTANCE: PolicyRead = { settings: s(5, 5), isDefault: true, sequence: "50" };

const planOf = (change: PlannedChange): Plan => ({
  formatVersion: 1,
  toolVersion: "test",
  server: SERVER,
  changes: [change],
  summary: { create: 0, update: 0, reset: 0, noop: 0, [change.action]: 1 },
});

/** One org; after our write, the first `laggingReads` reads still show what was there before it. */
function laggingServer(before: PolicyRead, laggingReads: number) {
  let now = before;
  let lagging = -1; // -1: no write yet
  let reads = 0;
  // The answer's sequence is that of the event on the org's aggregate (for a reset, the "removed" event).
  const wrote = (next: PolicyRead, sequence: string): WriteResult => {
    now = next;
    lagging = laggingReads;
    return { sequence, changeDate: "2025-01-01T00:00:00Z" };
  };
  const client: WriteClient & PermissionClient & { baseUrl: string } = {
    ...GRANT_ALL,
    baseUrl: SERVER,
    getInstancePolicy: async () => INSTANCE,
    getOrgPolicy: async () => {
      reads++;
      if (lagging > 0) {
        lagging--;
        return before;
      }
      return now;
    },
    addOrgPolicy: async (_id, settings) => wrote({ settings, isDefault: false, sequence: "90" }, "90"),
    updateOrgPolicy: async (_id, settings) => wrote({ settings, isDefault: false, sequence: "91" }, "91"),
    resetOrgPolicy: async () => wrote(INSTANCE, "92"),
    updateInstancePolicy: async () => Promise.reject(new Error("not in this plan")),
  };
  return { client, reads: () => reads };
}

// Loosely typed on purpose: the cases pair each action with the matching before/after.
const change = (
  action: PlannedChange["action"],
  before: LockoutSettings | null,
  after: LockoutSettings | null,
  seq: string,
): PlannedChange =>
  ({
    target: "org:42",
    action,
    before,
    after,
    expectedSequence: seq,
    expectedInherited: before === null,
    cause: "declared",
  }) as PlannedChange;

describe("verification waits out a lagging projection", () => {
  it("after a create, a read that still shows the org inheriting is re-read, not reported as unconverged", async () => {
    const server = laggingServer(INSTANCE, 2);
    const result = await applyPlan({
      client: server.client,
      plan: planOf(change("create", null, s(3, 3), "50")),
      toolVersion: "test",
      clock: fastClock(),
    });
    expect(result.results.map((r) => r.outcome.status)).toEqual(["applied"]);
    expect(result.ok).toBe(true);
    expect(result.observed.get("org:42")).toMatchObject({ inherited: false, settings: s(3, 3), sequence: "90" });
  });

  it("after an update, a read of the older custom row is re-read", async () => {
    const server = laggingServer({ settings: s(9, 9), isDefault: false, sequence: "70" }, 2);
    const result = await applyPlan({
      client: server.client,
      plan: planOf(change("update", s(9, 9), s(3, 3), "70")),
      toolVersion: "test",
      clock: fastClock(),
    });
    expect(result.ok).toBe(true);
  });

  it("after a reset, a read of the older custom row is re-read; an inheriting read is final", async () => {
    const server = laggingServer({ settings: s(9, 9), isDefault: false, sequence: "70" }, 1);
    const result = await applyPlan({
      client: server.client,
      plan: planOf(change("reset", s(9, 9), null, "70")),
      toolVersion: "test",
      clock: fastClock(),
    });
    expect(result.ok).toBe(true);
    expect(result.observed.get("org:42")).toMatchObject({ inherited: true });
  });

  it("a projection that never catches up is reported, after a bounded number of reads", async () => {
    const server = laggingServer(INSTANCE, 1000);
    const clock = fastClock();
    const plan = planOf(change("create", null, s(3, 3), "50"));
    const result = await applyPlan({ client: server.client, plan, toolVersion: "test", clock });
    expect(result.ok).toBe(false);
    expect(result.verification!.changes[0]).toMatchObject({ action: "create" });
    expect(server.reads()).toBeLessThan(15); // preflight + first read + the bounded retries
    expect(clock.sleeps).toEqual(Array(8).fill(250)); // a short pause before each re-read, on the given clock
  });
});

describe("a re-read that fails after the writes", () => {
  const denied = new ApiError({
    method: "GET",
    path: "/v2/settings/lockout?ctx.instance=true",
    status: 503,
    serverMessage: "upstream unavailable",
  });

  it("of the instance leaves every changed target unverified (nothing judged without it); not ok", async () => {
    const server = laggingServer({ settings: s(9, 9), isDefault: false, sequence: "70" }, 0);
    // The plan is given, and the preflight reads only the org: the verification's instance read is the first.
    const client = { ...server.client, getInstancePolicy: async () => Promise.reject(denied) };
    const result = await applyPlan({
      client,
      plan: planOf(change("update", s(9, 9), s(3, 3), "70")),
      toolVersion: "test",
      clock: fastClock(),
    });
    expect(result.results.map((r) => r.outcome.status)).toEqual(["applied"]);
    expect(result.ok).toBe(false);
    expect(result.verification).toBeUndefined();
    expect(result.unverified).toEqual([
      {
        target: "org:42",
        error: expect.stringMatching(/^the instance policy, needed to judge it, could not be read: GET .*HTTP 503/),
      },
    ]);
  });

  it("of one org leaves that org unverified and judges the rest", async () => {
    const server = laggingServer({ settings: s(9, 9), isDefault: false, sequence: "70" }, 0);
    let orgReads = 0;
    const client = {
      ...server.client,
      getOrgPolicy: async (id: string) => (++orgReads === 2 ? Promise.reject(denied) : server.client.getOrgPolicy(id)),
    };
    const result = await applyPlan({
      client,
      plan: planOf(change("update", s(9, 9), s(3, 3), "70")),
      toolVersion: "test",
      clock: fastClock(),
    });
    expect(result.ok).toBe(false);
    expect(result.unverified).toEqual([{ target: "org:42", error: expect.stringMatching(/HTTP 503/) }]);
    expect(result.verification?.changes).toEqual([]);
  });

  it("with anything but a server's answer (a bug) still throws", async () => {
    const server = laggingServer({ settings: s(9, 9), isDefault: false, sequence: "70" }, 0);
    let orgReads = 0;
    const client = {
      ...server.client,
      getOrgPolicy: async (id: string) =>
        ++orgReads === 2 ? Promise.reject(new TypeError("bug")) : server.client.getOrgPolicy(id),
    };
    await expect(
      applyPlan({
        client,
        plan: planOf(change("update", s(9, 9), s(3, 3), "70")),
        toolVersion: "test",
        clock: fastClock(),
      }),
    ).rejects.toThrow(TypeError);
  });
});

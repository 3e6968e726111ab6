// After the first hard failure, or an interrupt, apply starts no new write — including writes it had
// already decided on: changes go to the client no faster than the client sends them, so nothing waits
// in a queue that would still reach the server.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import type { LockoutSettings, Plan, PlannedChange } from "../../src/model.js";
import { applyPlan, type PermissionClient, type WriteClient } from "../../src/apply/index.js";
import { GRANT_ALL } from "./support/grant-all.js";
import type { PolicyRead, WriteResult } from "../../src/zitadel/index.js";

const SERVER = "https://acme.zitadel.cloud";
const CHANGES = 20;
const CONCURRENCY = 2;
const s = (p: number, o: number): LockoutSettings => ({ maxPasswordAttempts: p, maxOtpAttempts: o });
const DENIED = new ApiError({
  method: "PUT",
  path: "/management/v1/policies/lockout",
  status: 403,
  code: 7,
  id: "AUTH-5mWD2",
  serverMessage: "No matching permissions found (AUTH-5mWD2)",
  orgId: "1",
});

const ids = Array.from({ length: CHANGES }, (_, i) => String(1000 + i));
const plan: Plan = {
  formatVersion: 1,
  toolVersion: "test",
  server: SERVER,
  changes: ids.map((id): PlannedChange => ({
    target: `org:${id}`,
    action: "update",
    before: s(9, 9),
    after: s(3, 3),
    expectedSequence: "70",
    expectedInherited: false,
    cause: "declared",
  })),
  summary: { create: 0, update: CHANGES, reset: 0, noop: 0 },
};

/** A server of CHANGES custom orgs at 9/9; each write takes a few ms; `onWrite` decides how it ends. */
function fakeClient(onWrite: (n: number) => void) {
  const held = new Map(ids.map((id) => [id, { settings: s(9, 9), sequence: 70 }]));
  const sent: string[] = [];
  const read = async (id: string): Promise<PolicyRead> => {
    const p = held.get(id)!;
    return { settings: p.settings, isDefault: false, sequence: String(p.sequence) };
  };
  const client: WriteClient & PermissionClient & { baseUrl: string; concurrency: number } = {
    ...GRANT_ALL,
    baseUrl: SERVER,
    concurrency: CONCURRENCY,
    getInstancePolicy: async () => ({ settings: s(5, 5), isDefault: true, sequence: "50" }),
    getOrgPolicy: read,
    updateOrgPolicy: async (orgId, settings): Promise<WriteResult> => {
      sent.push(orgId);
      const n = sent.length;
      await new Promise((resolve) => setTimeout(resolve, 5));
      onWrite(n);
      const p = held.get(orgId)!;
      held.set(orgId, { settings, sequence: p.sequence + 1 });
      return { sequence: String(p.sequence + 1), changeDate: "2025-01-01T00:00:00Z" };
    },
    updateInstancePolicy: async () => Promise.reject(new Error("not in this plan")),
    addOrgPolicy: async () => Promise.reject(new Error("not in this plan")),
    resetOrgPolicy: async () => Promise.reject(new Error("not in this plan")),
  };
  return { client, sent };
}

describe("apply stops starting writes", () => {
  it("after the first hard failure: only the writes already on the wire are sent", async () => {
    const { client, sent } = fakeClient((n) => {
      if (n === 1) throw DENIED;
    });
    const result = await applyPlan({ client, plan, toolVersion: "test" });
    expect(result.ok).toBe(false);
    expect(sent.length).toBeLessThanOrEqual(CONCURRENCY);
    const by = (status: string) => result.results.filter((r) => r.outcome.status === status);
    expect(by("failed")).toHaveLength(1);
    expect(by("applied").length + 1).toBe(sent.length);
    expect(by("not-attempted")).toHaveLength(CHANGES - sent.length);
    for (const r of by("not-attempted")) expect(r.outcome).toEqual({ status: "not-attempted", stoppedBy: "failure" });
  });

  it("a failed re-read (after NotChanged): resolves with every target's outcome, no new write", async () => {
    let failNextRead = false;
    const NOT_CHANGED = new ApiError({
      method: "PUT",
      path: "/management/v1/policies/lockout",
      status: 400,
      code: 9,
      id: "ORG-0JFSr",
      serverMessage: "Errors.Org.LockoutPolicy.NotChanged (ORG-0JFSr)",
      orgId: "1",
    });
    const { client, sent } = fakeClient((n) => {
      if (n === 1) {
        failNextRead = true;
        throw NOT_CHANGED;
      }
    });
    const read = client.getOrgPolicy;
    client.getOrgPolicy = async (orgId) => {
      if (!failNextRead) return read(orgId);
      failNextRead = false;
      throw new Error("connection reset");
    };
    const result = await applyPlan({ client, plan, toolVersion: "test" });
    await new Promise((resolve) => setTimeout(resolve, 50)); // a write still queued would have gone out by now
    expect(result.ok).toBe(false);
    expect(sent.length).toBeLessThanOrEqual(CONCURRENCY);
    const failed = result.results.filter((r) => r.outcome.status === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.outcome).toMatchObject({
      error: expect.stringMatching(/answered NotChanged, and the re-read to check it failed: connection reset/),
    });
    expect(result.results.filter((r) => r.outcome.status === "not-attempted")).toHaveLength(CHANGES - sent.length);
  });

  it("after an interrupt: writes in flight finish and are verified, none starts after it", async () => {
    const stop = new AbortController();
    const { client, sent } = fakeClient((n) => {
      if (n === 3) stop.abort();
    });
    const result = await applyPlan({ client, plan, toolVersion: "test", stop: stop.signal });
    expect(result.ok).toBe(false);
    // Write 3 interrupted; at most the writes already started alongside it were sent.
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.length).toBeLessThanOrEqual(3 + CONCURRENCY - 1);
    const applied = result.results.filter((r) => r.outcome.status === "applied");
    const skipped = result.results.filter((r) => r.outcome.status === "not-attempted");
    expect(applied.map((r) => r.change.target.slice(4)).sort()).toEqual([...sent].sort());
    expect(skipped).toHaveLength(CHANGES - sent.length);
    for (const r of skipped) expect(r.outcome).toEqual({ status: "not-attempted", stoppedBy: "interrupt" });
    // The verification saw the applied ones as done and the skipped ones as still to do.
    const pending = result.verification!.changes.filter((c) => c.action !== "noop").map((c) => c.target);
    expect(pending.sort()).toEqual(skipped.map((r) => r.change.target).sort());
  });
});

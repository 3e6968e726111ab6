// POST /admin/v1/events/_search and /admin/v1/events/types/_search as ZITADEL serves them (docs/events.md):
// newest first unless asc, at most 1000 per page, `sequence` greater-than ascending and less-than descending,
// `from` a strict bound in the direction of reading, `range` strict at both ends, event type and aggregate
// filters, the editor of every write (the caller) with its display name, and events.read for IAM roles only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";

let emu: Emulator;
let orgId: string;
beforeAll(async () => {
  emu = await startEmulator({});
  orgId = emu.control.addOrg("Events Org");
});
afterAll(async () => emu.close());

interface Ev {
  sequence: string;
  creationDate: string;
  type: { type: string };
  aggregate: { id: string; type: { type: string }; resourceOwner: string };
  editor: { userId?: string; displayName?: string; service: string };
  payload?: Record<string, unknown>;
}

async function search(body: object, token = emu.credentials.iamOwnerToken) {
  const res = await fetch(`${emu.url}/admin/v1/events/_search`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { events?: Ev[]; message?: string } };
}

const LOCKOUT = ["org.policy.lockout.added", "org.policy.lockout.changed", "org.policy.lockout.removed"];

describe("ListEvents", () => {
  it("records an API write with its payload (maxOTPAttempts), sequence and the caller as editor", async () => {
    const res = await fetch(`${emu.url}/management/v1/policies/lockout`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${emu.credentials.iamOwnerToken}`,
        "x-zitadel-orgid": orgId,
        "content-type": "application/json",
      },
      body: JSON.stringify({ maxPasswordAttempts: 4, maxOtpAttempts: 2 }),
    });
    const write = (await res.json()) as { details: { sequence: string } };
    const put = await fetch(`${emu.url}/management/v1/policies/lockout`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${emu.credentials.iamOwnerToken}`,
        "x-zitadel-orgid": orgId,
        "content-type": "application/json",
      },
      body: JSON.stringify({ maxPasswordAttempts: 4, maxOtpAttempts: 0 }),
    });
    expect(put.status).toBe(200);
    const { json } = await search({ eventTypes: LOCKOUT, aggregateId: orgId, asc: true });
    expect(json.events!.map((e) => [e.type.type, e.payload ?? null])).toEqual([
      ["org.policy.lockout.added", { maxPasswordAttempts: 4, maxOTPAttempts: 2 }],
      ["org.policy.lockout.changed", { maxOTPAttempts: 0 }],
    ]);
    const added = json.events![0]!;
    expect(added.sequence).toBe(write.details.sequence);
    expect(added.aggregate).toMatchObject({ id: orgId, type: { type: "org" }, resourceOwner: orgId });
    expect(added.editor).toMatchObject({ displayName: "lockout-admin", service: "zitadel" });
    expect(added.editor.userId).toMatch(/^\d{18}$/);
    // protojson writes 3, 6 or 9 fractional digits, as many as the microseconds need.
    expect(added.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{3}){1,2}Z$/);
  });

  it("newest first by default, oldest first with asc; limit 0 or above 1000 means 1000", async () => {
    const desc = (await search({ eventTypes: ["org.added"] })).json.events!;
    const asc = (await search({ eventTypes: ["org.added"], asc: true })).json.events!;
    expect(desc.map((e) => e.aggregate.id)).toEqual([...asc].reverse().map((e) => e.aggregate.id));
    expect(asc.at(-1)!.aggregate.id).toBe(orgId);
    for (let i = 0; i < 1100; i++) emu.control.bumpUnrelated("instance");
    expect((await search({ limit: 0 })).json.events).toHaveLength(1000);
    expect((await search({ limit: 5000 })).json.events).toHaveLength(1000);
    expect((await search({ limit: 3 })).json.events).toHaveLength(3);
  });

  it("sequence: greater-than ascending, less-than descending (per aggregate); from and range are strict", async () => {
    const all = (await search({ aggregateId: orgId, asc: true })).json.events!;
    const seqs = all.map((e) => Number(e.sequence));
    expect(
      (await search({ aggregateId: orgId, asc: true, sequence: "2" })).json.events!.map((e) => Number(e.sequence)),
    ).toEqual(seqs.filter((s) => s > 2));
    expect((await search({ aggregateId: orgId, sequence: "3" })).json.events!.map((e) => Number(e.sequence))).toEqual(
      seqs.filter((s) => s < 3).reverse(),
    );
    const third = all[2]!.creationDate;
    expect((await search({ aggregateId: orgId, asc: true, from: third })).json.events!.map((e) => e.sequence)).toEqual(
      all.slice(3).map((e) => e.sequence),
    );
    expect((await search({ aggregateId: orgId, from: third })).json.events!.map((e) => e.sequence)).toEqual(
      all
        .slice(0, 2)
        .reverse()
        .map((e) => e.sequence),
    );
    const range = (
      await search({
        aggregateId: orgId,
        asc: true,
        range: { since: all[0]!.creationDate, until: all[3]!.creationDate },
      })
    ).json.events!;
    expect(range.map((e) => e.sequence)).toEqual([all[1]!.sequence, all[2]!.sequence]);
  });

  it("events.read: the IAM owner and viewer may read the log and its types; an org owner may not (403)", async () => {
    expect((await search({ limit: 1 }, emu.credentials.viewerToken)).status).toBe(200);
    const denied = await search({ limit: 1 }, emu.credentials.orgOwnerToken);
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe("No matching permissions found (AUTH-5mWD2)");
    const types = await fetch(`${emu.url}/admin/v1/events/types/_search`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.credentials.viewerToken}` },
      body: "{}",
    });
    const names = ((await types.json()) as { eventTypes: { type: string }[] }).eventTypes.map((t) => t.type);
    expect(names).toEqual(
      expect.arrayContaining(["instance.policy.lockout.added", "org.policy.lockout.changed", "org.removed"]),
    );
  });

  it("retention: dropped events are gone from the log, the policy reads are not", async () => {
    const before = emu.control.events().length;
    const dropped = emu.control.dropEventsBefore(new Date(Date.now() + 60_000));
    expect(dropped).toBe(before);
    expect((await search({})).json.events ?? []).toEqual([]);
    expect(emu.control.orgPolicy(orgId)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 0 });
  });
});

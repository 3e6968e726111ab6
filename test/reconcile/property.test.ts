// Property (fast-check), end to end over loopback: for random live states and random configs — instance
// fields set or omitted, orgs by id or name, inherit, prune with protect entries by id, by name and by a
// name two orgs share — apply exits 0, the server then holds exactly what the config says (unlisted orgs
// untouched or pruned), every target whose state had to change received exactly one write carrying its
// desired values and no other target received any, and a re-plan and a second apply do nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UINT32_MAX } from "../../src/model.js";
import { config, harness, type Harness } from "./harness.js";
import { propertyParams } from "../support/property.js";

type Settings = { maxPasswordAttempts: number; maxOtpAttempts: number };
const ORGS = 6;
/** Orgs 4 and 5 share this name: a protect entry naming it protects both; the config names them by id. */
const TWIN = "Property Twin";
const nameOf = (i: number) => (i >= 4 ? TWIN : `Property Org ${i}`);

let h: Harness;
let orgs: string[];
beforeAll(async () => {
  h = await harness();
  orgs = Array.from({ length: ORGS }, (_, i) => h.emu.control.addOrg(nameOf(i), { legacyDuplicate: true }));
});
afterAll(async () => h.close());

// uint32's extremes as well as small values: 0 (never lock) and 4294967295 must survive the round trip.
const num = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(0), fc.constant(UINT32_MAX));
const settings = fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num });
const somePatch = fc
  .record({ maxPasswordAttempts: num, maxOtpAttempts: num }, { requiredKeys: [] })
  .filter((p) => Object.keys(p).length > 0);
const orgWish = fc.oneof(fc.constant(undefined), fc.constant("inherit" as const), somePatch); // undefined: not listed
const protectEntry = fc.oneof(
  fc.integer({ min: 0, max: ORGS - 1 }).map((i) => ({ byId: i })),
  fc.integer({ min: 0, max: 3 }).map((i) => ({ byName: nameOf(i) })),
  fc.constant({ byName: TWIN }),
);
const scenario = fc.record({
  liveInstance: settings,
  liveOrgs: fc.array(fc.option(settings, { nil: null }), { minLength: ORGS, maxLength: ORGS }),
  instance: fc.option(somePatch, { nil: undefined }),
  wishes: fc.array(orgWish, { minLength: ORGS, maxLength: ORGS }),
  byName: fc.array(fc.boolean(), { minLength: ORGS, maxLength: ORGS }),
  prune: fc.boolean(),
  protect: fc.array(protectEntry, { maxLength: 3 }),
});

const pair = (p: Settings | null): Settings | null =>
  p && { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts };
const same = (a: Settings | null, b: Settings | null) => JSON.stringify(pair(a)) === JSON.stringify(pair(b));

describe("apply converges for random states (property, against the emulator)", () => {
  it("exit 0, the server matches the config, one write per changed target, none elsewhere, re-plan empty", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        h.emu.control.setInstancePolicy(s.liveInstance);
        s.liveOrgs.forEach((p, i) => h.emu.control.setOrgPolicy(orgs[i]!, p));
        const everyOrg = h.emu.control.listOrgs(); // the demo's orgs too: prune sees the whole instance
        const before = new Map(everyOrg.map((o) => [o.id, pair(h.emu.control.orgPolicy(o.id))]));

        const entries = s.wishes.flatMap((w, i) => {
          if (w === undefined) return [];
          const ref = s.byName[i] && i < 4 ? `name: ${nameOf(i)}` : `id: "${orgs[i]}"`;
          if (w === "inherit") return [`${ref}\ninherit: true`];
          return [[ref, ...Object.entries(w).map(([k, v]) => `${k}: ${v}`)].join("\n")];
        });
        const protect = s.protect.map((p) => ("byId" in p ? `"${orgs[p.byId]}"` : `"${p.byName}"`));
        const prune = s.prune
          ? `prune:\n  enabled: true\n  protect: [${protect.join(", ")}]\nlint:\n  ignore: [prune-resets-every-org]`
          : undefined;
        const instance =
          s.instance &&
          Object.entries(s.instance)
            .map(([k, v]) => `${k}: ${v}`)
            .join("\n");
        h.ws.write(
          "lockout.yaml",
          config({ ...(instance ? { instance } : {}), orgs: entries, ...(prune ? { extra: prune } : {}) }),
        );

        // What each target must hold afterwards.
        const wantInstance = { ...s.liveInstance, ...(s.instance ?? {}) };
        const protectedIds = new Set(
          s.protect.flatMap((p) =>
            "byId" in p ? [orgs[p.byId]!] : everyOrg.filter((o) => o.name === p.byName).map((o) => o.id),
          ),
        );
        const want = new Map<string, Settings | null>();
        for (const o of everyOrg) {
          const i = orgs.indexOf(o.id);
          const w = i >= 0 ? s.wishes[i] : undefined;
          const live = before.get(o.id)!;
          if (w === "inherit") want.set(o.id, null);
          else if (w !== undefined) want.set(o.id, { ...(live ?? wantInstance), ...w }); // omitted: live or inherited
          else if (s.prune && !protectedIds.has(o.id)) want.set(o.id, null);
          else want.set(o.id, live); // unlisted, not pruned: untouched
        }

        h.emu.clearLog();
        const eventsBefore = h.emu.control.policyHistory().length;
        const apply = await h.cli(["apply", "--auto-approve"]);
        expect(apply.code, apply.stdout + apply.stderr).toBe(0);

        const inst = h.emu.control.instancePolicy();
        expect(pair(inst)).toEqual(wantInstance);
        for (const o of everyOrg)
          expect(pair(h.emu.control.orgPolicy(o.id)), `${o.name} ${o.id}`).toEqual(want.get(o.id));

        // One write per target whose state had to change, carrying its desired values; none anywhere else.
        const events = h.emu.control.policyHistory().slice(eventsBefore);
        const expectedEvents = [
          ...(same(s.liveInstance, wantInstance) ? [] : [{ target: "instance", settings: wantInstance }]),
          ...everyOrg
            .filter((o) => !same(before.get(o.id)!, want.get(o.id)!))
            .map((o) => ({ target: `org:${o.id}`, settings: want.get(o.id) })),
        ];
        const got = events.map((e) => ({ target: e.target, settings: e.type === "removed" ? null : pair(e.settings) }));
        const byTarget = (a: { target: string }, b: { target: string }) =>
          a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
        expect(got.sort(byTarget)).toEqual(expectedEvents.sort(byTarget));
        expect(h.writes()).toHaveLength(expectedEvents.length); // no write the server refused as NotChanged either

        h.emu.clearLog();
        const again = await h.cli(["plan", "--detailed-exitcode"]);
        expect(again.code, again.stdout).toBe(0);
        const second = await h.cli(["apply", "--auto-approve"]);
        expect(second.code).toBe(0);
        expect(h.writes()).toEqual([]);
      }),
      propertyParams({ numRuns: 60, seed: 1729 }),
    );
  }, 180_000);
});

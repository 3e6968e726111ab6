// Property (fast-check), end to end over loopback: for random live states and random configs, apply
// exits 0, the server then holds exactly what the config says, and a re-plan is empty.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "./harness.js";

let h: Harness;
let orgs: string[];
beforeAll(async () => {
  h = await harness();
  orgs = Array.from({ length: 4 }, (_, i) => h.emu.control.addOrg(`Property Org ${i}`));
});
afterAll(async () => h.close());

const num = fc.integer({ min: 0, max: 6 });
const settings = fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num });
const orgWish = fc.oneof(
  fc.constant(undefined), // not managed
  fc.constant("inherit" as const),
  fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num }, { requiredKeys: [] }).filter((p) => Object.keys(p).length > 0),
);
const scenario = fc.record({
  liveInstance: settings,
  liveOrgs: fc.array(fc.option(settings, { nil: null }), { minLength: 4, maxLength: 4 }),
  instance: fc.option(fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num }, { requiredKeys: [] }).filter((p) => Object.keys(p).length > 0), { nil: undefined }),
  wishes: fc.array(orgWish, { minLength: 4, maxLength: 4 }),
  byName: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
});

describe("apply converges for random states (property, against the emulator)", () => {
  it("exit 0, the server matches the config, re-plan is empty", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        h.emu.control.setInstancePolicy(s.liveInstance);
        s.liveOrgs.forEach((p, i) => h.emu.control.setOrgPolicy(orgs[i]!, p));
        const entries = s.wishes.flatMap((w, i) => {
          if (w === undefined) return [];
          const ref = s.byName[i] ? `name: Property Org ${i}` : `id: "${orgs[i]}"`;
          if (w === "inherit") return [`${ref}\ninherit: true`];
          return [[ref, ...Object.entries(w).map(([k, v]) => `${k}: ${v}`)].join("\n")];
        });
        const instance = s.instance && Object.entries(s.instance).map(([k, v]) => `${k}: ${v}`).join("\n");
        h.ws.write("lockout.yaml", config({ ...(instance ? { instance } : {}), orgs: entries }));

        const apply = await h.cli(["apply", "--auto-approve"]);
        expect(apply.code, apply.stdout + apply.stderr).toBe(0);

        const inst = h.emu.control.instancePolicy();
        const wantInstance = { ...s.liveInstance, ...(s.instance ?? {}) };
        expect({ maxPasswordAttempts: inst.maxPasswordAttempts, maxOtpAttempts: inst.maxOtpAttempts }).toEqual(wantInstance);
        s.wishes.forEach((w, i) => {
          const live = h.emu.control.orgPolicy(orgs[i]!);
          const got = live && { maxPasswordAttempts: live.maxPasswordAttempts, maxOtpAttempts: live.maxOtpAttempts };
          if (w === undefined) expect(got).toEqual(s.liveOrgs[i]); // unmanaged orgs are untouched
          else if (w === "inherit") expect(got).toBeNull();
          else expect(got).toEqual({ ...(s.liveOrgs[i] ?? wantInstance), ...w }); // omitted fields: live value, or inherited on create
        });

        h.emu.clearLog();
        const again = await h.cli(["plan", "--detailed-exitcode"]);
        expect(again.code, again.stdout).toBe(0);
        const second = await h.cli(["apply", "--auto-approve"]);
        expect(second.code).toBe(0);
        expect(h.writes()).toEqual([]);
      }),
      { numRuns: 40, seed: 1729 },
    );
  }, 120_000);
});

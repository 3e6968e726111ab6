// Property (fast-check), end to end over loopback: for random histories built on the emulator — custom
// policies added, changed, reset and re-added, orgs inheriting, renamed and removed, unrelated events that
// use up sequence numbers on orgs and the instance, instance default changes — `plan --read events` and
// `plan --read per-org` give the same plan, every field of every change, or fail with the same error; and
// the events read really was an events read (no silent fallback). Replay a run with PROPERTY_SEED=<seed>.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { UINT32_MAX } from "../../src/model.js";
import { run } from "../support/io.js";
import { workspace, type Workspace } from "../support/workspace.js";

const SEED = Number(process.env.PROPERTY_SEED ?? 20261205);
const ORGS = 8;

const num = fc.oneof(fc.integer({ min: 0, max: 7 }), fc.constant(UINT32_MAX));
const settings = fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num });
const org = fc.integer({ min: 0, max: ORGS - 1 });
const op = fc.oneof(
  fc.record({ kind: fc.constant("custom" as const), org, settings }),
  fc.record({ kind: fc.constant("reset" as const), org }),
  fc.record({ kind: fc.constant("instance" as const), settings }),
  fc.record({ kind: fc.constant("unrelated" as const), org: fc.option(org, { nil: undefined }) }),
  fc.record({ kind: fc.constant("rename" as const), org, suffix: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("remove" as const), org }),
);
const wish = fc.oneof(
  fc.constant(undefined),
  fc.constant("inherit" as const),
  fc.record({ maxPasswordAttempts: num, maxOtpAttempts: num }, { requiredKeys: [] }),
);
const scenario = fc.record({
  history: fc.array(op, { minLength: 1, maxLength: 30 }),
  wishes: fc.array(wish, { minLength: ORGS, maxLength: ORGS }),
  byName: fc.array(fc.boolean(), { minLength: ORGS, maxLength: ORGS }),
  instance: fc.option(fc.record({ maxPasswordAttempts: num }), { nil: undefined }),
  prune: fc.boolean(),
});

let ws: Workspace;
beforeAll(() => {
  ws = workspace();
  console.info(`read-modes property: seed ${SEED} (replay with PROPERTY_SEED=${SEED})`);
});
afterAll(() => ws.remove());

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function build(s: Scenario) {
  const emu: Emulator = await startEmulator({});
  const ids = Array.from({ length: ORGS }, (_, i) => emu.control.addOrg(`Prop Org ${i}`));
  const names = ids.map((_, i) => `Prop Org ${i}`);
  const removed = new Set<number>();
  const editor = emu.control.listUsers().find((u) => u.kind === "human")!.id;
  for (const o of s.history) {
    if ("org" in o && o.org !== undefined && removed.has(o.org)) continue;
    switch (o.kind) {
      case "custom":
        emu.control.setOrgPolicy(ids[o.org]!, o.settings, editor);
        break;
      case "reset":
        emu.control.setOrgPolicy(ids[o.org]!, null);
        break;
      case "instance":
        emu.control.setInstancePolicy(o.settings, editor);
        break;
      case "unrelated":
        emu.control.bumpUnrelated(o.org === undefined ? "instance" : ids[o.org]!);
        break;
      case "rename":
        names[o.org] = `Prop Org ${o.org} v${o.suffix}`;
        emu.control.renameOrg(ids[o.org]!, names[o.org]!);
        break;
      case "remove":
        emu.control.removeOrg(ids[o.org]!);
        removed.add(o.org);
        break;
    }
  }
  return { emu, ids, names };
}

describe("--read events and --read per-org plan alike (property, against the emulator)", () => {
  it("same exit code, same plan JSON (or the same error), and the events read folded the log", async () => {
    let runs = 0;
    let eventReads = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { emu, ids, names } = await build(s);
        try {
          const entries = s.wishes.flatMap((w, i) => {
            if (w === undefined) return [];
            const ref = s.byName[i] ? `name: "${names[i]}"` : `id: "${ids[i]}"`;
            if (w === "inherit") return [`  - ${ref}\n    inherit: true`];
            return [[`  - ${ref}`, ...Object.entries(w).map(([k, v]) => `    ${k}: ${v}`)].join("\n")];
          });
          ws.write(
            "lockout.yaml",
            [
              "version: 1",
              ...(s.instance ? ["instance:", `  maxPasswordAttempts: ${s.instance.maxPasswordAttempts}`] : []),
              ...(entries.length > 0 ? ["orgs:", ...entries] : []),
              ...(s.prune ? ["prune:", "  enabled: true", "lint:", "  ignore: [prune-resets-every-org]"] : []),
              "",
            ].join("\n"),
          );
          const env = { ZITADEL_URL: emu.url, ZITADEL_TOKEN: emu.credentials.iamOwnerToken };
          const perOrg = await run(["plan", "--format", "json", "--read", "per-org"], { cwd: ws.dir, env });
          const events = await run(["plan", "--format", "json", "--read", "events"], { cwd: ws.dir, env });
          runs++;
          expect(events.code, events.stderr).toBe(perOrg.code);
          // The events plan also records where it read up to (readPosition); every other field must agree.
          const withoutPosition = (text: string) => text.replace(/,\n {2}"readPosition": "[^"]+"/, "");
          if (events.code === 0) expect(JSON.parse(events.stdout).readPosition).toMatch(/^\d{4}-\d\d-\d\dT/);
          expect(withoutPosition(events.stdout)).toBe(perOrg.stdout);
          const error = (r: { stderr: string }) => r.stderr.split("\n").filter((l) => /^Error|:\d+:\d+: /.test(l));
          expect(error(events)).toEqual(error(perOrg));
          expect(events.stderr).not.toContain("warning: not using the event log");
          if (events.code === 0) {
            expect(events.stderr).toContain("Read mode: event log");
            eventReads++;
          }
        } finally {
          await emu.close();
        }
      }),
      { numRuns: 40, seed: SEED },
    );
    // Not vacuous: most runs planned successfully through the fold.
    expect(eventReads).toBeGreaterThan(runs / 2);
  }, 240_000);
});

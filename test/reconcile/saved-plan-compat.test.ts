// Documents that can evolve (docs/documents.md): a plan saved by the previous build is still applied; a
// plan or journal from a newer 1.x build, with fields this build does not know, is read; a newer major
// version is refused with a message naming the build that wrote it.
//
// test/fixtures/plans/plan-0.1.0-main-2c5c482.json was written by `zitadel-lockout plan --out` built from
// main at 2c5c482 (5 December 2026), against that build's emulator seeded exactly as `seed()` below seeds
// this one: the emulator hands out ids and sequences in order, so the plan's targets and guards match.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJournal } from "../../src/apply/index.js";
import { parsePlanDocument } from "../../src/plan/index.js";
import { journal } from "../render/fixtures.js";
import { harness, type Harness } from "./harness.js";

const FIXTURE = "test/fixtures/plans/plan-0.1.0-main-2c5c482.json";
const saved = () => JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown> & { changes: Record<string, unknown>[] };

let h: Harness;
let ids: { acme: string; globex: string; initech: string; hooli: string };

function seed(): void {
  const acme = h.emu.control.addOrg("Test ACME");
  const globex = h.emu.control.addOrg("Test Globex");
  const initech = h.emu.control.addOrg("Test Initech");
  const hooli = h.emu.control.addOrg("Test Hooli");
  h.emu.control.setOrgPolicy(globex, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
  h.emu.control.setOrgPolicy(initech, { maxPasswordAttempts: 2, maxOtpAttempts: 2 });
  h.emu.control.setOrgPolicy(hooli, { maxPasswordAttempts: 4, maxOtpAttempts: 0 });
  ids = { acme, globex, initech, hooli };
}

/** The saved plan, pointed at this run's emulator: its port is the one thing a saved plan cannot keep. */
function writePlan(doc: Record<string, unknown>): void {
  h.ws.write("plan.json", JSON.stringify({ ...doc, server: h.emu.url }, null, 2));
}

beforeEach(async () => {
  h = await harness();
  seed();
  h.emu.clearLog();
});
afterEach(async () => h.close());

describe("a plan saved by the previous build", () => {
  it("names the targets this emulator has (the fixture and the seed agree)", () => {
    expect(saved().changes.map((c) => c.target)).toEqual(["instance", ...[ids.acme, ids.globex, ids.initech, ids.hooli].map((id) => `org:${id}`)]);
  });

  it("is applied: four writes (the noop gets none), every target as planned", async () => {
    writePlan(saved());
    const r = await h.cli(["apply", "plan.json", "--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Apply complete: 4 targets changed and verified/);
    expect(h.writes()).toHaveLength(4);
    expect(h.emu.control.instancePolicy()).toMatchObject({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    expect(h.emu.control.orgPolicy(ids.acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    expect(h.emu.control.orgPolicy(ids.globex)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    expect(h.emu.control.orgPolicy(ids.initech)).toBeNull();
    expect(h.emu.control.orgPolicy(ids.hooli)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 0 });
  });

  it("with fields a newer 1.x build added (top level, in a change, in its settings) is applied the same", async () => {
    const doc = saved();
    doc.reviewedBy = "someone";
    doc.changes[1]!.note = { why: "ticket 42" };
    (doc.changes[2]!.after as Record<string, unknown>).maxTotpAttempts = 7;
    writePlan(doc);
    const r = await h.cli(["apply", "plan.json", "--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(h.writes()).toHaveLength(4);
    expect(h.emu.control.orgPolicy(ids.globex)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
  });

  it("of a newer major version is refused before any write, naming the build that wrote it", async () => {
    writePlan({ ...saved(), formatVersion: 2, toolVersion: "2.3.0" });
    const r = await h.cli(["apply", "plan.json", "--auto-approve"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "plan.json: plan format version 2 is not supported by this version of zitadel-lockout (it reads version 1); " +
        "it was written by zitadel-lockout 2.3.0: use that version or a newer one",
    );
    expect(h.writes()).toEqual([]);
  });
});

describe("readers accept additive fields within formatVersion 1", () => {
  it("plan: unknown fields are left out of the plan read, the known ones are kept", () => {
    const doc = saved();
    doc.extra = true;
    doc.changes[0]!.extra = 1;
    const plan = parsePlanDocument(JSON.stringify(doc), "p.json");
    expect(plan).not.toHaveProperty("extra");
    expect(plan.changes[0]).not.toHaveProperty("extra");
    expect(plan.changes[0]).toMatchObject({ target: "instance", action: "update", after: { maxPasswordAttempts: 5, maxOtpAttempts: 5 } });
  });

  it("plan: a new action is not additive — an older reader cannot know what to write — and is refused", () => {
    const doc = saved();
    doc.changes[4]!.action = "lock";
    expect(() => parsePlanDocument(JSON.stringify(doc), "p.json")).toThrow(/p\.json: the plan file is damaged/);
  });

  it("journal: unknown fields are read past; a newer major is refused", () => {
    const j = JSON.parse(JSON.stringify(journal())) as Record<string, unknown> & { entries: Record<string, unknown>[] };
    j.signature = "…";
    j.entries[0]!.actor = "ci";
    const read = parseJournal(JSON.stringify(j), "j.json");
    expect(read.entries).toHaveLength(journal().entries.length);
    expect(read.entries[0]).not.toHaveProperty("actor");
    expect(() => parseJournal(JSON.stringify({ ...j, formatVersion: 3 }), "j.json")).toThrow(
      "j.json: journal format version 3 is not supported by this version of zitadel-lockout (it reads version 1); it was written by zitadel-lockout 0.1.0: use that version or a newer one",
    );
  });
});

// Documents that can evolve (docs/documents.md): a plan saved by the previous build is still applied; a
// plan from a newer 1.x build, with fields this build does not know, is applied (a journal from a newer
// 2.x build: test/gitops/rollback-cli.test.ts); a newer major version is refused with a message naming the
// build that wrote it.
//
// test/fixtures/plans/plan-0.1.0-main-2c5c482.json was written by `zitadel-lockout plan --out` built from
// main at 2c5c482 (5 December 2026), against that build's emulator seeded as `seed()` below seeds this one.
// What belongs to that emulator rather than to the format — its URL, the org ids and sequences it handed
// out (later emulators seed more) — is mapped to this run's; every other field is the old build's, and the
// first test checks that this build plans exactly those changes.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { harness, type Harness } from "./harness.js";

const FIXTURE = "test/fixtures/plans/plan-0.1.0-main-2c5c482.json";
const saved = () =>
  JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown> & { changes: Record<string, unknown>[] };

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

type Change = Record<string, unknown> & { target: string; expectedSequence: string };

/** This build's plan of the same config against this emulator. */
async function freshPlan(): Promise<{ changes: Change[] }> {
  h.ws.write(
    "lockout.yaml",
    [
      "version: 1",
      "instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5",
      "orgs:",
      "  - name: Test ACME\n    maxPasswordAttempts: 3",
      `  - id: "${ids.globex}"\n    maxPasswordAttempts: 4\n    maxOtpAttempts: 4`,
      `  - id: "${ids.initech}"\n    inherit: true`,
      `  - id: "${ids.hooli}"\n    maxPasswordAttempts: 4`,
      "",
    ].join("\n"),
  );
  const r = await h.cli(["plan", "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { changes: Change[] };
}

/** The saved plan with this emulator's URL, org ids (in seed order) and sequences. */
async function mapped(doc: Record<string, unknown> & { changes: Record<string, unknown>[] }) {
  const fresh = await freshPlan();
  const changes = doc.changes.map((c, i) => ({
    ...c,
    target: fresh.changes[i]!.target,
    expectedSequence: fresh.changes[i]!.expectedSequence,
  }));
  return { ...doc, server: h.emu.url, changes };
}

async function writePlan(doc: Record<string, unknown> & { changes: Record<string, unknown>[] }): Promise<void> {
  h.ws.write("plan.json", JSON.stringify(await mapped(doc), null, 2));
}

beforeEach(async () => {
  h = await harness();
  seed();
  h.emu.clearLog();
});
afterEach(async () => h.close());

describe("a plan saved by the previous build", () => {
  it("holds exactly the changes this build plans for the same config and server state", async () => {
    const fresh = await freshPlan();
    const old = await mapped(saved());
    expect(fresh.changes.map((c) => c.target)).toEqual([
      "instance",
      ...[ids.acme, ids.globex, ids.initech, ids.hooli].map((id) => `org:${id}`),
    ]);
    // Fields this build added since (orgName for orgs declared by id) are additive: left out of the comparison.
    // Everything the old build wrote, this build writes the same.
    const known = fresh.changes.map((c, i) =>
      Object.fromEntries(Object.entries(c).filter(([k]) => k in old.changes[i]!)),
    );
    expect(old.changes).toEqual(known);
    expect(fresh.changes.some((c, i) => Object.keys(c).length > Object.keys(old.changes[i]!).length)).toBe(true);
  });

  it("is applied: four writes (the noop gets none), every target as planned", async () => {
    await writePlan(saved());
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

  it("from a newer 1.x build, with fields this build does not know at any level, is applied", async () => {
    await freshPlan(); // writes lockout.yaml
    const out = await h.cli(["plan", "--out", "plan.json"]);
    expect(out.code, out.stderr).toBe(0);
    const newer = JSON.parse(h.ws.read("plan.json"));
    expect(newer.recoveryCheck).toBeDefined();
    newer.toolVersion = "1.9.0";
    newer.approval = { by: "reviewer", at: "2026-12-05T09:00:00Z" };
    newer.changes[0].reviewNote = "newer";
    newer.changes[1].after.maxLockoutMinutes = 15;
    newer.changes[1].origin.endLine = 4;
    newer.recoveryCheck.checkedAt = "2026-12-05T09:00:00Z";
    newer.summary.untouched = 0;
    h.ws.write("plan.json", JSON.stringify(newer, null, 2));
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json", "--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Apply complete: 4 targets changed and verified/);
    expect(h.writes()).toHaveLength(4);
    expect(h.emu.control.orgPolicy(ids.acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    expect(h.emu.control.orgPolicy(ids.initech)).toBeNull();
  });

  it("of a newer major version is refused before any write, naming the build that wrote it", async () => {
    await writePlan({ ...saved(), formatVersion: 2, toolVersion: "2.3.0" });
    const r = await h.cli(["apply", "plan.json", "--auto-approve"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "plan.json: plan format version 2 is not supported by this version of zitadel-lockout (it reads version 1); " +
        "it was written by zitadel-lockout 2.3.0: use that version or a newer one",
    );
    expect(h.writes()).toEqual([]);
  });
});

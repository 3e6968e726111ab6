// Chaos at scale (issue #7): 500 orgs, a fifth of all requests failing their first two attempts — 429 with a
// JSON and with a plain-text body, 503, connections dropped before the server acted and answers lost after it
// acted — and a fifth delayed on the way. The faults are scheduled (which requests fail and with which kinds
// is fixed by the seed, whatever order the 32 concurrent requests arrive in), the delays seeded; bounded in
// time, and judged by properties that hold however the requests interleave (creates whose omitted field must
// take the instance value written by the same apply among them): apply converges; every policy
// event on the server carries the desired values of its target, once per changed target and never for
// an unchanged one; the journal written afterwards matches the server; drift finds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultKind } from "../../src/emulator/index.js";
import { seededRandom } from "../../src/emulator/faults.js";
import { harness, type Harness } from "../reconcile/harness.js";
import { startProxy, type Proxy } from "./proxy.js";

const ORGS = 500;
/** The share of distinct requests that fail their first FAULTED_ATTEMPTS attempts. */
const FAULT_SHARE = 0.2;
const FAULTED_ATTEMPTS = 2;
const DELAY_RATE = 0.2;
const KINDS: FaultKind[] = ["429-json", "429-text", "503", "drop", "lost-response"];
const INSTANCE = { maxPasswordAttempts: 6, maxOtpAttempts: 6 };

type Settings = { maxPasswordAttempts: number; maxOtpAttempts: number };

let h: Harness;
let proxy: Proxy;
let orgIds: string[];
let initial: Map<string, Settings | null>;

/**
 * Every fourth org inherits; the others get one of three custom pairs — except that every fourth org leaves
 * maxOtpAttempts out: a create must then take the instance value this same apply writes (6), not the value
 * the instance had when it was read, and an update must keep the org's own live value.
 */
const omitsOtp = (i: number) => i % 4 === 1;
const want = (i: number): Settings | null => {
  if (i % 4 === 3) return null;
  const live = initial.get(orgIds[i]!) ?? null;
  return {
    maxPasswordAttempts: 3 + (i % 3),
    maxOtpAttempts: omitsOtp(i) ? (live ? live.maxOtpAttempts : INSTANCE.maxOtpAttempts) : 4,
  };
};
const same = (a: Settings | null, b: Settings | null) =>
  a === null || b === null
    ? a === b
    : a.maxPasswordAttempts === b.maxPasswordAttempts && a.maxOtpAttempts === b.maxOtpAttempts;

beforeAll(async () => {
  // extraOrgs: "Org 001" … with every tenth holding a custom 5/5 policy, so creates, updates, resets and
  // no-ops all occur.
  h = await harness({ seed: 7007, extraOrgs: ORGS });
  orgIds = h.emu.control
    .listOrgs()
    .filter((o) => o.name.startsWith("Org "))
    .map((o) => o.id);
  expect(orgIds).toHaveLength(ORGS);
  initial = new Map(orgIds.map((id) => [id, settingsOf(h.emu.control.orgPolicy(id))]));
  // The omitted-field rule is only tested if the live instance differs from what this apply makes it.
  expect(h.emu.control.instancePolicy().maxOtpAttempts).not.toBe(INSTANCE.maxOtpAttempts);
  const omitting = orgIds.filter((_, i) => omitsOtp(i));
  // creates and updates
  expect(omitting.some((id) => initial.get(id) === null) && omitting.some((id) => initial.get(id) !== null)).toBe(true);
  const dice = seededRandom(99);
  proxy = await startProxy(h.emu.url, () =>
    dice() < DELAY_RATE ? { kind: "delay", ms: 5 + Math.floor(dice() * 45) } : undefined,
  );
  h.ws.write(
    "lockout.yaml",
    [
      "version: 1",
      "instance:",
      `  maxPasswordAttempts: ${INSTANCE.maxPasswordAttempts}`,
      `  maxOtpAttempts: ${INSTANCE.maxOtpAttempts}`,
      "orgs:",
      ...orgIds.flatMap((id, i) => {
        const w = want(i);
        if (!w) return [`  - id: "${id}"`, "    inherit: true"];
        return [
          `  - id: "${id}"`,
          `    maxPasswordAttempts: ${w.maxPasswordAttempts}`,
          ...(omitsOtp(i) ? [] : [`    maxOtpAttempts: ${w.maxOtpAttempts}`]),
        ];
      }),
      "",
    ].join("\n"),
  );
}, 30_000);
afterAll(async () => {
  await proxy.close();
  await h.close();
});

function settingsOf(p: { maxPasswordAttempts: number; maxOtpAttempts: number } | null): Settings | null {
  return p && { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts };
}

describe("apply of 500 orgs with a fifth of the requests failing twice, and 20% added latency", () => {
  it("converges, writes only desired values, once per changed target, and journals what the server holds", async () => {
    const changed = orgIds.filter((id, i) => !same(initial.get(id)!, want(i)));
    expect(changed.length).toBeGreaterThan(300); // the workload really is mostly writes
    const eventsBefore = h.emu.control.policyHistory().length;
    h.emu.setFaults({ firstAttempts: FAULTED_ATTEMPTS, share: FAULT_SHARE, kinds: KINDS });
    const started = performance.now();
    // Two failed attempts per faulted request, within the default five retries: every request gets through.
    // --read per-org: the chaos is meant to hit 1,000+ reads (an events read needs a handful, see read-fallback tests).
    const r = await h.cli([
      "apply",
      "--auto-approve",
      "--journal",
      "journal.json",
      "--concurrency",
      "32",
      "--format",
      "json",
      "--url",
      proxy.url,
      "--read",
      "per-org",
    ]);
    const seconds = (performance.now() - started) / 1000;
    h.emu.setFaults(undefined);

    // On failure, show what went wrong first: the failed and unconverged targets with their reasons.
    const trouble = r.stderr
      .split("\n")
      .filter((l, i, all) => /✗|not verified|still differs/.test(l) || /✗/.test(all[i - 1] ?? ""));
    expect(r.code, [...trouble, "", r.stderr.slice(-1000)].join("\n")).toBe(0);
    const result = JSON.parse(r.stdout) as {
      ok: boolean;
      summary: { applied: number; converged: number; failed: number };
    };
    expect(result.ok).toBe(true);
    expect(result.summary.applied + result.summary.converged).toBe(changed.length + 1); // + the instance
    expect(seconds).toBeLessThan(90); // bounded: retries have a budget, nothing waits forever

    // The chaos was real: every kind of fault, and delays, hit this run.
    const faults = h.emu.requestLog.filter((e) => e.fault);
    for (const kind of KINDS)
      expect(
        faults.some((e) => e.fault === kind),
        kind,
      ).toBe(true);
    expect(faults.length).toBeGreaterThan(200);
    expect(h.emu.requestLog.some((e) => e.fault === "lost-response" && e.write && e.servedStatus === 200)).toBe(true);
    expect(proxy.log.filter((x) => !x.intercepted).length).toBeGreaterThan(0);

    // No target ever received anything but its desired values, and retries never doubled an effect:
    // one event per changed target (a retried write meets NotChanged/AlreadyExists/NotFound instead).
    const events = h.emu.control.policyHistory().slice(eventsBefore);
    const perTarget = new Map<string, number>();
    for (const e of events) {
      perTarget.set(e.target, (perTarget.get(e.target) ?? 0) + 1);
      if (e.target === "instance") {
        expect(e.settings).toEqual(INSTANCE);
        continue;
      }
      const i = orgIds.indexOf(e.target.slice("org:".length));
      expect(i, `event on an undeclared target ${e.target}`).toBeGreaterThanOrEqual(0);
      expect(e.type === "removed" ? null : e.settings, `event on org #${i}`).toEqual(want(i));
    }
    expect(perTarget.get("instance")).toBe(1);
    for (const id of orgIds)
      expect(perTarget.get(`org:${id}`) ?? 0, `events on ${id}`).toBe(changed.includes(id) ? 1 : 0);

    // The server holds the desired state; the journal records exactly what the server holds.
    orgIds.forEach((id, i) => expect(settingsOf(h.emu.control.orgPolicy(id)), id).toEqual(want(i)));
    const journal = JSON.parse(h.ws.read("journal.json")) as {
      server: string;
      entries: { target: string; settings: Settings | null; sequence: string }[];
    };
    expect(journal.server).toBe(proxy.url);
    expect(journal.entries.map((e) => e.target).sort()).toEqual(
      ["instance", ...orgIds.map((id) => `org:${id}`)].sort(),
    );
    const instance = h.emu.control.instancePolicy();
    for (const entry of journal.entries) {
      if (entry.target === "instance") {
        expect(entry).toMatchObject({ settings: INSTANCE, sequence: instance.sequence });
        continue;
      }
      const live = h.emu.control.orgPolicy(entry.target.slice("org:".length));
      // An inheriting org reads the instance row, so its sequence is the instance policy's.
      expect(entry, entry.target).toMatchObject({
        settings: settingsOf(live),
        sequence: live ? live.sequence : instance.sequence,
      });
    }

    // And the tool agrees, fault-free: no drift against the journal, nothing left to plan.
    const drift = await h.cli(["drift", "--journal", "journal.json", "--url", proxy.url]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    const again = await h.cli(["plan", "--detailed-exitcode", "--url", proxy.url]);
    expect(again.code, again.stdout).toBe(0);
  }, 120_000);
});

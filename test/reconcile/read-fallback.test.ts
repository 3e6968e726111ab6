// The events read checks itself and says what it did: which read ran and why (stderr), a fallback to
// per-org reads with the reason whenever the fold cannot be vouched for (audit-log retention, an unknown
// lockout event type, a disagreement with a direct read), and a clear error for --read events without
// events.read. Every fallback still plans exactly what a per-org read plans.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "./harness.js";

let h: Harness;
let orgs: string[];
beforeEach(async () => {
  h = await harness();
  orgs = Array.from({ length: 22 }, (_, i) => h.emu.control.addOrg(`Fallback Org ${i}`));
  orgs
    .slice(0, 6)
    .forEach((id, i) => h.emu.control.setOrgPolicy(id, { maxPasswordAttempts: i + 1, maxOtpAttempts: 2 }));
  h.emu.control.setOrgPolicy(orgs[0]!, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
  h.ws.write(
    "lockout.yaml",
    config({
      instance: "maxPasswordAttempts: 5",
      orgs: orgs.map((id, i) => `id: "${id}"\nmaxPasswordAttempts: ${i % 4}`),
    }),
  );
});
afterEach(async () => h.close());

/** An RFC 3339 time with 0–9 fractional digits (protojson drops trailing zero groups) in µs since the epoch. */
const microseconds = (rfc3339: string): number => {
  const fraction = /\.(\d+)Z$/.exec(rfc3339)?.[1] ?? "";
  return Math.floor(Date.parse(rfc3339) / 1000) * 1_000_000 + Number(fraction.padEnd(6, "0").slice(0, 6));
};

const perOrgPlan = async () => {
  const r = await h.cli(["plan", "--format", "json", "--read", "per-org"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

describe("read mode selection", () => {
  it("auto reads the event log for 22 declared orgs, in a handful of requests, and plans like per-org", async () => {
    h.emu.clearLog();
    const r = await h.cli(["plan", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /Read mode: event log \(22 orgs to read; \d+ events folded, checked against 5 direct reads\)/,
    );
    // The lockout state's reads: event types + one page of events + the instance and 4 orgs read directly
    // (the org-name and recovery-check requests come on top, the same in both modes).
    const stateReads = h.emu.requestLog.filter((e) =>
      /^\/(admin\/v1\/events|management\/v1\/policies\/lockout|v2\/settings\/lockout)/.test(e.path),
    );
    expect(stateReads.length).toBe(7);
    // The recovery check's own three reads (who am I, the instance's members, their states:
    // docs/recovery-check.md) are not the state read's and are counted apart.
    const recoveryCheck = (p: string) =>
      p === "/auth/v1/users/me" || p === "/admin/v1/members/_search" || p === "/v2/users";
    expect(h.emu.requestLog.filter((e) => recoveryCheck(e.path)).length).toBe(3);
    const { readPosition, ...plan } = JSON.parse(r.stdout) as { readPosition: string };
    // The newest folded event: the last lockout write of beforeEach.
    const lastLockout = h.emu.control
      .events()
      .filter((e) => e.type.includes(".lockout."))
      .at(-1)!;
    expect(microseconds(readPosition)).toBe(lastLockout.createdUs);
    expect(plan).toEqual(JSON.parse(await perOrgPlan()));
  });

  it("auto reads per org for a small config, and says why", async () => {
    h.ws.write("small.yaml", config({ orgs: [`id: "${orgs[0]}"\ninherit: true`] }));
    const r = await h.cli(["plan", "-f", "small.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "Read mode: per org (1 org to read; the event log pays off from 20, or with --read events).",
    );
  });

  it("auto without events.read reads per org; --read events without it is exit 1 naming the permission", async () => {
    const orgOwner = { ZITADEL_TOKEN: h.emu.credentials.orgOwnerToken };
    h.ws.write("own.yaml", config({ orgs: [`id: "${h.emu.credentials.orgOwnerOrgId}"\ninherit: true`] }));
    const small = await h.cli(["plan", "-f", "own.yaml", "--read", "events"], orgOwner);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain("--read events needs the permission events.read");
    expect(small.stdout).toBe("");
    const auto = await h.cli(["export"], orgOwner);
    expect(auto.stderr).toContain(
      "Read mode: per org (the credentials may not read the event log (no events.read permission))",
    );
  });
});

describe("falling back to per-org reads, with the reason", () => {
  it("incomplete history (audit-log retention dropped the added events) → per-org, same plan", async () => {
    const expected = await perOrgPlan();
    h.emu.control.setOrgPolicy(orgs[1]!, { maxPasswordAttempts: 7, maxOtpAttempts: 7 });
    const planBefore = await perOrgPlan();
    expect(planBefore).not.toBe(expected);
    // Keep only the last event: a changed whose added is gone.
    const last = h.emu.control.events().at(-1)!;
    h.emu.control.dropEventsBefore(new Date(Math.floor(last.createdUs / 1000)));
    const r = await h.cli(["plan", "--format", "json", "--read", "events"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        /warning: not using the event log: event org\.policy\.lockout\.changed .* without its /.source +
          /org\.policy\.lockout\.added: the log does not reach back far enough \(audit-log /.source +
          /retention\)/.source,
      ),
    );
    expect(r.stderr).toContain("Read mode: per org (fell back from the event log)");
    expect(r.stdout).toBe(planBefore);
  });

  it("a lockout event type this version does not know → per-org, naming the type", async () => {
    h.emu.control.bumpUnrelated(orgs[2]!, "org.policy.lockout.frozen");
    const r = await h.cli(["plan", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "warning: not using the event log: the server knows lockout event types this version does not fold " +
        "(org.policy.lockout.frozen)",
    );
    expect(r.stdout).toBe(await perOrgPlan());
  });

  it("the fold disagrees with a direct read → per-org, naming the target and both answers", async () => {
    // Corrupt the log behind the projection's back: the instance's added event now claims other values.
    const added = h.emu.control.events().find((e) => e.type === "instance.policy.lockout.added")!;
    (added.payload as Record<string, number>).maxPasswordAttempts = 42;
    const r = await h.cli(["plan", "--format", "json", "--read", "events"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        /warning: not using the event log: the event log and a direct read disagree about /.source +
          /instance: events say 42\/0 at sequence \d+, the server says 0\/0 at sequence \d+/.source,
      ),
    );
    expect(r.stdout).toBe(await perOrgPlan());
  });
});

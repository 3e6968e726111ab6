// Apply after an events read: the plan records its read position, and preflight asks the log once for the
// lockout and org.removed events since then, re-reading only the targets they touch — still exit 4 with
// zero writes when one moved. Verification vouches for targets whose last event is our own write.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "./harness.js";

let h: Harness;
let orgs: string[];
beforeEach(async () => {
  h = await harness();
  orgs = Array.from({ length: 24 }, (_, i) => h.emu.control.addOrg(`Preflight Org ${i}`));
  orgs.slice(0, 8).forEach((id) => h.emu.control.setOrgPolicy(id, { maxPasswordAttempts: 5, maxOtpAttempts: 5 }));
  // orgs 0-3 change (update), 8-11 get a custom policy (create), the rest stay as they are.
  const entries = orgs.map((id, i) =>
    i < 4
      ? `id: "${id}"\nmaxPasswordAttempts: 6`
      : i < 8
        ? `id: "${id}"\nmaxPasswordAttempts: 5\nmaxOtpAttempts: 5`
        : i < 12
          ? `id: "${id}"\nmaxPasswordAttempts: 2`
          : `id: "${id}"\ninherit: true`,
  );
  h.ws.write("lockout.yaml", config({ orgs: entries }));
  const plan = await h.cli(["plan", "--out", "plan.json", "--read", "events"]);
  expect(plan.code, plan.stderr).toBe(0);
  expect(JSON.parse(h.ws.read("plan.json")).readPosition).toBeDefined();
});
afterEach(async () => h.close());

const kinds = (h: Harness) => h.emu.requestLog.map((e) => `${e.method} ${e.path}`);

describe("apply of an events-read plan", () => {
  it("nothing moved: preflight is one events request, 8 writes follow, verification reads the instance", async () => {
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const log = kinds(h);
    expect(h.writes()).toHaveLength(8);
    // One events request before the writes (preflight), one after (verification), no per-org read at all.
    expect(log.filter((k) => k === "POST /admin/v1/events/_search")).toHaveLength(2);
    expect(log.filter((k) => k === "GET /management/v1/policies/lockout")).toHaveLength(0);
    expect(log.indexOf("POST /admin/v1/events/_search")).toBeLessThan(
      log.findIndex((k) => /^(POST|PUT) \/management/.test(k)),
    );
    const again = await h.cli(["plan", "--detailed-exitcode", "--read", "per-org"]);
    expect(again.code, again.stdout).toBe(0);
  });

  it("an org changed since the plan: exit 4, zero writes, only that org re-read", async () => {
    h.emu.control.setOrgPolicy(orgs[2]!, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code).toBe(4);
    expect(h.writes()).toEqual([]);
    expect(r.stderr).toContain(`org:${orgs[2]}`);
    expect(h.emu.requestLog.filter((e) => e.path === "/management/v1/policies/lockout").map((e) => e.orgId)).toEqual([
      orgs[2],
    ]);
  });

  it("instance default changed since the plan: each create of an inheriting org is stale (exit 4)", async () => {
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 1, maxOtpAttempts: 1 });
    h.emu.clearLog();
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code).toBe(4);
    expect(h.writes()).toEqual([]);
    for (const id of orgs.slice(8, 12)) expect(r.stderr).toContain(`org:${id}`);
    expect(r.stderr).not.toContain(`org:${orgs[0]}`);
  });

  it("an unrelated event on a planned org does not make it stale", async () => {
    h.emu.control.bumpUnrelated(orgs[1]!);
    h.emu.control.bumpUnrelated("instance");
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

// The action's apply and drift: journal, drift verdicts, a stale plan, workflow-command injection.
// Setup and the runner: action-setup.ts.
import { describe, expect, it } from "vitest";
import { APPLY_MARKER } from "../../src/render/apply-markdown.js";
import { DRIFT_MARKER } from "../../src/render/drift-markdown.js";
import { config } from "../reconcile/harness.js";
import { acme, emulator, h, PUSH, run, useActionWorkspace } from "./action-setup.js";

useActionWorkspace();

describe("workflow commands", () => {
  it("an org name cannot start a line of the report: the tool escapes it (\\u000A)", async () => {
    h.emu.control.addOrg("Evil\n::add-mask::x\n::error::injected");
    h.ws.write(
      "policies/lockout.yaml",
      config({ orgs: ['name: "Evil\\n::add-mask::x\\n::error::injected"\nmaxPasswordAttempts: 4'] }),
    );
    const r = await run({ command: "apply" }, PUSH);
    expect(r.code, r.log).toBe(0);
    const stderr = r.steps[1]!.stderr;
    expect(stderr).toContain("(Evil\\u000A::add-mask::x\\u000A::error::injected)");
    expect(stderr.split("\n").some((l) => l.startsWith("::error::") || l.startsWith("::add-mask::"))).toBe(false);
  });

  it("shows the tool's stderr inside ::stop-commands::, so a line starting :: is no workflow command", async () => {
    // A name from the config is the user's own text and is quoted as written, newline included: the run
    // fails (no such org), and the line that would be a workflow command is inside the stop-commands frame.
    h.ws.write(
      "policies/lockout.yaml",
      config({ orgs: ['name: "Evil\\n::add-mask::x\\n::error::injected"\nmaxPasswordAttempts: 4'] }),
    );
    const r = await run({ command: "apply" }, PUSH);
    expect(r.code, r.log).not.toBe(0);
    const lines = r.steps[1]!.stderr.split("\n");
    const injected = lines.findIndex((l) => l.startsWith("::error::injected"));
    expect(injected, r.steps[1]!.stderr).toBeGreaterThan(0);
    const stop = lines.findIndex((l) => l.startsWith("::stop-commands::"));
    const token = lines[stop]?.slice("::stop-commands::".length) ?? "";
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(stop).toBeLessThan(injected);
    expect(token).toMatch(/^zitadel-lockout-[0-9a-f]{32}$/);
    expect(lines.indexOf(`::${token}::`)).toBeGreaterThan(injected);
  });
});

describe("apply and drift", () => {
  it("apply writes the journal; drift fails the job on an out-of-band change unless fail-on-drift: false", async () => {
    const apply = await run({ command: "apply", journal: "journal.json" }, PUSH);
    expect(apply.code, apply.log).toBe(0);
    expect(apply.outputs["exit-code"]).toBe("0");
    expect(apply.summary.startsWith(`${APPLY_MARKER}\n### ✅ zitadel-lockout apply succeeded: 2 applied`)).toBe(true);
    expect(h.ws.exists("policies/journal.json")).toBe(true);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });

    const clean = await run({ command: "drift", journal: "journal.json" }, PUSH);
    expect(clean.code, clean.log).toBe(0);
    expect(clean.outputs.drifted).toBe("false");

    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    const drift = await run({ command: "drift", journal: "journal.json" }, PUSH);
    expect(drift.code).toBe(3);
    expect(drift.outputs).toMatchObject({ "exit-code": "3", drifted: "true" });
    expect(drift.summary.startsWith(DRIFT_MARKER)).toBe(true);
    expect(drift.summary).toContain("#### Changed outside Git");
    expect(drift.summary).toContain("changed and changed back");
    expect(drift.log).toContain("::error::zitadel-lockout found drift: see the job summary.");

    const tolerated = await run({ command: "drift", journal: "journal.json", "fail-on-drift": "false" }, PUSH);
    expect(tolerated.code).toBe(0);
    expect(tolerated.outputs.drifted).toBe("true");
    expect(tolerated.log).toContain("::warning::zitadel-lockout found drift");
  });
});

describe("failures", () => {
  it("a stale plan (exit 4) says that nothing was written, in the summary and the log, and fails the job", async () => {
    // Someone gives ACME a custom policy right after apply read it: apply's preflight finds the plan stale.
    emulator.onRequest = (e) => {
      if (e.method === "GET" && e.path.startsWith("/management/v1/policies/lockout") && e.orgId === acme) {
        emulator.onRequest = undefined;
        h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 7, maxOtpAttempts: 7 });
      }
    };
    const r = await run({ command: "apply" }, PUSH);
    expect(r.code, r.log).toBe(4);
    expect(r.outputs["exit-code"]).toBe("4");
    expect(r.summary).toContain(
      "### ⛔ zitadel-lockout apply refused: the server changed since the plan was made; nothing was written (exit 4)",
    );
    expect(r.log).toContain(
      "::error::zitadel-lockout apply refused: the plan is stale (the server changed since it was read); " +
        "nothing was written. Plan again and review it.",
    );
    expect(h.writes()).toEqual([]);
  });
});

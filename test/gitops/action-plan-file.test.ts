// The action's reviewed plan (plan-file): plan saves it, apply applies exactly it or refuses.
// Setup and the runner: action-setup.ts.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPLY_MARKER } from "../../src/render/apply-markdown.js";
import { config } from "../reconcile/harness.js";
import { acme, h, PUSH, run, useActionWorkspace, writeTerraformModule } from "./action-setup.js";

useActionWorkspace();

describe("apply a reviewed plan (plan-file)", () => {
  /** A tool-path whose bin.js records its arguments, then runs this checkout's built CLI. */
  function recordingTool(): { path: string; calls: () => string[][] } {
    const path = join(h.ws.dir, "recording-tool");
    const log = join(h.ws.dir, "tool-calls.jsonl");
    mkdirSync(join(path, "dist", "cli"), { recursive: true });
    writeFileSync(log, "");
    writeFileSync(
      join(path, "dist", "cli", "bin.js"),
      `require("node:fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + "\\n");\n` +
        `import(${JSON.stringify(join(process.cwd(), "dist", "cli", "bin.js"))});\n`,
    );
    const calls = () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as string[])
        .filter((argv) => argv[0] !== "--version");
    return { path, calls };
  }
  const planPath = () => join(h.ws.dir, "policies", "reviewed.plan.json");
  const savedPlan = () =>
    JSON.parse(readFileSync(planPath(), "utf8")) as {
      changes: { target: string; after: { maxPasswordAttempts: number } | null }[];
    };

  it("plan saves the plan it shows; apply applies that file, checked against the config", async () => {
    const tool = recordingTool();
    const plan = await run({ command: "plan", "plan-file": "reviewed.plan.json", "tool-path": tool.path });
    expect(plan.code, plan.log).toBe(0);
    expect(plan.outputs.changes).toBe("true");
    expect(savedPlan().changes.find((c) => c.target === `org:${acme}`)!.after!.maxPasswordAttempts).toBe(3);
    expect(h.writes()).toEqual([]);

    const apply = await run(
      { command: "apply", "plan-file": "reviewed.plan.json", journal: "journal.json", "tool-path": tool.path },
      PUSH,
    );
    expect(apply.code, apply.log).toBe(0);
    expect(apply.summary.startsWith(`${APPLY_MARKER}\n### ✅ zitadel-lockout apply succeeded: 2 applied`)).toBe(true);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    expect(h.ws.exists("policies/journal.json")).toBe(true);
    // The saved plan is the operand, and the config it must come from is passed (lockout.yaml by default).
    expect(tool.calls()).toEqual([
      ["plan", "--detailed-exitcode", "--out=reviewed.plan.json", "--format", "markdown"],
      [
        "apply",
        "--auto-approve",
        "-f",
        "lockout.yaml",
        "--journal",
        "journal.json",
        "--format",
        "markdown",
        "--",
        "reviewed.plan.json",
      ],
    ]);
  });

  it("a plan file edited after review is refused, nothing written, and the job fails", async () => {
    expect((await run({ command: "plan", "plan-file": "reviewed.plan.json" })).code).toBe(0);
    const edited = savedPlan();
    edited.changes.find((c) => c.target === `org:${acme}`)!.after!.maxPasswordAttempts = 99;
    writeFileSync(planPath(), JSON.stringify(edited));
    const r = await run({ command: "apply", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(r.code).toBe(1);
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.summary).toContain(`${APPLY_MARKER}\n### ❌ zitadel-lockout apply failed (exit 1)`);
    expect(r.summary).toContain(
      "the plan file reviewed.plan.json is not what lockout.yaml produces against the plan's own before state; " +
        "nothing was written",
    );
    expect(r.summary).toContain(`org:${acme}: the plan sets 99/5, the config gives 3/5`);
    expect(h.writes()).toEqual([]);
    expect(h.emu.control.orgPolicy(acme)).toBeNull();
  });

  it("a plan file that no longer matches the merged config is refused the same way", async () => {
    expect((await run({ command: "plan", "plan-file": "reviewed.plan.json" })).code).toBe(0);
    h.ws.write(
      "policies/lockout.yaml",
      config({
        instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
        orgs: [`name: Action ACME\nmaxPasswordAttempts: 4`],
      }),
    );
    const r = await run({ command: "apply", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(r.code).toBe(1);
    expect(r.summary).toContain(`org:${acme}: the plan sets 3/5, the config gives 4/5`);
    expect(h.writes()).toEqual([]);
  });

  it("a stale plan (the server changed after review) is refused with exit 4, nothing written", async () => {
    expect((await run({ command: "plan", "plan-file": "reviewed.plan.json" })).code).toBe(0);
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 7, maxOtpAttempts: 7 });
    const r = await run({ command: "apply", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(r.code, r.log).toBe(4);
    expect(r.outputs["exit-code"]).toBe("4");
    expect(r.summary).toContain(
      "### ⛔ zitadel-lockout apply refused: the server changed since the plan was made; nothing was written (exit 4)",
    );
    expect(r.log).toContain("::error::zitadel-lockout apply refused: the plan is stale");
    expect(h.writes()).toEqual([]);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 7, maxOtpAttempts: 7 });
  });

  it("with terraform, the saved plan is checked against the module (and its var-files)", async () => {
    writeTerraformModule();
    const tf = { terraform: "infra", "var-files": "prod.tfvars", "plan-file": "tf.plan.json", comment: "false" };
    expect((await run({ command: "plan", ...tf })).code).toBe(0);
    // The variable changed after review: the module no longer produces the saved plan.
    h.ws.write("policies/prod.tfvars", "attempts = 8\n");
    const refused = await run({ command: "apply", ...tf }, PUSH);
    expect(refused.code).toBe(1);
    expect(refused.summary).toContain("instance: the plan sets 7/5, the config gives 8/5");
    expect(h.writes()).toEqual([]);
    h.ws.write("policies/prod.tfvars", "attempts = 7\n");
    const applied = await run({ command: "apply", ...tf }, PUSH);
    expect(applied.code, applied.log).toBe(0);
    expect(h.emu.control.instancePolicy()).toMatchObject({ maxPasswordAttempts: 7, maxOtpAttempts: 5 });
  });

  it("a missing plan file fails the job without planning again; plan-file does not go with drift", async () => {
    const r = await run({ command: "apply", "plan-file": "never-saved.plan.json" }, PUSH);
    expect(r.code).toBe(1);
    expect(r.summary).toContain("cannot read the plan file never-saved.plan.json");
    expect(h.writes()).toEqual([]);
    const drift = await run({ command: "drift", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(drift.code).toBe(1);
    expect(drift.log).toContain("::error::plan-file goes with plan or apply");
  });
});

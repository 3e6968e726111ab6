// action.yml and the example workflows, checked by a real validator from the npm registry
// (@action-validator/core, the library behind the action-validator CLI: the schemastore schemas for actions
// and workflows), and cross-checked against each other: every `with:` the examples pass is an input the action
// declares. The library runs in this process: its CLI compiles the same WebAssembly anew for every file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const WORKFLOWS = ["plan-on-pr.yml", "apply-on-merge.yml", "drift-schedule.yml"].map((f) =>
  join("examples", "github-actions", f),
);
const scratch = mkdtempSync(join(tmpdir(), "zl-validate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Validates a file as the CLI does: `action.yml` / `action.yaml` as an action, anything else as a workflow;
 * the output is the report the CLI prints on failure.
 */
function validate(path: string): { errors: number; output: string } {
  const text = readFileSync(path, "utf8");
  const result = ["action.yml", "action.yaml"].includes(basename(path)) ? validateAction(text) : validateWorkflow(text);
  return { errors: result.errors.length, output: JSON.stringify(result, null, 2) };
}

describe("action-validator", () => {
  // unlock.yml runs the CLI itself (not the action), so only the validator checks it here.
  it.each(["action.yml", ...WORKFLOWS, join("examples", "github-actions", "unlock.yml")])("accepts %s", (file) => {
    const r = validate(file);
    expect(r.errors, r.output).toBe(0);
  });

  it("rejects an action whose run step lacks a shell (so the checks above can fail)", () => {
    const broken = readFileSync("action.yml", "utf8").replace(
      "    - name: Write the job summary\n      shell: bash\n",
      "    - name: Write the job summary\n",
    );
    expect(broken).not.toBe(readFileSync("action.yml", "utf8"));
    const dir = mkdtempSync(join(scratch, "action-"));
    writeFileSync(join(dir, "action.yml"), broken);
    const r = validate(join(dir, "action.yml"));
    expect(r.errors).toBeGreaterThan(0);
    // Judged as an action (the file's name), and refused where the step lost its shell: in runs.
    expect(r.output).toContain('"actionType": "action"');
    expect(r.output).toContain('"path": "/runs"');
  });

  it("rejects a workflow with a misspelt key", () => {
    const broken = readFileSync(WORKFLOWS[2]!, "utf8").replace("runs-on:", "run-on:");
    writeFileSync(join(scratch, "drift.yml"), broken);
    const r = validate(join(scratch, "drift.yml"));
    expect(r.errors).toBeGreaterThan(0);
    expect(r.output).toContain("Additional property 'run-on' is not allowed");
  });
});

describe("the examples use the action as declared", () => {
  const action = parse(readFileSync("action.yml", "utf8")) as { inputs: Record<string, { required?: boolean }> };

  it.each(WORKFLOWS)("%s passes only declared inputs, every required one, and a server and a credential", (file) => {
    const workflow = parse(readFileSync(file, "utf8")) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string>; env?: Record<string, string> }[] }>;
    };
    const uses = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .filter((s) => s.uses?.startsWith("zitadel-lockout/zitadel-lockout@"));
    expect(uses).toHaveLength(1);
    const step = uses[0]!;
    for (const name of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
    for (const [name, spec] of Object.entries(action.inputs)) if (spec.required) expect(step.with).toHaveProperty(name);
    expect(step.env).toHaveProperty("ZITADEL_URL");
    expect(Object.keys(step.env ?? {}).some((k) => ["ZITADEL_TOKEN", "ZITADEL_KEY_FILE"].includes(k))).toBe(true);
    // Credentials come from secrets, never written into the file.
    for (const [k, v] of Object.entries(step.env ?? {}))
      if (k === "ZITADEL_TOKEN") expect(v).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
  });
});

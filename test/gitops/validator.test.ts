// action.yml and the example workflows, checked by a real validator from the npm registry
// (@action-validator/cli: the schemastore schemas for actions and workflows), and cross-checked against
// each other: every `with:` the examples pass is an input the action declares.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const validatorCli = join(process.cwd(), "node_modules", "@action-validator", "cli", "cli.mjs");
const WORKFLOWS = ["plan-on-pr.yml", "apply-on-merge.yml", "drift-schedule.yml"].map((f) =>
  join("examples", "github-actions", f),
);
const scratch = mkdtempSync(join(tmpdir(), "zl-validate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the validator; it reads `action.yml` / `action.yaml` as an action and anything else as a workflow. */
async function validate(path: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [validatorCli, path]);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("action-validator", () => {
  // unlock.yml runs the CLI itself (not the action), so only the validator checks it here.
  it.each(["action.yml", ...WORKFLOWS, join("examples", "github-actions", "unlock.yml")])(
    "accepts %s",
    async (file) => {
      const r = await validate(file);
      expect(r.code, r.output).toBe(0);
    },
  );

  it("rejects an action whose run step lacks a shell (so the checks above can fail)", async () => {
    const broken = readFileSync("action.yml", "utf8").replace(
      "    - name: Write the job summary\n      shell: bash\n",
      "    - name: Write the job summary\n",
    );
    expect(broken).not.toBe(readFileSync("action.yml", "utf8"));
    const dir = mkdtempSync(join(scratch, "action-"));
    writeFileSync(join(dir, "action.yml"), broken);
    const r = await validate(join(dir, "action.yml"));
    expect(r.code).toBe(1);
    expect(r.output).toContain('"actionType": "action"');
  });

  it("rejects a workflow with a misspelt key", async () => {
    const broken = readFileSync(WORKFLOWS[2]!, "utf8").replace("runs-on:", "run-on:");
    writeFileSync(join(scratch, "drift.yml"), broken);
    const r = await validate(join(scratch, "drift.yml"));
    expect(r.code).toBe(1);
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

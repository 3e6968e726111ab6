// A testing helper for apps built with these constructs, in the spirit of cdk8s' `Testing`: synthesize one
// stack and get back what zitadel-lockout would read from it — the desired state, its config-v1 YAML twin
// (deterministic, for snapshots), and the lint findings `plan --cdktf` would print. No CLI, no server.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import { readTerraformJson } from "../desired/cdktf/reader.js";
import { lintDesired, type LintFinding } from "../desired/lint.js";
import { serializeDesired } from "../desired/serialize.js";
import type { DesiredState } from "../model.js";

const TEMP_DIR_VARIABLES = ["TMPDIR", "TMP", "TEMP"] as const;

/**
 * Testing.fullSynth, not Testing.synth (the latter drops the "//" comments that carry the inheriting
 * orgs). fullSynth makes its outdir in os.tmpdir() and, when validation fails, throws without saying
 * where: so it runs with the temp dir pointed at a folder of ours, which goes in any case. fullSynth is
 * synchronous, so no other code sees the changed variables.
 */
function synthesizeInTempDir(stack: TerraformStack): { outdir: string; cleanup: () => void } {
  const ours = mkdtempSync(join(tmpdir(), "zitadel-lockout-testing-"));
  const cleanup = (): void => rmSync(ours, { recursive: true, force: true });
  const saved = TEMP_DIR_VARIABLES.map((name) => [name, process.env[name]] as const);
  try {
    for (const name of TEMP_DIR_VARIABLES) process.env[name] = ours;
    return { outdir: Testing.fullSynth(stack), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

export const LockoutTesting = {
  /**
   * The desired state the CLI reads from this stack (`plan --cdktf`). Runs the constructs' validations:
   * invalid props throw with every problem and its construct path; so does anything the reader refuses
   * (a ConfigError naming the stack).
   */
  desiredState(stack: TerraformStack): DesiredState {
    const { outdir, cleanup } = synthesizeInTempDir(stack);
    try {
      const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
      const entry = manifest.stacks[stack.node.id];
      if (entry === undefined) throw new Error(`stack ${stack.node.id} is missing from the synthesized manifest`);
      const text = readFileSync(join(outdir, entry.synthesizedStackPath), "utf8");
      return readTerraformJson([{ file: `stack ${stack.node.id}`, json: JSON.parse(text) as unknown, text }]);
    } finally {
      cleanup();
    }
  },

  /** The same policies as a zitadel-lockout config file (version 1): stable text for snapshot tests. */
  configYaml(stack: TerraformStack): string {
    return serializeDesired(LockoutTesting.desiredState(stack));
  },

  /** The lint findings (rule, severity, message) that `validate` / `plan` would show for this stack. */
  lint(stack: TerraformStack): LintFinding[] {
    return lintDesired(LockoutTesting.desiredState(stack));
  },
};

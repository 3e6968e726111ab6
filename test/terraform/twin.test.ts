// Four front-ends, one plan: the HCL module examples/terraform, its JSON-syntax twin, the CDKTF app's
// synthesized stack (cdktn fixture) and the YAML twin declare the same policies, and must plan exactly
// the same changes against one emulator, through the real CLI, in every format.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";

const root = process.cwd();
const SOURCES: readonly (readonly [string, readonly string[]])[] = [
  ["YAML", ["-f", join(root, "examples", "cdktf", "lockout.yaml")]],
  ["HCL", ["--terraform", join(root, "examples", "terraform")]],
  ["Terraform JSON", ["--terraform", join(root, "test", "terraform", "fixtures", "json-twin")]],
  ["CDKTF (cdktn)", ["--cdktf", join(root, "test", "cdktf", "fixtures", "cdktn-0.24.0")]],
];

/** Where each target was declared differs by nature (lockout.yaml:9:5 vs main.tf:44:1); the rest must not. */
const withoutOrigins = (doc: { changes: { origin?: unknown }[] }) => ({
  ...doc,
  changes: doc.changes.map(({ origin: _o, ...c }) => c),
});
const withoutOriginSuffixes = (text: string) => text.replace(/ {2}\([^()\s]+:\d+:\d+\)$/gm, "");

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.close());

describe("an HCL module, its .tf.json twin, the CDKTF stack and the YAML twin", () => {
  it("plan identically in json, text and markdown, and write nothing", { timeout: 120_000 }, async () => {
    h.emu.clearLog();
    for (const format of ["json", "text", "markdown"]) {
      const outputs: string[] = [];
      for (const [name, args] of SOURCES) {
        const r = await h.cli(["plan", ...args, "--format", format]);
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        outputs.push(
          format === "json" ? JSON.stringify(withoutOrigins(JSON.parse(r.stdout))) : withoutOriginSuffixes(r.stdout),
        );
      }
      for (const [i, [name]] of SOURCES.entries()) expect(outputs[i], `${name} (${format})`).toBe(outputs[0]);
    }
    const plan = JSON.parse((await h.cli(["plan", ...SOURCES[1]![1], "--format", "json"])).stdout);
    // A plan worth comparing: every kind of action, and origins that point into the HCL.
    expect(plan.summary).toEqual({ create: 1, update: 1, reset: 1, noop: 1 });
    const origins = Object.fromEntries(
      plan.changes.map((c: { orgName?: string; origin: { file: string; line: number; column: number } }) => [
        c.orgName ?? "instance",
        c.origin,
      ]),
    );
    expect(origins.instance).toMatchObject({ line: 33, column: 1 });
    expect(origins.ACME).toMatchObject({ line: 44, column: 1 });
    expect(origins.Globex).toMatchObject({ line: 67, column: 20 }); // the inherit entry in locals.zitadel_lockout
    expect(origins.Initech).toMatchObject({ line: 58, column: 1 });
    expect(String(origins.ACME.file)).toMatch(/examples\/terraform\/main\.tf$/);
    expect(h.writes()).toEqual([]);
  });

  it(
    "apply --terraform converges: the YAML twin then plans no change, and so does the module",
    { timeout: 120_000 },
    async () => {
      h.emu.clearLog();
      const apply = await h.cli(["apply", ...SOURCES[1]![1], "--auto-approve"]);
      expect(apply.code, apply.stderr).toBe(0);
      expect(h.writes()).toHaveLength(3);
      for (const [name, args] of SOURCES) {
        const after = await h.cli(["plan", ...args, "--format", "json", "--detailed-exitcode"]);
        expect(after.code, `${name}: ${after.stderr}`).toBe(0);
        expect(JSON.parse(after.stdout).summary).toEqual({ create: 0, update: 0, reset: 0, noop: 4 });
      }
      const drift = await h.cli(["drift", ...SOURCES[1]![1]]);
      expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    },
  );
});

// examples/cdktf: the construct app and its YAML twin give identical plans against the emulator, through
// the real CLI (`plan --cdktf DIR` runs the app named in cdktf.json; `plan -f` reads the YAML).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";

const exampleDir = join(process.cwd(), "examples", "cdktf");
const twin = join(exampleDir, "lockout.yaml");
// The same app synthesized by cdktn (the community fork): see the fixture's README.
const cdktnOutput = join(process.cwd(), "test", "cdktf", "fixtures", "cdktn-0.24.0");

let h: Harness;
beforeAll(() => {
  // The example imports "zitadel-lockout/cdktf" like a user's app does: that resolves to dist/.
  if (!existsSync(join(process.cwd(), "dist", "cdktf", "index.js")))
    throw new Error("dist/cdktf is missing: run `npm run build` first (npm test does)");
});

/** Where each target was declared differs by nature (lockout.yaml:5:1 vs cdk.tf.json:57:7); the rest must not. */
const withoutOrigins = (doc: { changes: { origin?: unknown }[] }) => ({
  ...doc,
  changes: doc.changes.map(({ origin: _o, ...c }) => c),
});
const withoutOriginSuffixes = (text: string) => text.replace(/ {2}\([^()\s]+:\d+:\d+\)$/gm, "");

describe("the example CDKTF app and its YAML twin", () => {
  beforeEach(async () => {
    h = await harness();
    h.emu.clearLog();
  });
  afterEach(async () => h.close());

  it("plan the same changes (json, text and markdown)", { timeout: 60_000 }, async () => {
    const yamlJson = await h.cli(["plan", "-f", twin, "--format", "json"]);
    const cdktfJson = await h.cli(["plan", "--cdktf", exampleDir, "--format", "json"]);
    expect(yamlJson.code, yamlJson.stderr).toBe(0);
    expect(cdktfJson.code, cdktfJson.stderr).toBe(0);
    const fromYaml = JSON.parse(yamlJson.stdout);
    const fromCdktf = JSON.parse(cdktfJson.stdout);
    expect(withoutOrigins(fromCdktf)).toEqual(withoutOrigins(fromYaml));
    for (const change of fromCdktf.changes)
      expect(change.origin.file).toBe("examples/cdktf/cdktf.out/stacks/lockout/cdk.tf.json");

    // The other views from the synthesized output the run above left (the app itself runs once per test:
    // a synth costs seconds; the views differ only in rendering).
    const synthesized = join(exampleDir, "cdktf.out");
    for (const format of ["text", "markdown"]) {
      const yaml = await h.cli(["plan", "-f", twin, "--format", format]);
      const cdktf = await h.cli(["plan", "--cdktf", synthesized, "--format", format]);
      expect(cdktf.code, cdktf.stderr).toBe(0);
      expect(withoutOriginSuffixes(cdktf.stdout)).toBe(withoutOriginSuffixes(yaml.stdout));
    }
    // And it is a plan worth comparing: every kind of action on the demo instance's orgs.
    expect(fromCdktf.summary).toEqual({ create: 1, update: 1, reset: 1, noop: 1 });
    expect(
      fromCdktf.changes.map((c: { orgName?: string; action: string }) => [c.orgName ?? "instance", c.action]).sort(),
    ).toEqual([
      ["ACME", "create"],
      ["Globex", "reset"],
      ["Initech", "noop"],
      ["instance", "update"],
    ]);
    expect(h.writes()).toEqual([]);
  });

  it("apply --cdktf converges: the YAML twin then plans no change", { timeout: 60_000 }, async () => {
    const apply = await h.cli(["apply", "--cdktf", exampleDir, "--auto-approve"]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(h.writes()).toHaveLength(3);
    const after = await h.cli(["plan", "-f", twin, "--format", "json", "--detailed-exitcode"]);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout).summary).toEqual({ create: 0, update: 0, reset: 0, noop: 4 });
  });

  it(
    "the repository root's cdktf.json is the example app: plan --cdktf at the root plans the same",
    { timeout: 60_000 },
    async () => {
      const root = await h.cli(["plan", "--cdktf", process.cwd(), "--format", "json"]);
      expect(root.code, root.stderr).toBe(0);
      const yaml = await h.cli(["plan", "-f", twin, "--format", "json"]);
      expect(withoutOrigins(JSON.parse(root.stdout))).toEqual(withoutOrigins(JSON.parse(yaml.stdout)));
      rmSync(join(process.cwd(), "cdktf.out"), { recursive: true, force: true });
    },
  );

  it(
    'still runs when copied out of this repository, into a project without "type": "module"',
    { timeout: 60_000 },
    async () => {
      // A user copies examples/cdktf into their own project, often a CommonJS one (`cdktf init`'s default),
      // so the app must not depend on this repository's package.json making .ts files ES modules.
      const copy = mkdtempSync(join(tmpdir(), "zl-example-"));
      try {
        cpSync(exampleDir, copy, { recursive: true, filter: (src) => !src.includes("cdktf.out") });
        writeFileSync(join(copy, "package.json"), JSON.stringify({ name: "my-infra", private: true }));
        mkdirSync(join(copy, "node_modules"));
        // No tsx: the app runs with node alone.
        for (const dep of ["cdktf", "constructs"])
          symlinkSync(join(process.cwd(), "node_modules", dep), join(copy, "node_modules", dep));
        symlinkSync(process.cwd(), join(copy, "node_modules", "zitadel-lockout"));
        const plan = await h.cli(["plan", "--cdktf", copy, "--format", "json"]);
        expect(plan.code, plan.stderr).toBe(0);
        expect(JSON.parse(plan.stdout).summary).toEqual({ create: 1, update: 1, reset: 1, noop: 1 });
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
  );

  it("cdktn's output of the same app plans the same as well", { timeout: 60_000 }, async () => {
    const yaml = await h.cli(["plan", "-f", twin, "--format", "json"]);
    const cdktn = await h.cli(["plan", "--cdktf", cdktnOutput, "--format", "json"]);
    expect(cdktn.code, cdktn.stderr).toBe(0);
    const fromCdktn = JSON.parse(cdktn.stdout);
    expect(withoutOrigins(fromCdktn)).toEqual(withoutOrigins(JSON.parse(yaml.stdout)));
    expect(fromCdktn.summary).toEqual({ create: 1, update: 1, reset: 1, noop: 1 });
  });
});

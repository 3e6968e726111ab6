// The architecture rules fire: dependency-cruiser (.dependency-cruiser.mjs) refuses each kind of forbidden
// dependency — static, type-only, import(), require through createRequire — and lets the allowed ones
// through; oxlint (.oxlintrc.json with scripts/lint-plugin.mjs) refuses the createRequire forms dependency-cruiser
// cannot read, `process` in the pure layers and long lines. Each sample is a small source file in a scratch copy
// of the src/ layout, checked with the real configuration through the real CLI.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The packages' bins (their exports maps do not list them), as `npm run check:boundaries` and `npm run lint` run them.
const depcruise = resolve("node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const CONFIG = resolve(".dependency-cruiser.mjs");
const oxlint = resolve("node_modules/oxlint/bin/oxlint");

/** Files every sample may point at, so that each import resolves to a real module in the right folder. */
const TARGETS = [
  "src/model.ts",
  "src/zitadel/client.ts",
  "src/actual/read.ts",
  "src/plan/compute.ts",
  "src/apply/apply.ts",
  "src/desired/load.ts",
  "src/cli/main.ts",
  "src/emulator/server.ts",
  "src/cdktf/index.ts",
  "src/desired/terraform/index.ts",
];

const CREATE_REQUIRE =
  'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n';

const forbidden: [file: string, source: string, rule: string][] = [
  ["src/plan/static.ts", 'import "../zitadel/client.js";', "plan-and-render-use-no-client"],
  ["src/plan/fs.ts", 'import { readFileSync } from "node:fs";', "plan-and-render-are-pure"],
  ["src/plan/fs-promises.ts", 'import { readFile } from "fs/promises";', "plan-and-render-are-pure"],
  ["src/plan/http.ts", 'import "node:http";', "plan-and-render-are-pure"],
  ["src/plan/dynamic.ts", 'export const load = () => import("../zitadel/client.js");', "plan-and-render-use-no-client"],
  [
    "src/plan/type-only.ts",
    'import type { X } from "../apply/apply.js";\nexport type Y = X;',
    "plan-only-uses-earlier-layers",
  ],
  [
    "src/plan/actual-types.ts",
    'import type { X } from "../actual/read.js";\nexport type Y = X;',
    "plan-and-render-use-no-client",
  ],
  ["src/plan/create-require.ts", `${CREATE_REQUIRE}require("../apply/apply.js");`, "plan-only-uses-earlier-layers"],
  ["src/plan/require-fs.ts", `${CREATE_REQUIRE}require("node:fs");`, "plan-and-render-are-pure"],
  ["src/render/client.ts", 'import "../zitadel/client.js";', "render-uses-no-client"],
  ["src/render/fs.ts", 'import "node:fs";', "plan-and-render-are-pure"],
  ["src/desired/client.ts", 'import "../zitadel/client.js";', "desired-only-uses-earlier-layers"],
  ["src/desired/net.ts", 'import "node:net";', "desired-makes-no-requests"],
  ["src/desired/spawn.ts", 'import "node:child_process";', "only-cli-starts-processes"],
  ["src/zitadel/worker.ts", 'import "node:worker_threads";', "only-cli-starts-processes"],
  ["src/apply/cli.ts", 'import "../cli/main.js";', "nothing-uses-cli"],
  ["src/zitadel/emulator.ts", 'import "../emulator/server.js";', "zitadel-only-uses-earlier-layers"],
  ["src/apply/emulator.ts", 'import "../emulator/server.js";', "apply-only-uses-earlier-layers"],
  ["src/cli/commands/static-emulator.ts", 'import "../../emulator/server.js";', "cli-loads-emulator-and-cdktf-lazily"],
  ["src/cli/commands/static-cdktf.ts", 'import "../../cdktf/index.js";', "cli-loads-emulator-and-cdktf-lazily"],
  ["src/emulator/plan.ts", 'import "../plan/compute.js";', "emulator-stands-alone"],
  ["src/cdktf/client.ts", 'import "../zitadel/client.js";', "cdktf-uses-desired-only"],
  ["src/errors.ts", 'import "./desired/load.js";', "base-uses-no-layer"],
  ["src/clock.ts", 'import "node:fs";', "base-does-no-io"],
  ["src/rules.ts", 'import "./zitadel/client.js";', "base-uses-no-layer"],
  ["src/cli/static-terraform.ts", 'import "../desired/terraform/index.js";', "cli-loads-terraform-front-end-lazily"],
];

const allowed: [file: string, source: string][] = [
  ["src/plan/model.ts", 'import "../model.js";'],
  ["src/render/plan.ts", 'import "../plan/compute.js";'],
  ["src/render/actual-types.ts", 'import type { X } from "../actual/read.js";\nexport type Y = X;'],
  ["src/render/apply-types.ts", 'import type { X } from "../apply/apply.js";\nexport type Y = X;'],
  ["src/actual/client.ts", 'import "../zitadel/client.js";'],
  ["src/cli/app.ts", 'import "node:child_process";'],
  ["src/apply/actual.ts", 'import "../actual/read.js";'],
  ["src/cli/commands/lazy-emulator.ts", 'export const load = () => import("../../emulator/server.js");'],
  ["src/cli/commands/lazy-cdktf.ts", 'export const load = () => import("../../cdktf/index.js");'],
  ["src/cdktf/desired.ts", 'import "../desired/load.js";'],
  ["src/cli/lazy-terraform.ts", 'export const load = () => import("../desired/terraform/index.js");'],
  ["src/desired/terraform/reader.ts", 'import "../load.js";'],
];

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** A scratch folder (removed after the tests) and a function that writes a file into it. */
function scratchTree(prefix: string): [dir: string, write: (file: string, text: string) => void] {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return [
    dir,
    (file, text) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
  ];
}

interface CruiseReport {
  readonly modules: { readonly source: string; readonly dependencies: { readonly resolved: string }[] }[];
  readonly summary: { readonly violations: Violation[] };
}

/**
 * Writes one src/ tree of the targets plus every sample, forbidden and allowed (their files differ, and a
 * violation belongs to the file it comes from), and returns what dependency-cruiser finds in it.
 */
async function cruise(samples: readonly (readonly [string, string])[]): Promise<CruiseReport> {
  const [dir, write] = scratchTree("zl-boundaries-");
  for (const file of TARGETS) write(file, "export type X = number;\n");
  for (const [file, source] of samples) write(file, `${source}\n`);
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }));
  const args = [depcruise, "src", "--config", CONFIG, "--output-type", "json"];
  // Exit code 1 with violations: the report on stdout is what counts.
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }),
  );
  return JSON.parse(stdout) as CruiseReport;
}

const scratch: string[] = [];
let report: CruiseReport;
const violationsFrom = (file: string) => report.summary.violations.filter((v) => v.from === file);
beforeAll(async () => {
  const files = [...forbidden.map(([f, s]) => [f, s] as const), ...allowed];
  expect(new Set(files.map(([f]) => f)).size).toBe(files.length);
  report = await cruise(files);
}, 60_000);
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("dependency-cruiser refuses", () => {
  it.each(forbidden)("%s: %s (%s)", (file, _source, rule) => {
    expect(violationsFrom(file).map((v) => v.rule.name)).toContain(rule);
  });
});

describe("dependency-cruiser allows", () => {
  it.each(allowed)("%s: %s", (file) => {
    expect(violationsFrom(file)).toEqual([]);
  });

  it("every allowed sample was read, its dependency resolved (an unread file would pass vacuously)", () => {
    for (const [file] of allowed) {
      const module = report.modules.find((m) => m.source === file);
      // Each sample has exactly one import (of a src/ module or a Node built-in): read, and resolved.
      expect(
        module?.dependencies.filter((d) => d.resolved !== ""),
        file,
      ).toHaveLength(1);
    }
    // And every forbidden sample is caught, by one rule or more.
    expect(new Set(report.summary.violations.map((v) => v.from)).size).toBe(forbidden.length);
  });
});

const LONG_LINE = `export const text = "${"x".repeat(120)}";\n`;
const READABLE_REQUIRE =
  'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n';

/** Each sample file, and what oxlint must say of it: a pattern per expected finding, none for a clean file. */
const lintSamples: [file: string, source: string, findings: RegExp[]][] = [
  [
    "src/cli/call-in-place.ts",
    'import { createRequire } from "node:module";\nexport const p = createRequire(import.meta.url)("x");',
    [/^zitadel-lockout\(require-form\): write `const require = createRequire/],
  ],
  [
    "src/cli/other-name.ts",
    'import { createRequire } from "node:module";\nconst load = createRequire(import.meta.url);\nload("x");',
    [/^zitadel-lockout\(require-form\): name what createRequire returns `require`/],
  ],
  ...["src/plan/env.ts", "src/render/env.ts", "src/apply/env.ts", "src/model.ts"].map(
    (file): [string, string, RegExp[]] => [
      file,
      "export const home = process.env.HOME;\n",
      [/^eslint\(no-restricted-globals\): .*only cli\//],
    ],
  ),
  ["src/clock.ts", LONG_LINE, [/^zitadel-lockout\(max-len\): This line has a length of 143/]],
  ["test/long.test.ts", LONG_LINE, [/^zitadel-lockout\(max-len\)/]],
  // The recommended sets are on, with the project's options: `_` marks what is unused on purpose.
  ["test/unused.ts", "const unused = 1;\nconst _kept = 2;\n", [/^eslint\(no-unused-vars\): Variable 'unused'/]],
  // Allowed: cli/ reads the environment, and the createRequire form dependency-cruiser can read.
  ["src/cli/env.ts", "export const home = process.env.HOME;\n", []],
  ["src/cli/readable.ts", `${READABLE_REQUIRE}export const p = require("x") as unknown;\n`, []],
];

interface OxlintReport {
  readonly diagnostics: { readonly code: string; readonly message: string; readonly filename: string }[];
  readonly number_of_files: number;
}

/** Lints the samples in a scratch tree with the repository's own config and plugin, through oxlint's CLI. */
async function lint(): Promise<{ findings: Map<string, string[]>; linted: number }> {
  const [dir, write] = scratchTree("zl-lint-");
  for (const [file, source] of lintSamples) write(file, source);
  mkdirSync(join(dir, "scripts"));
  for (const file of [".oxlintrc.json", "scripts/lint-plugin.mjs"]) copyFileSync(resolve(file), join(dir, file));
  // Exit code 1 with findings: the report on stdout is what counts.
  const { stdout } = await promisify(execFile)(process.execPath, [oxlint, "--format", "json"], { cwd: dir }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }),
  );
  const report = JSON.parse(stdout) as OxlintReport;
  const findings = new Map<string, string[]>();
  for (const d of report.diagnostics)
    findings.set(d.filename, [...(findings.get(d.filename) ?? []), `${d.code}: ${d.message}`]);
  return { findings, linted: report.number_of_files };
}

describe("oxlint", () => {
  let findings: Map<string, string[]>;
  let linted: number;
  beforeAll(async () => {
    ({ findings, linted } = await lint());
  }, 60_000);

  it("lints every sample (a clean sample it skipped would pass vacuously), and the plugin itself", () => {
    expect(linted).toBe(lintSamples.length + 1);
  });

  it.each(lintSamples)("%s", (file, _source, expected) => {
    const found = findings.get(file) ?? [];
    expect(found).toHaveLength(expected.length);
    for (const pattern of expected)
      expect(
        found.some((f) => pattern.test(f)),
        found.join("\n"),
      ).toBe(true);
  });
});

// The architecture rules fire: dependency-cruiser (.dependency-cruiser.mjs) refuses each kind of forbidden
// dependency — static, type-only, import(), require through createRequire — and lets the allowed ones
// through; eslint refuses the createRequire forms dependency-cruiser cannot read, and `process` in the pure
// layers. Each sample is a small source file in a scratch copy of the src/ layout, checked with the real
// configuration through the real CLI.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The package's bin (its exports map does not list it), as `npm run check:boundaries` runs it.
const depcruise = resolve("node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const CONFIG = resolve(".dependency-cruiser.mjs");

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

/** Writes a src/ tree of the targets plus `samples`, and returns what dependency-cruiser finds in it. */
async function cruise(samples: readonly (readonly [string, string])[]): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), "zl-boundaries-"));
  scratch.push(dir);
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  for (const file of TARGETS) write(file, "export type X = number;\n");
  for (const [file, source] of samples) write(file, `${source}\n`);
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }));
  const args = [depcruise, "src", "--config", CONFIG, "--output-type", "json"];
  // Exit code 1 with violations: the report on stdout is what counts.
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }),
  );
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const scratch: string[] = [];
let found: Violation[];
let foundAllowed: Violation[];
beforeAll(async () => {
  [found, foundAllowed] = await Promise.all([cruise(forbidden.map(([f, s]) => [f, s])), cruise(allowed)]);
}, 60_000);
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("dependency-cruiser refuses", () => {
  it.each(forbidden)("%s: %s (%s)", (file, _source, rule) => {
    expect(found.filter((v) => v.from === file).map((v) => v.rule.name)).toContain(rule);
  });
});

describe("dependency-cruiser allows", () => {
  it.each(allowed)("%s: %s", (file) => {
    expect(foundAllowed.filter((v) => v.from === file)).toEqual([]);
  });

  it("every allowed sample was read (an unread file would pass vacuously)", () => {
    // A forbidden sample in the same layout is caught, so the allowed tree was cruised the same way.
    expect(new Set(found.map((v) => v.from)).size).toBe(forbidden.length);
  });
});

describe("eslint refuses", () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const messages = async (filePath: string, source: string) => {
    const [result] = await eslint.lintText(source, { filePath });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  };

  it.each([
    [
      "src/cli/x.ts",
      'import { createRequire } from "node:module";\nexport const p = createRequire(import.meta.url)("x");',
    ],
    [
      "src/cli/x.ts",
      'import { createRequire } from "node:module";\nconst load = createRequire(import.meta.url);\nload("x");',
    ],
  ])("a require dependency-cruiser cannot see (%s)", async (file, source) => {
    expect((await messages(file, source)).join("\n")).toMatch(/no-restricted-syntax: .*createRequire/);
  });

  it.each(["src/plan/x.ts", "src/render/x.ts", "src/apply/x.ts", "src/model.ts"])(
    "process in %s: only cli/ reads the environment",
    async (file) => {
      expect((await messages(file, "export const home = process.env.HOME;\n")).join("\n")).toMatch(
        /no-restricted-globals: .*only cli\//,
      );
    },
  );

  it("and lets cli/ read it, and the readable createRequire form through", async () => {
    expect(await messages("src/cli/x.ts", "export const home = process.env.HOME;\n")).toEqual([]);
    const readable = 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n';
    expect(await messages("src/cli/x.ts", `${readable}export const p = require("x") as unknown;\n`)).toEqual([]);
  });

  it("a line longer than 120 characters in a formatted file", async () => {
    const long = `export const text = "${"x".repeat(120)}";\n`;
    expect((await messages("src/clock.ts", long)).join("\n")).toMatch(/max-len/);
  });
});

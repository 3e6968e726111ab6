// The import rules of design.md §4 are enforced by eslint; prove the rules fire (and stay quiet on
// allowed imports) by linting small sources as if they lived in each folder.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("architecture import rules", () => {
  it.each([
    ["src/plan/x.ts", 'import "../zitadel/client.js";'],
    ["src/plan/x.ts", 'import { readFileSync } from "node:fs";'],
    ["src/plan/x.ts", 'import "node:http";'],
    ["src/render/x.ts", 'import "../zitadel/client.js";'],
    ["src/render/x.ts", 'import "node:fs";'],
    ["src/desired/x.ts", 'import "../zitadel/client.js";'],
    ["src/apply/x.ts", 'import "../cli/main.js";'],
    ["src/zitadel/x.ts", 'import "../emulator/server.js";'],
    ["src/apply/x.ts", 'import "../emulator/server.js";'],
    ["src/cli/commands/x.ts", 'import "../../emulator/server.js";'],
    ["src/model.ts", 'import "./desired/load.js";'],
  ])("%s may not: %s", async (file, source) => {
    expect(await restrictedImports(file, source)).not.toEqual([]);
  });

  it.each([
    ["src/plan/x.ts", 'import "../model.js";'],
    ["src/render/x.ts", 'import "../plan/compute.js";'],
    ["src/actual/x.ts", 'import "../zitadel/client.js";'],
    ["src/apply/x.ts", 'import "../actual/read.js";'],
    ["src/cli/commands/x.ts", 'const m = await import("../../emulator/server.js");'],
  ])("%s may: %s", async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([]);
  });
});

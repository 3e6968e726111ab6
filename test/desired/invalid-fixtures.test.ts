// Every file under test/fixtures/invalid/ is a broken config; cases.json says where each problem is
// reported and what the message says. The loader must report exactly those problems — all of them,
// nothing more — as one ConfigError.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadDesired } from "../../src/desired/index.js";
import { ConfigError } from "../../src/errors.js";

interface Case {
  readonly file: string;
  readonly env?: Record<string, string>;
  readonly expect: readonly { readonly line: number; readonly column: number; readonly message: string }[];
}

const dir = fileURLToPath(new URL("../fixtures/invalid/", import.meta.url));
const cases = JSON.parse(readFileSync(`${dir}cases.json`, "utf8")) as Case[];

async function issuesOf(c: Case) {
  try {
    await loadDesired([c.file], c.env ?? {}, dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error(`${c.file} loaded without errors`);
}

describe("invalid configs (test/fixtures/invalid)", () => {
  it("has at least 40 cases and no fixture without expectations", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const listed = new Set(cases.map((c) => c.file));
    const onDisk = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
  });

  it.each(cases.map((c) => [c.file, c] as const))("%s", async (_name, c) => {
    const issues = await issuesOf(c);
    const found = issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`);
    for (const e of c.expect) {
      const hit = issues.find(
        (i) => i.file === c.file && i.line === e.line && i.column === e.column && i.message.includes(e.message),
      );
      expect(hit, `expected ${c.file}:${e.line}:${e.column}: …${e.message}… among\n${found.join("\n")}`).toBeDefined();
    }
    expect(found).toHaveLength(c.expect.length);
  });
});

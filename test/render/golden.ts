// Golden files: the exact bytes a renderer produces for a fixture, checked in under test/render/golden/.
// `UPDATE_GOLDEN=1 npx vitest run test/render` rewrites them; review the diff before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "golden");

export function expectGolden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1 to create it, then review it`);
  expect(actual, `differs from test/render/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(
    readFileSync(path, "utf8"),
  );
}

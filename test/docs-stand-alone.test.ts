// Docs and code comments stand alone: they cite docs/ and upstream sources, never the project's internal
// design or API notes, which users of the package never see.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = [
  "src",
  "docs",
  "test",
  "scripts",
  "bench",
  "examples",
  "README.md",
  "action.yml",
  ".oxlintrc.json",
  ".oxfmtrc.json",
];
const SKIP = new Set(["node_modules", "dist", "cdktf.out", "gen", "fixtures", "golden"]);
/** Names of documents outside the repository. */
const FORBIDDEN = [/\bdesign\.md\b/, /\bAPI doc\b/, /zitadel-lockout-api\.md/, /\/work\/shared/];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => files(join(path, name)));
}

describe("docs stand alone", () => {
  it("no file cites the internal design or API notes", () => {
    const self = relative(process.cwd(), import.meta.filename);
    const hits: string[] = [];
    for (const file of ROOTS.flatMap(files)) {
      if (file === self || !/\.(ts|mts|mjs|js|md|yml|yaml|json)$/.test(file)) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => FORBIDDEN.some((re) => re.test(line)) && hits.push(`${file}:${i + 1}: ${line.trim()}`));
    }
    expect(hits).toEqual([]);
  });
});

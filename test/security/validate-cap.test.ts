// Issue #11: validate lists the first errors and a count of the rest in every format. The text view did
// already; `--format json` listed every error, so a file with thousands of mistakes gave a document of
// megabytes. Now `errors` holds the first MAX_REPORTED_ISSUES and `omittedErrors` the rest.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_REPORTED_ISSUES } from "../../src/errors.js";
import { schemaErrors } from "../render/schema-check.js";
import { run } from "../support/io.js";

const dir = mkdtempSync(join(tmpdir(), "zl-validate-cap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An instance block with `n` misspelt keys: one error each. */
const manyErrors = (n: number) =>
  ["version: 1", "instance:", "  maxPasswordAttempts: 5", ...Array.from({ length: n }, (_, i) => `  typo${i}: 1`)].join(
    "\n",
  ) + "\n";

interface ValidateDocument {
  valid: boolean;
  errors: { file: string; line: number; column: number; message: string }[];
  omittedErrors: number;
}

describe("validate caps the errors it lists", () => {
  it("--format json: the first 100 errors and a count of the rest, valid against the schema", async () => {
    writeFileSync(join(dir, "many.yaml"), manyErrors(5000));
    const r = await run(["validate", "-f", "many.yaml", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as ValidateDocument;
    expect(schemaErrors("validate", doc)).toEqual([]);
    expect(doc.valid).toBe(false);
    expect(doc.errors).toHaveLength(MAX_REPORTED_ISSUES);
    expect(doc.omittedErrors).toBe(5000 - MAX_REPORTED_ISSUES);
    // The first ones, in position order: line 4 is the first typo.
    expect(doc.errors[0]).toMatchObject({ file: "many.yaml", line: 4, column: 3 });
    expect(doc.errors.at(-1)).toMatchObject({ line: 3 + MAX_REPORTED_ISSUES });
    expect(r.stdout.length).toBeLessThan(50_000);
  });

  it("the text view agrees: the same first errors, then the same count", async () => {
    writeFileSync(join(dir, "many.yaml"), manyErrors(5000));
    const json = JSON.parse(
      (await run(["validate", "-f", "many.yaml", "--format", "json"], { cwd: dir })).stdout,
    ) as ValidateDocument;
    const text = await run(["validate", "-f", "many.yaml"], { cwd: dir });
    const listed = text.stdout.split("\n").filter((l) => l.startsWith("many.yaml:"));
    expect(listed).toEqual(json.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`));
    expect(text.stdout).toContain(`… and ${json.omittedErrors} more problems (only the first 100 are listed)`);
    expect(text.stdout).toContain("invalid: 5000 errors in many.yaml");
  });

  it("at the cap nothing is omitted, and a valid config says 0", async () => {
    writeFileSync(join(dir, "exact.yaml"), manyErrors(MAX_REPORTED_ISSUES));
    const exact = JSON.parse(
      (await run(["validate", "-f", "exact.yaml", "--format", "json"], { cwd: dir })).stdout,
    ) as ValidateDocument;
    expect(exact.errors).toHaveLength(MAX_REPORTED_ISSUES);
    expect(exact.omittedErrors).toBe(0);
    writeFileSync(join(dir, "ok.yaml"), manyErrors(0));
    const ok = JSON.parse(
      (await run(["validate", "-f", "ok.yaml", "--format", "json"], { cwd: dir })).stdout,
    ) as ValidateDocument;
    expect(ok).toMatchObject({ valid: true, errors: [], omittedErrors: 0 });
  });
});

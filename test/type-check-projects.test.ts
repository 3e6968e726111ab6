// The two TypeScript projects (tsconfig.json: src/ → dist/; tsconfig.test.json: everything else, checked against
// src/'s declarations) split the tree without dropping a file: every .ts file of the repository is type-checked
// by exactly one of them, and the build-info files stay out of dist/ (the npm package ships dist/). A third,
// examples/cdktf/tsconfig.json, type-checks the example CDKTF app (JavaScript) against the published types.
import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = process.cwd();

function project(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(file), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`${file} could not be read`);
  expect(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  return parsed;
}

const src = project("tsconfig.json");
const rest = project("tsconfig.test.json");
const inside = (dir: string) => (file: string) => resolve(file).startsWith(resolve(root, dir) + sep);

describe("the TypeScript projects", () => {
  it("src/ is a composite project emitting into dist/, with its build info outside dist/", () => {
    expect(src.options.composite).toBe(true);
    expect(src.options.rootDir).toBe(resolve(root, "src"));
    expect(src.options.outDir).toBe(resolve(root, "dist"));
    expect(src.fileNames.length).toBeGreaterThan(0);
    expect(src.fileNames.filter((f) => !inside("src")(f))).toEqual([]);
    for (const parsed of [src, rest]) expect(inside("dist")(parsed.options.tsBuildInfoFile ?? "")).toBe(false);
  });

  it("the rest emits nothing, references the src/ project and compiles none of src/ itself", () => {
    expect(rest.options.noEmit).toBe(true);
    expect(rest.projectReferences?.map((r) => resolve(r.path))).toEqual([resolve(root, "tsconfig.json")]);
    expect(rest.fileNames.filter(inside("src"))).toEqual([]);
  });

  it("every .ts file of the repository is in exactly one project", () => {
    const all = ts.sys.readDirectory(root, [".ts"], ["node_modules", "dist", "coverage", ".ci"], ["**/*"]);
    const listed = [...src.fileNames, ...rest.fileNames].map((f) => resolve(f));
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(all.map((f) => resolve(f)).sort());
    expect(all.filter(inside("test")).length).toBeGreaterThan(100);
  });

  it("npm run typecheck also checks the example CDKTF app, as strict JavaScript against dist/'s types", () => {
    const example = project("examples/cdktf/tsconfig.json");
    expect(example.fileNames.map((f) => resolve(f))).toEqual([resolve(root, "examples/cdktf/main.mjs")]);
    expect(example.options).toMatchObject({ allowJs: true, checkJs: true, strict: true, noEmit: true });
    const scripts = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")).scripts;
    expect(scripts.typecheck.split(" ")).toEqual(
      expect.arrayContaining(["tsconfig.test.json", "examples/cdktf/tsconfig.json"]),
    );
  });
});

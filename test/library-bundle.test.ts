// A program may bundle the library into a file of its own (esbuild, as the CLI's own build does). Importing
// that file must work where no zitadel-lockout package.json or node_modules/undici lies above it: the library
// looks for its package folder only when it needs a schema, and imports undici's files statically, so a
// bundler sees them (a require() through createRequire hid them and failed at import).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, stop } from "esbuild";
import { afterAll, expect, it } from "vitest";

const scratch = mkdtempSync(join(tmpdir(), "zl-library-bundle-"));
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await stop(); // esbuild's service process ends with the test, not after the worker
});

it("the library bundled into a folder outside the package imports, and its client module is there", async () => {
  const entry = join(process.cwd(), "dist", "index.js");
  if (!existsSync(entry)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  const outfile = join(scratch, "app.mjs");
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    // Native and WebAssembly parsers are loaded only by the Terraform reader, with import().
    external: ["cdktf", "constructs", "tree-sitter", "@tree-sitter-grammars/tree-sitter-hcl", "@cdktf/hcl2json"],
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    logLevel: "error",
  });
  const script = `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});
    console.log(JSON.stringify(Object.keys(m).sort()));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: scratch, encoding: "utf8" });
  expect(JSON.parse(out)).toContain("createClient");
});

// `npm run build`, after tsc: bundles the CLI into dist/cli/bin.js (the package's bin) with esbuild.
// Why: Node resolves, reads and compiles each ES module on its own; the CLI's ~300 modules (its own and
// those of yaml, commander, undici, ajv…) cost about as much CPU at every start as the command itself.
// The bundle is one file plus chunks for what commands import lazily (the emulator, the CDKTF and
// Terraform readers, jose, write-file-atomic), so lazy loading stays lazy. The library (dist/index.js) is
// tsc's output, unbundled. Left out, resolved at run time from node_modules: packages with native code or
// WebAssembly, the optional cdktf/constructs peers (the user's own copy), and write-file-atomic (it reads
// CommonJS's __filename, which a bundled ES module lacks).
import { rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const EXTERNAL = [
  "cdktf",
  "constructs",
  "tree-sitter",
  "@tree-sitter-grammars/tree-sitter-hcl",
  "@cdktf/hcl2json",
  "write-file-atomic",
];

rmSync("dist/cli/chunks", { recursive: true, force: true });
const result = await build({
  entryPoints: { bin: "dist/cli/entry.js" },
  outdir: "dist/cli",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  external: EXTERNAL,
  // Bundled CommonJS packages (yaml's Node build, ajv, commander's…) call require() for Node's built-ins;
  // an ES module has none, so each output file gets one.
  banner: {
    js:
      'import { createRequire as __bundleCreateRequire } from "node:module";\n' +
      "const require = __bundleCreateRequire(import.meta.url);",
  },
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
});
// Which source modules each output file holds: test/cdktf/lazy-load.test.ts maps the files a CLI run loads
// back to modules. Not shipped (package.json "files").
writeFileSync("dist/cli/chunks/bundle.meta.json", JSON.stringify(result.metafile));

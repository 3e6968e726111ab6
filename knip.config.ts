// `npm run check:unused`: files nobody loads, exports nobody imports, dependencies nobody uses.
// The entry points are what users and tools load: the package's exports and bin (knip reads package.json),
// the benchmark (its npm script), tests (the vitest plugin), and these.
import type { KnipConfig } from "knip";

const config: KnipConfig = {
  entry: [
    // package.json's bin is dist/cli/bin.js, the bundle scripts/bundle-cli.mjs makes of this file.
    "src/cli/entry.ts",
    "src/desired/codegen/generate-validator.ts",
    "scripts/*.{ts,mjs}",
    // Loaded by child processes of test/cdktf through --import.
    "test/cdktf/fixtures/*.mjs",
  ],
  project: ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "scripts/**/*.{ts,mjs}"],
  // A type named in an exported signature stays exported, so callers can name it too.
  ignoreExportsUsedInFile: { interface: true, type: true },
  ignoreDependencies: [
    // Loaded by scripts/gen-bindings.ts through the cdktf CLI's generator.
    "@cdktf/provider-generator",
    // Resolved by path and run inside the fake gh of test/gitops (FAKE_GH_JQ).
    "jq-web",
  ],
  // util-linux's `script` (a real pseudo-terminal, test/gitops/progress.test.ts); terraform, where installed
  // (test/terraform/export.test.ts skips without it).
  ignoreBinaries: ["script", "terraform"],
};

export default config;

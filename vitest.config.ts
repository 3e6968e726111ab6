import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The packaged-install test installs the tarball's dependencies (minutes on a loaded 2-core machine):
    // it is its own CI step (npm run test:package, .ci/run), not part of npm test.
    exclude: ["test/package/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: run files in parallel processes, but no more than the machine has.
    pool: "forks",
    maxWorkers: 2,
    // One module graph per worker, not per file: re-importing the emulator's protobuf descriptors, the CLI
    // and vitest's own runtime for each of 115 files cost a third of the suite's CPU. Tests restore what
    // they change (environment variables, the clock is injected), so files can share a worker.
    isolate: false,
    // WebAssembly compiled by V8's baseline compiler only, as the CLI does (src/cli/entry.ts): the workers
    // compile undici's llhttp and the HCL parser once each, and optimizing them cost more CPU than it saved.
    execArgv: ["--liftoff-only"],
  },
});

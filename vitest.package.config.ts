// The packaged-install test only (npm run test:package): npm pack → install into an empty project → use it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/package/**/*.test.ts"],
    testTimeout: 60_000,
    // Installing the tarball's dependencies from the npm cache takes minutes when the machine is busy.
    hookTimeout: 600_000,
  },
});

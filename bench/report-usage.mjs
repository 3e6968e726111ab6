// Preloaded into the measured CLI (node --import) on machines without /usr/bin/time: writes the process's
// peak resident set size in KiB and its user and system CPU in seconds to $BENCH_USAGE_FILE when it exits,
// as GNU time's "%M %U %S" would. Plain JavaScript, so it loads without tsx.
import { writeFileSync } from "node:fs";
import process from "node:process";

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.BENCH_USAGE_FILE,
    `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}`,
  );
});

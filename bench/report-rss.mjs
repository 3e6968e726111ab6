// Preloaded into the measured CLI (node --import) on machines without /usr/bin/time: writes the process's
// peak resident set size in KiB to $BENCH_RSS_FILE when it exits. Plain JavaScript, so it loads without tsx.
import { writeFileSync } from "node:fs";
import process from "node:process";

process.on("exit", () => {
  writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});

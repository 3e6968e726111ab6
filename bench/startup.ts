// CLI start-up: `validate` on a small YAML file, spawned again and again; the median is the figure.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, runCli } from "./measure.js";
import { SMALL_CONFIG } from "./scenario.js";

export interface StartupResult {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly peakRssMb: number;
}

export async function measureStartup(runs: number, cli?: string): Promise<StartupResult> {
  const dir = mkdtempSync(join(tmpdir(), "zl-bench-validate-"));
  try {
    writeFileSync(join(dir, "lockout.yaml"), SMALL_CONFIG);
    // One unmeasured run first: the first start after a build pays for cold disk caches.
    const options = { cwd: dir, env: {}, ...(cli ? { cli } : {}) };
    await runCli(["validate"], options);
    const walls: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runCli(["validate"], options);
      if (r.code !== 0) throw new Error(`validate exited ${r.code}: ${r.stdout}${r.stderr}`);
      walls.push(r.wallMs);
      rss.push(r.peakRssMb);
    }
    return {
      runs,
      medianMs: median(walls),
      minMs: Math.min(...walls),
      maxMs: Math.max(...walls),
      peakRssMb: median(rss),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

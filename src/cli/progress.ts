// A progress bar on stderr for long reads — only when stderr is a terminal, so pipes and CI logs stay clean.
import { createRequire } from "node:module";
import type cliProgressModule from "cli-progress";
import type { Io } from "./io.js";

// Required on first draw, not imported: non-terminal runs (CI, pipes, the benchmark) never load it (~25 ms).
const require = createRequire(import.meta.url);
const loadCliProgress = (): typeof cliProgressModule => require("cli-progress") as typeof cliProgressModule;

export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly stop: () => void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };
// Below this many organizations a run is over before a bar is worth drawing.
const MIN_TOTAL = 50;

export function startProgress(io: Io, label: string): Progress {
  if (!io.stderrIsTTY || io.env.CI) return SILENT;
  let bar: cliProgressModule.SingleBar | undefined;
  return {
    update: (done, total) => {
      if (total < MIN_TOTAL) return;
      if (!bar) {
        const cliProgress = loadCliProgress();
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total}`,
            stream: process.stderr,
            clearOnComplete: true,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

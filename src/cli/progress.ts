// A progress bar on stderr for long reads — only when stderr is a terminal, so pipes and CI logs stay clean.
import cliProgress from "cli-progress";
import type { Io } from "./io.js";

export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly stop: () => void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };
// Below this many organizations a run is over before a bar is worth drawing.
const MIN_TOTAL = 50;

export function startProgress(io: Io, label: string): Progress {
  if (!io.stderrIsTTY || io.env.CI) return SILENT;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update: (done, total) => {
      if (total < MIN_TOTAL) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

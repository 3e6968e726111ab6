// The only door to the outside world for commands: streams, environment, terminal facts, exit code.
// Tests pass their own Io to run the CLI in-process; entry.ts (bundled as dist/cli/bin.js) passes the real process.
import type { Clock } from "../clock.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** stdin and stdout are a terminal: confirmation prompts are possible. */
  readonly interactive: boolean;
  /** stderr is a terminal: progress bars and colour are allowed there. */
  readonly stderrIsTTY: boolean;
  /** stdout is a terminal: colour allowed on stdout (never with NO_COLOR). */
  readonly stdoutIsTTY: boolean;
  /** Ask a yes/no question on the terminal. Only called when `interactive`. */
  readonly confirm: (question: string) => Promise<boolean>;
  /**
   * Lets a command handle the next interrupt (Ctrl-C, SIGTERM) itself; returns a function that hands it
   * back. While no command holds it, an interrupt ends the process at once (nothing to clean up: plan,
   * drift, export and validate never write). A second interrupt always ends the process at once.
   */
  readonly onInterrupt: (handler: () => void) => () => void;
  /** Time: retry and re-read waits, token renewal, journal and drift timestamps (tests skip the waits). */
  readonly clock: Clock;
}

/** Colour on a terminal, unless NO_COLOR is set to a non-empty value (no-color.org: an empty NO_COLOR is unset). */
export const useColor = (io: Io, stream: "stdout" | "stderr"): boolean =>
  !io.env.NO_COLOR && (stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY);

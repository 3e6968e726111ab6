// The only door to the outside world for commands: streams, environment, terminal facts, exit code.
// Tests pass their own Io to run the CLI in-process; bin.ts passes the real process.

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
  /** Resolves when the user interrupts (Ctrl-C); long-running commands (emulator) wait on it. */
  readonly interrupted: Promise<void>;
}

export const useColor = (io: Io, stream: "stdout" | "stderr"): boolean =>
  !("NO_COLOR" in io.env && io.env.NO_COLOR !== undefined) && (stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY);

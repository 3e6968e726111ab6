// An in-memory Io for running the CLI in-process.
import type { Io } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { fastClock } from "./clock.js";

export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function memoryIo(overrides: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    cwd: process.cwd(),
    interactive: false,
    stderrIsTTY: false,
    stdoutIsTTY: false,
    confirm: async () => false,
    onInterrupt: () => () => {},
    // Retry backoff and verification pauses are skipped, not slept through.
    clock: fastClock(),
    ...overrides,
  };
}

export async function run(argv: readonly string[], overrides: Partial<Io> = {}): Promise<CapturedRun> {
  const io = memoryIo(overrides);
  const code = await runCli(argv, io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

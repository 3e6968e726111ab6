#!/usr/bin/env node
// The executable: wires the real process into runCli. The only file that calls process.exit.
// scripts/bundle-cli.mjs bundles this file (as compiled to dist/cli/entry.js) into dist/cli/bin.js, the
// package's bin: one file and a few lazily loaded chunks start faster than ~300 separate modules.
import { systemClock } from "../clock.js";
import { createInterface } from "node:readline/promises";
import { setFlagsFromString } from "node:v8";
import type { Io } from "./io.js";
import { TOOL_VERSION } from "./version.js";

// WebAssembly with V8's baseline compiler only: undici parses HTTP with llhttp (WebAssembly), the Terraform
// reader runs HashiCorp's HCL parser (Go compiled to WebAssembly), and the optimizing compiler V8 also runs on
// them costs more CPU than a CLI run ever wins back (Node 20, CPU per run: `plan` 0.50 → 0.28 s, `validate
// --terraform` 1.25 → 0.55 s; Node 24: 0.37 → 0.29 s, 0.77 → 0.41 s). Set here, in the executable, before
// anything compiles: the library leaves the flags of the process that imports it alone.
setFlagsFromString("--liftoff-only");

const argv = process.argv.slice(2);
// `--version` alone is answered before the commands load (their modules are most of a start's CPU): CI job
// scripts print it before each command. The same line commander prints for it (main.ts `.version()`);
// test/cdktf/lazy-load.test.ts compares the two and checks that nothing else loads.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${TOOL_VERSION}\n`, () => process.exit(0));
} else {
  await runCommand();
}

async function runCommand(): Promise<void> {
  // Interrupts: the first goes to the command holding it (apply stops starting writes, the emulator shuts
  // down); without a holder, or the second time, the process ends at once with the shell's code (128 + n).
  let holder: (() => void) | undefined;
  let interrupts = 0;
  function onSignal(signal: NodeJS.Signals): void {
    interrupts++;
    if (holder !== undefined && interrupts === 1) {
      const handler = holder;
      holder = undefined;
      handler();
      return;
    }
    process.stderr.write(interrupts > 1 ? "\nInterrupted again: stopping now.\n" : "\nInterrupted.\n");
    process.exit(signal === "SIGINT" ? 130 : 143);
  }
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const io: Io = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    clock: systemClock,
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // On a terminal readline takes Ctrl-C itself (no SIGINT reaches the process): treat it as "no".
      const asked = new AbortController();
      rl.once("SIGINT", () => asked.abort());
      try {
        const answer = await rl.question(`${question} Only 'yes' will be accepted: `, { signal: asked.signal });
        return answer.trim() === "yes";
      } catch (err) {
        if (asked.signal.aborted) {
          process.stderr.write("\n");
          return false;
        }
        throw err;
      } finally {
        rl.close();
      }
    },
    onInterrupt: (handler) => {
      holder = handler;
      return () => {
        if (holder === handler) holder = undefined;
      };
    },
  };

  const { runCli } = await import("./main.js");
  const code = await runCli(argv, io);
  // Let stdout drain before exiting (pipes are asynchronous).
  process.stdout.write("", () => process.exit(code));
}

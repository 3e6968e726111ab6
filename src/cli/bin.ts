#!/usr/bin/env node
// The executable: wires the real process into runCli. The only file that calls process.exit.
import { createInterface } from "node:readline/promises";
import { runCli } from "./main.js";
import type { Io } from "./io.js";

const interrupted = new Promise<void>((resolve) => {
  process.once("SIGINT", () => resolve());
  process.once("SIGTERM", () => resolve());
});

const io: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  confirm: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} Only 'yes' will be accepted: `);
      return answer.trim() === "yes";
    } finally {
      rl.close();
    }
  },
  interrupted,
};

const code = await runCli(process.argv.slice(2), io);
// Let stdout drain before exiting (pipes are asynchronous).
process.stdout.write("", () => process.exit(code));

// Issue #11, the emulator command: its tokens are random on every start unless --seed is given (a fixed
// default token is known to anyone who can reach an emulator left listening), --help says so, and a
// --state file that is not the emulator's (say /etc/passwd) is a one-line error that quotes none of it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../support/io.js";

/** Starts the emulator command, returns the IAM owner token it printed, stops it. */
async function tokenOf(args: string[]): Promise<string> {
  let interrupt!: () => void;
  const io = memoryIo({ onInterrupt: (handler) => ((interrupt = handler), () => {}) });
  const done = runCli(["emulator", "--port", "0", ...args], io);
  const deadline = Date.now() + 15_000;
  while (!io.out.join("").includes("ZITADEL_TOKEN=") && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const token = /^(?:export )?ZITADEL_TOKEN=(.+)$/m.exec(io.out.join(""))?.[1];
  interrupt();
  expect(await done).toBe(0);
  expect(token).toBeDefined();
  return token!;
}

describe("emulator tokens", () => {
  it("differ on every start without --seed, and repeat with the same --seed", async () => {
    const [a, b] = [await tokenOf([]), await tokenOf([])];
    expect(a).not.toBe(b);
    expect(await tokenOf(["--seed", "7"])).toBe(await tokenOf(["--seed", "7"]));
  }, 60_000);

  it("--help says the tokens are random unless --seed is given", async () => {
    const io = memoryIo();
    await runCli(["emulator", "--help"], io);
    expect(io.out.join("").replace(/\s+/g, " ")).toContain(
      "default: random, so the tokens differ on every start; give a seed for repeatable tokens",
    );
  });
});

describe("emulator --state with a file that is not a state file", () => {
  it("is one clear error line: no stack trace, none of the file's contents", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zl-state-"));
    writeFileSync(join(dir, "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    const io = memoryIo({ cwd: dir });
    expect(await runCli(["emulator", "--port", "0", "--state", "passwd"], io)).toBe(1);
    const stderr = io.err.join("");
    expect(stderr).toBe(
      `error: emulator state ${join(dir, "passwd")} is not valid JSON; --state names a file the emulator ` +
        `itself wrote (or a new path)\n`,
    );
    expect(stderr).not.toContain("root:x");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

// `zitadel-lockout emulator` as a user starts it: a port that is taken, and listening on every interface.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../support/io.js";

describe("emulator command", () => {
  it("a port already in use is a clear error with what to do, not an 'unexpected failure' with a stack", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as { port: number }).port;
    try {
      const io = memoryIo();
      expect(await runCli(["emulator", "--port", String(port)], io)).toBe(1);
      expect(io.err.join("")).toBe(
        `error: cannot listen on 127.0.0.1:${port}: the port is already in use; pick another with --port ` +
          `N, or --port 0 for any free port\n`,
      );
      expect(io.out.join("")).toBe("");
    } finally {
      taken.close();
    }
  });

  it("on every interface (--host 0.0.0.0) prints a loopback ZITADEL_URL the tool accepts as it is", async () => {
    let interrupt!: () => void;
    const io = memoryIo({ onInterrupt: (handler) => ((interrupt = handler), () => {}) });
    const done = runCli(["emulator", "--host", "0.0.0.0"], io);
    const deadline = Date.now() + 10_000;
    while (!io.out.join("").includes("ZITADEL_TOKEN=") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const out = io.out.join("");
    // Lines a shell takes as they are: `export NAME=value`.
    const url = /^export ZITADEL_URL=(.*)$/m.exec(out)?.[1];
    const token = /^export ZITADEL_TOKEN=(.*)$/m.exec(out)?.[1];
    expect(out.split("\n").filter((l) => l !== "" && !/^(# )?export ZITADEL_[A-Z_]+=\S+$/.test(l))).toEqual([]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(io.err.join("")).toMatch(
      new RegExp(
        /listening on every interface \(0\.0\.0\.0\); from this machine use /.source +
          /http:\/\/127\.0\.0\.1:\d+, from others .* with --insecure-http/.source,
      ),
    );
    const plan = memoryIo({ env: { ZITADEL_URL: url, ZITADEL_TOKEN: token } });
    expect(await runCli(["plan", "-f", "examples/lockout.yaml"], plan), plan.err.join("")).toBe(0);
    interrupt();
    expect(await done).toBe(0);
  });
});

// Ctrl-C and SIGTERM (a cancelled CI job): commands that only read end at once; apply stops starting
// writes, lets the ones in flight finish, and reports every target — a second interrupt ends it at once.
// In-process with a simulated interrupt, and on the built CLI with real signals.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { run } from "../support/io.js";

const bin = join(process.cwd(), "dist", "cli", "bin.js");
const ORGS = 8;

let h: Harness;
let orgIds: string[];
/** The latency the emulator takes on when it serves the next write (then disarmed); see beforeEach. */
let latencyAtNextWrite: number | undefined;

beforeEach(async () => {
  // Slow writes, one at a time: an interrupt lands while most of the plan is still to do. Slow from the first
  // write on, the reads before it fast: only the gap between the first write and the last matters, and a slow
  // read phase cost seconds of waiting per run.
  latencyAtNextWrite = 40;
  h = await harness({
    onRequest: (e) => {
      if (e.write && latencyAtNextWrite !== undefined) {
        h.emu.setLatency(latencyAtNextWrite);
        latencyAtNextWrite = undefined;
      }
    },
  });
  orgIds = Array.from({ length: ORGS }, (_, i) => h.emu.control.addOrg(`Interrupt Org ${i}`));
  h.ws.write(
    "lockout.yaml",
    config({
      orgs: orgIds.map((id) => `id: "${id}"\nmaxPasswordAttempts: 4\nmaxOtpAttempts: 4`),
      extra: "journal: journal.json",
    }),
  );
  h.emu.clearLog();
});
afterEach(async () => h.close());

const writesSoFar = () => h.emu.requestLog.filter((e) => e.write).length;

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("apply interrupted (in-process)", () => {
  it("after an interrupt: no new write, writes in flight reported, old journal kept, a re-run completes", async () => {
    let interrupt: (() => void) | undefined;
    const running = run(["apply", "--auto-approve", "--concurrency", "1", "--format", "json"], {
      cwd: h.ws.dir,
      env: { ZITADEL_URL: h.emu.url, ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => (interrupt = undefined);
      },
    });
    await until(() => writesSoFar() >= 1 && interrupt !== undefined, "the first write");
    interrupt!();
    const r = await running;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Interrupted: no new write will start/);
    expect(r.stderr).toMatch(/Apply interrupted: \d+ applied, 0 failed, \d+ not attempted/);

    const doc = JSON.parse(r.stdout) as {
      ok: boolean;
      results: { target: string; status: string; stoppedBy?: string }[];
      unconverged: { target: string; reason: string }[];
    };
    expect(doc.ok).toBe(false);
    const applied = doc.results.filter((x) => x.status === "applied");
    const skipped = doc.results.filter((x) => x.status === "not-attempted");
    expect(applied.length).toBeGreaterThanOrEqual(1);
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(applied.length + skipped.length).toBe(ORGS);
    for (const x of skipped) expect(x.stoppedBy).toBe("interrupt");
    // The server saw exactly the writes reported as applied, and holds their values.
    expect(writesSoFar()).toBe(applied.length);
    for (const x of applied)
      expect(h.emu.control.orgPolicy(x.target.slice(4))).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    for (const x of skipped) expect(h.emu.control.orgPolicy(x.target.slice(4))).toBeNull();
    expect(doc.unconverged.map((u) => u.target).sort()).toEqual(skipped.map((x) => x.target).sort());
    for (const u of doc.unconverged) expect(u.reason).toMatch(/^not written \(apply was interrupted\)/);
    expect(existsSync(join(h.ws.dir, "journal.json"))).toBe(false); // only a verified apply writes the journal

    h.emu.setLatency(0); // the re-run only has to complete
    const rest = await h.cli(["apply", "--auto-approve"]);
    expect(rest.code, rest.stderr).toBe(0);
    expect(writesSoFar()).toBe(ORGS);
    expect((await h.cli(["plan", "--detailed-exitcode"])).code).toBe(0);
  });
});

describe.skipIf(!existsSync(bin))("real signals on the built CLI", () => {
  function start(args: readonly string[], url = h.emu.url) {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: h.ws.dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: h.ws.dir,
        CI: "true",
        ZITADEL_URL: url,
        ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on("close", (code) => resolve({ code, stdout, stderr })),
    );
    return { child, exited, stderr: () => stderr };
  }

  it("SIGINT ends a plan that waits on a silent server at once, with exit 130", async () => {
    const silent: Server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as { port: number };
      const p = start(["plan", "--timeout", "30"], `http://127.0.0.1:${port}`);
      await until(() => p.stderr().includes("Connecting to"), "the connection");
      const sent = Date.now();
      p.child.kill("SIGINT");
      const r = await p.exited;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/Interrupted\.\n$/);
      expect(Date.now() - sent).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("SIGTERM during apply: stops writing, reports (exit 1); a second signal ends it at once (exit 130)", async () => {
    latencyAtNextWrite = 100; // another process: leave a wide margin between the first write and the last
    const first = start(["apply", "--auto-approve", "--concurrency", "1"]);
    await until(() => writesSoFar() >= 1, "the first write");
    first.child.kill("SIGTERM");
    const r = await first.exited;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/not attempted \(apply was interrupted\)/);
    expect(r.stdout).toMatch(/Apply interrupted: /);
    expect(writesSoFar()).toBeLessThan(ORGS);

    h.emu.clearLog();
    h.emu.setLatency(0);
    latencyAtNextWrite = 100;
    const second = start(["apply", "--auto-approve", "--concurrency", "1"]);
    await until(() => writesSoFar() >= 1, "the first write of the second run");
    second.child.kill("SIGINT");
    await until(() => second.stderr().includes("Interrupted: no new write"), "the first interrupt's notice");
    second.child.kill("SIGINT");
    const r2 = await second.exited;
    expect(r2.code).toBe(130);
    expect(r2.stderr).toMatch(/Interrupted again: stopping now\./);
  });
});

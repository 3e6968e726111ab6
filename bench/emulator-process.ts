// Parent side of emulator-host.ts: forks the server process, waits for its URL and org list, and asks it
// for request counts between measured commands.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { HostReply, RequestCounts, SeedOrg } from "./host-protocol.js";

const HOST = fileURLToPath(new URL("./emulator-host.ts", import.meta.url));
// tsx by absolute URL: `--import tsx` would resolve it from the working directory, which may be anywhere.
const TSX = import.meta.resolve("tsx");
/** Generating 10,000 orgs and loading the emulator through tsx takes a few seconds on a small machine. */
const START_TIMEOUT_MS = 120_000;

export interface EmulatorProcess {
  readonly url: string;
  readonly token: string;
  readonly orgs: readonly SeedOrg[];
  /** Requests since the previous call (or since start), and the server's CPU time over that span. */
  takeCounts(): Promise<{ counts: RequestCounts; serverCpuMs: number }>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(orgCount: number, latencyMs: number): Promise<EmulatorProcess> {
  const child = fork(HOST, [String(orgCount), String(latencyMs)], {
    execArgv: ["--import", TSX],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await nextReply(child, "ready", START_TIMEOUT_MS);
  if (ready.type !== "ready") throw new Error("internal: expected the ready message");
  return {
    url: ready.url,
    token: ready.token,
    orgs: ready.orgs,
    async takeCounts() {
      const reply = nextReply(child, "counts", 10_000);
      child.send({ type: "take-counts" });
      const r = await reply;
      if (r.type !== "counts") throw new Error("internal: expected counts");
      return { counts: r.counts, serverCpuMs: r.serverCpuMs };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function nextReply(child: ChildProcess, type: HostReply["type"], timeoutMs: number): Promise<HostReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`the emulator process sent no "${type}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: HostReply) => {
      if (m.type === type) finish(undefined, m);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`the emulator process exited (code ${code}) before sending "${type}"`));
    function finish(error: Error | undefined, reply?: HostReply) {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(reply!);
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

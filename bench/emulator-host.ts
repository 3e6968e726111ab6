// The benchmark's server: the emulator in a process of its own (forked by emulator-process.ts), so its CPU
// and memory never count against the CLI being measured. It counts requests by kind in memory — no log
// line per request, which would cost the server a write per request — and answers the parent over IPC.
import type { RequestLogEntry } from "../src/emulator/index.js";
import type { HostReply, HostRequest, RequestCounts, SeedOrg } from "./host-protocol.js";

// The built emulator (npm run bench builds first), as users run it: plain JavaScript, no tsx transform and
// no source maps in its hot path. The types come from the sources it was built from.
const { startEmulator } = (await import(
  new URL("../dist/emulator/index.js", import.meta.url).href
)) as typeof import("../src/emulator/index.js");

const [orgCount, latencyMs] = process.argv.slice(2).map(Number) as [number, number];

let counts: RequestCounts = emptyCounts();
let cpuMark = process.cpuUsage();

function emptyCounts(): RequestCounts {
  return { byKind: {}, writes: 0, errors: 0, total: 0 };
}

function count(e: RequestLogEntry): void {
  const kind = `${e.method} ${e.path}`;
  counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
  counts.total += 1;
  if (e.write) counts.writes += 1;
  if (e.status < 200 || e.status >= 300) counts.errors += 1;
}

const emulator = await startEmulator({ host: "127.0.0.1", port: 0, extraOrgs: orgCount, latencyMs, onRequest: count });

// Generated orgs only ("Org 00001" …): the demo instance's own orgs are not part of the workload.
const orgs: SeedOrg[] = emulator.control
  .listOrgs()
  .filter((o) => o.name.startsWith("Org "))
  .map((o) => {
    const p = emulator.control.orgPolicy(o.id);
    return {
      id: o.id,
      custom: p === null ? null : { maxPasswordAttempts: p.maxPasswordAttempts, maxOtpAttempts: p.maxOtpAttempts },
    };
  });

const send = (reply: HostReply): void => void process.send!(reply);

process.on("message", (message: HostRequest) => {
  switch (message.type) {
    case "take-counts": {
      const cpu = process.cpuUsage(cpuMark);
      send({ type: "counts", counts, serverCpuMs: Math.round((cpu.user + cpu.system) / 1000) });
      counts = emptyCounts();
      cpuMark = process.cpuUsage();
      return;
    }
    case "stop":
      void emulator.close().then(() => process.exit(0));
      return;
  }
});

send({ type: "ready", url: emulator.url, token: emulator.credentials.iamOwnerToken, orgs });

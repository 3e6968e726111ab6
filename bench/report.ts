// Turns the measurements into the printed table, the machine description and the verdict per target.
import { cpus, totalmem, type as osType, release } from "node:os";
import { median } from "./measure.js";
import type { RequestCounts } from "./host-protocol.js";
import type { StepResult } from "./scale.js";
import type { StartupResult } from "./startup.js";

/** One row of the table: a step at one size, the median over the repetitions (RSS: the highest). */
export interface Row {
  readonly orgs: number;
  readonly step: StepResult["step"];
  readonly wallMs: number;
  readonly boundMs: number;
  readonly ratio: number;
  readonly requestRatio: number;
  readonly peakRssMb: number;
  readonly requests: RequestCounts;
  readonly serverCpuMs: number;
  readonly cliCpuMs: number;
  readonly otherCpuMs: number | undefined;
  readonly runs: number;
}

export function summarize(all: readonly StepResult[]): Row[] {
  const groups = new Map<string, StepResult[]>();
  for (const r of all) groups.set(`${r.orgs}|${r.step}`, [...(groups.get(`${r.orgs}|${r.step}`) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const wallMs = median(rs.map((r) => r.wallMs));
    const first = rs[0]!;
    return {
      orgs: first.orgs,
      step: first.step,
      wallMs,
      boundMs: first.boundMs,
      ratio: wallMs / first.boundMs,
      requestRatio: wallMs / median(rs.map((r) => r.requestBoundMs)),
      peakRssMb: Math.max(...rs.map((r) => r.peakRssMb)),
      // Request counts are the same in every repetition (the workload is deterministic); show the first.
      requests: first.requests,
      serverCpuMs: median(rs.map((r) => r.serverCpuMs)),
      cliCpuMs: median(rs.map((r) => r.cliCpuMs)),
      otherCpuMs: rs.every((r) => r.otherCpuMs !== undefined) ? median(rs.map((r) => r.otherCpuMs!)) : undefined,
      runs: rs.length,
    };
  });
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  "GET /management/v1/policies/lockout": "org GET",
  "GET /v2/settings/lockout": "instance GET",
  "POST /management/v1/policies/lockout": "POST",
  "PUT /management/v1/policies/lockout": "PUT",
  "DELETE /management/v1/policies/lockout": "DELETE",
  "PUT /admin/v1/policies/password/lockout": "instance PUT",
  "POST /v2/organizations/_search": "org search",
  "POST /oauth/v2/token": "token",
};

function describeRequests(c: RequestCounts): string {
  return Object.entries(c.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n} ${KIND_LABELS[kind] ?? kind}`)
    .join(", ");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export function renderTable(rows: readonly Row[], latencyMs: number, concurrency: number): string {
  return (
    table(
      [
        "orgs",
        "step",
        "wall ms",
        `N·L/c ms`,
        "ratio",
        "ratio to requests·L/c",
        "peak RSS MB",
        "CLI CPU ms",
        "server CPU ms",
        "other CPU ms",
        "requests",
        "writes",
      ],
      rows.map((r) => [
        r.orgs.toLocaleString("en"),
        r.step,
        r.wallMs.toFixed(0),
        r.boundMs.toFixed(0),
        r.ratio.toFixed(2),
        r.requestRatio.toFixed(2),
        r.peakRssMb.toFixed(0),
        r.cliCpuMs.toFixed(0),
        r.serverCpuMs.toFixed(0),
        r.otherCpuMs === undefined ? "n/a" : r.otherCpuMs.toFixed(0),
        describeRequests(r.requests),
        String(r.requests.writes),
      ]),
    ) +
    `\n(L = ${latencyMs} ms injected latency, c = --concurrency ${concurrency}; times: median of the runs; ` +
    `peak RSS: the highest;
 other CPU: what the rest of the machine used meanwhile — large values mean the figure was disturbed)`
  );
}

export function renderStartup(s: StartupResult): string {
  return (
    `validate start-up (small YAML, ${s.runs} runs): median ${s.medianMs.toFixed(0)} ms (min ` +
    `${s.minMs.toFixed(0)}, max ${s.maxMs.toFixed(0)}), peak RSS ${s.peakRssMb.toFixed(0)} MB`
  );
}

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function verdicts(rows: readonly Row[], startup: StartupResult | undefined, concurrency: number): Verdict[] {
  const out: Verdict[] = [];
  const plan10k = rows.find((r) => r.orgs === 10_000 && r.step === "plan");
  if (plan10k && concurrency === 32) {
    out.push({
      target: "plan of 10,000 orgs within 1.5× of N·L/c at --concurrency 32",
      measured: `${plan10k.ratio.toFixed(2)}×`,
      met: plan10k.ratio <= 1.5,
    });
  }
  const big = rows.filter((r) => r.orgs === 10_000);
  if (big.length > 0) {
    const peak = Math.max(...big.map((r) => r.peakRssMb));
    out.push({ target: "peak RSS under 200 MB at 10,000 orgs", measured: `${peak.toFixed(0)} MB`, met: peak < 200 });
  }
  for (const r of rows.filter((r) => r.step === "apply (in sync)")) {
    out.push({
      target: `zero writes when in sync (${r.orgs.toLocaleString("en")} orgs)`,
      measured: `${r.requests.writes} writes`,
      met: r.requests.writes === 0,
    });
  }
  if (startup)
    out.push({
      target: "validate start-up under 250 ms",
      measured: `${startup.medianMs.toFixed(0)} ms`,
      met: startup.medianMs < 250,
    });
  return out;
}

export const renderVerdicts = (vs: readonly Verdict[]): string =>
  vs.map((v) => `${v.met ? "✓" : "✗"} ${v.target}: ${v.measured}`).join("\n");

export function machine(): string {
  const cpu = cpus();
  return (
    `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} logical CPUs, ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${osType()} ${release()}, Node ${process.version}`
  );
}

// The rate-limited workload (issue #14): N declared orgs (all of the server's generated ones), 5 ms latency,
// the client capped at --rate-limit 50 like ZITADEL Cloud's per-IP limit, a quarter of the orgs with a change
// (creates, updates and resets). Per read mode, on a fresh server each: a plan without the rate limit (the
// "3× faster" target), the plan with it, apply, and an apply with nothing left to do.
//
// The per-org rate-limited steps take minutes (N + 1 requests at 50/s for every plan, more for apply). With
// --per-org-rate-limited extrapolate they are not run: their time is estimated as requests / rate, from the
// request counts of the per-org run without the limit (the same requests), and marked as estimated.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatorProcess } from "./emulator-process.js";
import type { SeedOrg } from "./host-protocol.js";
import { runCli, type CliRun } from "./measure.js";

export type ReadMode = "per-org" | "events";
export type RateStep = "plan (no rate limit)" | "plan" | "apply" | "apply (no-op)";

export interface RateResult {
  readonly mode: ReadMode;
  readonly step: RateStep;
  readonly wallMs: number;
  /** CPU time of the CLI process: what the run costs when the machine is busy with other work. */
  readonly cliCpuMs: number;
  readonly requests: number;
  readonly writes: number;
  /** True when the figure was computed from request counts, not measured. */
  readonly estimated: boolean;
  /** The read mode the CLI reported on stderr (checked: a silent fallback would measure the wrong thing). */
  readonly reported: string;
}

export interface RateOptions {
  readonly orgs: number;
  readonly latencyMs: number;
  readonly rateLimit: number;
  readonly perOrgRateLimited: "measure" | "extrapolate";
  readonly cli?: string;
  readonly log: (line: string) => void;
}

/** Every org declared; every fourth changes: inheriting → custom 3/3, custom → +2 or reset (alternating). */
export function rateScenario(orgs: readonly SeedOrg[]): { yaml: string; changes: number } {
  const lines = ["version: 1", "orgs:"];
  let changes = 0;
  let customChanged = 0;
  orgs.forEach((org, i) => {
    const change = i % 4 === 0;
    if (change) changes++;
    if (org.custom === null) {
      lines.push(
        `  - id: "${org.id}"`,
        ...(change ? ["    maxPasswordAttempts: 3", "    maxOtpAttempts: 3"] : ["    inherit: true"]),
      );
    } else if (!change) {
      lines.push(
        `  - id: "${org.id}"`,
        `    maxPasswordAttempts: ${org.custom.maxPasswordAttempts}`,
        `    maxOtpAttempts: ${org.custom.maxOtpAttempts}`,
      );
    } else if (customChanged++ % 2 === 0) {
      lines.push(
        `  - id: "${org.id}"`,
        `    maxPasswordAttempts: ${org.custom.maxPasswordAttempts + 2}`,
        `    maxOtpAttempts: ${org.custom.maxOtpAttempts + 2}`,
      );
    } else {
      lines.push(`  - id: "${org.id}"`, "    inherit: true");
    }
  });
  return { yaml: `${lines.join("\n")}\n`, changes };
}

export async function measureRateLimited(o: RateOptions): Promise<RateResult[]> {
  const results: RateResult[] = [];
  for (const mode of ["events", "per-org"] as const) {
    o.log(
      `rate-limited workload, --read ${mode}: starting the emulator with ${o.orgs} orgs, ${o.latencyMs} ms latency …`,
    );
    const server = await startEmulatorProcess(o.orgs, o.latencyMs);
    const dir = mkdtempSync(join(tmpdir(), "zl-bench-rate-"));
    try {
      const { yaml, changes } = rateScenario(server.orgs);
      writeFileSync(join(dir, "lockout.yaml"), yaml);
      const env = { ZITADEL_URL: server.url, ZITADEL_TOKEN: server.token };
      const cli = (args: string[], limited: boolean) =>
        runCli([...args, "--read", mode, ...(limited ? ["--rate-limit", String(o.rateLimit)] : [])], {
          cwd: dir,
          env,
          timeoutMs: 1_800_000,
          ...(o.cli ? { cli: o.cli } : {}),
        });
      const record = async (step: RateStep, run: CliRun) => {
        if (run.code !== 0)
          throw new Error(`${mode} ${step} exited ${run.code}:\n${run.stderr.split("\n").slice(-15).join("\n")}`);
        const { counts } = await server.takeCounts();
        const reported = /Read mode: ([^(]+)\(/.exec(run.stderr)?.[1]?.trim() ?? "?";
        const result = {
          mode,
          step,
          wallMs: run.wallMs,
          cliCpuMs: run.cpuMs,
          requests: counts.total,
          writes: counts.writes,
          estimated: false,
          reported,
        };
        results.push(result);
        o.log(
          `  ${mode} ${step}: ${Math.round(run.wallMs)} ms (CLI CPU ${Math.round(run.cpuMs)} ms), ` +
            `${counts.total} requests (${counts.writes} writes), read mode reported: ${reported}`,
        );
        return result;
      };
      // Warm the server's JIT with one unlimited plan, then measure.
      await runCli(["plan", "--format", "json", "--read", mode], { cwd: dir, env, ...(o.cli ? { cli: o.cli } : {}) });
      await server.takeCounts();
      const unlimited = await record("plan (no rate limit)", await cli(["plan", "--format", "json"], false));
      const estimate = mode === "per-org" && o.perOrgRateLimited === "extrapolate";
      if (estimate) {
        // The same requests as unlimited, spaced 1/rate apart (the client's throttle), plus the latency of the last.
        const perRequest = (n: number) => (n / o.rateLimit) * 1000 + o.latencyMs;
        results.push({ ...unlimited, step: "plan", wallMs: perRequest(unlimited.requests), estimated: true });
        // apply = plan + preflight (one read per change) + writes + verification (the instance + one read per change)
        const applyRequests = unlimited.requests + changes + changes + changes + 1;
        results.push({
          ...unlimited,
          step: "apply",
          wallMs: perRequest(applyRequests),
          requests: applyRequests,
          writes: changes,
          estimated: true,
        });
        results.push({ ...unlimited, step: "apply (no-op)", wallMs: perRequest(unlimited.requests), estimated: true });
        o.log(
          `  per-org rate-limited steps estimated from ${unlimited.requests} requests at ${o.rateLimit}/s ` +
            `(--per-org-rate-limited extrapolate)`,
        );
        continue;
      }
      await record("plan", await cli(["plan", "--format", "json"], true));
      const apply = await record("apply", await cli(["apply", "--auto-approve", "--format", "json"], true));
      if (apply.writes !== changes) throw new Error(`${mode} apply wrote ${apply.writes} times, expected ${changes}`);
      const noop = await record("apply (no-op)", await cli(["apply", "--auto-approve", "--format", "json"], true));
      if (noop.writes !== 0) throw new Error(`${mode} no-op apply wrote ${noop.writes} times`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.stop();
    }
  }
  return results;
}

export interface RateVerdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function rateVerdicts(
  rs: readonly RateResult[],
  o: Pick<RateOptions, "orgs" | "rateLimit">,
  changes: number,
): RateVerdict[] {
  const get = (mode: ReadMode, step: RateStep) => rs.find((r) => r.mode === mode && r.step === step);
  const out: RateVerdict[] = [];
  const plan = get("events", "plan");
  if (plan) {
    out.push({
      target: `events plan at --rate-limit ${o.rateLimit} ≤ 5 s`,
      measured: `${(plan.wallMs / 1000).toFixed(2)} s`,
      met: plan.wallMs <= 5000,
    });
    out.push({ target: "events plan ≤ 50 requests", measured: `${plan.requests} requests`, met: plan.requests <= 50 });
  }
  const apply = get("events", "apply");
  if (apply) {
    const budget = (changes / o.rateLimit) * 1000 + 5000;
    out.push({
      target: `events apply ≤ writes/${o.rateLimit} + 5 s (${(budget / 1000).toFixed(0)} s)`,
      measured: `${(apply.wallMs / 1000).toFixed(2)} s`,
      met: apply.wallMs <= budget,
    });
  }
  const fast = get("events", "plan (no rate limit)");
  const slow = get("per-org", "plan (no rate limit)");
  if (fast && slow) {
    const ratio = slow.wallMs / fast.wallMs;
    out.push({
      target: `unlimited-rate plan ≥ 3× faster than per-org at ${o.orgs.toLocaleString("en")} orgs`,
      measured: `${ratio.toFixed(1)}×`,
      met: ratio >= 3,
    });
  }
  const noop = get("events", "apply (no-op)");
  if (noop)
    out.push({
      target: "no-op apply writes nothing (events)",
      measured: `${noop.writes} writes`,
      met: noop.writes === 0,
    });
  return out;
}

export function renderRateTable(rs: readonly RateResult[]): string {
  const steps: RateStep[] = ["plan (no rate limit)", "plan", "apply", "apply (no-op)"];
  const cell = (r: RateResult | undefined) =>
    r === undefined
      ? ["–", "–"]
      : [
          `${r.requests.toLocaleString("en")}${r.writes ? ` (${r.writes.toLocaleString("en")} writes)` : ""}`,
          `${(r.wallMs / 1000).toFixed(2)} s${r.estimated ? " (est.)" : ` (CPU ${(r.cliCpuMs / 1000).toFixed(1)} s)`}`,
        ];
  const rows = steps.map((s) => [
    s,
    ...cell(rs.find((r) => r.mode === "per-org" && r.step === s)),
    ...cell(rs.find((r) => r.mode === "events" && r.step === s)),
  ]);
  const header = ["step", "per-org requests", "per-org wall", "events requests", "events wall"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

// One size of the workload: a fresh emulator process with N orgs, then plan, apply and a second apply
// (in sync: must write nothing), each measured as a child process, with the server's request counts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatorProcess } from "./emulator-process.js";
import type { RequestCounts } from "./host-protocol.js";
import { runCli, type CliRun } from "./measure.js";
import { buildScenario } from "./scenario.js";

export type Step = "plan" | "apply" | "apply (in sync)";

export interface StepResult {
  readonly step: Step;
  readonly orgs: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly requests: RequestCounts;
  readonly serverCpuMs: number;
  readonly cliCpuMs: number;
  /** CPU the rest of the machine used during the step (other processes): noise when large. */
  readonly otherCpuMs: number | undefined;
  /** N·L/concurrency, the bound. */
  readonly boundMs: number;
  /** requests·L/concurrency: what the latency alone costs for the requests this step really sent. */
  readonly requestBoundMs: number;
}

export interface ScaleOptions {
  readonly orgs: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** The CLI entry point to measure (default: this checkout's build). */
  readonly cli?: string;
  readonly log: (line: string) => void;
}

interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly reset: number;
  readonly noop: number;
}

/** Plans (each reads half the orgs) until ~10,000 requests were answered: at least one, at most four. */
const WARM_UP_PLANS = (orgs: number): number => Math.max(1, Math.min(4, Math.ceil(20_000 / orgs)));

/** One repetition: everything from a fresh server, so apply always has the same changes to make. */
export async function measureScale(o: ScaleOptions): Promise<StepResult[]> {
  o.log(`  starting the emulator with ${o.orgs} orgs, ${o.latencyMs} ms latency …`);
  const server = await startEmulatorProcess(o.orgs, o.latencyMs);
  const dir = mkdtempSync(join(tmpdir(), "zl-bench-ws-"));
  try {
    const scenario = buildScenario(server.orgs);
    writeFileSync(join(dir, "lockout.yaml"), scenario.yaml);
    const env = { ZITADEL_URL: server.url, ZITADEL_TOKEN: server.token };
    const conn = ["--concurrency", String(o.concurrency)];
    const cli = (args: string[]) => runCli([...args, ...conn], { cwd: dir, env, ...(o.cli ? { cli: o.cli } : {}) });

    // A real ZITADEL is a warm, long-running server: let the emulator's JIT warm up before measuring
    // (its cost per request settles after ~10,000 requests).
    for (let i = 0; i < WARM_UP_PLANS(o.orgs); i++)
      expectExit(await cli(["plan", "--format", "json"]), "warm-up plan", [0]);
    await server.takeCounts();

    const results: StepResult[] = [];
    const record = async (step: Step, run: CliRun): Promise<void> => {
      const { counts, serverCpuMs } = await server.takeCounts();
      const boundMs = (o.orgs * o.latencyMs) / o.concurrency;
      const requestBoundMs = (counts.total * o.latencyMs) / o.concurrency;
      const otherCpuMs =
        run.machineCpuMs === undefined ? undefined : Math.max(0, run.machineCpuMs - run.cpuMs - serverCpuMs);
      results.push({
        step,
        orgs: o.orgs,
        wallMs: run.wallMs,
        peakRssMb: run.peakRssMb,
        requests: counts,
        serverCpuMs,
        cliCpuMs: run.cpuMs,
        otherCpuMs,
        boundMs,
        requestBoundMs,
      });
      o.log(
        `  ${step}: ${Math.round(run.wallMs)} ms, ${run.peakRssMb.toFixed(0)} MB, ${counts.total} ` +
          `requests (${counts.writes} writes)`,
      );
    };

    const plan = expectExit(await cli(["plan", "--format", "json"]), "plan", [0]);
    const summary = (JSON.parse(plan.stdout) as { summary: PlanSummary }).summary;
    const { create, update, reset, noop } = scenario.expected;
    if (summary.create !== create || summary.update !== update || summary.reset !== reset || summary.noop !== noop) {
      throw new Error(
        `the plan does not match the scenario: ${JSON.stringify(summary)} vs ${JSON.stringify(scenario.expected)}`,
      );
    }
    await record("plan", plan);

    const apply = expectExit(await cli(["apply", "--auto-approve", "--format", "json"]), "apply", [0]);
    const applied = JSON.parse(apply.stdout) as { ok: boolean; summary: { applied: number; converged: number } };
    if (!applied.ok || applied.summary.applied + applied.summary.converged !== create + update + reset) {
      throw new Error(`apply did not converge: ${JSON.stringify(applied.summary)}`);
    }
    await record("apply", apply);

    const again = expectExit(await cli(["apply", "--auto-approve", "--format", "json"]), "apply (in sync)", [0]);
    await record("apply (in sync)", again);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

function expectExit(run: CliRun, what: string, codes: readonly number[]): CliRun {
  if (!codes.includes(run.code)) {
    throw new Error(`${what} exited ${run.code}:\n${run.stderr.split("\n").slice(-20).join("\n")}`);
  }
  return run;
}

// Runs the built CLI as a child process and measures it: wall time from spawn to exit, the child's peak
// resident set size and CPU time — from /usr/bin/time when the machine has it, else reported by the child
// itself (a hook preloaded with --import writes them when it exits) — and the CPU everything else on the
// machine used meanwhile, so a figure taken while the machine was busy can be recognised as such.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BUILT_CLI = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const USAGE_HOOK = new URL("./report-usage.mjs", import.meta.url).href;
const GNU_TIME = "/usr/bin/time";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak RSS of the CLI process in MB (10^6 bytes, the unit of the 200 MB target). */
  readonly peakRssMb: number;
  /** CPU time (user + system) of the CLI process. */
  readonly cpuMs: number;
  /** CPU time the whole machine spent over the run (Linux /proc/stat), or undefined elsewhere. */
  readonly machineCpuMs: number | undefined;
  readonly rssSource: "/usr/bin/time" | "process.resourceUsage";
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly timeoutMs?: number;
  /** The CLI entry point to run (default: this checkout's dist/cli/bin.js). */
  readonly cli?: string;
}

export async function runCli(args: readonly string[], options: RunOptions): Promise<CliRun> {
  const scratch = mkdtempSync(join(tmpdir(), "zl-bench-"));
  const usageFile = join(scratch, "usage");
  const useTime = existsSync(GNU_TIME);
  const cli = options.cli ?? BUILT_CLI;
  const [command, argv] = useTime
    ? [GNU_TIME, ["-o", usageFile, "-f", "%M %U %S", process.execPath, cli, ...args]]
    : [process.execPath, ["--import", USAGE_HOOK, cli, ...args]];
  try {
    const busyBefore = machineBusyMs();
    const started = performance.now();
    const { code, stdout, stderr } = await spawnCollect(command, argv, {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env, ...(useTime ? {} : { BENCH_USAGE_FILE: usageFile }) },
      timeoutMs: options.timeoutMs ?? 600_000,
    });
    const wallMs = performance.now() - started;
    const busyAfter = machineBusyMs();
    // "KiB user-seconds system-seconds"; GNU time writes "Command exited with non-zero status N" first
    // when the command fails, so the figures are on the last line.
    const lines = readFileSync(usageFile, "utf8").trim().split("\n");
    const [kib, user, system] = (lines[lines.length - 1] ?? "").split(" ").map(Number) as [number, number, number];
    if (!(kib > 0) || !(user >= 0) || !(system >= 0))
      throw new Error(`could not read the peak RSS and CPU of zitadel-lockout ${args.join(" ")}`);
    return {
      code,
      stdout,
      stderr,
      wallMs,
      // GNU time and Node's maxRSS both report KiB.
      peakRssMb: (kib * 1024) / 1e6,
      cpuMs: (user + system) * 1000,
      machineCpuMs: busyBefore !== undefined && busyAfter !== undefined ? busyAfter - busyBefore : undefined,
      rssSource: useTime ? "/usr/bin/time" : "process.resourceUsage",
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** CPU time all processors spent busy since boot (user, nice, system, irq, softirq, steal), in ms. */
function machineBusyMs(): number | undefined {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .map(Number);
    // /proc/stat counts in USER_HZ ticks, 100 per second on Linux.
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10;
  } catch {
    return undefined;
  }
}

/** The bench's own environment minus anything that would change what the CLI does (credentials, colour). */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("ZITADEL_")) delete env[k];
  env.NO_COLOR = "1";
  return env;
}

interface Collected {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnCollect(
  command: string,
  args: readonly string[],
  o: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number },
): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`${args.join(" ")} was killed (${signal})`));
      else
        resolve({
          code: code ?? 1,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
        });
    });
  });
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

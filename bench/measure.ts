// Runs the built CLI as a child process and measures it: wall time from spawn to exit, and the child's
// peak resident set size — from /usr/bin/time when the machine has it, else reported by the child itself
// (a hook preloaded with --import writes process.resourceUsage().maxRSS when it exits).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const RSS_HOOK = new URL("./report-rss.mjs", import.meta.url).href;
const GNU_TIME = "/usr/bin/time";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak RSS of the CLI process in MB (10^6 bytes, the unit of the 200 MB target). */
  readonly peakRssMb: number;
  readonly rssSource: "/usr/bin/time" | "process.resourceUsage";
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly timeoutMs?: number;
}

export async function runCli(args: readonly string[], options: RunOptions): Promise<CliRun> {
  const scratch = mkdtempSync(join(tmpdir(), "zl-bench-"));
  const rssFile = join(scratch, "rss");
  const useTime = existsSync(GNU_TIME);
  const [command, argv] = useTime
    ? [GNU_TIME, ["-o", rssFile, "-f", "%M", process.execPath, CLI, ...args]]
    : [process.execPath, ["--import", RSS_HOOK, CLI, ...args]];
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await spawnCollect(command, argv, {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env, ...(useTime ? {} : { BENCH_RSS_FILE: rssFile }) },
      timeoutMs: options.timeoutMs ?? 600_000,
    });
    const wallMs = performance.now() - started;
    // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
    const lines = readFileSync(rssFile, "utf8").trim().split("\n");
    const kib = Number(lines[lines.length - 1]);
    if (!Number.isFinite(kib) || kib <= 0) throw new Error(`could not read the peak RSS of zitadel-lockout ${args.join(" ")}`);
    // GNU time reports KiB; Node's maxRSS is KiB as well.
    return { code, stdout, stderr, wallMs, peakRssMb: (kib * 1024) / 1e6, rssSource: useTime ? "/usr/bin/time" : "process.resourceUsage" };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
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

export function spawnCollect(command: string, args: readonly string[], o: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number }): Promise<Collected> {
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
      else resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

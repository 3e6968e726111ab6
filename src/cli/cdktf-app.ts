// The adapter that runs a CDKTF app for `--cdktf DIR` (desired/cdktf/load.ts decides what to run and reads
// what it wrote; starting processes is cli/'s business). The app runs through the shell, as cdktf-cli runs
// it, without the secrets it has no use for, in a process group of its own, and within a time limit.
import { spawn } from "node:child_process";
import type { AppRun, AppRunner } from "../desired/cdktf/index.js";

/**
 * Secret values the app has no use for never reach the user code we run (README.md#commands: credentials
 * stay put). ZITADEL_KEY_FILE and ZITADEL_CLIENT_ID are a path and a name, not secrets: an app may
 * well pass the key file's path to ZitadelProvider's jwtProfileFile.
 */
const WITHHELD_FROM_APP = ["ZITADEL_TOKEN", "ZITADEL_CLIENT_SECRET"];
const APP_TIMEOUT_MS = 5 * 60_000;

export interface CdktfAppRunnerOptions {
  /** The environment the CLI runs in; the app gets it without WITHHELD_FROM_APP, plus CDKTF_OUTDIR. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long the app may run before it is stopped (default 5 minutes). */
  readonly timeoutMs?: number;
}

export function cdktfAppRunner(options: CdktfAppRunnerOptions): AppRunner {
  const timeoutMs = options.timeoutMs ?? APP_TIMEOUT_MS;
  return (run) =>
    runApp(run, { ...appEnvironment(options.env), CDKTF_OUTDIR: run.outdir, CHECKPOINT_DISABLE: "1" }, timeoutMs);
}

function appEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !WITHHELD_FROM_APP.includes(key)) out[key] = value;
  }
  return out;
}

/**
 * Runs the app command through the shell (as cdktf-cli does); fails with the tail of its stderr.
 * The app gets a process group of its own, and a stop (the timeout, or this process ending, e.g. on
 * Ctrl-C) goes to the whole group: the command is usually a shell or npx that starts the real node
 * process, and stopping only that first process would leave the app running, holding its stderr pipe
 * open, so the run would never end.
 */
function runApp({ command, cwd }: AppRun, env: Record<string, string>, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, { cwd, env, shell: true, detached: true, stdio: ["ignore", "ignore", "pipe"] });
    const stopGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    };
    process.once("exit", stopGroup);
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      process.removeListener("exit", stopGroup);
    };
    // Whatever the app left behind (a background process still holding stderr) goes with it.
    child.on("exit", stopGroup);
    child.on("error", (err) => {
      finish();
      reject(new Error(`cannot run the app "${command}": ${err.message}`));
    });
    child.on("close", (code, signal) => {
      finish();
      if (code === 0 && !timedOut) return resolvePromise();
      const how = timedOut
        ? `did not finish within ${formatSeconds(timeoutMs)} and was stopped`
        : signal
          ? `was stopped (${signal})`
          : `exited with code ${code}`;
      reject(new Error(`the app "${command}" ${how}${appMessages(stderr, cwd)}`));
    });
  });
}

const formatSeconds = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;

/** Node's "file:line" header of an uncaught error's source excerpt. */
const EXCERPT_HEADER = /^(?:file:\/\/)?(\S+):\d+$/;
const CARET_LINE = /^\s*\^+\s*$/;

/** Whether an excerpt header names a file of a library or of Node, not of the app (in `cwd`). */
function isLibraryExcerpt(line: string, cwd: string): boolean {
  const file = EXCERPT_HEADER.exec(line)?.[1];
  if (file === undefined) return false;
  const inApp = file.startsWith(cwd + "/") ? file.slice(cwd.length) : file;
  return inApp.startsWith("node:") || inApp.includes("/node_modules/");
}

/**
 * The last lines of the app's stderr, without stack frames and without the source excerpt Node prints
 * when the error was thrown inside cdktf or Node itself: they say where in a library an error was thrown,
 * which the user does not need; the messages (cdktf's validation list, the app's own errors, and the
 * excerpt of the user's own file) are what remain.
 */
function appMessages(stderr: string, cwd: string): string {
  const lines: string[] = [];
  const all = stderr.split("\n");
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (isLibraryExcerpt(line, cwd)) {
      // The header, the quoted code line(s) and the caret under the throw site.
      const caret = all.slice(i + 1, i + 4).findIndex((l) => CARET_LINE.test(l));
      if (caret >= 0) {
        i += caret + 1;
        continue;
      }
    }
    if (line.trim() !== "" && !/^\s+at /.test(line) && !/^Node\.js v\d/.test(line)) lines.push(line);
  }
  const tail = lines.slice(-25).join("\n");
  return tail ? `:\n${tail}` : "";
}

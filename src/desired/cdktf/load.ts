// Finding and producing the synthesized JSON for `--cdktf [DIR]`:
//   DIR/cdktf.json        → run the app it names (no cdktf-cli, no terraform) with CDKTF_OUTDIR set, read that;
//   DIR/cdktf.out/        → read its manifest.json and the stacks it lists;
//   DIR/manifest.json     → DIR is itself a cdktf.out;
//   DIR is a *.tf.json    → read that file; DIR holds *.tf.json files → read them all (one Terraform module).
import { spawn } from "node:child_process";
import { readFile, readdir, rm, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { ConfigError } from "../../errors.js";
import type { DesiredState } from "../../model.js";
import { readTerraformJson, type TerraformJsonSource } from "./reader.js";
import { isRecord } from "./values.js";

/**
 * Secret values the app has no use for never reach the user code we run (README.md#commands: credentials
 * stay put). ZITADEL_KEY_FILE and ZITADEL_CLIENT_ID are a path and a name, not secrets: an app may
 * well pass the key file's path to ZitadelProvider's jwtProfileFile.
 */
const WITHHELD_FROM_APP = ["ZITADEL_TOKEN", "ZITADEL_CLIENT_SECRET"];
const APP_TIMEOUT_MS = 5 * 60_000;

export interface LoadCdktfOptions {
  /** How long the app may run before it is stopped (default 5 minutes). */
  readonly appTimeoutMs?: number;
}

export async function loadCdktfDesired(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  options: LoadCdktfOptions = {},
): Promise<DesiredState> {
  const target = resolve(dir);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw problem(target, "no such file or directory");
  if (info.isFile() && /\.ya?ml$/i.test(target))
    throw problem(
      target,
      `this is a YAML config: read it with -f ${displayPath(target)}; --cdktf reads a CDKTF app folder, a ` +
        `cdktf.out or *.tf.json`,
    );
  if (info.isFile()) return readTerraformJson([await readJsonFile(target)]);
  if (await exists(join(target, "cdktf.json")))
    return synthesizeAndRead(target, env, options.appTimeoutMs ?? APP_TIMEOUT_MS);
  if (await exists(join(target, "cdktf.out", "manifest.json")))
    return readTerraformJson(await readOutdir(join(target, "cdktf.out")));
  if (await exists(join(target, "manifest.json"))) return readTerraformJson(await readOutdir(target));
  const tfJson = (await readdir(target)).filter((f) => f.endsWith(".tf.json")).sort();
  if (tfJson.length > 0) return readTerraformJson(await Promise.all(tfJson.map((f) => readJsonFile(join(target, f)))));
  throw problem(target, "found no cdktf.json, cdktf.out/manifest.json or *.tf.json here");
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

function problem(file: string, message: string): ConfigError {
  return new ConfigError([{ file: displayPath(file), line: 1, column: 1, message }]);
}

/** Paths under the working directory are shown relative to it, like the YAML front-end's. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

async function readJsonFile(file: string): Promise<TerraformJsonSource> {
  const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw problem(file, `cannot read: ${err.code ?? err.message}`);
  });
  try {
    return { file: displayPath(file), json: JSON.parse(text) as unknown, text };
  } catch (err) {
    const message = (err as Error).message;
    throw new ConfigError([
      { file: displayPath(file), ...jsonErrorPosition(message, text), message: `invalid JSON: ${message}` },
    ]);
  }
}

/** V8 names the error position in some messages ("at position N", newer: "(line L column C)"); else 1:1. */
export function jsonErrorPosition(message: string, text: string): { line: number; column: number } {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (!position) return { line: 1, column: 1 };
  const before = text.slice(0, Number(position[1]));
  return { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
}

/** manifest.json lists the stacks; stale stack folders from earlier synths are ignored. */
async function readOutdir(outdir: string): Promise<TerraformJsonSource[]> {
  const manifestFile = join(outdir, "manifest.json");
  const manifest = (await readJsonFile(manifestFile)).json;
  const stacks = isRecord(manifest) && isRecord(manifest.stacks) ? manifest.stacks : undefined;
  if (!stacks) throw problem(manifestFile, 'not a cdktf manifest (expected a "stacks" object)');
  const files = Object.keys(stacks)
    .sort()
    .map((name) => {
      const stack = stacks[name];
      const path = isRecord(stack) ? stack.synthesizedStackPath : undefined;
      if (typeof path !== "string") throw problem(manifestFile, `stack ${name} has no synthesizedStackPath`);
      return join(outdir, path);
    });
  return Promise.all(files.map(readJsonFile));
}

async function synthesizeAndRead(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
): Promise<DesiredState> {
  const configFile = join(dir, "cdktf.json");
  const config = (await readJsonFile(configFile)).json;
  const app = isRecord(config) ? config.app : undefined;
  if (typeof app !== "string" || app.trim() === "")
    throw problem(configFile, 'cdktf.json must name the app to run in "app" (for example "npx tsx main.ts")');
  // The outdir `cdktf synth` would use, so messages point at files that stay for the user to open.
  // The old manifest goes first: a manifest left over from an earlier synth must never be read.
  const outdir = resolve(dir, isRecord(config) && typeof config.output === "string" ? config.output : "cdktf.out");
  await rm(join(outdir, "manifest.json"), { force: true });
  await runApp(
    app,
    dir,
    { ...appEnvironment(env), CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    configFile,
    timeoutMs,
  );
  if (!(await exists(join(outdir, "manifest.json"))))
    throw problem(
      configFile,
      `the app "${app}" wrote no manifest.json to ${displayPath(outdir)}: does it call app.synth() ` +
        `without a fixed outdir?`,
    );
  return readTerraformJson(await readOutdir(outdir));
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
function runApp(
  command: string,
  cwd: string,
  env: Record<string, string>,
  configFile: string,
  timeoutMs: number,
): Promise<void> {
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
      reject(problem(configFile, `cannot run the app "${command}": ${err.message}`));
    });
    child.on("close", (code, signal) => {
      finish();
      if (code === 0 && !timedOut) return resolvePromise();
      const how = timedOut
        ? `did not finish within ${formatSeconds(timeoutMs)} and was stopped`
        : signal
          ? `was stopped (${signal})`
          : `exited with code ${code}`;
      reject(problem(configFile, `the app "${command}" ${how}${appMessages(stderr, cwd)}`));
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

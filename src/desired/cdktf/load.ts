// Finding and producing the synthesized JSON for `--cdktf [DIR]`:
//   DIR/cdktf.json        → run the app it names (no cdktf-cli, no terraform) with CDKTF_OUTDIR set, read that;
//   DIR/cdktf.out/        → read its manifest.json and the stacks it lists;
//   DIR/manifest.json     → DIR is itself a cdktf.out;
//   DIR is a *.tf.json    → read that file; DIR holds *.tf.json files → read them all (one Terraform module).
// Running the app is not done here: desired/ starts no process. The caller hands in an AppRunner (cli/ owns
// the one that spawns it, src/cli/cdktf-app.ts); this module decides what to run, where, and what to read after.
import { readFile, readdir, rm, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { ConfigError } from "../../errors.js";
import type { DesiredState } from "../../model.js";
import { readTerraformJson, type TerraformJsonSource } from "./reader.js";
import { isRecord } from "./values.js";

/** What a cdktf.json asks for: run `command` in `cwd` so that it writes its synthesized output to `outdir`. */
export interface AppRun {
  readonly command: string;
  readonly cwd: string;
  readonly outdir: string;
}

/**
 * Runs a CDKTF app and resolves when it has exited successfully; rejects with an Error whose message says
 * what went wrong (it is reported against the cdktf.json). Provided by the caller: see the file comment.
 */
export type AppRunner = (run: AppRun) => Promise<void>;

export interface LoadCdktfOptions {
  /** How to run the app a cdktf.json names; without one, a cdktf.json is an error (only output is read). */
  readonly runApp?: AppRunner;
}

export async function loadCdktfDesired(dir: string, options: LoadCdktfOptions = {}): Promise<DesiredState> {
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
  if (await exists(join(target, "cdktf.json"))) return synthesizeAndRead(target, options.runApp);
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

async function synthesizeAndRead(dir: string, runApp: AppRunner | undefined): Promise<DesiredState> {
  const configFile = join(dir, "cdktf.json");
  const config = (await readJsonFile(configFile)).json;
  const app = isRecord(config) ? config.app : undefined;
  if (typeof app !== "string" || app.trim() === "")
    throw problem(configFile, 'cdktf.json must name the app to run in "app" (for example "npx tsx main.ts")');
  if (runApp === undefined)
    throw problem(configFile, "running a CDKTF app is not available here: synthesize it and pass its cdktf.out");
  // The outdir `cdktf synth` would use, so messages point at files that stay for the user to open.
  // The old manifest goes first: a manifest left over from an earlier synth must never be read.
  const outdir = resolve(dir, isRecord(config) && typeof config.output === "string" ? config.output : "cdktf.out");
  await rm(join(outdir, "manifest.json"), { force: true });
  await runApp({ command: app, cwd: dir, outdir }).catch((err: Error) => {
    throw problem(configFile, err.message);
  });
  if (!(await exists(join(outdir, "manifest.json"))))
    throw problem(
      configFile,
      `the app "${app}" wrote no manifest.json to ${displayPath(outdir)}: does it call app.synth() ` +
        `without a fixed outdir?`,
    );
  return readTerraformJson(await readOutdir(outdir));
}

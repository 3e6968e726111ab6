// Runs a composite action's steps the way the GitHub runner does, for tests: each `run:` script with
// `bash --noprofile --norc -eo pipefail`, its `env:` and `working-directory` evaluated from inputs, step
// outputs and the github context, GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, RUNNER_TEMP; a failing step
// stops the rest (no step of ours has an `if:`). Only the expressions the action uses are modelled, and
// anything else is an error: the test fails rather than silently running something different.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly "working-directory"?: string;
}

export interface ActionFile {
  readonly inputs: Record<string, { readonly default?: string; readonly required?: boolean }>;
  readonly outputs: Record<string, { readonly value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

export interface StepRun {
  readonly name: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ActionRun {
  /** 0 when every step succeeded, else the failing step's exit code. */
  readonly code: number;
  readonly steps: readonly StepRun[];
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** Every line a step wrote to stdout or stderr, as the job log would show them. */
  readonly log: string;
}

export interface RunOptions {
  readonly inputs: Record<string, string>;
  /** The github context (event, repository, token, …). */
  readonly github: Record<string, unknown>;
  /** The job's environment (credentials, PATH). */
  readonly env: Record<string, string>;
  /** The workspace: relative working directories resolve against it. */
  readonly workspace: string;
}

export function loadAction(path: string): ActionFile {
  return parse(readFileSync(path, "utf8")) as ActionFile;
}

export async function runAction(action: ActionFile, options: RunOptions): Promise<ActionRun> {
  if (action.runs.using !== "composite") throw new Error(`not a composite action: ${action.runs.using}`);
  const runnerTemp = mkdtempSync(join(tmpdir(), "zl-runner-"));
  const summaryPath = join(runnerTemp, "step-summary.md");
  writeFileSync(summaryPath, "");
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const given = options.inputs[name];
    if (given === undefined && spec.required) throw new Error(`required input ${name} is missing`);
    inputs[name] = given ?? evaluate(spec.default ?? "", { inputs: {}, steps: {}, github: options.github, runnerTemp });
  }
  for (const name of Object.keys(options.inputs))
    if (!(name in action.inputs)) throw new Error(`unknown input ${name}`);

  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const runs: StepRun[] = [];
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined || step.if !== undefined)
      throw new Error(`step ${index}: only run: steps without if: are modelled`);
    if (step.shell !== "bash" || step.run === undefined)
      throw new Error(`step ${index}: expected shell: bash and run:`);
    if (step.run.includes("${{"))
      throw new Error(`step ${index}: an expression inside run: (script injection); pass it through env:`);
    const scope = { inputs, steps, github: options.github, runnerTemp };
    const outputFile = join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, "");
    const scriptFile = join(runnerTemp, `step-${index}.sh`);
    writeFileSync(scriptFile, step.run);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), scope)]));
    const cwd = join(options.workspace, evaluate(step["working-directory"] ?? ".", scope));
    mkdirSync(cwd, { recursive: true });
    // Asynchronous: the emulator the scripts talk to runs in this process and must keep serving.
    const r = await bash(scriptFile, cwd, {
      ...options.env,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_REPOSITORY: String(options.github.repository ?? ""),
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: runnerTemp,
      ...stepEnv,
    });
    const name = evaluate(step.name ?? `step ${index}`, scope);
    runs.push({ name, code: r.status, stdout: r.stdout, stderr: r.stderr });
    if (step.id !== undefined) steps[step.id] = { outputs: readOutputs(outputFile) };
    if (r.status !== 0) {
      code = r.status;
      break;
    }
  }
  const scope = { inputs, steps, github: options.github, runnerTemp };
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value, scope)]));
  const log = runs.map((s) => s.stdout + s.stderr).join("");
  const summary = readFileSync(summaryPath, "utf8");
  // The runner empties RUNNER_TEMP after each job; left behind, every run would leave a folder in /tmp.
  rmSync(runnerTemp, { recursive: true, force: true });
  return { code, steps: runs, outputs, summary, log };
}

function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? 1, stdout, stderr }));
  });
}

interface Scope {
  readonly inputs: Record<string, string>;
  readonly steps: Record<string, { outputs: Record<string, string> }>;
  readonly github: Record<string, unknown>;
  readonly runnerTemp: string;
}

/** `${{ inputs.x }}`, `${{ steps.id.outputs.y }}`, `${{ github.a.b }}`, `${{ runner.temp }}`; a missing value is "". */
function evaluate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const path = expr.split(".");
    const [root, ...rest] = path;
    let value: unknown;
    if (root === "inputs" && rest.length === 1) value = scope.inputs[rest[0]!];
    else if (root === "steps" && rest.length === 3 && rest[1] === "outputs")
      value = scope.steps[rest[0]!]?.outputs[rest[2]!];
    else if (root === "github")
      value = rest.reduce<unknown>(
        (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
        scope.github,
      );
    else if (expr === "runner.temp") value = scope.runnerTemp;
    else throw new Error(`expression not modelled by the test runner: ${expr}`);
    return value === undefined || value === null ? "" : String(value);
  });
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, "utf8").split("\n");
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return out;
}

// `--terraform DIR`: a Terraform root module (HCL *.tf and JSON *.tf.json) → DesiredState, through the
// same reader as CDKTF's synthesized JSON (desired/cdktf/reader.ts), so both front-ends map the
// provider's resources to policies in one place. This file finds and reads the module's files and
// variable values, resolves what can be known without Terraform, and hands the reader one JSON document
// per file. Every problem of every file is collected into one ConfigError.
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ConfigError, type ConfigIssue } from "../../errors.js";
import type { DesiredState, Origin } from "../../model.js";
import { readTerraformJson, type TerraformJsonSource } from "../cdktf/reader.js";
import { RECORD_KEY } from "../cdktf/record.js";
import { INSTANCE_POLICY_TYPE, ORG_LOOKUP_TYPE, ORG_POLICY_TYPE } from "../cdktf/provider-schema.js";
import { isRecord } from "../cdktf/values.js";
import { documentFor, resolveBlocks } from "./blocks.js";
import { gatherContent, originIn, type ModuleFile } from "./content.js";
import type { Resolved, Scope } from "./expressions.js";
import { resolveValue } from "./expressions.js";
import { autoVariableFiles, displayPath, isOverrideFile, moduleFileNames, readModuleFile } from "./files.js";
import { inheritRecord, readSettings, type ModuleSettings } from "./settings.js";
import { declarationsOf, variableValues, type VariableValue } from "./variables.js";

/** A -var-file or -var, in the order given on the command line (later wins, as in Terraform). */
export type VariableAssignment =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "var"; readonly text: string };

export interface LoadTerraformOptions {
  readonly assignments?: readonly VariableAssignment[];
  /** The TF_VAR_NAME values of the environment (the caller reads the environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

export async function loadTerraformDesired(dir: string, options: LoadTerraformOptions = {}): Promise<DesiredState> {
  const cwd = options.cwd ?? process.cwd();
  const target = resolve(cwd, dir);
  const info = await stat(target).catch(() => undefined);
  const where = displayPath(target, cwd);
  const fail = (message: string): never => {
    throw new ConfigError([{ file: where, line: 1, column: 1, message }]);
  };
  if (!info) fail("no such file or directory");
  if (!info!.isDirectory())
    fail("--terraform reads a Terraform module: give its directory (its *.tf and *.tf.json files are read together)");
  const names = await moduleFileNames(target);
  if (names.length === 0) fail("found no *.tf or *.tf.json files here");

  const issues: ConfigIssue[] = [];
  const read = await Promise.all(names.map((n) => readModuleFile(n, cwd, issues)));
  const files = read.filter((f): f is ModuleFile => f !== undefined);
  checkOverrideFiles(files, issues);
  const content = gatherContent(files, issues);
  const declared = declarationsOf(content.blocks, issues);
  const given = await givenValues(target, options, cwd, issues);
  const values = await variableValues(declared, given);
  const scope = moduleScope(content.locals, values);
  const module = await resolveBlocks(content, scope, issues);
  const settings = await readSettings(content, scope, issues);

  const sources: TerraformJsonSource[] = files.map((file) => ({
    file: file.display,
    json: documentFor(file, module, recordFor(file, settings)),
    locate: (keys) => locateIn(file, keys, settings),
  }));
  let state: DesiredState | undefined;
  try {
    state = readTerraformJson(sources, { oneModule: true });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  if (issues.length > 0 || !state)
    throw new ConfigError(
      inFileOrder(
        issues,
        names.map((n) => displayPath(n, cwd)),
      ),
    );
  return { ...state, lintIgnore: settings.lintIgnore, sourceFindings: module.findings };
}

function inFileOrder(issues: readonly ConfigIssue[], files: readonly string[]): ConfigIssue[] {
  const rank = (i: ConfigIssue) => (files.includes(i.file) ? files.indexOf(i.file) : files.length);
  const unique = [...new Map(issues.map((i) => [`${i.file}:${i.line}:${i.column}:${i.message}`, i])).values()];
  return unique.sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
}

/** A JSON file's own record (written by the CDKTF constructs), plus the inherit entries of the settings. */
function recordFor(file: ModuleFile, settings: ModuleSettings): unknown {
  const own = file.syntax === "json" && isRecord(file.body["//"]) ? file.body["//"] : undefined;
  if (settings.file !== file) return own;
  const extra = inheritRecord(settings);
  if (!isRecord(extra)) return own;
  const ownRecord = isRecord(own) && isRecord(own[RECORD_KEY]) ? own[RECORD_KEY] : undefined;
  if (!ownRecord) return { ...own, ...extra };
  const extraRecord = extra[RECORD_KEY] as { policies: Record<string, unknown> };
  const ownPolicies = isRecord(ownRecord.policies) ? ownRecord.policies : {};
  return { ...own, [RECORD_KEY]: { ...ownRecord, policies: { ...ownPolicies, ...extraRecord.policies } } };
}

function locateIn(file: ModuleFile, keys: readonly string[], settings: ModuleSettings): Origin | undefined {
  const [first, second, third, path] = keys;
  if (first === "//" && second === RECORD_KEY && third === "policies" && path !== undefined) {
    const inherit = settings.inherit.get(path);
    if (inherit) return inherit.origin;
  }
  return originIn(file, keys);
}

/** Override files merge into blocks of other files; reading them as plain files would misread the module. */
function checkOverrideFiles(files: readonly ModuleFile[], issues: ConfigIssue[]): void {
  for (const file of files.filter((f) => isOverrideFile(f.display))) {
    const resources = isRecord(file.body.resource) ? Object.keys(file.body.resource) : [];
    const data = isRecord(file.body.data) ? Object.keys(file.body.data) : [];
    if ([INSTANCE_POLICY_TYPE, ORG_POLICY_TYPE].some((t) => resources.includes(t)) || data.includes(ORG_LOOKUP_TYPE))
      issues.push({
        file: file.display,
        line: 1,
        column: 1,
        message:
          "override files are not supported for lockout policies and org lookups: " +
          "write the final values in the block itself",
      });
  }
}

async function givenValues(
  dir: string,
  options: LoadTerraformOptions,
  cwd: string,
  issues: ConfigIssue[],
): Promise<VariableValue[]> {
  const given: VariableValue[] = [];
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (!key.startsWith("TF_VAR_") || value === undefined) continue;
    const origin = { file: `environment variable ${key}`, line: 1, column: 1 };
    given.push({ name: key.slice("TF_VAR_".length), value, raw: true, origin });
  }
  const fromFile = async (path: string): Promise<void> => {
    const file = await readModuleFile(path, cwd, issues);
    if (!file) return;
    for (const [name, value] of Object.entries(file.body)) {
      // tfvars hold literal values only; an expression there is an error in Terraform too.
      const literal = await resolveValue(value, { variable: () => undefined, local: () => undefined });
      const origin = originIn(file, [name]);
      if (literal.ok) given.push({ name, value: literal.value, raw: false, origin });
      else
        issues.push({ ...origin, message: `${name}: a variables file holds literal values only: ${literal.problem}` });
    }
  };
  for (const path of await autoVariableFiles(dir)) await fromFile(path);
  for (const assignment of options.assignments ?? []) {
    if (assignment.kind === "file") {
      await fromFile(resolve(cwd, assignment.path));
      continue;
    }
    const eq = assignment.text.indexOf("=");
    const name = assignment.text.slice(0, eq).trim();
    if (eq <= 0 || !/^[A-Za-z_][\w-]*$/.test(name)) {
      const message = `--var ${JSON.stringify(assignment.text)}: expected NAME=VALUE`;
      issues.push({ file: "--var", line: 1, column: 1, message });
      continue;
    }
    const origin = { file: `--var ${name}`, line: 1, column: 1 };
    given.push({ name, value: assignment.text.slice(eq + 1), raw: true, origin });
  }
  return given;
}

/** Variables by value; locals resolved on first use (a local that refers to itself is an error). */
function moduleScope(locals: ReturnType<typeof gatherContent>["locals"], values: ReadonlyMap<string, Resolved>): Scope {
  const done = new Map<string, Promise<Resolved>>();
  const active = new Set<string>();
  const scope: Scope = {
    variable: (name) => values.get(name),
    local: (name) => {
      const local = locals.get(name);
      if (!local) return undefined;
      if (active.has(name)) return Promise.resolve({ ok: false, problem: `local.${name} refers to itself` });
      let result = done.get(name);
      if (!result) {
        active.add(name);
        result = resolveValue(local.value, scope).finally(() => active.delete(name));
        done.set(name, result);
      }
      return result;
    },
  };
  return scope;
}

// Reading the files of a Terraform root module (*.tf, *.tf.json) and its variable files (*.tfvars,
// *.tfvars.json) into parsed documents with positions; every unreadable or malformed file is an issue.
import { readFile, readdir } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { ConfigIssue } from "../../errors.js";
import { jsonErrorPosition } from "../cdktf/load.js";
import { keyPositions } from "../cdktf/positions.js";
import { isRecord } from "../cdktf/values.js";
import type { ModuleFile } from "./content.js";
import { parseHcl } from "./hcl-file.js";

/** Paths under the working directory are shown relative to it, like the YAML front-end's. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

const isConfigFile = (name: string): boolean => name.endsWith(".tf") || name.endsWith(".tf.json");
/** Terraform's override files change blocks of the other files (see docs/terraform.md). */
export const isOverrideFile = (path: string): boolean => /(^|_)override\.tf(\.json)?$/.test(basename(path));

/** The module's *.tf and *.tf.json files, in name order (Terraform reads no subdirectories). */
export async function moduleFileNames(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && isConfigFile(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in name order: Terraform's order. */
export async function autoVariableFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  const fixed = ["terraform.tfvars", "terraform.tfvars.json"].filter((n) => names.includes(n));
  return [...fixed, ...auto].map((n) => join(dir, n));
}

async function readText(path: string, display: string, issues: ConfigIssue[]): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (code ?? (err as Error).message);
    issues.push({ file: display, line: 1, column: 1, message: `cannot read: ${why}` });
    return undefined;
  }
}

/** One module or variables file: HCL unless its name ends in .json. */
export async function readModuleFile(
  path: string,
  cwd: string,
  issues: ConfigIssue[],
): Promise<ModuleFile | undefined> {
  const display = displayPath(path, cwd);
  const text = await readText(path, display, issues);
  if (text === undefined) return undefined;
  if (!path.endsWith(".json")) {
    const parsed = await parseHcl(display, text);
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      return undefined;
    }
    return { display, syntax: "hcl", ...parsed.file };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    issues.push({ file: display, ...jsonErrorPosition(message, text), message: `invalid JSON: ${message}` });
    return undefined;
  }
  if (!isRecord(json)) {
    issues.push({ file: display, line: 1, column: 1, message: "expected a JSON object" });
    return undefined;
  }
  return { display, syntax: "json", body: json, locate: keyPositions(text) };
}

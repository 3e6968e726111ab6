// zitadel-lockout validate [-f FILE]... | --cdktf [DIR]  [--format text|json] [--strict]
// Offline: reads the config files (or synthesizes the CDKTF app) and nothing else (no server, no
// credentials). The report goes to stdout — it is this command's result — as text (errors, then lint
// findings, then a summary line) or as one JSON document. Exit 0 when valid (warnings allowed unless
// --strict), else 1.
import { Command } from "commander";
import pc from "picocolors";
import { capIssueLines, ConfigError, type ConfigIssue } from "../../errors.js";
import { formatOrigin, type DesiredState } from "../../model.js";
import { lintDesired, type LintFinding } from "../../desired/index.js";
import { useColor } from "../io.js";
import { configFiles, loadConfig } from "../load.js";
import { addConfigOptions, formatOption, type ConfigFlags } from "../options.js";
import type { RegisterCommand } from "./index.js";

interface ValidateFlags extends ConfigFlags {
  readonly format: "text" | "json";
  readonly strict?: boolean;
}

export interface ValidationReport {
  readonly files: readonly string[];
  readonly errors: readonly ConfigIssue[];
  readonly findings: readonly LintFinding[];
  readonly valid: boolean;
  readonly state?: DesiredState;
}

export const registerValidate: RegisterCommand = (program, io, setExit) => {
  // copyInheritedSettings: exitOverride and output routing live on the program; a `new Command` added
  // with addCommand would otherwise call process.exit on a usage error and write to the real stderr.
  const cmd = new Command("validate")
    .copyInheritedSettings(program)
    .description("check config files offline: syntax, schema, meaning and lint rules (never contacts a server)");
  addConfigOptions(cmd, { cdktf: true });
  cmd
    .addOption(formatOption(["text", "json"]))
    .option("--strict", "fail on lint warnings too")
    .action(async (flags: ValidateFlags) => {
      // loadConfig: the same loading as plan (YAML files, or the CDKTF app, loaded only when asked for).
      const sources =
        flags.terraform !== undefined
          ? [`--terraform ${flags.terraform === true ? "." : flags.terraform}`]
          : flags.cdktf !== undefined
            ? [`--cdktf ${flags.cdktf === true ? "." : flags.cdktf}`]
            : configFiles(flags);
      const report = await validateWith(() => loadConfig(flags, io), sources, flags.strict === true);
      io.stdout(flags.format === "json" ? renderJson(report) : renderText(report, flags.strict === true, useColor(io, "stdout")));
      setExit(report.valid ? 0 : 1);
    });
  program.addCommand(cmd);
};

export async function validateWith(load: () => Promise<DesiredState>, files: readonly string[], strict: boolean): Promise<ValidationReport> {
  try {
    const state = await load();
    const findings = lintDesired(state);
    const valid = !findings.some((f) => f.severity === "error" || strict);
    return { files, errors: [], findings, valid, state };
  } catch (err) {
    if (err instanceof ConfigError) return { files, errors: err.issues, findings: [], valid: false };
    throw err;
  }
}

function renderText(r: ValidationReport, strict: boolean, color: boolean): string {
  // createColors(color), not pc.red: the shared instance decides colour from the real process, not from io.
  const { red, yellow } = pc.createColors(color);
  // Exactly FILE:LINE:COLUMN: message (design.md §3), so editors and CI problem matchers pick it up.
  const lines = capIssueLines(r.errors.map((i) => `${red(`${i.file}:${i.line}:${i.column}:`)} ${i.message}`));
  for (const f of r.findings) {
    const tag = f.severity === "error" ? red(`error[${f.rule}]`) : yellow(`warning[${f.rule}]`);
    lines.push(`${f.origin ? `${formatOrigin(f.origin)}: ` : ""}${tag}: ${f.message}`);
  }
  lines.push(summaryLine(r, strict));
  return `${lines.join("\n")}\n`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLine(r: ValidationReport, strict: boolean): string {
  const files = r.files.join(", ");
  const warnings = r.findings.filter((f) => f.severity === "warning").length;
  const lintErrors = r.findings.length - warnings;
  if (r.errors.length > 0) return `invalid: ${plural(r.errors.length, "error")} in ${files}`;
  const counts = [lintErrors > 0 ? plural(lintErrors, "lint error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter(Boolean).join(", ");
  if (!r.valid) return `invalid: ${counts}${strict && lintErrors === 0 ? " (--strict)" : ""} in ${files}`;
  const s = r.state!;
  const scope = [s.instance ? "the instance default" : "", plural(s.orgs.length, "org"), s.prune.enabled ? "prune on" : ""].filter(Boolean).join(", ");
  return `valid: ${files} (${scope})${counts ? `; ${counts}` : ""}`;
}

function renderJson(r: ValidationReport): string {
  const doc = {
    formatVersion: 1,
    valid: r.valid,
    errors: r.errors.map((i) => ({ file: i.file, line: i.line, column: i.column, message: i.message })),
    warnings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.origin?.file ?? null,
      line: f.origin?.line ?? null,
      column: f.origin?.column ?? null,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

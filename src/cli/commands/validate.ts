// zitadel-lockout validate [-f FILE]... | --cdktf [DIR]  [--format text|json] [--strict]
// Offline: reads the config files (or synthesizes the CDKTF app) and nothing else (no server, no
// credentials). The report goes to stdout — it is this command's result — as text (errors, then lint
// findings, then a summary line) or as one JSON document. Exit 0 when valid (warnings allowed unless
// --strict), else 1.
import { Command } from "commander";
import { validateWith } from "../../desired/index.js";
import { useColor } from "../io.js";
import { configFiles, loadConfig } from "../load.js";
import { addConfigOptions, formatOption, type ConfigFlags } from "../options.js";
import type { RegisterCommand } from "./index.js";

interface ValidateFlags extends ConfigFlags {
  readonly format: "text" | "json";
  readonly strict?: boolean;
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
      // Loaded here, not at start-up: every command registers this module, few of them validate.
      const { renderAs } = await import("../../render/render-as.js");
      io.stdout(renderAs("validate", report, flags.format, { color: useColor(io, "stdout") }));
      setExit(report.valid ? 0 : 1);
    });
  program.addCommand(cmd);
};

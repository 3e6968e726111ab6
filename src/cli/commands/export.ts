// zitadel-lockout export [--orgs custom|all] [--format yaml|terraform|terraform-json] [-o FILE]
// Live state → config v1 YAML: a starting point for a repository, or a snapshot to diff against.
import { Command, Option } from "commander";
import { addConnectionOptions, addReadOption } from "../options.js";
import type { ExportFlags } from "../run-export.js";
import type { RegisterCommand } from "./index.js";

export const registerExport: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("export")
    .copyInheritedSettings(program)
    .description("write the live lockout policies as a config file (orgs by id, names as comments)");
  addReadOption(addConnectionOptions(cmd, { readsConfig: false }))
    .addOption(
      new Option(
        "--orgs <WHICH>",
        "custom: only orgs with a custom policy; all: also inheriting orgs, as inherit: true",
      )
        .choices(["custom", "all"])
        .default("custom"),
    )
    .addOption(
      new Option(
        "--format <FORMAT>",
        "yaml: a config file; terraform: a Terraform module (HCL) with import blocks; terraform-json: the " +
          "same as .tf.json",
      )
        .choices(["yaml", "terraform", "terraform-json"])
        .default("yaml"),
    )
    .option("-o, --output <FILE>", "write to FILE (atomically) instead of stdout; an existing FILE only with --force")
    .option("--force", "let -o replace a file that exists (it may be a hand-written config)")
    .action(async (flags: ExportFlags) => {
      const { runExport } = await import("../run-export.js");
      setExit(await runExport(flags, io));
    });
  program.addCommand(cmd);
};

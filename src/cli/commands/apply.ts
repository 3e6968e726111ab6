// zitadel-lockout apply [-f FILE]... [--auto-approve] [--format ...]
// zitadel-lockout apply PLANFILE [--format ...]
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, formatOption } from "../options.js";
import type { ApplyFlags } from "../run-apply.js";
import type { RegisterCommand } from "./index.js";

export const registerApply: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("apply")
    .copyInheritedSettings(program)
    .description("make the server match the config (or apply a saved plan)")
    .argument("[PLANFILE]", "a plan saved with plan --out");
  addConfigOptions(cmd, { cdktf: true });
  addConnectionOptions(cmd)
    .option("--auto-approve", "apply without asking (required when there is no terminal)")
    .addOption(formatOption(["text", "json", "markdown"]))
    .action(async (planFile: string | undefined, flags: ApplyFlags) => {
      const { runApply } = await import("../run-apply.js");
      setExit(await runApply(planFile, flags, io));
    });
  program.addCommand(cmd);
};

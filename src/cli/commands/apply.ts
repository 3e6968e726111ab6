// zitadel-lockout apply [-f FILE]... [--auto-approve] [--journal FILE] [--format ...]
// zitadel-lockout apply PLANFILE [-f FILE]... [--cdktf [DIR]] [--journal FILE] [--format ...]
//   (with -f/--cdktf: the plan must be what that config produces against the plan's own before state)
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, addReadOption, formatOption } from "../options.js";
import type { ApplyFlags } from "../run-apply.js";
import type { RegisterCommand } from "./index.js";

export const registerApply: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("apply")
    .copyInheritedSettings(program)
    .description("make the server match the config (or apply a saved plan)")
    .argument(
      "[PLANFILE]",
      "a plan saved with plan --out; its server must be confirmed (--url, ZITADEL_URL, the config's " +
        "server: or a yes), and with -f/--cdktf it must be what that config produces",
    );
  addConfigOptions(cmd, { cdktf: true });
  addReadOption(addConnectionOptions(cmd))
    .option("--auto-approve", "apply without asking (required when there is no terminal)")
    .option(
      "--journal <FILE>",
      "after a verified apply, record each target's sequence and values here for drift (else journal: in the config)",
    )
    .option(
      "--accept-lockout-risk",
      "apply even when a change leaves a scope with no one who could unlock a locked manager (no-recovery-path)",
    )
    .addOption(formatOption(["text", "json", "markdown"]))
    .action(async (planFile: string | undefined, flags: ApplyFlags) => {
      const { runApply } = await import("../run-apply.js");
      setExit(await runApply(planFile, flags, io));
    });
  program.addCommand(cmd);
};

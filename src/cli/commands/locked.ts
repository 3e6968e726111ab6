// zitadel-lockout locked [-f FILE]... [--all-orgs] [--format text|json|markdown] [--detailed-exitcode]
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, formatOption } from "../options.js";
import type { LockedFlags } from "../run-locked.js";
import type { RegisterCommand } from "./index.js";

export const registerLocked: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("locked")
    .copyInheritedSettings(program)
    .description("list the locked users of the config's orgs (or every org), managers first");
  addConfigOptions(cmd, { cdktf: true });
  addConnectionOptions(cmd)
    .option("--all-orgs", "every org on the instance, not only the config's (the config is then optional)")
    .addOption(formatOption(["text", "json", "markdown"]))
    .option("--detailed-exitcode", "exit 2 when a user is locked, 0 when none is")
    .action(async (flags: LockedFlags) => {
      const { runLocked } = await import("../run-locked.js");
      setExit(await runLocked(flags, io));
    });
  program.addCommand(cmd);
};

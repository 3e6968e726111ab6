// zitadel-lockout unlock USER... | --locked-managers [-f FILE]... [--auto-approve] [--format text|json|markdown]
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, formatOption } from "../options.js";
import type { UnlockFlags } from "../run-unlock.js";
import type { RegisterCommand } from "./index.js";

export const registerUnlock: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("unlock")
    .copyInheritedSettings(program)
    .description(
      "unlock users (by user id or login name), or every locked manager of the config's orgs; exit 0 when " +
        "all end unlocked",
    )
    .argument("[USER...]", "user ids or login names");
  addConfigOptions(cmd, { cdktf: true });
  addConnectionOptions(cmd)
    .option(
      "--locked-managers",
      "unlock every locked manager (a holder of an instance or org role) of the config's orgs",
    )
    .option("--auto-approve", "do not ask for confirmation (needed without a terminal)")
    .addOption(formatOption(["text", "json", "markdown"]))
    .action(async (users: string[], flags: UnlockFlags) => {
      const { runUnlock } = await import("../run-unlock.js");
      setExit(await runUnlock(users, flags, io));
    });
  program.addCommand(cmd);
};

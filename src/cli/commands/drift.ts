// zitadel-lockout drift [-f FILE]... [--journal FILE] [--format text|json|markdown]
// Exit 3 when a target drifted (values differ from the config, or its sequence moved since the journal).
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, addReadOption, formatOption } from "../options.js";
import type { DriftFlags } from "../run-drift.js";
import type { RegisterCommand } from "./index.js";

export const registerDrift: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("drift")
    .copyInheritedSettings(program)
    .description("compare the server with the config and with the journal of the last apply; exit 3 on drift");
  addConfigOptions(cmd, { cdktf: true });
  addReadOption(addConnectionOptions(cmd))
    .option(
      "--journal <FILE>",
      "the journal written by apply (else journal: in the config; without one, only values are compared)",
    )
    .addOption(formatOption(["text", "json", "markdown"]))
    .action(async (flags: DriftFlags) => {
      // Like plan: the client's imports are paid only when the command runs.
      const { runDrift } = await import("../run-drift.js");
      setExit(await runDrift(flags, io));
    });
  program.addCommand(cmd);
};

// zitadel-lockout rollback [-f FILE]... [--journal FILE] [--out PLANFILE] [--auto-approve] [--format ...]
// Undoes the journal's last verified apply (docs/rollback.md); exit codes as apply's (4: stale, nothing written).
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, formatOption } from "../options.js";
import type { RollbackFlags } from "../run-rollback.js";
import type { RegisterCommand } from "./index.js";

export const registerRollback: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("rollback")
    .copyInheritedSettings(program)
    .description(
      "return the targets of the last journaled apply to their state before it (a rollback is journaled too)",
    );
  addConfigOptions(cmd, { cdktf: false });
  addConnectionOptions(cmd)
    .option("--journal <FILE>", "the journal the applies wrote (else journal: in the config)")
    .option(
      "--out <PLANFILE>",
      "save the rollback plan instead of applying it (apply it with apply PLANFILE --journal FILE)",
    )
    .option("--auto-approve", "apply without asking (required when there is no terminal)")
    .option(
      "--accept-lockout-risk",
      "apply even when a change leaves a scope with no one who could unlock a locked manager (no-recovery-path)",
    )
    .addOption(formatOption(["text", "json", "markdown"]))
    .action(async (flags: RollbackFlags) => {
      const { runRollback } = await import("../run-rollback.js");
      setExit(await runRollback(flags, io));
    });
  program.addCommand(cmd);
};

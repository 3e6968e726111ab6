// zitadel-lockout plan [-f FILE]... [--out PLANFILE] [--format text|json|markdown] [--detailed-exitcode]
import { Command } from "commander";
import { addConfigOptions, addConnectionOptions, addReadOption, formatOption } from "../options.js";
import type { PlanFlags } from "../run-plan.js";
import type { RegisterCommand } from "./index.js";

export const registerPlan: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("plan")
    .copyInheritedSettings(program)
    .description("show what apply would change, without changing anything");
  addConfigOptions(cmd, { cdktf: true });
  addReadOption(addConnectionOptions(cmd))
    .option("--out <PLANFILE>", "also save the plan (JSON) for `apply PLANFILE`")
    .addOption(formatOption(["text", "json", "markdown"]))
    .option("--detailed-exitcode", "exit 2 when changes are pending, 0 when there are none")
    .action(async (flags: PlanFlags) => {
      // The client, proto-free as it is, still costs ~200 ms of imports (undici, jose): load on use only.
      const { runPlan } = await import("../run-plan.js");
      setExit(await runPlan(flags, io));
    });
  program.addCommand(cmd);
};

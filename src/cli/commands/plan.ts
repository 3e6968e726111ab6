// zitadel-lockout plan [-f FILE]... [--out PLANFILE] [--format text|json|markdown] [--detailed-exitcode]
import { resolve } from "node:path";
import { Command } from "commander";
import writeFileAtomic from "write-file-atomic";
import { hasChanges } from "../../model.js";
import { useColor } from "../io.js";
import { makePlan } from "../make-plan.js";
import { addConfigOptions, addConnectionOptions, formatOption, type ConfigFlags, type ConnectionFlags, type Format } from "../options.js";
import { renderPlanJson } from "../../render/plan-json.js";
import { renderPlanAs } from "../render-as.js";
import type { RegisterCommand } from "./index.js";

interface PlanFlags extends ConfigFlags, ConnectionFlags {
  readonly out?: string;
  readonly format: Format;
  readonly detailedExitcode?: boolean;
}

export const registerPlan: RegisterCommand = (program, io, setExit) => {
  const cmd = new Command("plan").description("show what apply would change, without changing anything");
  addConfigOptions(cmd, { cdktf: true });
  addConnectionOptions(cmd)
    .option("--out <PLANFILE>", "also save the plan (JSON) for `apply PLANFILE`")
    .addOption(formatOption(["text", "json", "markdown"]))
    .option("--detailed-exitcode", "exit 2 when changes are pending, 0 when there are none")
    .action(async (flags: PlanFlags) => {
      const { plan, client } = await makePlan(flags, io);
      await client.close();
      if (flags.out) {
        // Atomic: a crash never leaves a half-written plan that apply could misread.
        await writeFileAtomic(resolve(io.cwd, flags.out), renderPlanJson(plan), { mode: 0o644 });
      }
      io.stdout(renderPlanAs(plan, flags.format, useColor(io, "stdout")));
      if (flags.out && flags.format === "text") io.stderr(`Saved the plan to ${flags.out}; apply it with: zitadel-lockout apply ${flags.out}\n`);
      setExit(flags.detailedExitcode && hasChanges(plan) ? 2 : 0);
    });
  program.addCommand(cmd);
};


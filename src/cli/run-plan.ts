// The plan command's work, loaded only when `plan` runs.
import { resolve } from "node:path";
import { UsageError, type ExitCode } from "../errors.js";
import { hasChanges } from "../model.js";
import { renderPlanJson } from "../render/plan-json.js";
import { describeFileError } from "./file-error.js";
import { useColor, type Io } from "./io.js";
import { makePlan } from "./make-plan.js";
import type { ConfigFlags, ConnectionFlags, Format, ReadFlags } from "./options.js";
import { renderPlanAs } from "./render-as.js";

export interface PlanFlags extends ConfigFlags, ConnectionFlags, Partial<ReadFlags> {
  readonly out?: string;
  readonly format: Format;
  readonly detailedExitcode?: boolean;
}

export async function runPlan(flags: PlanFlags, io: Io): Promise<ExitCode> {
  const { plan, client } = await makePlan(flags, io, { recoveryCheck: true });
  await client.close();
  if (flags.out) {
    // Atomic: a crash never leaves a half-written plan that apply could misread. Loaded only with --out.
    const { default: writeFileAtomic } = await import("write-file-atomic");
    try {
      await writeFileAtomic(resolve(io.cwd, flags.out), renderPlanJson(plan), { mode: 0o644 });
    } catch (err) {
      throw new UsageError(`cannot write the plan file ${flags.out}: ${describeFileError(err)}`);
    }
  }
  io.stdout(renderPlanAs(plan, flags.format, useColor(io, "stdout")));
  // On stderr in every format: stdout carries the report, and a CI log should say where the plan went.
  if (flags.out) io.stderr(`Saved the plan to ${flags.out}; apply it with: zitadel-lockout apply ${flags.out}\n`);
  return flags.detailedExitcode && hasChanges(plan) ? 2 : 0;
}

// Registers every command on the program. One file per command; each returns its exit code via setExit.
import type { Command } from "commander";
import type { ExitCode } from "../../errors.js";
import type { Io } from "../io.js";
import { registerValidate } from "./validate.js";
import { registerApply } from "./apply.js";
import { registerPlan } from "./plan.js";
import { registerEmulator } from "./emulator.js";
import { registerDemo } from "./demo.js";
import { registerDrift } from "./drift.js";
import { registerExport } from "./export.js";
import { registerLocked } from "./locked.js";
import { registerUnlock } from "./unlock.js";
import { registerRollback } from "./rollback.js";

export type SetExit = (code: ExitCode) => void;
export type RegisterCommand = (program: Command, io: Io, setExit: SetExit) => void;

const commands: readonly RegisterCommand[] = [
  registerValidate,
  registerPlan,
  registerApply,
  registerDrift,
  registerRollback,
  registerLocked,
  registerUnlock,
  registerExport,
  registerEmulator,
  registerDemo,
];

export function registerCommands(program: Command, io: Io, setExit: SetExit): void {
  for (const register of commands) register(program, io, setExit);
}

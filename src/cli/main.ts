// Argument parsing (commander) and dispatch. Each command lives in commands/<name>.ts and returns its
// exit code; nothing below cli/ prints or exits.
import { Command, CommanderError } from "commander";
import type { ExitCode } from "../errors.js";
import { reportError } from "./exit.js";
import type { Io } from "./io.js";
import { TOOL_VERSION } from "./version.js";
import { registerCommands } from "./commands/index.js";

/** Runs one command line (argv without `node` and the script) and returns its exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  let code: ExitCode = 0;
  const program = new Command("zitadel-lockout")
    .description("Keep ZITADEL lockout policies in Git: validate, plan, apply, detect drift.")
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .allowExcessArguments(false);
  registerCommands(program, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv as string[], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit code 0; every other parse failure is a usage error (exit 1).
      return err.exitCode === 0 ? 0 : 1;
    }
    return reportError(err, io);
  }
  return code;
}

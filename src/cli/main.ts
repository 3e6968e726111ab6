// Argument parsing (commander) and dispatch. Each command lives in commands/<name>.ts and returns its
// exit code; nothing below cli/ prints or exits.
import { Command, CommanderError } from "commander";
import type { ExitCode } from "../errors.js";
import { reportError } from "./exit.js";
import type { Io } from "./io.js";
import { TOOL_VERSION } from "./version.js";
import { registerCommands } from "./commands/index.js";

// What a first-time user needs besides the commands: how to point it at a server, and what exit codes mean.
const HELP_AFTER = `
Server and credentials (never as a command-line value):
  --url URL or ZITADEL_URL (or server: in the config)
  ZITADEL_TOKEN, or ZITADEL_KEY_FILE / --key-file FILE, or ZITADEL_CLIENT_ID + ZITADEL_CLIENT_SECRET
  Try it without an instance: zitadel-lockout emulator (prints ZITADEL_URL and tokens), or zitadel-lockout demo.

Without -f, lockout.yaml in the working directory is read. NO_COLOR=1 turns colour off.

Exit codes:
  0  success; with plan --detailed-exitcode, no changes
  1  error: bad config or input, API or network failure, a partial apply
  2  plan --detailed-exitcode: changes are pending
  3  drift: a target drifted
  4  apply: the plan is stale (the server changed since it was made); nothing was written
  130, 143  interrupted (SIGINT, SIGTERM) while reading or planning, or a second interrupt during apply;
            a first interrupt during apply finishes the writes on the wire, reports, and exits 1
`;

/** Runs one command line (argv without `node` and the script) and returns its exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  let code: ExitCode = 0;
  const program = new Command("zitadel-lockout")
    .description("Keep ZITADEL lockout policies in Git: validate, plan, apply, detect drift.")
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .allowExcessArguments(false)
    .addHelpText("after", HELP_AFTER);
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

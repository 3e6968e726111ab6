// zitadel-lockout demo: the out-of-the-box run (README.md#commands). Starts the emulator on a free loopback
// port, then runs the same commands a user would — plan, apply, plan again — on examples/lockout.yaml,
// makes an out-of-band change through the API, and shows the drift report; then locks ACME's owner out
// with wrong passwords, lists the locked users and unlocks her.
import { mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Command } from "commander";
import type { ExitCode } from "../../errors.js";
import { packageRoot } from "../../package-root.js";
import type { Io } from "../io.js";
import type { RegisterCommand } from "./index.js";

// The commands run in the package root, where examples/ lives, so their messages name the file as a user
// would write it.
const EXAMPLE = "examples/lockout.yaml";

export const registerDemo: RegisterCommand = (program, io, setExit) => {
  program.addCommand(
    // copyInheritedSettings: exitOverride and output routing live on the program; without them `demo --help`
    // or a bad flag would write past the Io and end the process itself.
    new Command("demo")
      .copyInheritedSettings(program)
      .description(
        "try it: start the emulator, plan and apply examples/lockout.yaml, change something behind Git's " +
          "back, show the drift, then lock a manager out and unlock her",
      )
      .action(async () => setExit(await demo(io))),
  );
};

async function demo(io: Io): Promise<ExitCode> {
  // Loaded lazily: only `emulator` and `demo` pay for the emulator's proto definitions.
  const { startEmulator } = await import("../../emulator/index.js");
  const { runCli } = await import("../main.js");
  const { createClient } = await import("../../zitadel/index.js");
  const emu = await startEmulator({ host: "127.0.0.1", port: 0 });
  const journalDir = await mkdtemp(join(tmpdir(), "zitadel-lockout-demo-"));
  const journal = join(journalDir, "journal.json");
  const env: Record<string, string | undefined> = {
    ...io.env,
    ZITADEL_URL: emu.url,
    ZITADEL_TOKEN: emu.credentials.iamOwnerToken,
  };
  for (const k of ["ZITADEL_KEY_FILE", "ZITADEL_CLIENT_ID", "ZITADEL_CLIENT_SECRET"]) delete env[k];
  const step = async (title: string, argv: string[], expected: readonly ExitCode[]): Promise<void> => {
    io.stdout(`\n━━ ${title}\n$ zitadel-lockout ${argv.join(" ").replace(journal, "journal.json")}\n\n`);
    const code = await runCli(argv, { ...io, env, cwd: packageRoot(), interactive: false });
    if (!expected.includes(code)) throw new Error(`the demo step "${title}" exited ${code}`);
  };
  try {
    io.stdout(
      `The emulator is serving a demo ZITADEL instance at ${emu.url} (orgs: ${emu.control
        .listOrgs()
        .map((o) => o.name)
        .join(", ")}).\n`,
    );
    await step("1. What would change?", ["plan", "-f", EXAMPLE], [0]);
    await step(
      "2. Apply it (a journal records each target's sequence)",
      ["apply", "-f", EXAMPLE, "--auto-approve", "--journal", journal],
      [0],
    );
    await step("3. Plan again: nothing left to do", ["plan", "-f", EXAMPLE, "--detailed-exitcode"], [0]);

    const acme = emu.control.listOrgs().find((o) => o.name === "ACME");
    if (!acme) throw new Error("the demo instance has no org named ACME");
    io.stdout(
      `\n━━ 4. Someone changes ACME's policy in the console, behind Git's back (PUT ` +
        `/management/v1/policies/lockout → 10/10)\n`,
    );
    // Made by ACME's own admin (acme-admin, ORG_OWNER), so the drift report below can name someone other than the tool.
    const client = createClient({
      baseUrl: emu.url,
      credentials: { kind: "pat", token: emu.credentials.orgOwnerToken },
    });
    try {
      await client.updateOrgPolicy(acme.id, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    } finally {
      await client.close();
    }
    // The scheduled check runs long after the apply; here it follows within the same second, inside the
    // margin in which drift takes a fresh journal for one an apply may still be writing (and says it reads
    // again). Date the journal back to when a scheduled run would find it, rather than wait.
    const earlier = new Date(io.clock.date().getTime() - 60_000);
    await utimes(journal, earlier, earlier);
    await step(
      "5. Drift: the scheduled check catches it (exit 3) and, reading the event log, names who made the change",
      ["drift", "-f", EXAMPLE, "--journal", journal, "--read", "events"],
      [3],
    );

    // The way back in: a manager locked by wrong passwords, found and unlocked by the service user.
    const alice = emu.control.listUsers(acme.id).find((u) => u.userName === "alice");
    if (!alice) throw new Error("the demo instance has no user alice in ACME");
    const limit =
      emu.control.orgPolicy(acme.id)?.maxPasswordAttempts ?? emu.control.instancePolicy().maxPasswordAttempts;
    const attempt = emu.control.failPassword(alice.id, Math.max(limit, 1));
    if (attempt.kind !== "counted" || !attempt.locked) throw new Error("the demo could not lock alice out");
    io.stdout(
      `\n━━ 6. Alice, ACME's owner, mistypes her password ${attempt.failedCount} times: ACME's policy locks her out\n`,
    );
    await step("7. Who is locked? Managers first", ["locked", "-f", EXAMPLE], [0]);
    await step("8. The way back in: the service user unlocks her", ["unlock", alice.loginName, "--auto-approve"], [0]);
    // The example as the user can reach it from where they are: examples/… in a clone, the installed
    // package's copy (node_modules/zitadel-lockout/examples/…) elsewhere.
    const example = relative(io.cwd, join(packageRoot(), EXAMPLE)) || EXAMPLE;
    io.stdout(
      `\nThat was the whole loop. Try it yourself: run npx zitadel-lockout emulator in another terminal, ` +
        `paste the export lines it prints, then npx zitadel-lockout plan -f ${example} (and apply, drift, ` +
        `locked, unlock). docs/recovery.md explains recovering from a lockout.\n`,
    );
    return 0;
  } finally {
    await emu.close();
    await rm(journalDir, { recursive: true, force: true });
  }
}

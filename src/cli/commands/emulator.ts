// zitadel-lockout emulator [--host HOST] [--port N] [--state FILE] [--latency MS] [--fault-rate RATE]
//                          [--seed N] [--orgs N]
// Serves the ZITADEL-compatible emulator until interrupted. The credentials are printed on purpose
// (README.md#commands: the user pastes them into a shell); they are emulator credentials and open nothing else.
// The emulator is loaded with import() so no other command pays for its proto definitions.
import { randomInt } from "node:crypto";
import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { UsageError } from "../../errors.js";
import type { Io } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface EmulatorFlags {
  readonly host: string;
  readonly port: number;
  readonly state?: string;
  readonly latency: number;
  readonly faultRate: number;
  readonly seed?: number;
  readonly orgs: number;
}

const integer =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };

const rate = (value: string): number => {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1))
    throw new InvalidArgumentError("the fault rate must be a number from 0 to 1");
  return n;
};

export const registerEmulator: RegisterCommand = (program, io, setExit) => {
  // copyInheritedSettings: exitOverride and output routing live on the program, not on a new Command.
  const cmd = new Command("emulator")
    .copyInheritedSettings(program)
    .description("serve a ZITADEL-compatible emulator with a demo instance (for trying the tool and testing pipelines)")
    .option("--host <HOST>", "address to listen on", "127.0.0.1")
    .option("--port <N>", "port (0 = any free port)", integer("--port", 0, 65535), 0)
    .option(
      "--state <FILE>",
      "keep the instance in this JSON file (loaded if it exists, rewritten atomically on every change)",
    )
    .option("--latency <MS>", "delay every response by this many milliseconds", integer("--latency", 0, 600_000), 0)
    .option("--fault-rate <RATE>", "fraction of requests answered with 429 / 503 / a dropped connection", rate, 0)
    .option(
      "--seed <N>",
      "seed for fault injection and the emulator's tokens (default: random, so the tokens differ on every " +
        "start; give a seed for repeatable tokens)",
      integer("--seed", 0, 2 ** 32 - 1),
    )
    .option("--orgs <N>", "add N generated organizations to a new demo instance", integer("--orgs", 0, 1_000_000), 0)
    .action(async (flags: EmulatorFlags) => setExit(await serve(flags, io)));
  program.addCommand(cmd);
};

async function serve(flags: EmulatorFlags, io: Io): Promise<0> {
  const { startEmulator, EmulatorStateError } = await import("../../emulator/index.js");
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      host: flags.host,
      port: flags.port,
      ...(flags.state ? { statePath: resolve(io.cwd, flags.state) } : {}),
      // Without --seed the tokens differ on every start: a fixed default would be a known token for anyone
      // who can reach an emulator left listening.
      seed: flags.seed ?? randomInt(2 ** 32),
      latencyMs: flags.latency,
      ...(flags.faultRate > 0 ? { faults: { rate: flags.faultRate } } : {}),
      extraOrgs: flags.orgs,
      // method, path, org, status: never a header, so never a token.
      onRequest: (e) =>
        io.stderr(
          `${e.method} ${e.path}${e.orgId ? ` org=${e.orgId}` : ""} ` +
            `${e.status === 0 ? "dropped" : e.status}${e.fault ? ` (injected ${e.fault})` : ""}\n`,
        ),
      onInternalError: (err) =>
        io.stderr(`emulator: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
    });
  } catch (err) {
    if (err instanceof EmulatorStateError) throw new UsageError(err.message);
    throw listenError(err, flags);
  }
  const c = emulator.credentials;
  // Listening on every interface: the address to paste is loopback's (the tool refuses plain http:// to
  // anything else without --insecure-http); say how other machines reach it.
  const url = reachableUrl(emulator.url, flags.host);
  if (url !== emulator.url) {
    io.stderr(
      `emulator: listening on every interface (${flags.host}); from this machine use ${url}, from others ` +
        `http://<this host's address>:${new URL(url).port} with --insecure-http\n`,
    );
  }
  io.stdout(
    [
      // `export` lines: pasted into a shell as they are, the next command sees them.
      `export ZITADEL_URL=${url}`,
      `export ZITADEL_TOKEN=${c.iamOwnerToken}`,
      `export ZITADEL_ORG_OWNER_TOKEN=${c.orgOwnerToken}`,
      `export ZITADEL_ORG_OWNER_ORG_ID=${c.orgOwnerOrgId}`,
      `export ZITADEL_VIEWER_TOKEN=${c.viewerToken}`,
      `export ZITADEL_NO_MEMBERSHIP_TOKEN=${c.noMembershipToken}`,
      // Commented out: pasted as-is they would take precedence over ZITADEL_TOKEN.
      `# export ZITADEL_CLIENT_ID=${c.iamOwnerClientId}`,
      `# export ZITADEL_CLIENT_SECRET=${c.iamOwnerClientSecret}`,
      "",
    ].join("\n"),
  );
  io.stderr(`emulator: serving instance ${emulator.instanceId} at ${emulator.url}; interrupt (Ctrl-C) to stop\n`);
  await new Promise<void>((resolve) => io.onInterrupt(resolve));
  await emulator.close();
  io.stderr("emulator: stopped\n");
  return 0;
}

/** A listen failure in words: the port taken or not allowed, with what to do instead. */
function listenError(err: unknown, flags: EmulatorFlags): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${flags.host}:${flags.port}`;
  if (code === "EADDRINUSE")
    return new UsageError(
      `cannot listen on ${where}: the port is already in use; pick another with --port N, or --port 0 for ` +
        `any free port`,
    );
  if (code === "EACCES")
    return new UsageError(
      `cannot listen on ${where}: permission denied (ports below 1024 need privileges); pick another with --port N`,
    );
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
    return new UsageError(
      `cannot listen on ${where}: this machine has no such address; use --host 127.0.0.1 (the default)`,
    );
  return err;
}

/** The URL to print: for the unspecified address (every interface), the loopback address of the same family. */
function reachableUrl(url: string, host: string): string {
  const loopback = host === "0.0.0.0" ? "127.0.0.1" : host === "::" || host === "[::]" ? "[::1]" : undefined;
  if (loopback === undefined) return url;
  const parsed = new URL(url);
  parsed.hostname = loopback;
  return parsed.origin;
}

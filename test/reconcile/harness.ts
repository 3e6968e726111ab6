// Shared setup for reconcile tests: an emulator, a workspace, and CLI runs against both.
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { run, type CapturedRun } from "../support/io.js";
import { workspace, type Workspace } from "../support/workspace.js";

export interface Harness {
  readonly emu: Emulator;
  readonly ws: Workspace;
  /** Runs the CLI in the workspace, authenticated as the IAM owner unless env overrides it. */
  cli(argv: readonly string[], env?: Record<string, string | undefined>): Promise<CapturedRun>;
  /** Writes requests (policy mutations) the emulator saw since the last clearLog(). */
  writes(): { method: string; path: string; orgId?: string }[];
  close(): Promise<void>;
}

export async function harness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator(options);
  const ws = workspace();
  return {
    emu,
    ws,
    cli: (argv, env = {}) =>
      run(argv, { cwd: ws.dir, env: { ZITADEL_URL: emu.url, ZITADEL_TOKEN: emu.credentials.iamOwnerToken, ...env } }),
    writes: () =>
      emu.requestLog
        .filter((e) => e.write)
        .map(({ method, path, orgId }) => ({ method, path, ...(orgId ? { orgId } : {}) })),
    close: async () => {
      ws.remove();
      await emu.close();
    },
  };
}

/** A config with the instance and some orgs by id. */
export function config(parts: { instance?: string; orgs?: string[]; extra?: string }): string {
  return [
    "version: 1",
    ...(parts.instance ? ["instance:", ...parts.instance.split("\n").map((l) => `  ${l}`)] : []),
    ...(parts.orgs?.length ? ["orgs:", ...parts.orgs.map((o) => `  - ${o.split("\n").join("\n    ")}`)] : []),
    ...(parts.extra ? [parts.extra] : []),
    "",
  ].join("\n");
}

// The locked command's work, loaded only when `locked` runs: connect, decide the scope, read the locked
// users and their roles, render. Exit 0; with --detailed-exitcode 2 when anyone is locked.
import { readLockedUsers, type LockedScope } from "../actual/index.js";
import { UsageError, type ExitCode } from "../errors.js";
import type { DesiredState } from "../model.js";
import type { LockedReport } from "../render/locked.js";
import { renderAs } from "../render/render-as.js";
import type { ZitadelClient } from "../zitadel/index.js";
import { connect, resolveServer } from "./connect.js";
import { useColor, type Io } from "./io.js";
import { loadConfig } from "./load.js";
import type { ConfigFlags, ConnectionFlags, Format } from "./options.js";
import { startProgress } from "./progress.js";
import { declaredScope } from "./scope.js";
import { TOOL_VERSION } from "./version.js";

export interface LockedFlags extends ConfigFlags, ConnectionFlags {
  readonly allOrgs?: boolean;
  readonly format: Format;
  readonly detailedExitcode?: boolean;
}

/** With --all-orgs the config is optional (it may still name the server); without, it says which orgs. */
export async function loadScopeConfig(
  flags: ConfigFlags & { allOrgs?: boolean },
  io: Io,
): Promise<DesiredState | undefined> {
  if (flags.allOrgs && !flags.file?.length && flags.cdktf === undefined) return undefined;
  return loadConfig(flags, io);
}

export async function scopeOf(
  client: ZitadelClient,
  desired: DesiredState | undefined,
  allOrgs: boolean | undefined,
): Promise<LockedScope> {
  if (allOrgs) return { kind: "all" };
  if (!desired) throw new UsageError("no config: pass -f FILE, or --all-orgs");
  // With prune the config manages every org's policy, so every org is in scope.
  if (desired.prune.enabled) return { kind: "all" };
  if (desired.orgs.length === 0)
    throw new UsageError("the config declares no orgs: name them under orgs:, or pass --all-orgs");
  return declaredScope(client, desired);
}

export async function runLocked(flags: LockedFlags, io: Io, now = io.clock.date()): Promise<ExitCode> {
  const desired = await loadScopeConfig(flags, io);
  const client = await connect(flags, io, resolveServer(flags, io, desired?.server));
  let report: LockedReport;
  try {
    const scope = await scopeOf(client, desired, flags.allOrgs);
    const progress = startProgress(io, "Reading locked users");
    const read = await readLockedUsers(client, scope, progress.update).finally(progress.stop);
    report = {
      ...read,
      server: client.baseUrl,
      toolVersion: TOOL_VERSION,
      checkedAt: now.toISOString(),
      scope: scope.kind === "all" ? "all" : scope.orgs.size,
    };
  } finally {
    await client.close();
  }
  io.stdout(renderAs("locked", report, flags.format, { color: useColor(io, "stdout") }));
  return flags.detailedExitcode && report.users.length > 0 ? 2 : 0;
}

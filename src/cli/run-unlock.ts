// The unlock command's work, loaded only when `unlock` runs: find the users (named, or the locked managers
// of the config's orgs), show what will be done, confirm (or --auto-approve), unlock, read again, report.
// Exit 0 when every user ends unlocked, else 1.
import { readLockedUsers, isManager } from "../actual/index.js";
import { allUnlocked, findTargets, targetsOf, unlockTargets, type UnlockTarget } from "../apply/index.js";
import { UsageError, type ExitCode } from "../errors.js";
import { renderUnlockPreview, type UnlockReport } from "../render/unlock.js";
import { renderAs } from "../render/render-as.js";
import { plural } from "../render/view.js";
import { connect, resolveServer } from "./connect.js";
import { useColor, type Io } from "./io.js";
import type { ConfigFlags, ConnectionFlags, Format } from "./options.js";
import { loadScopeConfig, scopeOf } from "./run-locked.js";
import { TOOL_VERSION } from "./version.js";

export interface UnlockFlags extends ConfigFlags, ConnectionFlags {
  readonly lockedManagers?: boolean;
  readonly autoApprove?: boolean;
  readonly format: Format;
}

export async function runUnlock(
  users: readonly string[],
  flags: UnlockFlags,
  io: Io,
  now: () => Date = () => io.clock.date(),
): Promise<ExitCode> {
  if (flags.lockedManagers && users.length > 0) throw new UsageError("name users or pass --locked-managers, not both");
  if (!flags.lockedManagers && users.length === 0)
    throw new UsageError("name the users to unlock (user id or login name), or pass --locked-managers");
  if (!flags.lockedManagers && (flags.file?.length || flags.cdktf !== undefined)) {
    throw new UsageError(
      "-f/--cdktf only choose the orgs of --locked-managers; named users are found on the whole instance",
    );
  }
  if (!flags.autoApprove && !io.interactive)
    throw new UsageError("unlock needs --auto-approve when there is no terminal to confirm on");
  const desired = flags.lockedManagers ? await loadScopeConfig(flags, io) : undefined;
  const client = await connect(flags, io, resolveServer(flags, io, desired?.server));
  try {
    const me = await client.whoAmI();
    let targets: UnlockTarget[];
    if (flags.lockedManagers) {
      const locked = await readLockedUsers(client, await scopeOf(client, desired, false));
      for (const w of locked.warnings) io.stderr(`warning: ${w}\n`);
      targets = targetsOf(
        locked.users.filter(isManager).map((u) => ({
          userId: u.userId,
          orgId: u.orgId,
          userName: u.loginName,
          loginName: u.loginName,
          state: "locked" as const,
          human: u.human,
        })),
        me,
      );
    } else {
      targets = await findTargets(client, users, me);
    }
    // The preview goes to stderr when stdout carries a machine-readable result.
    const show = flags.format === "text" ? io.stdout : io.stderr;
    if (targets.length === 0) {
      show("No locked manager in the config's orgs: nothing to unlock.\n");
      if (flags.format !== "text")
        io.stdout(
          renderAs(
            "unlock",
            { server: client.baseUrl, toolVersion: TOOL_VERSION, finishedAt: now().toISOString(), outcomes: [] },
            flags.format,
            { color: false },
          ),
        );
      return 0;
    }
    show(
      renderUnlockPreview(targets, client.baseUrl, {
        color: useColor(io, flags.format === "text" ? "stdout" : "stderr"),
      }) + "\n",
    );
    const writes = targets.filter((t) => t.kind === "found").length;
    if (writes > 0 && !flags.autoApprove) {
      const yes = await io.confirm(`Unlock ${plural(writes, "user")} on ${client.baseUrl}?`);
      if (!yes) {
        io.stderr("Unlock cancelled; nothing was written.\n");
        return 1;
      }
    }
    const outcomes = await unlockTargets(client, targets);
    const report: UnlockReport = {
      server: client.baseUrl,
      toolVersion: TOOL_VERSION,
      finishedAt: now().toISOString(),
      outcomes,
    };
    io.stdout(renderAs("unlock", report, flags.format, { color: useColor(io, "stdout") }));
    return allUnlocked(outcomes) ? 0 : 1;
  } finally {
    await client.close();
  }
}

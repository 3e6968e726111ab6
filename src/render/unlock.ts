// The views of `unlock`: the preview (what will be sent, and who is left out and why) and the report
// (what each user ended as). JSON: schemas/unlock-result.schema.json.
import type { UnlockOutcome, UnlockTarget } from "../apply/index.js";
import { makeStyle, markdownText, plural, printable } from "./view.js";

const UNLOCK_KIND = "zitadel-lockout-unlock";

export interface UnlockReport {
  readonly server: string;
  readonly toolVersion: string;
  readonly finishedAt: string;
  readonly outcomes: readonly UnlockOutcome[];
}

const who = (loginName: string | undefined, userId: string | undefined, request: string): string =>
  loginName !== undefined && userId !== undefined ? `${printable(loginName)} (${userId})` : printable(request);

export function renderUnlockPreview(
  targets: readonly UnlockTarget[],
  server: string,
  options: { color: boolean },
): string {
  const st = makeStyle(options.color);
  const lines = [`Unlock on ${server}:`, ""];
  for (const t of targets) {
    switch (t.kind) {
      case "found":
        lines.push(
          `  ${st.green("~")} ${who(t.user.loginName, t.user.userId, t.request)} in org ${t.user.orgId}: ` +
            (t.user.state === "locked"
              ? "locked → unlock"
              : `${t.user.state} now; unlock is still sent in case it is locked meanwhile`),
        );
        break;
      case "self":
        lines.push(
          `  ${st.red("x")} ${who(t.user.loginName, t.user.userId, t.request)}: the tool's own user, left ` +
            `out (no user may unlock itself)`,
        );
        break;
      case "unknown":
        lines.push(`  ${st.red("x")} ${printable(t.request)}: no such user, left out`);
        break;
    }
  }
  return lines.join("\n") + "\n";
}

const STATUS_TEXT: Readonly<Record<UnlockOutcome["status"], string>> = {
  unlocked: "unlocked",
  "not-locked": "was not locked (nothing to do)",
  failed: "NOT unlocked",
};

export function renderUnlockText(report: UnlockReport, options: { color: boolean }): string {
  const st = makeStyle(options.color);
  const lines: string[] = [];
  for (const o of report.outcomes) {
    const mark = o.status === "failed" ? st.red("x") : st.green("✓");
    lines.push(
      `  ${mark} ${who(o.loginName, o.userId, o.request)}: ` +
        `${STATUS_TEXT[o.status]}${o.finalState ? `, now ${o.finalState}` : ""}`,
    );
    if (o.error) lines.push(`      ${printable(o.error)}`);
  }
  const failed = report.outcomes.filter((o) => o.status === "failed").length;
  lines.push(
    "",
    failed === 0
      ? st.green(`Done: ${plural(report.outcomes.length, "user")} not locked any more.`)
      : st.red(`${failed} of ${plural(report.outcomes.length, "user")} not unlocked.`),
  );
  return lines.join("\n") + "\n";
}

export function unlockDocument(report: UnlockReport) {
  return {
    kind: UNLOCK_KIND,
    formatVersion: 1 as const,
    toolVersion: report.toolVersion,
    server: report.server,
    finishedAt: report.finishedAt,
    allUnlocked: report.outcomes.every((o) => o.status !== "failed"),
    users: report.outcomes.map((o) => ({
      request: o.request,
      ...(o.userId !== undefined ? { userId: o.userId } : {}),
      ...(o.loginName !== undefined ? { loginName: o.loginName } : {}),
      ...(o.orgId !== undefined ? { orgId: o.orgId } : {}),
      ...(o.human !== undefined ? { human: o.human } : {}),
      status: o.status,
      ...(o.finalState !== undefined ? { finalState: o.finalState } : {}),
      ...(o.error !== undefined ? { error: o.error } : {}),
    })),
  };
}

export const renderUnlockJson = (report: UnlockReport): string =>
  JSON.stringify(unlockDocument(report), null, 2) + "\n";

export function renderUnlockMarkdown(report: UnlockReport): string {
  const failed = report.outcomes.filter((o) => o.status === "failed").length;
  const lines = [
    `### 🔓 Unlock: ${failed === 0 ? "done" : `${failed} of ${report.outcomes.length} not unlocked`}`,
    "",
    `Server ${markdownText(report.server)}, ${report.finishedAt}.`,
    "",
    "| User | User id | Org | Result | Now |",
    "|---|---|---|---|---|",
    ...report.outcomes.map(
      (o) =>
        `| ${markdownText(o.loginName ?? o.request)} | ${o.userId ?? ""} | ${o.orgId ?? ""} | ` +
        `${markdownText(STATUS_TEXT[o.status])}${o.error ? `: ${markdownText(o.error)}` : ""} | ` +
        `${o.finalState ?? ""} |`,
    ),
  ];
  return lines.join("\n") + "\n";
}

// The views of `locked`: who is locked in the scopes asked about, managers first. Text for terminals,
// JSON (schemas/locked.schema.json) for machines, Markdown for issues and job summaries. Login names and
// org names come from the server: printable() in text, markdownText() in Markdown (view.ts).
import type { LockedRead, LockedUser } from "../actual/locked.js";
// The module, not actual/index.js: the barrel loads the HTTP client, which validate never needs.
import { isManager } from "../actual/locked.js";
import { MARKDOWN_BUDGET, renderWithinBudget } from "./markdown.js";
import { makeStyle, markdownText, plural, printable } from "./view.js";

const LOCKED_KIND = "zitadel-lockout-locked";

export interface LockedReport extends LockedRead {
  readonly server: string;
  readonly toolVersion: string;
  readonly checkedAt: string;
  /** "all": every org; else the number of orgs the config declares. */
  readonly scope: "all" | number;
}

export function lockedDocument(report: LockedReport) {
  return {
    kind: LOCKED_KIND,
    formatVersion: 1 as const,
    toolVersion: report.toolVersion,
    server: report.server,
    checkedAt: report.checkedAt,
    scope: report.scope === "all" ? { allOrgs: true } : { allOrgs: false, orgs: report.scope },
    summary: { locked: report.users.length, managers: report.users.filter(isManager).length },
    users: report.users.map(lockedUserJson),
    warnings: [...report.warnings],
  };
}

const lockedUserJson = (u: LockedUser) => ({
  userId: u.userId,
  loginName: u.loginName,
  orgId: u.orgId,
  orgName: u.orgName,
  human: u.human,
  manager: isManager(u),
  roles: [...u.roles],
});

export const renderLockedJson = (report: LockedReport): string =>
  JSON.stringify(lockedDocument(report), null, 2) + "\n";

const scopeText = (r: LockedReport): string =>
  r.scope === "all" ? "every org" : `the ${plural(r.scope, "org")} the config declares`;

const kindText = (u: LockedUser): string => (u.human ? "human" : "service");

export function renderLockedText(report: LockedReport, options: { color: boolean }): string {
  const st = makeStyle(options.color);
  const managers = report.users.filter(isManager).length;
  const lines = [`Locked users in ${scopeText(report)} on ${report.server}:`, ""];
  if (report.users.length === 0) lines.push(st.green("No user is locked."));
  for (const u of report.users) {
    const who = `${printable(u.loginName)} (${u.userId}, ${kindText(u)})`;
    const where = `in ${printable(u.orgName)} (${u.orgId})`;
    const roles = isManager(u) ? st.bold(` manager: ${u.roles.join(", ")}`) : "";
    lines.push(`  ${isManager(u) ? st.red("!") : "-"} ${who} ${where}${roles}`);
  }
  for (const w of report.warnings) lines.push("", st.yellow(`warning: ${printable(w)}`));
  if (report.users.length > 0) {
    lines.push("", `${report.users.length} locked, ${managers} of them manager${managers === 1 ? "" : "s"}.`);
    if (managers > 0)
      lines.push(st.dim("Unlock the managers: zitadel-lockout unlock --locked-managers (see docs/recovery.md)."));
  }
  return lines.join("\n") + "\n";
}

function lockedMarkdownTable(users: readonly LockedUser[]) {
  return {
    header: ["| | User | User id | Org | Kind | Roles |", "|---|---|---|---|---|---|"],
    rows: users.map(
      (u) =>
        `| ${isManager(u) ? "⚠️ manager" : ""} | ${markdownText(u.loginName)} | ${u.userId} | ` +
        `${markdownText(u.orgName)} (${u.orgId}) | ${kindText(u)} | ` +
        `${u.roles.map(markdownText).join(", ")} |`,
    ),
  };
}

export function renderLockedMarkdown(report: LockedReport, budget = MARKDOWN_BUDGET): string {
  const managers = report.users.filter(isManager).length;
  const head = [
    `### 🔒 Locked users: ` +
      `${report.users.length === 0 ? "none" : `${report.users.length}, ${plural(managers, "manager")}`}`,
    "",
    `Server ${markdownText(report.server)}, ${scopeText(report)}, checked ${report.checkedAt}.`,
    "",
  ];
  const tail = report.warnings.map((w) => `> [!WARNING]\n> ${markdownText(w)}\n`);
  const tables = report.users.length === 0 ? [] : [{ intro: [], ...lockedMarkdownTable(report.users) }];
  return renderWithinBudget(
    { head, tables, tail, fullReportHint: "Run `zitadel-lockout locked --format json` for the whole list." },
    budget,
  );
}

// ---------------------------------------------------------------------------------------------
// The "locked managers" section of drift: the locked managers of the declared orgs. It never changes
// drift's verdict or exit code; it says who needs unlocking, or why it could not be checked.

export type LockedManagersSection =
  | { readonly status: "read"; readonly users: readonly LockedUser[]; readonly warnings: readonly string[] }
  | { readonly status: "unreadable"; readonly reason: string };

export function lockedManagersJson(section: LockedManagersSection) {
  if (section.status === "unreadable") return { status: "unreadable" as const, reason: section.reason };
  return {
    status: "read" as const,
    users: section.users.map(lockedUserJson),
    warnings: [...section.warnings],
  };
}

const MAX_SECTION_ROWS = 50;

export function lockedManagersText(section: LockedManagersSection, options: { color: boolean }): string[] {
  const st = makeStyle(options.color);
  if (section.status === "unreadable")
    return [st.yellow(`Locked managers: not checked (${printable(section.reason)}).`)];
  const lines =
    section.users.length === 0 ? ["Locked managers: none."] : [st.bold(`Locked managers: ${section.users.length}`)];
  for (const u of section.users.slice(0, MAX_SECTION_ROWS)) {
    lines.push(
      `  ${st.red("!")} ${printable(u.loginName)} (${u.userId}) in ${printable(u.orgName)} (${u.orgId}): ` +
        `${u.roles.join(", ")}`,
    );
  }
  if (section.users.length > MAX_SECTION_ROWS)
    lines.push(`  … and ${section.users.length - MAX_SECTION_ROWS} more (zitadel-lockout locked)`);
  if (section.users.length > 0)
    lines.push(
      st.dim("  Unlock them: zitadel-lockout unlock --locked-managers (this does not change drift's exit code)."),
    );
  for (const w of section.warnings) lines.push(st.yellow(`  warning: ${printable(w)}`));
  return lines;
}

export function lockedManagersMarkdown(section: LockedManagersSection): string[] {
  if (section.status === "unreadable")
    return ["#### Locked managers", "", `Not checked: ${markdownText(section.reason)}.`, ""];
  if (section.users.length === 0) return ["#### Locked managers", "", "None.", ""];
  const table = lockedMarkdownTable(section.users.slice(0, MAX_SECTION_ROWS));
  const more =
    section.users.length > MAX_SECTION_ROWS ? [`| | … ${section.users.length - MAX_SECTION_ROWS} more | | | | |`] : [];
  return [
    "#### Locked managers",
    "",
    "Unlock them with `zitadel-lockout unlock --locked-managers` (see docs/recovery.md).",
    "",
    ...table.header,
    ...table.rows,
    ...more,
    "",
    ...section.warnings.map((w) => `> ${markdownText(w)}`),
  ];
}

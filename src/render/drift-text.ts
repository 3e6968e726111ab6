// The human view of a drift check: per drifted target what differs from the config and what changed
// outside Git, then a verdict. Targets without drift are counted, not listed (like noops in a plan).
import { assertNever, printable, SETTING_NAMES, type LockoutSettings } from "../model.js";
import { editorName, type Attribution, type DriftReport, type DriftTarget, type OutsideGit } from "../plan/index.js";
import { lockedManagersText, type LockedManagersSection } from "./locked.js";
import { makeStyle, plural, settingsPair as pair, showCount as show, targetLabel, type Style } from "./view.js";

/** How the config was given: only a YAML config has a `journal:` key to name the journal in. */
export interface DriftConfigKind {
  readonly configHasJournalKey?: boolean;
}

/** `lockedManagers`: the section the CLI adds (who needs unlocking); it does not change the verdict. */
export function renderDriftText(
  report: DriftReport,
  options: { color: boolean; lockedManagers?: LockedManagersSection } & DriftConfigKind,
): string {
  const st = makeStyle(options.color);
  const lines = [`Drift check of ${report.server}: ${journalLine(report)}`, ""];
  const drifted = report.targets.filter((t) => t.drifted);
  for (const t of drifted) lines.push(...targetBlock(t, st), "");
  const notes = driftNotes(report, options);
  if (notes.length > 0) lines.push(...notes.map((n) => st.dim(n)), "");
  if (options.lockedManagers) lines.push(...lockedManagersText(options.lockedManagers, options), "");
  lines.push(verdict(report, st));
  return lines.join("\n") + "\n";
}

function journalLine(report: DriftReport): string {
  const j = report.journal;
  switch (j.status) {
    case "none":
      return "no journal is configured, so only values were compared with the config.";
    case "missing":
      return (
        `the journal ${j.path} does not exist yet (no apply has written it), so only values were compared ` +
        `with the config.`
      );
    case "read":
      return (
        `values compared with the config, sequences with the journal ${j.path} (written ${j.writtenAt} by ` +
        `zitadel-lockout ${j.toolVersion}).`
      );
    default:
      return assertNever(j);
  }
}

/** Honest footnotes: what the check could not see, and why inheriting orgs are not listed one by one. */
export function driftNotes(report: DriftReport, { configHasJournalKey = true }: DriftConfigKind = {}): string[] {
  const notes: string[] = [];
  const { notRecorded, followsInstance } = report.summary;
  if (report.journal.status === "none") {
    // A CDKTF app or a Terraform module has no journal: key: pointing there would send the reader looking
    // for a setting that does not exist.
    const how = configHasJournalKey
      ? "Pass --journal FILE to apply and drift (a YAML config can name it once, as journal:)"
      : "Pass the same --journal FILE to apply and drift";
    notes.push(
      "Without a journal a change made outside Git and then reverted cannot be seen. " +
        `${how}; the next apply records the baseline.`,
    );
  } else if (report.journal.status === "missing") {
    // The journal is configured, only not written yet: telling the user to configure one would be wrong.
    notes.push(
      `Without a journal a change made outside Git and then reverted cannot be seen. The next apply with ` +
        `this journal (${report.journal.path}) records the baseline; check the path if an apply has already ` +
        `written it.`,
    );
  }
  if (notRecorded > 0) {
    notes.push(
      `${plural(notRecorded, "target")} ${notRecorded === 1 ? "is" : "are"} not in the journal (added to ` +
        `the config, or found by prune, since the last journaled apply): only values were compared for ` +
        `${notRecorded === 1 ? "it" : "them"}.`,
    );
  }
  if (followsInstance > 0) {
    const where = report.targets.some((t) => t.target === "instance")
      ? "that change is reported once, on the instance."
      : "the instance default is not managed by this config, so that is not drift.";
    notes.push(
      `${plural(followsInstance, "inheriting org")} read${followsInstance === 1 ? "s" : ""} a moved ` +
        `instance default; ${where}`,
    );
  }
  return notes;
}

function verdict(report: DriftReport, st: Style): string {
  const { targets, drifted, valuesDiffer, changedOutsideGit } = report.summary;
  if (!report.drifted) {
    const match = targets === 1 ? "matches" : "match";
    const scope =
      report.journal.status === "read"
        ? `${match} the config and ${targets === 1 ? "did not change" : "none changed"} outside Git since ` +
          `the last journaled apply`
        : `${match} the config`;
    return `${st.green(st.bold("No drift."))} The ${plural(targets, "target")} ${scope}.`;
  }
  const parts = [`${valuesDiffer} differ${valuesDiffer === 1 ? "s" : ""} from the config`];
  if (report.journal.status === "read") parts.push(`${changedOutsideGit} changed outside Git`);
  return (
    `${st.red(st.bold("Drift:"))} ${drifted} of ${plural(targets, "target")} drifted (${parts.join(", ")}). ` +
    `${nextStep(report, (c) => c)}`
  );
}

/**
 * What to do about the drift found. A change made outside Git whose values match the config again leaves
 * apply nothing to restore, and yet it is reported at every check until an apply records the current
 * state in the journal: say so, instead of sending the reader to a plan that shows no changes.
 */
export function nextStep(report: DriftReport, code: (command: string) => string): string {
  const { valuesDiffer, changedOutsideGit } = report.summary;
  if (valuesDiffer === 0 && changedOutsideGit > 0) {
    return (
      `The values match the config, so apply has nothing to restore: find out who made the change (see ` +
      `the server's change date). ` +
      `It is reported at every check until the next ${code("zitadel-lockout apply")} with this journal ` +
      `records the current state as the new baseline (an apply with nothing to write does).`
    );
  }
  const restore = `Run ${code("zitadel-lockout plan")} to see what apply would restore`;
  return changedOutsideGit > 0 ? `${restore}; that apply also records the new baseline in the journal.` : `${restore}.`;
}

function targetBlock(t: DriftTarget, st: Style): string[] {
  const lines = [`  ${st.yellow("~")} ${st.bold(targetLabel(t.target, t.orgName))}`];
  if (t.valuesDiffer) lines.push(`      ${valuesHeadline(t)}`, ...valueLines(t.live, t.desired, st));
  if (t.outsideGit.status === "changed") {
    lines.push(`      ${st.yellow(outsideGitSentence(t, t.outsideGit))}`);
    if (t.outsideGit.changedBy) lines.push(...whoLines(t.outsideGit.changedBy).map((l) => `      ${l}`));
  }
  return lines;
}

function valuesHeadline(t: DriftTarget): string {
  if (t.live === null) return "inherits the instance default, but the config wants a custom policy:";
  if (t.desired === null) {
    return t.cause === "prune"
      ? "has a custom policy, but it is not in the config and prune is on (apply resets it):"
      : "has a custom policy, but the config wants it to inherit the instance default:";
  }
  return "values differ from the config (live → config):";
}

function valueLines(live: LockoutSettings | null, desired: LockoutSettings | null, st: Style): string[] {
  const width = Math.max(...SETTING_NAMES.map((n) => n.length));
  const shown = live ?? desired;
  if (live === null || desired === null)
    return shown ? SETTING_NAMES.map((n) => `        ${n.padEnd(width)}  ${show(shown[n])}`) : [];
  return SETTING_NAMES.map((n) =>
    live[n] === desired[n]
      ? `        ${n.padEnd(width)}  ${show(live[n])}`
      : `      ${st.yellow("~")} ${n.padEnd(width)}  ${show(live[n])} → ${st.bold(show(desired[n]))}`,
  );
}

/** One sentence on what happened outside Git, with the server's change date when there is one. */
function outsideGitSentence(t: DriftTarget, o: Extract<OutsideGit, { status: "changed" }>): string {
  const since = `since the apply of ${o.recorded.appliedAt}`;
  const when = o.changeDate !== undefined ? `; server change date ${o.changeDate}` : "";
  const then = `${pair(o.recorded.settings)} (sequence ${o.recorded.sequence})`;
  const now = `${pair(t.live)} (sequence ${t.liveSequence})`;
  switch (o.change) {
    case "values-changed":
      return `changed outside Git ${since}: ${then} then, ${now} now${when}.`;
    case "changed-and-reverted":
      return (
        `changed outside Git ${since} and changed back: ${pair(t.live)} as applied, but the sequence moved ` +
        `from ${o.recorded.sequence} to ${t.liveSequence}${when}.`
      );
    case "custom-policy-added":
      return (
        `a custom policy ${now} was added outside Git ${since}; the org inherited the instance default ` +
        `then${when}.`
      );
    case "reset-to-default":
      return (
        `the custom policy ${then} was reset to the instance default outside Git ${since}; the server keeps ` +
        `no change date for a reset.`
      );
    default:
      return assertNever(o.change);
  }
}

/**
 * Who made an out-of-band change and when (from the event log), or why that cannot be told. Names are the server's:
 * escaped.
 */
function whoLines(a: Attribution): string[] {
  if (a.status === "unknown") return [`who: cannot tell — ${a.reason}.`];
  return a.changes.map((c) => `by ${printable(editorName(c))} at ${c.date} (${c.event})`);
}

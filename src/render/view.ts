// The one toolkit every human view (text and Markdown; plan, apply, drift, validate) writes with, so that a
// number, a target, an org name or a count reads the same everywhere, and server-provided text is made
// safe the same way for a terminal and for Markdown. Colour is decided once by cli/ (a terminal and no
// NO_COLOR) and passed in; renderers stay pure.
import pc from "picocolors";
import { formatOrigin, printable, type LockoutSettings, type Origin } from "../model.js";

export { printable };

export type Style = ReturnType<typeof pc.createColors>;
export const makeStyle = (color: boolean): Style => pc.createColors(color);

// ---------------------------------------------------------------------------------------------
// Words and numbers

/** "1 target", "3 targets". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A lockout count as shown to people. 0 means "never lock": say so, a bare 0 reads like "lock at once". */
export const showCount = (n: number): string => (n === 0 ? "0 (never lock)" : String(n));

/** A policy's two numbers in short, or "inherited" for an org that uses the instance default. */
export const settingsPair = (s: LockoutSettings | null): string =>
  s === null ? "inherited" : `${s.maxPasswordAttempts}/${s.maxOtpAttempts}`;

/** Where a desired entry was written: FILE:LINE:COLUMN. */
export const originText = (o: Origin): string => formatOrigin(o);

// ---------------------------------------------------------------------------------------------
// Text from the server (org names, error messages)

/** `org:<id> (Name)` or `instance`: how a target is named in every text view; the name made printable. */
export const targetLabel = (target: string, orgName?: string): string =>
  orgName !== undefined ? `${target} (${printable(orgName)})` : target;

/**
 * Text for a Markdown table cell or list item: what the terminal view escapes (control characters, line
 * separators, bidirectional overrides; see `printable`) is escaped here too, and then whatever Markdown or
 * HTML would read as markup or as a cell border. A line break becomes a space, so one cell stays one cell.
 */
export const markdownText = (text: string): string =>
  printable(text.replace(/\r?\n/g, " ")).replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`);

/** The org's name (made safe), or what the instance target is, for the "Org" column of every Markdown report. */
export const orgCell = (target: string, orgName: string | undefined): string =>
  orgName !== undefined ? markdownText(orgName) : target === "instance" ? "(instance default)" : "";

/**
 * `before → **after**` for one field in Markdown, or the value alone when it does not change; null reads
 * "inherited", and 0 reads "0 (never lock)" as in the text views.
 */
export function settingCell(
  before: LockoutSettings | null,
  after: LockoutSettings | null,
  key: keyof LockoutSettings,
): string {
  const show = (s: LockoutSettings | null): string => (s === null ? "inherited" : showCount(s[key]));
  const b = show(before);
  const a = show(after);
  return b === a ? a : `${b} → **${a}**`;
}

// Shared by the Markdown reports (plan, apply, drift): the size budget (escaping is in view.ts).
// GitHub refuses comments over 65,536 characters; an instance with thousands of orgs would pass that
// easily. Past the budget the tables give way to a summary: the headline always stays, and the rows that
// fit are shared out among the tables in turn, so a small but important table is never crowded out by
// a big one.
import { plural } from "./view.js";

/** Leaves room under GitHub's 65,536-character limit for what a workflow adds (e.g. its own marker line). */
export const MARKDOWN_BUDGET = 60_000;

export interface MarkdownTable {
  /** Lines before the table (a heading, an explanation). */
  readonly intro: readonly string[];
  /** The header row and the separator row. */
  readonly header: readonly string[];
  readonly rows: readonly string[];
}

export interface BudgetedDocument {
  readonly head: readonly string[];
  readonly tables: readonly MarkdownTable[];
  /** Lines after the tables (notes). */
  readonly tail: readonly string[];
  /** How to get the whole report when rows had to be left out. */
  readonly fullReportHint: string;
}

export function renderWithinBudget(doc: BudgetedDocument, budget: number): string {
  const full = assemble(
    doc,
    doc.tables.map((t) => t.rows.length),
  );
  if (full.length <= budget) return full;

  // Room for everything but the rows: headline, table frames, the "left out" lines and the closing note.
  const frame = assemble(
    { ...doc, tail: [...doc.tail, ...leftOutNote(doc, Number.MAX_SAFE_INTEGER)] },
    doc.tables.map(() => 0),
  );
  let room = budget - frame.length - doc.tables.length * 80;
  const kept = doc.tables.map(() => 0);
  // Round robin: one row per table per pass, while any table still has a row that fits.
  for (let progress = true; progress;) {
    progress = false;
    doc.tables.forEach((t, i) => {
      const row = t.rows[kept[i]!];
      if (row !== undefined && row.length + 1 <= room) {
        room -= row.length + 1;
        kept[i]! += 1;
        progress = true;
      }
    });
  }
  const left = doc.tables.reduce((n, t, i) => n + t.rows.length - kept[i]!, 0);
  return assemble({ ...doc, tail: [...doc.tail, ...leftOutNote(doc, left)] }, kept);
}

function assemble(doc: BudgetedDocument, kept: readonly number[]): string {
  const lines = [...doc.head];
  doc.tables.forEach((t, i) => {
    const n = kept[i]!;
    lines.push(...t.intro, ...t.header, ...t.rows.slice(0, n));
    if (n < t.rows.length) {
      const left = t.rows.length - n;
      lines.push(`| … | ${plural(left, "more row")} left out |`);
    }
    lines.push("");
  });
  return [...lines, ...doc.tail].join("\n").replace(/\n+$/, "") + "\n";
}

function leftOutNote(doc: BudgetedDocument, left: number): string[] {
  return [
    "> [!NOTE]",
    `> ${left} row${left === 1 ? " is" : "s are"} left out of this report to stay under GitHub's comment ` +
      `size limit; the counts above cover everything.`,
    `> ${doc.fullReportHint}`,
    "",
  ];
}

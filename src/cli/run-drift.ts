// The drift command's work (loaded only when `drift` runs; `demo` reuses it): the same load → read → diff as
// plan, then the comparison with the journal. Exit 3 on drift, 0 without (design.md §3).
import type { ExitCode } from "../errors.js";
import { assertNever } from "../model.js";
import { computeDrift, type DriftReport } from "../plan/index.js";
import { renderDriftJson } from "../render/drift-json.js";
import { renderDriftMarkdown } from "../render/drift-markdown.js";
import { renderDriftText } from "../render/drift-text.js";
import { useColor, type Io } from "./io.js";
import { loadJournalInput } from "./journal-file.js";
import { makePlan } from "./make-plan.js";
import type { ConfigFlags, ConnectionFlags, Format } from "./options.js";

export interface DriftFlags extends ConfigFlags, ConnectionFlags {
  readonly journal?: string;
  readonly format: Format;
}

export async function runDrift(flags: DriftFlags, io: Io): Promise<ExitCode> {
  const report = await checkDrift(flags, io);
  io.stdout(renderDriftAs(report, flags.format, useColor(io, "stdout")));
  return report.drifted ? 3 : 0;
}

/** Reads the server, plans against the config and compares with the journal (--journal, else `journal:`). */
export async function checkDrift(flags: DriftFlags, io: Io, now = new Date()): Promise<DriftReport> {
  const { desired, live, plan, client } = await makePlan(flags, io);
  await client.close();
  const journal = await loadJournalInput(flags.journal ?? desired.journal, io, plan.server, flags.format !== "text");
  return computeDrift({ plan, actual: live.actual, journal, now });
}

export function renderDriftAs(report: DriftReport, format: Format, color: boolean): string {
  switch (format) {
    case "text":
      return renderDriftText(report, { color });
    case "json":
      return renderDriftJson(report);
    case "markdown":
      return renderDriftMarkdown(report);
    default:
      return assertNever(format);
  }
}

// The pull-request / job-summary view of an apply.
import type { ApplyResult } from "../apply/index.js";
import { applyResultDocument } from "./apply-json.js";

export const APPLY_MARKER = "<!-- zitadel-lockout:apply -->";

export function renderApplyMarkdown(result: ApplyResult): string {
  const doc = applyResultDocument(result);
  const head = result.ok ? "✅ zitadel-lockout apply succeeded" : "❌ zitadel-lockout apply failed";
  const lines = [
    APPLY_MARKER,
    `### ${head}: ${doc.summary.applied} applied, ${doc.summary.converged} already as planned, ${doc.summary.failed} failed, ${doc.summary.notAttempted} not attempted`,
    "",
    `Server: \`${doc.server}\``,
    "",
  ];
  if (doc.results.length === 0) return [...lines, "No changes; no write was sent.", ""].join("\n");
  lines.push("| Target | Org | Action | Result |", "|---|---|---|---|");
  for (const r of doc.results) {
    const detail = r.status === "applied" ? `applied (sequence ${r.sequence})` : r.status === "failed" ? `failed: ${r.error.replace(/\|/g, "\\|")}` : r.status;
    lines.push(`| \`${r.target}\` | ${r.orgName ?? ""} | ${r.action} | ${detail} |`);
  }
  return lines.join("\n") + "\n";
}

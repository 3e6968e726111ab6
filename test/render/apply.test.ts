// Golden files for the apply result's three formats.
import { describe, expect, it } from "vitest";
import { renderApplyJson } from "../../src/render/apply-json.js";
import { APPLY_MARKER, renderApplyMarkdown } from "../../src/render/apply-markdown.js";
import { renderApplyText } from "../../src/render/apply-text.js";
import { mixedApplyResult, mixedPlan, successfulApplyResult } from "./fixtures.js";
import { expectGolden } from "./golden.js";

const nothingToDo = () => ({
  plan: mixedPlan(),
  results: [],
  verification: undefined,
  observed: new Map(),
  unverified: [],
  toolVersion: "0.1.0",
  ok: true,
});

describe("apply renderers (golden files)", () => {
  it("text, every outcome", () =>
    expectGolden("apply-mixed.txt", renderApplyText(mixedApplyResult(), { color: false })));
  it("text, coloured", () =>
    expectGolden("apply-mixed.color.txt", renderApplyText(mixedApplyResult(), { color: true })));
  it("text, success", () => expectGolden("apply-ok.txt", renderApplyText(successfulApplyResult(), { color: false })));
  it("json, every outcome", () => expectGolden("apply-mixed.json", renderApplyJson(mixedApplyResult())));
  it("markdown, every outcome", () => expectGolden("apply-mixed.md", renderApplyMarkdown(mixedApplyResult())));
  it("markdown, success", () => expectGolden("apply-ok.md", renderApplyMarkdown(successfulApplyResult())));
  it("markdown, nothing to do", () => expectGolden("apply-nothing.md", renderApplyMarkdown(nothingToDo())));
});

describe("apply markdown", () => {
  it("carries its own marker (an apply comment never overwrites the plan comment)", () => {
    expect(renderApplyMarkdown(successfulApplyResult()).split("\n")[0]).toBe(APPLY_MARKER);
    expect(APPLY_MARKER).not.toBe("<!-- zitadel-lockout:plan -->");
  });

  it("escapes org names and error texts in table cells", () => {
    const md = renderApplyMarkdown(mixedApplyResult());
    expect(md).not.toContain("<b>");
    for (const row of md.split("\n").filter((l) => l.startsWith("| `"))) {
      // Six columns: seven unescaped pipes.
      expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(8);
    }
  });
});

describe("apply: targets the verification re-read still finds different", () => {
  // The plan's changes stand in for the verification: before = what the re-read found, after = the plan's values.
  const withUnconverged = (statuses: readonly ("applied" | "failed" | "not-attempted")[]) => {
    const plan = mixedPlan();
    const pending = plan.changes.filter((c) => c.action !== "noop").slice(0, statuses.length);
    const results = pending.map((change, i) => ({
      change,
      outcome:
        statuses[i] === "applied"
          ? ({ status: "applied", sequence: "90" } as const)
          : statuses[i] === "failed"
            ? ({ status: "failed", error: "HTTP 403" } as const)
            : ({ status: "not-attempted", stoppedBy: "failure" } as const),
    }));
    return {
      plan,
      results,
      verification: { ...plan, changes: pending },
      observed: new Map(),
      unverified: [],
      toolVersion: "0.1.0",
      ok: false,
    };
  };

  it("says per target whether another writer, a failed or a skipped write left it so, with what was found", () => {
    const doc = JSON.parse(renderApplyJson(withUnconverged(["applied", "failed", "not-attempted"])));
    expect(doc.unconverged.map((u: { reason: string }) => u.reason)).toEqual([
      expect.stringMatching(
        new RegExp(
          /^this apply's write succeeded, but the re-read finds maxPasswordAttempts \d+, /.source +
            /maxOtpAttempts \d+: someone else changed this target/.source,
        ),
      ),
      expect.stringMatching(/^the write failed \(see its result\)/),
      expect.stringMatching(/^not written \(stopped after a failure\)/),
    ]);
    for (const u of doc.unconverged)
      expect(Object.keys(u)).toEqual(expect.arrayContaining(["expected", "found", "foundSequence"]));
  });

  it("an org that a create found inheriting again is described as inheriting", () => {
    const result = withUnconverged(["applied"]);
    const create = result.plan.changes.find((c) => c.action === "create")!;
    const text = renderApplyText(
      {
        ...result,
        results: [{ change: create, outcome: { status: "applied", sequence: "90" } }],
        verification: { ...result.plan, changes: [create] },
      },
      { color: false },
    );
    expect(text).toContain(
      `${create.target} (ACME | <b>Corp</b>): after apply the server still differs from the plan (create ` +
        `pending): this apply's write succeeded, but the re-read finds the org inheriting`,
    );
  });
});

describe("apply: an interrupted run", () => {
  it("says in every view that the targets not written were left by the interrupt", () => {
    const result = mixedApplyResult();
    const interrupted = {
      ...result,
      results: result.results.map((r) =>
        r.outcome.status === "not-attempted"
          ? { ...r, outcome: { status: "not-attempted", stoppedBy: "interrupt" } as const }
          : r,
      ),
    };
    const text = renderApplyText(interrupted, { color: false });
    expect(text).toMatch(/org:300000000000000014 \(Umbrella\): reset not attempted \(apply was interrupted\)/);
    expect(text).toMatch(/^Apply interrupted: /m);
    const md = renderApplyMarkdown(interrupted);
    expect(md).toContain("➖ not attempted (apply was interrupted)");
    expect(md).toMatch(/^### ❌ zitadel-lockout apply interrupted: /m); // the same word as the text view
    expect(
      JSON.parse(renderApplyJson(interrupted)).results.find(
        (r: { target: string }) => r.target === "org:300000000000000014",
      ),
    ).toMatchObject({ status: "not-attempted", stoppedBy: "interrupt" });
  });
});

describe("apply: every view tells one story", () => {
  it("counts like the JSON summary: writes that took effect are 'applied', 'already so' answers apart", () => {
    const result = mixedApplyResult();
    const { summary } = JSON.parse(renderApplyJson(result));
    const tally =
      `${summary.applied} applied, ${summary.converged} already as planned, ${summary.failed} failed, ` +
      `${summary.notAttempted} not attempted`;
    expect(renderApplyText(result, { color: false })).toContain(`Apply failed: ${tally}, 1 not converged.`);
    expect(renderApplyMarkdown(result).split("\n")[1]).toBe(
      `### ❌ zitadel-lockout apply failed: ${tally}, 1 not converged`,
    );
  });

  it("a successful apply with an 'already so' answer does not call that target changed", () => {
    const result = successfulApplyResult();
    const converged = {
      ...result,
      results: result.results.map((r, i) =>
        i === 0 ? { ...r, outcome: { status: "converged", answer: "NotChanged" } as const } : r,
      ),
    };
    expect(renderApplyText(converged, { color: false })).toContain(
      "Apply complete: 4 targets changed and 1 already as planned, all verified.",
    );
  });

  it("shows a failed or skipped target once, with what the re-read found under its result", () => {
    const result = mixedApplyResult();
    const text = renderApplyText(result, { color: false });
    expect(text.split("\n").filter((l) => l.includes("org:300000000000000013"))).toHaveLength(1);
    expect(text).toMatch(
      new RegExp(
        /✗ org:300000000000000013 \(Initech\): reset failed: .*\n {6}after apply the server still /.source +
          /differs from the plan: it shows maxPasswordAttempts 2, maxOtpAttempts 2\n/.source,
      ),
    );
    const md = renderApplyMarkdown(result);
    expect(md.split("\n").filter((l) => l.includes("org:300000000000000013"))).toHaveLength(1);
    expect(md).not.toContain("Not converged");
  });

  it("an interrupted run lists each target once, not again as not converged", () => {
    const plan = mixedPlan();
    const pending = plan.changes.filter((c) => c.action !== "noop");
    const result = {
      plan,
      results: pending.map((change) => ({
        change,
        outcome: { status: "not-attempted", stoppedBy: "interrupt" } as const,
      })),
      verification: { ...plan, changes: pending },
      observed: new Map(),
      unverified: [],
      toolVersion: "0.1.0",
      ok: false,
    };
    const lines = renderApplyText(result, { color: false }).split("\n");
    const names = (target: string) => (l: string) => l.includes(`${target}:`) || l.includes(`${target} (`);
    for (const c of pending) expect(lines.filter(names(c.target)), c.target).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("      after apply the server still differs"))).toHaveLength(
      pending.length,
    );
  });

  it("indents an error's hint under its target", () => {
    const result = mixedApplyResult();
    const withHint = {
      ...result,
      results: result.results.map((r) =>
        r.outcome.status === "failed"
          ? { ...r, outcome: { status: "failed", error: "POST /x: HTTP 403\n  hint: needs policy.write" } as const }
          : r,
      ),
    };
    expect(renderApplyText(withHint, { color: false })).toContain(
      "reset failed: POST /x: HTTP 403\n      hint: needs policy.write\n",
    );
  });
});

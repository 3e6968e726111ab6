// When the pull-request comment cannot or must not be made: no gh, a read-only token, comment: false.
// Setup and the runner: action-setup.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/render/plan-markdown.js";
import { gh, PR, PUSH, run, useActionWorkspace } from "./action-setup.js";

useActionWorkspace();

describe("plan on a pull request", () => {
  it("without gh on the runner, warns and ends with the plan's verdict instead of failing the job", async () => {
    // PATH without the fake gh, and without any real one.
    const path = (process.env.PATH ?? "")
      .split(":")
      .filter((dir) => dir !== "" && !existsSync(join(dir, "gh")))
      .join(":");
    const r = await run({ command: "plan" }, PR, { PATH: path });
    expect(r.code, r.log).toBe(0);
    expect(r.log).toContain("::warning::no pull-request comment: the GitHub CLI (gh) is not installed on this runner.");
    expect(r.log).toContain("Changes are pending: see the job summary.");
    expect(r.summary.startsWith(COMMENT_MARKER)).toBe(true);
    expect(gh.calls()).toEqual([]);
  });

  it.each([["POST"], ["GET"]])(
    "with a read-only token (a pull request from a fork: %s refused), warns and ends with the command's verdict",
    async (refused) => {
      const r = await run({ command: "plan" }, PR, { FAKE_GH_REFUSE: refused });
      expect(r.code, r.log).toBe(0);
      expect(r.outputs["exit-code"]).toBe("2");
      expect(r.log).toContain("HTTP 403: Resource not accessible by integration");
      expect(r.log).toMatch(
        /::warning::no pull-request comment: .*pull-requests: write; on a pull request from a fork it is read-only/,
      );
      expect(r.log).toContain("Changes are pending: see the job summary.");
      expect(gh.comments()).toEqual([]);
      expect(r.log).not.toContain(PR.token);
    },
  );

  it("a PATCH that is refused (a marker comment someone else wrote) warns instead of failing the job", async () => {
    gh.seed([{ id: 5, issue: "7", body: `quoting ${COMMENT_MARKER} by hand` }]);
    const r = await run({ command: "plan" }, PR, { FAKE_GH_REFUSE: "PATCH" });
    expect(r.code, r.log).toBe(0);
    expect(r.log).toContain("::warning::no pull-request comment: comment 5 could not be updated");
    const drift = await run({ command: "drift" }, PR, { FAKE_GH_REFUSE: "PATCH" });
    expect(drift.code).toBe(3); // the verdict is still the command's
  });

  it("does not comment when comment is false, and not outside a pull request", async () => {
    expect((await run({ command: "plan", comment: "false" })).code).toBe(0);
    const push = await run({ command: "plan" }, PUSH);
    expect(push.code).toBe(0);
    expect(push.log).toContain("Not a pull request: the report is in the job summary only.");
    expect(gh.calls()).toEqual([]);
  });
});

describe("failures", () => {
  it("refuses a comment-id that could break out of the marker", async () => {
    const r = await run({ command: "plan", "comment-id": 'x") | .id, ("' });
    expect(r.code).toBe(1);
    expect(r.log).toContain("comment-id may hold letters, digits, . _ / - only");
    expect(gh.calls()).toEqual([]);
  });
});

// The action's pull-request comment: one per report (or comment-id), updated in place, others untouched.
// Setup and the runner: action-setup.ts.
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/render/plan-markdown.js";
import { config } from "../reconcile/harness.js";
import { acme, gh, h, run, useActionWorkspace } from "./action-setup.js";

useActionWorkspace();

describe("plan on a pull request", () => {
  it("writes the plan to the job summary, comments once, and updates that comment on the next run", async () => {
    const first = await run({ command: "plan" });
    expect(first.code, first.log).toBe(0);
    expect(first.outputs).toMatchObject({ "exit-code": "2", changes: "true", drifted: "false" });
    expect(
      first.summary.startsWith(`${COMMENT_MARKER}\n### zitadel-lockout plan: 1 to create, 1 to update, 0 to reset`),
    ).toBe(true);
    expect(first.summary).toContain(`| ➕ | \`org:${acme}\` | Action ACME |`);
    expect(first.log).toContain("Changes are pending: see the job summary.");

    expect(gh.comments()).toEqual([{ id: 1000, issue: "7", body: first.summary }]);
    const [list, post] = gh.calls();
    expect(list!.args.slice(0, 4)).toEqual(["api", "--paginate", "repos/acme/policies/issues/7/comments", "--jq"]);
    expect(list!.args[4]).toContain(`contains("${COMMENT_MARKER}")`);
    expect(post!.args.slice(0, 4)).toEqual(["api", "--method", "POST", "repos/acme/policies/issues/7/comments"]);
    expect(gh.calls().every((c) => c.authenticated)).toBe(true);

    // Someone else's comment stays untouched; ours is edited in place, not duplicated.
    gh.seed([{ id: 999, issue: "7", body: "LGTM" }, ...gh.comments()]);
    h.ws.write("policies/lockout.yaml", config({ instance: "maxPasswordAttempts: 6\nmaxOtpAttempts: 5" }));
    const second = await run({ command: "plan" });
    expect(second.code, second.log).toBe(0);
    expect(gh.comments()).toEqual([
      { id: 999, issue: "7", body: "LGTM" },
      { id: 1000, issue: "7", body: second.summary },
    ]);
    expect(gh.calls().at(-1)!.args.slice(0, 4)).toEqual([
      "api",
      "--method",
      "PATCH",
      "repos/acme/policies/issues/comments/1000",
    ]);
    expect(gh.comments()[1]!.body).toContain("0 to create, 1 to update, 0 to reset");
    expect(h.writes()).toEqual([]); // planning never writes
  });

  it("keeps separate comments for separate configurations with comment-id", async () => {
    h.ws.write("policies/staging.yaml", config({ instance: "maxPasswordAttempts: 9" }));
    expect((await run({ command: "plan", config: "lockout.yaml", "comment-id": "prod" })).code).toBe(0);
    expect((await run({ command: "plan", config: "staging.yaml", "comment-id": "staging" })).code).toBe(0);
    expect((await run({ command: "plan", config: "staging.yaml", "comment-id": "staging" })).code).toBe(0);
    const bodies = gh.comments().map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatch(/<!-- zitadel-lockout:comment-id=prod -->\n$/);
    expect(bodies[1]).toMatch(/<!-- zitadel-lockout:comment-id=staging -->\n$/);
  });

  it("without comment-id, leaves a comment-id run's comment alone (it holds the same report marker)", async () => {
    h.ws.write("policies/staging.yaml", config({ instance: "maxPasswordAttempts: 9" }));
    expect((await run({ command: "plan", config: "staging.yaml", "comment-id": "staging" })).code).toBe(0);
    const staging = gh.comments()[0]!.body;
    expect(staging.startsWith(COMMENT_MARKER)).toBe(true);
    const plain = await run({ command: "plan" });
    expect(plain.code, plain.log).toBe(0);
    expect(gh.comments()).toEqual([
      { id: 1000, issue: "7", body: staging },
      { id: 1001, issue: "7", body: plain.summary },
    ]);
    // …and each keeps editing its own.
    expect((await run({ command: "plan" })).code).toBe(0);
    expect((await run({ command: "plan", config: "staging.yaml", "comment-id": "staging" })).code).toBe(0);
    expect(gh.comments().map((c) => c.id)).toEqual([1000, 1001]);
    expect(gh.comments()[0]!.body).toBe(staging);
  });
});

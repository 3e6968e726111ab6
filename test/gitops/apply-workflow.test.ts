// examples/github-actions/apply-on-merge.yml, "Commit the journal": its run: script with bash, as the runner
// runs it (-eo pipefail, the step's env, no git identity configured), in a shallow checkout like
// actions/checkout's, against a local origin that moved while the apply ran. "Find the reviewed plan": its
// script against a fake gh, and how its answer reaches download-artifact and the action's plan-file.
// (The action applying a saved plan, and refusing an edited or stale one, is in action-plan-file.test.ts.)
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fakeGh } from "./fake-gh.js";

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}
const readWorkflow = (file: string) =>
  parse(readFileSync(join("examples", "github-actions", file), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const workflow = readWorkflow("apply-on-merge.yml") as { jobs: { apply: { steps: Step[] } } };
const commitStep = workflow.jobs.apply.steps.find((s) => s.name === "Commit the journal")!;
const findStep = workflow.jobs.apply.steps.find((s) => s.name === "Find the reviewed plan")!;

const OLD_JOURNAL = '{"kind":"zitadel-lockout-journal","writtenAt":"old"}\n';
let dir: string;
// No global or system git config: a runner has no identity either.
const gitEnv = (home: string) => ({
  PATH: process.env.PATH ?? "",
  HOME: home,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: join(home, "none"),
});
const identity = {
  GIT_AUTHOR_NAME: "dev",
  GIT_AUTHOR_EMAIL: "dev@example.com",
  GIT_COMMITTER_NAME: "dev",
  GIT_COMMITTER_EMAIL: "dev@example.com",
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, env: { ...gitEnv(dir), ...identity }, encoding: "utf8" }).trim();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "zl-apply-wf-"));
  git(dir, "init", "--quiet", "--bare", "--initial-branch=main", "origin.git");
  git(dir, "clone", "--quiet", join(dir, "origin.git"), "dev");
  const dev = join(dir, "dev");
  writeFileSync(join(dev, "lockout.yaml"), "version: 1\n");
  mkdirSync(join(dev, ".zitadel-lockout"));
  writeFileSync(join(dev, ".zitadel-lockout", "journal.json"), OLD_JOURNAL);
  git(dev, "add", "lockout.yaml", ".zitadel-lockout/journal.json");
  git(dev, "commit", "--quiet", "-m", "config");
  git(dev, "push", "--quiet", "origin", "HEAD:main");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runStep(cwd: string, sha: string) {
  const script = join(dir, "step.sh");
  writeFileSync(script, commitStep.run!);
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd,
    env: { ...gitEnv(dir), ...commitStep.env, GITHUB_SHA: sha, GITHUB_REF_NAME: "main" },
    encoding: "utf8",
  });
}

describe("apply-on-merge: Commit the journal", () => {
  it("pushes the journal on top of commits that reached main while the apply ran, from a shallow checkout", () => {
    const runner = join(dir, "runner");
    git(dir, "clone", "--quiet", "--depth", "1", `file://${join(dir, "origin.git")}`, "runner");
    const sha = git(runner, "rev-parse", "HEAD");
    // Meanwhile someone merges another change.
    const dev = join(dir, "dev");
    writeFileSync(join(dev, "README.md"), "other change\n");
    git(dev, "add", "README.md");
    git(dev, "commit", "--quiet", "-m", "other change");
    git(dev, "push", "--quiet", "origin", "HEAD:main");

    writeFileSync(
      join(runner, ".zitadel-lockout", "journal.json"),
      '{"kind":"zitadel-lockout-journal","writtenAt":"new"}\n',
    );
    const r = runStep(runner, sha);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const log = git(join(dir, "origin.git"), "log", "--format=%s|%an", "main");
    expect(log.split("\n")).toEqual([
      `zitadel-lockout: journal after apply of ${sha.slice(0, 7)} [skip ci]|zitadel-lockout`,
      "other change|dev",
      "config|dev",
    ]);
  });

  it("commits nothing when the journal did not change", () => {
    const runner = join(dir, "runner");
    git(dir, "clone", "--quiet", "--depth", "1", `file://${join(dir, "origin.git")}`, "runner");
    writeFileSync(join(runner, ".zitadel-lockout", "journal.json"), OLD_JOURNAL);
    const r = runStep(runner, git(runner, "rev-parse", "HEAD"));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(git(join(dir, "origin.git"), "rev-list", "--count", "main")).toBe("1");
  });
});

describe("apply-on-merge: the reviewed plan, not a new one", () => {
  const MERGE = "a".repeat(40);
  const HEAD = "b".repeat(40);
  const runsPath =
    "repos/acme/policies/actions/workflows/zitadel-lockout-plan.yml/runs" +
    `?event=pull_request&status=success&head_sha=${HEAD}`;

  async function find(sha: string, answers: Record<string, unknown>, pullRequest = "") {
    expect(findStep.env!.GH_TOKEN).toBe("${{ github.token }}");
    expect(findStep.env!.PULL_REQUEST).toBe("${{ inputs.pull-request }}");
    const script = join(dir, "find.sh");
    const output = join(dir, "github-output");
    writeFileSync(script, findStep.run!);
    writeFileSync(output, "");
    // Created after the checks above, closed below whatever the script does: nothing in between throws.
    const gh = await fakeGh(dir);
    for (const [path, body] of Object.entries(answers)) gh.answer(path, body);
    // Asynchronous: the fake gh answers from this process.
    const r = await new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
      execFile(
        "bash",
        ["-e", script],
        {
          cwd: dir,
          env: {
            ...gitEnv(dir),
            ...gh.env,
            PATH: `${gh.binDir}:${process.env.PATH ?? ""}`,
            PLAN_WORKFLOW: findStep.env!.PLAN_WORKFLOW!,
            GH_TOKEN: "ghs_test",
            GITHUB_SHA: sha,
            PULL_REQUEST: pullRequest,
            GITHUB_REPOSITORY: "acme/policies",
            GITHUB_OUTPUT: output,
          },
          encoding: "utf8",
        },
        (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    await gh.close();
    return { ...r, output: readFileSync(output, "utf8"), calls: gh.calls() };
  }

  const pulls = (mergeSha: string) => [
    { number: 3, merged_at: "2026-01-01T00:00:00Z", merge_commit_sha: "c".repeat(40), head: { sha: "d".repeat(40) } },
    { number: 12, merged_at: "2026-02-01T00:00:00Z", merge_commit_sha: mergeSha, head: { sha: HEAD } },
  ];

  it("finds the newest successful plan run of the pull request this commit merged", async () => {
    const r = await find(MERGE, {
      [`repos/acme/policies/commits/${MERGE}/pulls`]: pulls(MERGE),
      [runsPath]: {
        workflow_runs: [
          { id: 501, created_at: "2026-01-31T10:00:00Z" },
          { id: 502, created_at: "2026-01-31T12:00:00Z" },
          { id: 499, created_at: "2026-01-30T09:00:00Z" },
        ],
      },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.output).toBe("run-id=502\n");
    expect(r.stdout).toContain("Applying the plan reviewed on pull request #12: run 502 of zitadel-lockout-plan.yml");
    expect(r.calls.map((c) => c.args[1])).toEqual([`repos/acme/policies/commits/${MERGE}/pulls`, runsPath]);
    expect(r.calls.every((c) => c.authenticated)).toBe(true);
  });

  it("applies nothing for a commit that is not a pull request's merge (a direct push)", async () => {
    // The commit belongs to pull request 12, but 12 was merged as another commit: this push did not merge it.
    const r = await find(MERGE, { [`repos/acme/policies/commits/${MERGE}/pulls`]: pulls("e".repeat(40)) });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain(`::error::${MERGE} is not the merge of a pull request`);
    expect(r.output).toBe("");
  });

  it("applies nothing when the pull request has no successful plan run", async () => {
    const r = await find(MERGE, {
      [`repos/acme/policies/commits/${MERGE}/pulls`]: pulls(MERGE),
      [runsPath]: { workflow_runs: [] },
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain("::error::pull request #12");
    expect(r.stdout).toContain("has no successful run of zitadel-lockout-plan.yml");
    expect(r.output).toBe("");
  });

  it("by hand: the newest reviewed plan of the merged pull request given, whatever main's head is", async () => {
    const journalCommit = "f".repeat(40); // main's head after an apply: the journal commit, no pull request
    const pull = { number: 12, merged_at: "2026-02-01T00:00:00Z", merge_commit_sha: MERGE, head: { sha: HEAD } };
    const runs = { workflow_runs: [{ id: 777, created_at: "2026-02-02T08:00:00Z" }] };
    const r = await find(journalCommit, { "repos/acme/policies/pulls/12": pull, [runsPath]: runs }, "12");
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.output).toBe("run-id=777\n");
    expect(r.calls.map((c) => c.args[1])).toEqual(["repos/acme/policies/pulls/12", runsPath]);

    const open = await find(journalCommit, { "repos/acme/policies/pulls/12": { ...pull, merged_at: null } }, "12");
    expect(open.status).not.toBe(0);
    expect(open.stdout).toContain("::error::pull request #12 is not merged; nothing was applied.");
    const junk = await find(journalCommit, {}, "12; rm -rf /");
    expect(junk.status).not.toBe(0);
    expect(junk.stdout).toContain("::error::pull-request must be a number");
    expect(junk.calls).toEqual([]);
  });

  it("the plan's artifact travels from plan-on-pr's action to apply-on-merge's action unchanged", () => {
    const plan = readWorkflow("plan-on-pr.yml").jobs.plan!.steps;
    const planAction = plan.find((s) => s.uses?.startsWith("zitadel-lockout/zitadel-lockout@"))!;
    const upload = plan.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    const steps = workflow.jobs.apply.steps;
    const download = steps.find((s) => s.uses?.startsWith("actions/download-artifact@"))!;
    const applyAction = steps.find((s) => s.uses?.startsWith("zitadel-lockout/zitadel-lockout@"))!;
    expect(upload.with!.path).toBe(planAction.with!["plan-file"]);
    expect(download.with!.name).toBe(upload.with!.name);
    expect(download.with!["run-id"]).toBe(`\${{ steps.${findStep.id}.outputs.run-id }}`);
    expect(download.with!["github-token"]).toBe("${{ github.token }}");
    expect(applyAction.with!["plan-file"]).toBe(`${download.with!.path}/${basename(upload.with!.path!)}`);
    expect(applyAction.with!.config).toBe(planAction.with!.config);
    // The look-up names the plan workflow by the file plan-on-pr.yml tells you to copy it to.
    expect(readFileSync(join("examples", "github-actions", "plan-on-pr.yml"), "utf8")).toContain(
      `Copy to .github/workflows/${findStep.env!.PLAN_WORKFLOW}.`,
    );
    // The steps come in this order: find, download, then the action.
    expect(steps.indexOf(findStep)).toBeLessThan(steps.indexOf(download));
    expect(steps.indexOf(download)).toBeLessThan(steps.indexOf(applyAction));
  });
});

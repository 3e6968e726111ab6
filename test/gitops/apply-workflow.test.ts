// examples/github-actions/apply-on-merge.yml, "Commit the journal": its run: script with bash, as the runner
// runs it (-eo pipefail, the step's env, no git identity configured), in a shallow checkout like
// actions/checkout's, against a local origin that moved while the apply ran.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}
const workflow = parse(readFileSync(join("examples", "github-actions", "apply-on-merge.yml"), "utf8")) as {
  jobs: { apply: { steps: Step[] } };
};
const commitStep = workflow.jobs.apply.steps.find((s) => s.name === "Commit the journal")!;

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

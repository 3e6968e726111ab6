// examples/gitlab-ci.yml: its structure (stages, rules, the shared journal cache) and its job scripts, run
// with bash against the emulator the way a GitLab runner runs them (one shell per job, -eo pipefail, job
// variables expanded), with `zitadel-lockout` on PATH being this checkout's build instead of the npm install.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { harness, type Harness } from "../reconcile/harness.js";
import { fakeGitlab, type FakeGitlab, type FakeGitlabState } from "./fake-gitlab.js";

interface Job {
  readonly stage?: string;
  readonly extends?: string;
  readonly rules?: { if?: string }[];
  readonly variables?: Record<string, string>;
  readonly before_script?: string[];
  readonly script?: string[];
  readonly cache?: { key: string; paths: string[]; policy: string };
  readonly artifacts?: { paths: string[]; when?: string };
}
const pipeline = parse(readFileSync(join("examples", "gitlab-ci.yml"), "utf8")) as Record<string, unknown> & {
  stages: string[];
  variables: Record<string, string>;
};
const job = (name: string) => pipeline[name] as Job;

describe("gitlab-ci.yml structure", () => {
  it("has a plan, apply and drift job in their stages, each installing the pinned package", () => {
    expect(pipeline.stages).toEqual(["plan", "apply", "drift"]);
    for (const name of ["plan", "apply", "drift"]) {
      expect(job(name).stage).toBe(name);
      expect(job(name).extends).toBe(".zitadel-lockout");
    }
    expect(job(".zitadel-lockout").before_script).toEqual([
      'npm install --global --no-audit --no-fund "$ZITADEL_LOCKOUT_PACKAGE"',
    ]);
    // Not on the registry yet: a release tag from Git, which the job's image can fetch (it has git).
    expect(pipeline.variables.ZITADEL_LOCKOUT_PACKAGE).toMatch(/^git\+https:\/\/\S+\.git#v\d+\.\d+\.\d+$/);
    expect(String((pipeline as { default?: { image?: string } }).default?.image)).not.toContain("slim");
  });

  it("plans on merge requests, applies on the default branch, checks drift on a schedule", () => {
    expect(job("plan").rules![0]!.if).toBe('$CI_PIPELINE_SOURCE == "merge_request_event"');
    expect(job("apply").rules![0]!.if).toContain("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    expect(job("drift").rules![0]!.if).toBe('$CI_PIPELINE_SOURCE == "schedule"');
  });

  it("plan saves plan.json next to plan.md; apply applies the reviewed plan.json, checked against the config", () => {
    expect(job("plan").script![0]).toContain("--out plan.json > plan.md");
    expect(job("plan")).toMatchObject({ artifacts: { paths: ["plan.md", "plan.json"], when: "always" } });
    expect(job("apply").variables!.PLAN_JOB).toBe("plan");
    expect(job("apply").script!.at(-1)).toBe(
      'zitadel-lockout apply -f "$LOCKOUT_CONFIG" --auto-approve --journal "$LOCKOUT_JOURNAL" -- plan.json',
    );
    // The look-up needs a project access token; its variable is documented in the file's header.
    expect(readFileSync(join("examples", "gitlab-ci.yml"), "utf8")).toMatch(/LOCKOUT_GITLAB_TOKEN .*read_api/);
  });

  it("apply pushes the journal cache that drift pulls", () => {
    expect(job("apply").cache).toMatchObject({ key: "zitadel-lockout-journal", policy: "pull-push" });
    expect(job(".zitadel-lockout").cache).toMatchObject({ key: "zitadel-lockout-journal", policy: "pull" });
    expect(job("apply").cache!.paths).toEqual(job(".zitadel-lockout").cache!.paths);
    expect(pipeline.variables.LOCKOUT_JOURNAL!.startsWith(job("apply").cache!.paths[0]!)).toBe(true);
  });
});

describe("gitlab-ci.yml job scripts against the emulator", () => {
  const GITLAB_TOKEN = "glpat-fake-project-token-1234";
  const HEAD = "a".repeat(40);
  const MERGE = "b".repeat(40);
  let h: Harness;
  let gitlab: FakeGitlab;
  let binDir: string;
  let acme: string;

  beforeAll(() => {
    if (!existsSync(join(process.cwd(), "dist", "cli", "bin.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });
  beforeEach(async () => {
    h = await harness();
    gitlab = await fakeGitlab({ projectId: "42", commitMergeRequests: {}, pipelines: {} }, GITLAB_TOKEN);
    acme = h.emu.control.addOrg("GitLab ACME");
    h.ws.write(
      "lockout.yaml",
      "version: 1\ninstance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: GitLab " +
        "ACME\n    maxPasswordAttempts: 3\n",
    );
    binDir = join(h.ws.dir, ".bin");
    mkdirSync(binDir);
    writeFileSync(
      join(binDir, "zitadel-lockout"),
      `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ` +
        `${JSON.stringify(join(process.cwd(), "dist", "cli", "bin.js"))} "$@"\n`,
    );
    chmodSync(join(binDir, "zitadel-lockout"), 0o755);
    // The job scripts call node (the image's); here, the one running the tests.
    writeFileSync(join(binDir, "node"), `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
    chmodSync(join(binDir, "node"), 0o755);
  });
  afterEach(async () => {
    await gitlab.close();
    await h.close();
  });

  /** Runs a job's script in one bash, with the pipeline's and the job's variables (expanded like GitLab does). */
  function runJob(name: string, extra: Record<string, string> = {}): Promise<{ code: number; output: string }> {
    const env: Record<string, string> = {
      PATH: `${binDir}:${process.env.PATH ?? ""}`,
      HOME: h.ws.dir,
      ZITADEL_URL: h.emu.url,
      ZITADEL_READ_TOKEN: h.emu.credentials.viewerToken,
      // A File variable's value is the path of a file holding it.
      ZITADEL_KEY_JSON: h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile)),
      LOCKOUT_GITLAB_TOKEN: GITLAB_TOKEN,
      // Predefined by the runner; the apply job runs on the merge commit.
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PROJECT_ID: "42",
      CI_COMMIT_SHA: MERGE,
      ...extra,
    };
    for (const [k, v] of Object.entries({ ...pipeline.variables, ...job(name).variables }))
      env[k] = v.replace(/\$([A-Z_]+)/g, (_, n: string) => env[n] ?? "");
    return new Promise((resolve) => {
      const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", job(name).script!.join("\n")], {
        cwd: h.ws.dir,
        env,
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("close", (code) => resolve({ code: code ?? 1, output }));
    });
  }

  /**
   * Runs the plan job (the merge request's pipeline 11) and hands its plan.json to the fake GitLab as that
   * pipeline's artifact, as the reviewers saw it; the checkout then loses it, as a new job's would. Around it:
   * an older successful pipeline for a previous head (its plan is outdated) and a newer failed one.
   */
  async function review(edit: (plan: string) => string = (p) => p): Promise<void> {
    const plan = await runJob("plan");
    expect(plan.code, plan.output).toBe(0);
    const reviewed = edit(h.ws.read("plan.json"));
    rmSync(join(h.ws.dir, "plan.json"));
    const state: FakeGitlabState = {
      projectId: "42",
      commitMergeRequests: {
        [MERGE]: [
          { iid: 6, state: "closed", sha: "c".repeat(40), merge_commit_sha: null },
          { iid: 7, state: "merged", sha: HEAD, merge_commit_sha: MERGE, squash_commit_sha: null },
        ],
      },
      pipelines: {
        7: [
          { id: 10, sha: "d".repeat(40), status: "success", jobs: [{ id: 100, name: "plan", status: "success" }] },
          {
            id: 11,
            sha: HEAD,
            status: "success",
            jobs: [
              { id: 110, name: "plan", status: "failed", artifact: "{}" },
              { id: 111, name: "plan", status: "success", artifact: reviewed },
            ],
          },
          { id: 12, sha: HEAD, status: "failed", jobs: [{ id: 120, name: "plan", status: "failed" }] },
        ],
      },
    };
    gitlab.state = state;
  }

  it("plan saves plan.json and plan.md; apply applies the merged request's plan; drift sees edits", async () => {
    await review();
    expect(h.ws.read("plan.md").split("\n")[0]).toBe("<!-- zitadel-lockout:plan -->");
    expect(h.writes()).toEqual([]);

    const apply = await runJob("apply");
    expect(apply.code, apply.output).toBe(0);
    expect(apply.output).toContain("Applying the plan reviewed on merge request !7: job 111 of pipeline 11");
    expect(apply.output).toContain("with a service-account key (JWT profile)");
    expect(h.writes().length).toBeGreaterThan(0);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 3 });
    expect(h.ws.exists(".zitadel-lockout/journal.json")).toBe(true);
    expect(apply.output).not.toContain(GITLAB_TOKEN);
    expect(gitlab.calls.map(({ host, path }) => `${host} ${path}`)).toEqual([
      `api /api/v4/projects/42/repository/commits/${MERGE}/merge_requests`,
      "api /api/v4/projects/42/merge_requests/7/pipelines?per_page=100",
      "api /api/v4/projects/42/pipelines/11/jobs?scope[]=success&per_page=100",
      "api /api/v4/projects/42/jobs/111/artifacts/plan.json",
      "storage /artifacts/111/plan.json?signature=presigned",
    ]);
    // The token goes to GitLab's API only, not to the storage the artifact download redirects to.
    expect(gitlab.calls.map((c) => c.authorization)).toEqual([...Array(4).fill(`Bearer ${GITLAB_TOKEN}`), undefined]);

    const clean = await runJob("drift");
    expect(clean.code, clean.output).toBe(0);

    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 5 });
    const drift = await runJob("drift");
    expect(drift.code).toBe(3);
    expect(drift.output).toContain("<!-- zitadel-lockout:drift -->");
    expect(h.ws.read("drift.md")).toContain("#### Changed outside Git");
    expect(drift.output).not.toContain(h.emu.credentials.viewerToken);
  });

  it("refuses a plan edited after review: the job fails and nothing is written", async () => {
    await review((text) => {
      const plan = JSON.parse(text) as { changes: { target: string; after?: { maxPasswordAttempts?: number } }[] };
      plan.changes.find((c) => c.target === `org:${acme}`)!.after!.maxPasswordAttempts = 99;
      return JSON.stringify(plan);
    });
    const apply = await runJob("apply");
    expect(apply.code, apply.output).toBe(1);
    expect(apply.output).toContain("Applying the plan reviewed on merge request !7");
    expect(apply.output).toContain(`org:${acme}: the plan sets 99/`);
    expect(h.writes()).toEqual([]);
    expect(h.ws.exists(".zitadel-lockout/journal.json")).toBe(false);
  });

  it("refuses the reviewed plan when the merged config is not the reviewed one: nothing is written", async () => {
    await review();
    h.ws.write("lockout.yaml", h.ws.read("lockout.yaml").replace("maxPasswordAttempts: 3", "maxPasswordAttempts: 4"));
    const apply = await runJob("apply");
    expect(apply.code, apply.output).toBe(1);
    expect(apply.output).toContain(`org:${acme}: the plan sets 3/`);
    expect(apply.output).toContain("the config gives 4/");
    expect(h.writes()).toEqual([]);
  });

  it("a direct push (no merged merge request for the commit) fails the job and applies nothing", async () => {
    await review();
    gitlab.state = { ...gitlab.state, commitMergeRequests: {} };
    const apply = await runJob("apply");
    expect(apply.code).toBe(1);
    expect(apply.output).toContain(`${MERGE} is not the merge of a merge request, so no plan was reviewed for it`);
    expect(apply.output).toContain("Nothing was applied.");
    expect(gitlab.calls).toHaveLength(1);
    expect(h.writes()).toEqual([]);
  });

  it("no successful plan job for the merged head, or a refused token: the job fails, nothing applied", async () => {
    await review();
    gitlab.state = { ...gitlab.state, pipelines: { 7: gitlab.state.pipelines[7]!.filter((p) => p.id !== 11) } };
    const none = await runJob("apply");
    expect(none.code).toBe(1);
    expect(none.output).toContain(`merge request !7 has no successful pipeline for its head ${HEAD}`);

    const refused = await runJob("apply", { LOCKOUT_GITLAB_TOKEN: "glpat-revoked" });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      `GitLab answered 401 Unauthorized to GET /repository/commits/${MERGE}/merge_requests. Nothing was applied.`,
    );
    expect(h.writes()).toEqual([]);
  });
});

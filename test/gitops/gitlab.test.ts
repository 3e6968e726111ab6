// examples/gitlab-ci.yml: its structure (stages, rules, the shared journal cache) and its job scripts, run
// with bash against the emulator the way a GitLab runner runs them (one shell per job, -eo pipefail, job
// variables expanded), with `zitadel-lockout` on PATH being this checkout's build instead of the npm install.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { harness, type Harness } from "../reconcile/harness.js";

interface Job {
  readonly stage?: string;
  readonly extends?: string;
  readonly rules?: { if?: string }[];
  readonly variables?: Record<string, string>;
  readonly before_script?: string[];
  readonly script?: string[];
  readonly cache?: { key: string; paths: string[]; policy: string };
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
      'npm install --global --no-audit --no-fund "zitadel-lockout@${ZITADEL_LOCKOUT_VERSION}"',
    ]);
  });

  it("plans on merge requests, applies on the default branch, checks drift on a schedule", () => {
    expect(job("plan").rules![0]!.if).toBe('$CI_PIPELINE_SOURCE == "merge_request_event"');
    expect(job("apply").rules![0]!.if).toContain("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    expect(job("drift").rules![0]!.if).toBe('$CI_PIPELINE_SOURCE == "schedule"');
  });

  it("apply pushes the journal cache that drift pulls", () => {
    expect(job("apply").cache).toMatchObject({ key: "zitadel-lockout-journal", policy: "pull-push" });
    expect(job(".zitadel-lockout").cache).toMatchObject({ key: "zitadel-lockout-journal", policy: "pull" });
    expect(job("apply").cache!.paths).toEqual(job(".zitadel-lockout").cache!.paths);
    expect(pipeline.variables.LOCKOUT_JOURNAL!.startsWith(job("apply").cache!.paths[0]!)).toBe(true);
  });
});

describe("gitlab-ci.yml job scripts against the emulator", () => {
  let h: Harness;
  let binDir: string;
  let acme: string;

  beforeAll(() => {
    if (!existsSync(join(process.cwd(), "dist", "cli", "bin.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });
  beforeEach(async () => {
    h = await harness();
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
  });
  afterEach(async () => h.close());

  /** Runs a job's script in one bash, with the pipeline's and the job's variables (expanded like GitLab does). */
  function runJob(name: string): Promise<{ code: number; output: string }> {
    const env: Record<string, string> = {
      PATH: `${binDir}:${process.env.PATH ?? ""}`,
      HOME: h.ws.dir,
      ZITADEL_URL: h.emu.url,
      ZITADEL_READ_TOKEN: h.emu.credentials.viewerToken,
      // A File variable's value is the path of a file holding it.
      ZITADEL_KEY_JSON: h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile)),
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

  it("plan succeeds with changes pending, writes Markdown; apply writes the journal; drift sees edits", async () => {
    const plan = await runJob("plan");
    expect(plan.code, plan.output).toBe(0);
    expect(h.ws.read("plan.md").split("\n")[0]).toBe("<!-- zitadel-lockout:plan -->");
    expect(plan.output).toContain("Plan: 1 to create, 1 to update, 0 to reset");
    expect(h.writes()).toEqual([]);

    const apply = await runJob("apply");
    expect(apply.code, apply.output).toBe(0);
    expect(apply.output).toContain("with a service-account key (JWT profile)");
    expect(h.ws.exists(".zitadel-lockout/journal.json")).toBe(true);

    const clean = await runJob("drift");
    expect(clean.code, clean.output).toBe(0);

    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 5 });
    const drift = await runJob("drift");
    expect(drift.code).toBe(3);
    expect(drift.output).toContain("<!-- zitadel-lockout:drift -->");
    expect(h.ws.read("drift.md")).toContain("#### Changed outside Git");
    expect(drift.output).not.toContain(h.emu.credentials.viewerToken);
  });
});

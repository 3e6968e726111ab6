// The composite action's steps, run with bash against the emulator (see action-runner.ts), with a fake `gh`
// that records its calls and GITHUB_STEP_SUMMARY in a temp file. Runs the built CLI (tool-path = this checkout).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APPLY_MARKER } from "../../src/render/apply-markdown.js";
import { DRIFT_MARKER } from "../../src/render/drift-markdown.js";
import { COMMENT_MARKER } from "../../src/render/plan-markdown.js";
import type { RequestLogEntry } from "../../src/emulator/server.js";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { loadAction, runAction, type ActionRun } from "./action-runner.js";
import { fakeGh, type FakeGh } from "./fake-gh.js";

const action = loadAction(join(process.cwd(), "action.yml"));
const PR = { repository: "acme/policies", token: "ghs_test_token_value", event: { pull_request: { number: 7 } } };
const PUSH = { repository: "acme/policies", token: "ghs_test_token_value", event: {} };

let h: Harness;
let gh: FakeGh;
let acme: string;

beforeAll(() => {
  if (!existsSync(join(process.cwd(), "dist", "cli", "bin.js")))
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
});
/** Called with every request the emulator answers (set by a test, cleared before each). */
let onRequest: ((e: RequestLogEntry) => void) | undefined;

beforeEach(async () => {
  onRequest = undefined;
  h = await harness({ onRequest: (e) => onRequest?.(e) });
  acme = h.emu.control.addOrg("Action ACME");
  mkdirSync(join(h.ws.dir, "policies"));
  h.ws.write(
    "policies/lockout.yaml",
    config({
      instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
      orgs: [`name: Action ACME\nmaxPasswordAttempts: 3`],
    }),
  );
  gh = fakeGh(h.ws.dir);
});
afterEach(async () => h.close());

function run(
  inputs: Record<string, string>,
  github: Record<string, unknown> = PR,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction(action, {
    inputs: { "tool-path": process.cwd(), "working-directory": "policies", ...inputs },
    github,
    workspace: h.ws.dir,
    env: {
      PATH: `${gh.binDir}:${process.env.PATH ?? ""}`,
      HOME: h.ws.dir,
      ZITADEL_URL: h.emu.url,
      ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken,
      ...gh.env,
      ...env,
    },
  });
}

describe("the action's markers are the renderers' markers", () => {
  it.each([
    ["plan", COMMENT_MARKER],
    ["apply", APPLY_MARKER],
    ["drift", DRIFT_MARKER],
  ])("%s", (command, marker) => expect(`<!-- zitadel-lockout:${command} -->`).toBe(marker));
});

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

  it("by default (no tool-path, no version) builds and runs the action's own checkout (action_path)", async () => {
    // The package is not on a registry: the default must not `npm install zitadel-lockout@latest`. A fake npm
    // records what it is asked; the checkout (this repository) is built already, as npm ci's prepare would.
    const npmDir = join(h.ws.dir, "fake-npm");
    mkdirSync(npmDir);
    const calls = join(h.ws.dir, "npm-calls");
    writeFileSync(join(npmDir, "npm"), `#!/usr/bin/env bash\necho "$PWD|$*" >> ${JSON.stringify(calls)}\n`);
    chmodSync(join(npmDir, "npm"), 0o755);
    const r = await run(
      { command: "plan", "tool-path": "" },
      { ...PR, action_path: process.cwd() },
      {
        PATH: `${npmDir}:${gh.binDir}:${process.env.PATH ?? ""}`,
      },
    );
    expect(r.code, r.log).toBe(0);
    expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual([`${process.cwd()}|ci --no-audit --no-fund`]);
    expect(r.outputs["exit-code"]).toBe("2");
  });

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

  it("passes several config files in order", async () => {
    h.ws.write("policies/override.yaml", config({ instance: "maxPasswordAttempts: 8" }));
    const r = await run({ command: "plan", config: "lockout.yaml\noverride.yaml", comment: "false" });
    expect(r.code, r.log).toBe(0);
    expect(r.summary).toContain(
      "| ✏️ | `instance` | (instance default) | 0 (never lock) → **8** | 0 (never lock) → **5** |",
    );
  });

  it("plans a Terraform module (terraform, var-files) like a config", async () => {
    mkdirSync(join(h.ws.dir, "policies", "infra"));
    h.ws.write(
      "policies/infra/main.tf",
      'variable "attempts" { type = number }\nresource "zitadel_default_lockout_policy" "default" {\n  ' +
        "max_password_attempts = var.attempts\n  max_otp_attempts      = 5\n}\n",
    );
    h.ws.write("policies/prod.tfvars", "attempts = 7\n");
    const r = await run({ command: "plan", terraform: "infra", "var-files": "prod.tfvars", comment: "false" });
    expect(r.code, r.log).toBe(0);
    expect(r.summary).toContain(
      "| ✏️ | `instance` | (instance default) | 0 (never lock) → **7** | 0 (never lock) → **5** |",
    );
    const both = await run({ command: "plan", terraform: "infra", config: "lockout.yaml", comment: "false" });
    expect(both.code).not.toBe(0);
    expect(both.log).toContain("::error::give either config or terraform, not both");
  });

  it("passes config names as written: no glob expansion", async () => {
    h.ws.write("policies/a.yaml", config({ instance: "maxPasswordAttempts: 9" }));
    h.ws.write("policies/[ab].yaml", config({ instance: "maxPasswordAttempts: 8" }));
    const r = await run({ command: "plan", config: "[ab].yaml", comment: "false" });
    expect(r.code, r.log).toBe(0);
    expect(r.summary).toContain("0 (never lock) → **8**");
  });
});

describe("workflow commands", () => {
  it("an org name cannot start a line of the report: the tool escapes it (\\u000A)", async () => {
    h.emu.control.addOrg("Evil\n::add-mask::x\n::error::injected");
    h.ws.write(
      "policies/lockout.yaml",
      config({ orgs: ['name: "Evil\\n::add-mask::x\\n::error::injected"\nmaxPasswordAttempts: 4'] }),
    );
    const r = await run({ command: "apply" }, PUSH);
    expect(r.code, r.log).toBe(0);
    const stderr = r.steps[1]!.stderr;
    expect(stderr).toContain("(Evil\\u000A::add-mask::x\\u000A::error::injected)");
    expect(stderr.split("\n").some((l) => l.startsWith("::error::") || l.startsWith("::add-mask::"))).toBe(false);
  });

  it("shows the tool's stderr inside ::stop-commands::, so a line starting :: is no workflow command", async () => {
    // A name from the config is the user's own text and is quoted as written, newline included: the run
    // fails (no such org), and the line that would be a workflow command is inside the stop-commands frame.
    h.ws.write(
      "policies/lockout.yaml",
      config({ orgs: ['name: "Evil\\n::add-mask::x\\n::error::injected"\nmaxPasswordAttempts: 4'] }),
    );
    const r = await run({ command: "apply" }, PUSH);
    expect(r.code, r.log).not.toBe(0);
    const lines = r.steps[1]!.stderr.split("\n");
    const injected = lines.findIndex((l) => l.startsWith("::error::injected"));
    expect(injected, r.steps[1]!.stderr).toBeGreaterThan(0);
    const stop = lines.findIndex((l) => l.startsWith("::stop-commands::"));
    const token = lines[stop]?.slice("::stop-commands::".length) ?? "";
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(stop).toBeLessThan(injected);
    expect(token).toMatch(/^zitadel-lockout-[0-9a-f]{32}$/);
    expect(lines.indexOf(`::${token}::`)).toBeGreaterThan(injected);
  });
});

describe("apply and drift", () => {
  it("apply writes the journal; drift fails the job on an out-of-band change unless fail-on-drift: false", async () => {
    const apply = await run({ command: "apply", journal: "journal.json" }, PUSH);
    expect(apply.code, apply.log).toBe(0);
    expect(apply.outputs["exit-code"]).toBe("0");
    expect(apply.summary.startsWith(`${APPLY_MARKER}\n### ✅ zitadel-lockout apply succeeded: 2 applied`)).toBe(true);
    expect(h.ws.exists("policies/journal.json")).toBe(true);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });

    const clean = await run({ command: "drift", journal: "journal.json" }, PUSH);
    expect(clean.code, clean.log).toBe(0);
    expect(clean.outputs.drifted).toBe("false");

    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 10, maxOtpAttempts: 10 });
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    const drift = await run({ command: "drift", journal: "journal.json" }, PUSH);
    expect(drift.code).toBe(3);
    expect(drift.outputs).toMatchObject({ "exit-code": "3", drifted: "true" });
    expect(drift.summary.startsWith(DRIFT_MARKER)).toBe(true);
    expect(drift.summary).toContain("#### Changed outside Git");
    expect(drift.summary).toContain("changed and changed back");
    expect(drift.log).toContain("::error::zitadel-lockout found drift: see the job summary.");

    const tolerated = await run({ command: "drift", journal: "journal.json", "fail-on-drift": "false" }, PUSH);
    expect(tolerated.code).toBe(0);
    expect(tolerated.outputs.drifted).toBe("true");
    expect(tolerated.log).toContain("::warning::zitadel-lockout found drift");
  });
});

describe("apply a reviewed plan (plan-file)", () => {
  /** A tool-path whose bin.js records its arguments, then runs this checkout's built CLI. */
  function recordingTool(): { path: string; calls: () => string[][] } {
    const path = join(h.ws.dir, "recording-tool");
    const log = join(h.ws.dir, "tool-calls.jsonl");
    mkdirSync(join(path, "dist", "cli"), { recursive: true });
    writeFileSync(log, "");
    writeFileSync(
      join(path, "dist", "cli", "bin.js"),
      `require("node:fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + "\\n");\n` +
        `import(${JSON.stringify(join(process.cwd(), "dist", "cli", "bin.js"))});\n`,
    );
    const calls = () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as string[])
        .filter((argv) => argv[0] !== "--version");
    return { path, calls };
  }
  const planPath = () => join(h.ws.dir, "policies", "reviewed.plan.json");
  const savedPlan = () =>
    JSON.parse(readFileSync(planPath(), "utf8")) as {
      changes: { target: string; after: { maxPasswordAttempts: number } | null }[];
    };

  it("plan saves the plan it shows; apply applies that file, checked against the config", async () => {
    const tool = recordingTool();
    const plan = await run({ command: "plan", "plan-file": "reviewed.plan.json", "tool-path": tool.path });
    expect(plan.code, plan.log).toBe(0);
    expect(plan.outputs.changes).toBe("true");
    expect(savedPlan().changes.find((c) => c.target === `org:${acme}`)!.after!.maxPasswordAttempts).toBe(3);
    expect(h.writes()).toEqual([]);

    const apply = await run(
      { command: "apply", "plan-file": "reviewed.plan.json", journal: "journal.json", "tool-path": tool.path },
      PUSH,
    );
    expect(apply.code, apply.log).toBe(0);
    expect(apply.summary.startsWith(`${APPLY_MARKER}\n### ✅ zitadel-lockout apply succeeded: 2 applied`)).toBe(true);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 3, maxOtpAttempts: 5 });
    expect(h.ws.exists("policies/journal.json")).toBe(true);
    // The saved plan is the operand, and the config it must come from is passed (lockout.yaml by default).
    expect(tool.calls()).toEqual([
      ["plan", "--detailed-exitcode", "--out=reviewed.plan.json", "--format", "markdown"],
      [
        "apply",
        "--auto-approve",
        "-f",
        "lockout.yaml",
        "--journal",
        "journal.json",
        "--format",
        "markdown",
        "--",
        "reviewed.plan.json",
      ],
    ]);
  });

  it("a plan file edited after review is refused, nothing written, and the job fails", async () => {
    expect((await run({ command: "plan", "plan-file": "reviewed.plan.json" })).code).toBe(0);
    const edited = savedPlan();
    edited.changes.find((c) => c.target === `org:${acme}`)!.after!.maxPasswordAttempts = 99;
    writeFileSync(planPath(), JSON.stringify(edited));
    const r = await run({ command: "apply", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(r.code).toBe(1);
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.summary).toContain(`${APPLY_MARKER}\n### ❌ zitadel-lockout apply failed (exit 1)`);
    expect(r.summary).toContain(
      "the plan file reviewed.plan.json is not what lockout.yaml produces against the plan's own before state; " +
        "nothing was written",
    );
    expect(r.summary).toContain(`org:${acme}: the plan sets 99/5, the config gives 3/5`);
    expect(h.writes()).toEqual([]);
    expect(h.emu.control.orgPolicy(acme)).toBeNull();
  });

  it("a plan file that no longer matches the merged config is refused the same way", async () => {
    expect((await run({ command: "plan", "plan-file": "reviewed.plan.json" })).code).toBe(0);
    h.ws.write(
      "policies/lockout.yaml",
      config({
        instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
        orgs: [`name: Action ACME\nmaxPasswordAttempts: 4`],
      }),
    );
    const r = await run({ command: "apply", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(r.code).toBe(1);
    expect(r.summary).toContain(`org:${acme}: the plan sets 3/5, the config gives 4/5`);
    expect(h.writes()).toEqual([]);
  });

  it("a stale plan (the server changed after review) is refused with exit 4, nothing written", async () => {
    expect((await run({ command: "plan", "plan-file": "reviewed.plan.json" })).code).toBe(0);
    h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 7, maxOtpAttempts: 7 });
    const r = await run({ command: "apply", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(r.code, r.log).toBe(4);
    expect(r.outputs["exit-code"]).toBe("4");
    expect(r.summary).toContain(
      "### ⛔ zitadel-lockout apply refused: the server changed since the plan was made; nothing was written (exit 4)",
    );
    expect(r.log).toContain("::error::zitadel-lockout apply refused: the plan is stale");
    expect(h.writes()).toEqual([]);
    expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 7, maxOtpAttempts: 7 });
  });

  it("with terraform, the saved plan is checked against the module (and its var-files)", async () => {
    mkdirSync(join(h.ws.dir, "policies", "infra"));
    h.ws.write(
      "policies/infra/main.tf",
      'variable "attempts" { type = number }\nresource "zitadel_default_lockout_policy" "default" {\n' +
        "  max_password_attempts = var.attempts\n  max_otp_attempts      = 5\n}\n",
    );
    h.ws.write("policies/prod.tfvars", "attempts = 7\n");
    const tf = { terraform: "infra", "var-files": "prod.tfvars", "plan-file": "tf.plan.json", comment: "false" };
    expect((await run({ command: "plan", ...tf })).code).toBe(0);
    // The variable changed after review: the module no longer produces the saved plan.
    h.ws.write("policies/prod.tfvars", "attempts = 8\n");
    const refused = await run({ command: "apply", ...tf }, PUSH);
    expect(refused.code).toBe(1);
    expect(refused.summary).toContain("instance: the plan sets 7/5, the config gives 8/5");
    expect(h.writes()).toEqual([]);
    h.ws.write("policies/prod.tfvars", "attempts = 7\n");
    const applied = await run({ command: "apply", ...tf }, PUSH);
    expect(applied.code, applied.log).toBe(0);
    expect(h.emu.control.instancePolicy()).toMatchObject({ maxPasswordAttempts: 7, maxOtpAttempts: 5 });
  });

  it("a missing plan file fails the job without planning again; plan-file does not go with drift", async () => {
    const r = await run({ command: "apply", "plan-file": "never-saved.plan.json" }, PUSH);
    expect(r.code).toBe(1);
    expect(r.summary).toContain("cannot read the plan file never-saved.plan.json");
    expect(h.writes()).toEqual([]);
    const drift = await run({ command: "drift", "plan-file": "reviewed.plan.json" }, PUSH);
    expect(drift.code).toBe(1);
    expect(drift.log).toContain("::error::plan-file goes with plan or apply");
  });
});

describe("failures", () => {
  it("a broken config fails the job and still reports, in summary and comment, without credentials", async () => {
    h.ws.write("policies/lockout.yaml", "version: 1\ninstance:\n  maxPasswordAtempts: 5\n");
    const r = await run({ command: "plan" });
    expect(r.code).toBe(1);
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.summary).toContain(`${COMMENT_MARKER}\n### ❌ zitadel-lockout plan failed (exit 1)`);
    expect(r.summary).toMatch(/lockout\.yaml:3:3: .*maxPasswordAtempts.*did you mean "maxPasswordAttempts"/);
    expect(gh.comments()[0]!.body).toBe(r.summary);
    expect(r.log).toContain("::error::zitadel-lockout plan failed (exit 1)");
    for (const text of [r.summary, r.log, JSON.stringify(gh.calls())]) {
      expect(text).not.toContain(h.emu.credentials.iamOwnerToken);
      expect(text).not.toContain(PR.token);
    }
  });

  it("a stale plan (exit 4) says that nothing was written, in the summary and the log, and fails the job", async () => {
    // Someone gives ACME a custom policy right after apply read it: apply's preflight finds the plan stale.
    onRequest = (e) => {
      if (e.method === "GET" && e.path.startsWith("/management/v1/policies/lockout") && e.orgId === acme) {
        onRequest = undefined;
        h.emu.control.setOrgPolicy(acme, { maxPasswordAttempts: 7, maxOtpAttempts: 7 });
      }
    };
    const r = await run({ command: "apply" }, PUSH);
    expect(r.code, r.log).toBe(4);
    expect(r.outputs["exit-code"]).toBe("4");
    expect(r.summary).toContain(
      "### ⛔ zitadel-lockout apply refused: the server changed since the plan was made; nothing was written (exit 4)",
    );
    expect(r.log).toContain(
      "::error::zitadel-lockout apply refused: the plan is stale (the server changed since it was read); " +
        "nothing was written. Plan again and review it.",
    );
    expect(h.writes()).toEqual([]);
  });

  it("refuses an unknown command before running anything", async () => {
    const r = await run({ command: "destroy" });
    expect(r.code).toBe(1);
    expect(r.log).toContain("::error::command must be plan, apply or drift, not 'destroy'");
    expect(r.steps.map((s) => s.name)).toEqual(["Install zitadel-lockout", "Run zitadel-lockout destroy"]);
    expect(gh.calls()).toEqual([]);
  });

  it("refuses a comment-id that could break out of the marker", async () => {
    const r = await run({ command: "plan", "comment-id": 'x") | .id, ("' });
    expect(r.code).toBe(1);
    expect(r.log).toContain("comment-id may hold letters, digits, . _ / - only");
    expect(gh.calls()).toEqual([]);
  });
});

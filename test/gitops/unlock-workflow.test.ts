// examples/github-actions/unlock.yml, "Unlock": its run: script with bash as the runner runs it (-eo
// pipefail, the step's env with the dispatch input, vars and secrets filled in), with `npx` resolving to
// this checkout's built CLI, against the emulator.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { config, harness, type Harness } from "../reconcile/harness.js";

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}
const workflow = parse(readFileSync(join("examples", "github-actions", "unlock.yml"), "utf8")) as {
  on: { workflow_dispatch: { inputs: Record<string, { required?: boolean }> } };
  jobs: { unlock: { steps: Step[] } };
};
const step = workflow.jobs.unlock.steps.find((s) => s.name === "Unlock")!;
const BIN = join(process.cwd(), "dist", "cli", "bin.js");

let h: Harness;
const user = (userName: string) => h.emu.control.listUsers().find((u) => u.userName === userName)!;

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
});
beforeEach(async () => {
  h = await harness();
  h.ws.write("lockout.yaml", config({ orgs: ["name: ACME\ninherit: true"] }));
  // npx --yes PACKAGE-SPEC ARGS… → node dist/cli/bin.js ARGS… (and a record of the package spec).
  mkdirSync(join(h.ws.dir, "bin"));
  const shim = join(h.ws.dir, "bin", "npx");
  writeFileSync(
    shim,
    `#!/usr/bin/env bash\n[ "$1" = "--yes" ] && shift\necho "$1" > "${join(h.ws.dir, "npx-package")}"\n` +
      `shift\nexec node "${BIN}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
});
afterEach(async () => h.close());

/** The step's env with the expressions the workflow uses filled in; any other expression fails the test. */
function stepEnv(input: string): Record<string, string> {
  const values: Record<string, string> = {
    "inputs.users": input,
    "vars.ZITADEL_URL": h.emu.url,
    "secrets.ZITADEL_UNLOCK_TOKEN": h.emu.credentials.iamOwnerToken,
  };
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
        if (!(expr in values)) throw new Error(`the test does not model \${{ ${expr} }}`);
        return values[expr]!;
      }),
    ]),
  );
}

function runStep(input: string): Promise<{ code: number; stdout: string; stderr: string; summary: string }> {
  const script = join(h.ws.dir, "step.sh");
  const summary = join(h.ws.dir, "summary.md");
  writeFileSync(script, step.run!);
  writeFileSync(summary, "");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: h.ws.dir,
      env: {
        PATH: `${join(h.ws.dir, "bin")}:${process.env.PATH ?? ""}`,
        HOME: h.ws.dir,
        GITHUB_STEP_SUMMARY: summary,
        ...stepEnv(input),
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, summary: readFileSync(summary, "utf8") }));
  });
}

describe("unlock workflow", () => {
  it("is started by hand with a required users input", () => {
    expect(workflow.on.workflow_dispatch.inputs.users?.required).toBe(true);
  });

  it("unlocks the named users and writes the report to the job summary", async () => {
    const r = await runStep(`${user("bob").id}  carol@globex.emulator.localhost`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(user("bob").state).toBe("active");
    expect(user("carol").state).toBe("active");
    expect(r.summary).toContain("### 🔓 Unlock: done");
    expect(r.summary).toContain("| carol@globex.emulator.localhost |");
    expect(readFileSync(join(h.ws.dir, "npx-package"), "utf8").trim()).toBe(
      "git+https://github.com/zitadel-lockout/zitadel-lockout.git#v0.1.0",
    );
  });

  it("locked-managers unlocks the locked managers of lockout.yaml's orgs", async () => {
    h.emu.control.lockUser(user("alice").id);
    const r = await runStep("locked-managers");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(user("alice").state).toBe("active");
    expect(user("bob").state).toBe("locked"); // not a manager
  });

  it("fails the job when a user is not unlocked (unknown), after unlocking the others", async () => {
    const r = await runStep(`nobody@acme.emulator.localhost ${user("grace").id}`);
    expect(r.code).toBe(1);
    expect(user("grace").state).toBe("active");
    expect(r.summary).toContain("1 of 2 not unlocked");
  });

  it("an input cannot run commands or smuggle in options", async () => {
    const r = await runStep(`$(touch pwned) --url=http://evil.example ;touch pwned2`);
    expect(existsSync(join(h.ws.dir, "pwned"))).toBe(false);
    expect(existsSync(join(h.ws.dir, "pwned2"))).toBe(false);
    // Every word was a user to look up on the configured server: none exists, so the job fails.
    expect(r.code).toBe(1);
    expect(r.summary).toContain("| --url=http://evil.example |");
    expect(h.emu.requestLog.some((e) => e.path === "/v2/users")).toBe(true);
  });
});

// The action's plan: markers, inputs (config, terraform, var-files), its default install, a broken config.
// Setup and the runner: action-setup.ts.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPLY_MARKER } from "../../src/render/apply-markdown.js";
import { DRIFT_MARKER } from "../../src/render/drift-markdown.js";
import { COMMENT_MARKER } from "../../src/render/plan-markdown.js";
import { config } from "../reconcile/harness.js";
import { gh, h, PR, run, useActionWorkspace, writeTerraformModule } from "./action-setup.js";

useActionWorkspace();

describe("the action's markers are the renderers' markers", () => {
  it.each([
    ["plan", COMMENT_MARKER],
    ["apply", APPLY_MARKER],
    ["drift", DRIFT_MARKER],
  ])("%s", (command, marker) => expect(`<!-- zitadel-lockout:${command} -->`).toBe(marker));
});

describe("plan on a pull request", () => {
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

  it("passes several config files in order", async () => {
    h.ws.write("policies/override.yaml", config({ instance: "maxPasswordAttempts: 8" }));
    const r = await run({ command: "plan", config: "lockout.yaml\noverride.yaml", comment: "false" });
    expect(r.code, r.log).toBe(0);
    expect(r.summary).toContain(
      "| ✏️ | `instance` | (instance default) | 0 (never lock) → **8** | 0 (never lock) → **5** |",
    );
  });

  it("plans a Terraform module (terraform, var-files) like a config", async () => {
    writeTerraformModule();
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

  it("refuses an unknown command before running anything", async () => {
    const r = await run({ command: "destroy" });
    expect(r.code).toBe(1);
    expect(r.log).toContain("::error::command must be plan, apply or drift, not 'destroy'");
    expect(r.steps.map((s) => s.name)).toEqual(["Install zitadel-lockout", "Run zitadel-lockout destroy"]);
    expect(gh.calls()).toEqual([]);
  });
});

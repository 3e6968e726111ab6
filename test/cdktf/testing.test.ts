// The testing helper shipped with `zitadel-lockout/cdktf`: what a user's unit test sees of a stack.
import { App, TerraformStack } from "cdktf";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InstanceLockoutPolicy, LockoutTesting, OrgLockoutPolicy, ZitadelProvider } from "../../src/cdktf/index.js";
import { ConfigError } from "../../src/errors.js";

function stack(build: (s: TerraformStack) => void): TerraformStack {
  const s = new TerraformStack(new App({ outdir: "/nonexistent-never-written" }), "lockout");
  new ZitadelProvider(s, "zitadel", { domain: "acme.zitadel.cloud" });
  build(s);
  return s;
}

describe("LockoutTesting", () => {
  it("gives the desired state the CLI would read, inheriting orgs included", () => {
    const desired = LockoutTesting.desiredState(
      stack((s) => {
        new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5, maxOtpAttempts: 5 });
        new OrgLockoutPolicy(s, "acme", { orgId: "300000000000000003", maxPasswordAttempts: 3 });
        new OrgLockoutPolicy(s, "globex", { orgName: "Globex", inherit: true });
      }),
    );
    expect(desired.instance?.settings).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    expect(desired.orgs.map((o) => ({ ref: o.ref, mode: o.mode, ...(o.mode === "custom" ? { settings: o.settings } : {}) }))).toEqual([
      { ref: { kind: "id", id: "300000000000000003" }, mode: "custom", settings: { maxPasswordAttempts: 3 } },
      { ref: { kind: "name", name: "Globex" }, mode: "inherit" },
    ]);
    expect(desired.server).toBe("https://acme.zitadel.cloud");
  });

  it("renders the YAML twin deterministically (snapshot-friendly)", () => {
    const build = (s: TerraformStack) => {
      new OrgLockoutPolicy(s, "globex", { orgName: "Globex", inherit: true });
      new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 6 });
    };
    const yaml = LockoutTesting.configYaml(stack(build));
    expect(yaml).toBe(
      ["version: 1", "server: https://acme.zitadel.cloud", "instance:", "  maxPasswordAttempts: 6", "orgs:", "  - name: Globex", "    inherit: true", ""].join("\n"),
    );
    expect(LockoutTesting.configYaml(stack(build))).toBe(yaml);
  });

  it("reports the lint findings validate and plan would show", () => {
    const findings = LockoutTesting.lint(stack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 0, maxOtpAttempts: 0 })));
    expect(findings.map((f) => f.rule)).toContain("password-lockout-disabled");
    expect(LockoutTesting.lint(stack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5, maxOtpAttempts: 5 })))).toEqual([]);
  });

  it("throws every props problem with its construct path", () => {
    const bad = stack((s) => {
      new OrgLockoutPolicy(s, "both", { orgId: "1", orgName: "One", maxPasswordAttempts: 3 });
      new OrgLockoutPolicy(s, "inheritWithNumbers", { orgId: "2", inherit: true, maxOtpAttempts: 4 });
    });
    let message = "";
    try {
      LockoutTesting.desiredState(bad);
    } catch (err) {
      message = (err as Error).message;
      expect(err).not.toBeInstanceOf(ConfigError); // the constructs' own validation, before any reading
    }
    expect(message).toMatch(/lockout\/both/);
    expect(message).toMatch(/lockout\/inheritWithNumbers/);
  });

  it("leaves no synth output behind, also when validation fails", () => {
    const saved = process.env.TMPDIR;
    const temp = mkdtempSync(join(tmpdir(), "zl-testing-tmp-"));
    process.env.TMPDIR = temp;
    try {
      LockoutTesting.desiredState(stack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5 })));
      expect(() => LockoutTesting.desiredState(stack((s) => new OrgLockoutPolicy(s, "both", { orgId: "1", orgName: "One" })))).toThrow(/lockout\/both/);
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(temp, { recursive: true, force: true });
    }
    expect(process.env.TMPDIR).toBe(saved);
  });
});

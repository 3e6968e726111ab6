// The testing helper shipped with `zitadel-lockout/cdktf`: what a user's unit test sees of a stack.
import { Annotations, TerraformStack } from "cdktf";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { InstanceLockoutPolicy, LockoutTesting, OrgLockoutPolicy } from "../../src/cdktf/index.js";
import { ConfigError } from "../../src/errors.js";

// cdktf is CommonJS: its fs is this object, so a spy on it sees every call cdktf makes.
const require = createRequire(import.meta.url);
const cjsFs = require("node:fs") as Record<string, unknown>;
const FS_WRITES = ["writeFileSync", "mkdirSync", "mkdtempSync", "openSync", "renameSync", "rmSync"] as const;

function stack(build: (s: TerraformStack) => void): TerraformStack {
  const s = LockoutTesting.stack({ domain: "acme.zitadel.cloud" });
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
    expect(
      desired.orgs.map((o) => ({ ref: o.ref, mode: o.mode, ...(o.mode === "custom" ? { settings: o.settings } : {}) })),
    ).toEqual([
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
      [
        "version: 1",
        "server: https://acme.zitadel.cloud",
        "instance:",
        "  maxPasswordAttempts: 6",
        "orgs:",
        "  - name: Globex",
        "    inherit: true",
        "",
      ].join("\n"),
    );
    expect(LockoutTesting.configYaml(stack(build))).toBe(yaml);
  });

  it("reports the lint findings validate and plan would show", () => {
    const findings = LockoutTesting.lint(
      stack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 0, maxOtpAttempts: 0 })),
    );
    expect(findings.map((f) => f.rule)).toContain("password-lockout-disabled");
    expect(
      LockoutTesting.lint(
        stack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5, maxOtpAttempts: 5 })),
      ),
    ).toEqual([]);
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

  it("synthesizes in memory: no file or folder, no change to the environment, also when validation fails", () => {
    const saved = process.env.TMPDIR;
    const temp = mkdtempSync(join(tmpdir(), "zl-testing-tmp-"));
    process.env.TMPDIR = temp;
    const cwdBefore = readdirSync(process.cwd());
    const env = { ...process.env };
    // The file system calls that write, watched: none may happen.
    const writers = FS_WRITES.map((name) => vi.spyOn(cjsFs as Record<string, (...args: unknown[]) => unknown>, name));
    try {
      const made = LockoutTesting.stack({ domain: "acme.zitadel.cloud" });
      new InstanceLockoutPolicy(made, "instance", { maxPasswordAttempts: 5 });
      LockoutTesting.desiredState(made);
      const bad = stack((s) => new OrgLockoutPolicy(s, "both", { orgId: "1", orgName: "One" }));
      expect(() => LockoutTesting.desiredState(bad)).toThrow(/lockout\/both/);
      writers.forEach((spy, i) => expect(spy, FS_WRITES[i]).not.toHaveBeenCalled());
      expect(process.env).toEqual(env);
      expect(readdirSync(temp)).toEqual([]);
      expect(readdirSync(process.cwd())).toEqual(cwdBefore);
    } finally {
      for (const spy of writers) spy.mockRestore();
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(temp, { recursive: true, force: true });
    }
  });
});

describe("LockoutTesting.stack", () => {
  it("makes an empty stack with the given id, with the provider for a domain, without touching the disk", () => {
    const made = LockoutTesting.stack({ id: "tenants", domain: "globex.zitadel.cloud" });
    expect(made.node.id).toBe("tenants");
    expect(made.node.children.map((c) => c.node.id)).toEqual(["zitadel"]);
    new OrgLockoutPolicy(made, "acme", { orgId: "300000000000000003", maxPasswordAttempts: 3 });
    expect(LockoutTesting.desiredState(made).server).toBe("https://globex.zitadel.cloud");
    expect(existsSync(join(process.cwd(), "cdktf.out"))).toBe(false);
  });

  it("gives a fresh stack each time, and the provider only when asked", () => {
    const a = LockoutTesting.stack();
    const b = LockoutTesting.stack();
    expect(a).not.toBe(b);
    expect(a.node.scope).not.toBe(b.node.scope);
    expect(a.node.id).toBe("lockout");
    expect(a.node.children).toEqual([]);
  });

  it("refuses a stack whose own constructs report an error annotation, as app.synth() does", () => {
    const made = stack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5 }));
    Annotations.of(made).addError("the platform team requires a review");
    expect(() => LockoutTesting.desiredState(made)).toThrow(/\[lockout\] the platform team requires a review/);
  });
});

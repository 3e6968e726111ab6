// The README's first command ends in `zitadel-lockout demo`: it must run the whole loop and exit 0.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/io.js";

describe("demo", () => {
  it("plans, applies, re-plans empty, catches an out-of-band change as drift, and exits 0", async () => {
    const r = await run(["demo"], { env: {} });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Plan: 1 to create, 1 to update, 1 to reset, 0 unchanged\./);
    expect(r.stdout).toMatch(/Apply complete: 3 targets changed and verified\./);
    expect(r.stdout).toMatch(/No changes\. The lockout policies on http:\/\/127\.0\.0\.1:\d+ match the configuration/);
    expect(r.stdout).toMatch(/changed outside Git since the apply/);
    expect(r.stdout).toMatch(/Drift: 1 of 3 targets drifted/);
    // The recovery scene: ACME's owner is locked by wrong passwords, listed first, and unlocked.
    expect(r.stdout).toMatch(/Alice, ACME's owner, mistypes her password 10 times/);
    expect(r.stdout).toMatch(
      new RegExp(
        /━━ 7\. Who is locked\?[\s\S]*! alice@acme\.emulator\.localhost \(\d+, human\) in ACME /.source +
          /\(\d+\) manager: ORG_OWNER\n {2}- bob@acme/.source,
      ),
    );
    expect(r.stdout).toMatch(
      /━━ 8\. The way back in[\s\S]*✓ alice@acme\.emulator\.localhost \(\d+\): unlocked, now active/,
    );
    // The closing hint works from a clone or an install, where the bin is not on PATH: npx finds it.
    expect(r.stdout).toMatch(/Try it yourself: run npx zitadel-lockout emulator in another terminal/);
    // The hint names the example by a path that exists from where the demo was run.
    const hinted = /plan -f (\S+) \(and apply/.exec(r.stdout)?.[1];
    expect(hinted && existsSync(join(process.cwd(), hinted)), hinted).toBe(true);
    // The drift step runs right after the apply, but must not look like a fault ("reading again").
    expect(r.stderr).not.toMatch(/reading again/);
    // The emulator's token is used but never printed.
    expect(r.stdout + r.stderr).not.toMatch(/ZITADEL_TOKEN=/);
  });

  it("run from another folder (an installed package), the hint names the shipped example from there", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "zl-demo-"));
    try {
      const r = await run(["demo"], { env: {}, cwd: elsewhere });
      expect(r.code, r.stderr).toBe(0);
      const hinted = /plan -f (\S+) \(and apply/.exec(r.stdout)?.[1];
      expect(hinted).toBeDefined();
      expect(hinted).not.toBe("examples/lockout.yaml");
      expect(existsSync(resolve(elsewhere, hinted!)), hinted).toBe(true);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

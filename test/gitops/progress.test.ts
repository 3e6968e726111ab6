// Progress (docs/gitops.md): a bar on stderr for runs over many organizations when stderr is a terminal;
// nothing of it in pipes or CI logs. Checked on the built CLI, under a real pseudo-terminal (`script`)
// and through pipes.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { BUILT_CLI, hasScript, onTerminal, shellEnv } from "../support/terminal.js";

const bin = BUILT_CLI;
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  emu = await startEmulator({ extraOrgs: 150 });
  dir = mkdtempSync(join(tmpdir(), "zl-progress-"));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) =>
  shellEnv(dir, { url: emu.url, token: emu.credentials.iamOwnerToken }, extra);

/** Runs the CLI under a pseudo-terminal: stdout and stderr are both the terminal; returns what it showed. */
const terminal = (args: string, extra: Record<string, string> = {}) => onTerminal(args, { env: env(extra), cwd: dir });

describe("progress on stderr", () => {
  it.skipIf(!hasScript)("draws a bar on a terminal when a run reads many organizations", async () => {
    const shown = await terminal("export --orgs all -o all.yaml");
    expect(shown).toContain("Reading organizations [");
    expect(shown).toMatch(/\d+\/15\d/);
  });

  it.skipIf(!hasScript)("draws nothing on a terminal in CI", async () => {
    // Its own file: export refuses to overwrite the one the test before wrote.
    const shown = await terminal("export --orgs all -o ci.yaml", { CI: "true" });
    expect(shown).toContain("Exported the instance default");
    expect(shown).not.toContain("Reading organizations");
  });

  it.skipIf(!hasScript)("draws a bar on a terminal while apply writes to many organizations", async () => {
    const orgs = emu.control
      .listOrgs()
      .map((o) => `  - id: "${o.id}"\n    maxPasswordAttempts: 7\n    maxOtpAttempts: 7`);
    writeFileSync(join(dir, "many.yaml"), `version: 1\norgs:\n${orgs.join("\n")}\n`);
    const shown = await terminal("apply -f many.yaml --auto-approve");
    expect(shown).toContain("Applying changes [");
    expect(shown).toMatch(new RegExp(`\\d+/${orgs.length}`));
    expect(shown).toMatch(/Apply complete: \d+ targets? changed and verified/);
  });

  it("writes nothing of it into a pipe", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, "export", "--orgs", "all"], {
      env: env(),
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/^# Exported from /);
    expect(stderr).not.toContain("Reading organizations");
    expect(stderr).not.toContain("\u001b[");
    // "Connecting to …", "Read mode: …" (how the orgs were read) and "Exported …": no progress line among them.
    expect(
      stderr
        .trim()
        .split("\n")
        .map((l) => l.split(/[ :]/)[0]),
    ).toEqual(["Connecting", "Read", "Exported"]);
  });
});

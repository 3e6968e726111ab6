// `locked` on a large instance: the locked users come from one paged cross-org search (not one request per
// org), members are read only for the orgs that have a locked user, in parallel; a progress bar is drawn on
// a terminal (built CLI under `script`), never into a pipe.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { run } from "../support/io.js";
import { BUILT_CLI, hasScript, onTerminal, shellEnv } from "../support/terminal.js";

const bin = BUILT_CLI;
const ORGS = 1200;
const LOCKED_ORGS = 120; // every 10th generated org gets 10 locked users, one of them an org owner
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ extraOrgs: ORGS });
  dir = mkdtempSync(join(tmpdir(), "zl-locked-scale-"));
  const generated = emu.control.listOrgs().filter((o) => o.name.startsWith("Org "));
  for (let i = 0; i < LOCKED_ORGS; i++) {
    const org = generated[i * 10]!;
    for (let j = 0; j < 10; j++) {
      const id = emu.control.addUser(org.id, `u${i}-${j}`, "locked");
      if (j === 0) emu.control.addMember(id, org.id, ["ORG_OWNER"]);
    }
  }
}, 60_000);
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("locked at scale", () => {
  it("--all-orgs: every locked user in a few requests; member reads only where someone is locked", async () => {
    emu.clearLog();
    const r = await run(["locked", "--all-orgs", "--format", "json", "--concurrency", "16"], {
      cwd: dir,
      env: { ZITADEL_URL: emu.url, ZITADEL_TOKEN: emu.credentials.iamOwnerToken },
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      summary: { locked: number; managers: number };
      users: { manager: boolean }[];
    };
    const demoLocked = 3; // bob, carol, grace
    expect(doc.summary).toEqual({ locked: LOCKED_ORGS * 10 + demoLocked, managers: LOCKED_ORGS });
    // Managers first.
    expect(doc.users.slice(0, LOCKED_ORGS).every((u) => u.manager)).toBe(true);
    const count = (path: string) => emu.requestLog.filter((e) => e.path === path).length;
    expect(count("/v2/users")).toBe(2); // 1203 locked users: two pages of 1000
    expect(count("/v2/organizations/_search")).toBe(2); // 1205 orgs: two pages
    expect(count("/admin/v1/members/_search")).toBe(1);
    // One member read per org with a locked user (the generated ones, ACME, Globex and Umbrella).
    expect(count("/management/v1/orgs/me/members/_search")).toBe(LOCKED_ORGS + 3);
  });

  it.skipIf(!hasScript || !existsSync(bin))("draws a progress bar on a terminal, none in a pipe", async () => {
    const env = shellEnv(dir, { url: emu.url, token: emu.credentials.iamOwnerToken });
    const stdout = await onTerminal("locked --all-orgs", { env, cwd: dir });
    expect(stdout).toContain("Reading locked users [");
    const piped = await promisify(execFile)(process.execPath, [bin, "locked", "--all-orgs"], {
      env,
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(piped.stderr).not.toContain("Reading locked users");
    expect(piped.stdout).toContain(`${LOCKED_ORGS * 10 + 3} locked, ${LOCKED_ORGS} of them managers.`);
  });
});

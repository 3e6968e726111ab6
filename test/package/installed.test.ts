// What a user gets: `npm pack` of this checkout installed into an empty project (dependencies from the npm
// cache, or the registry when the cache lacks them), used without the repository: the bin (--version,
// validate, plan against an emulator), the library and zitadel-lockout/cdktf from ESM and CommonJS.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";

const repo = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), "zl-package-"));
const project = join(scratch, "consumer");
const bin = join(project, "node_modules", ".bin", "zitadel-lockout");
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
let tarball: string;
let emu: Emulator;

const run = (cmd: string, args: readonly string[], env: Record<string, string> = {}) =>
  promisify(execFile)(cmd, args, { cwd: project, env: { ...process.env, NO_COLOR: "1", ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

beforeAll(async () => {
  if (!existsSync(join(repo, "dist", "cli", "bin.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  // --ignore-scripts: `prepare` would rebuild dist/ (checked below); the build is already there.
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", scratch], { cwd: repo, stdio: "ignore" });
  tarball = join(
    scratch,
    readdirSync(scratch).find((f) => f.endsWith(".tgz"))!,
  );
  execFileSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], {
    cwd: project,
    stdio: "ignore",
  });
  // cdktf and constructs are optional peer dependencies: a CDKTF user has them already. Link this
  // checkout's copies rather than download 60 MB again.
  for (const dep of ["cdktf", "constructs"])
    symlinkSync(join(repo, "node_modules", dep), join(project, "node_modules", dep));
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the packed and installed package", () => {
  it("builds on pack and from a git URL (prepare), and ships no test leftovers", () => {
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toBe("npm run build");
    const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(listed).toEqual(
      expect.arrayContaining([
        "package/dist/cli/bin.js",
        "package/LICENSE",
        "package/docs/config.md",
        "package/examples/cdktf/main.mjs",
      ]),
    );
    expect(listed.filter((f) => /cdktf\.out|\.zitadel-lockout\/|\.test\.|\/test\//.test(f))).toEqual([]);
    // Every docs/ link in the shipped README points at a shipped file.
    const readme = readFileSync(join(project, "node_modules", "zitadel-lockout", "README.md"), "utf8");
    for (const [, link] of readme.matchAll(/\]\(((?:docs|examples|schemas)\/[^)#]+)/g)) {
      expect(existsSync(join(project, "node_modules", "zitadel-lockout", link!)), link).toBe(true);
    }
  });

  it("a YAML-only install pulls neither cdktf nor constructs", () => {
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).filter((p) => /node_modules\/(cdktf|constructs)$/.test(p))).toEqual([]);
  });

  it("the bin: --version, validate, and a plan against the emulator", async () => {
    expect((await run(bin, ["--version"])).stdout.trim()).toBe(version);
    writeFileSync(
      join(project, "lockout.yaml"),
      "version: 1\ninstance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\norgs:\n  - name: ACME\n    " +
        "maxPasswordAttempts: 3\n",
    );
    const validate = await run(bin, ["validate"]);
    expect(validate.code, validate.stderr).toBe(0);
    const plan = await run(bin, ["plan", "--detailed-exitcode"], {
      ZITADEL_URL: emu.url,
      ZITADEL_TOKEN: emu.credentials.iamOwnerToken,
    });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/Plan: 1 to create, 1 to update/);
  });

  it("the library and zitadel-lockout/cdktf load from ESM and from CommonJS", async () => {
    writeFileSync(
      join(project, "esm.mjs"),
      [
        'import { computePlan, createClient } from "zitadel-lockout";',
        'import { InstanceLockoutPolicy, OrgLockoutPolicy } from "zitadel-lockout/cdktf";',
        'import { startEmulator } from "zitadel-lockout/emulator";',
        "console.log([computePlan, createClient, InstanceLockoutPolicy, OrgLockoutPolicy, " +
          "startEmulator].map((f) => typeof f).join(','));",
      ].join("\n"),
    );
    writeFileSync(
      join(project, "cjs.cjs"),
      [
        'const { computePlan, createClient } = require("zitadel-lockout");',
        'const { InstanceLockoutPolicy, OrgLockoutPolicy } = require("zitadel-lockout/cdktf");',
        "console.log([computePlan, createClient, InstanceLockoutPolicy, OrgLockoutPolicy].map((f) => " +
          "typeof f).join(','));",
      ].join("\n"),
    );
    const esm = await run(process.execPath, ["esm.mjs"]);
    expect(esm.stdout.trim(), esm.stderr).toBe("function,function,function,function,function");
    const cjs = await run(process.execPath, ["cjs.cjs"]);
    expect(cjs.stdout.trim(), cjs.stderr).toBe("function,function,function,function");
  });

  it("the shipped CDKTF example plans from a copy in the user's project", async () => {
    execFileSync("cp", [
      "-r",
      join(project, "node_modules", "zitadel-lockout", "examples", "cdktf"),
      join(project, "infra"),
    ]);
    const plan = await run(bin, ["plan", "--cdktf", "infra", "--format", "json"], {
      ZITADEL_URL: emu.url,
      ZITADEL_TOKEN: emu.credentials.iamOwnerToken,
    });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toEqual({ create: 1, update: 1, reset: 1, noop: 1 });
  });
});

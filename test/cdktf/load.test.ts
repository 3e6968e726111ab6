// loadCdktfDesired: running the app a cdktf.json names (without cdktf-cli or terraform), reading an
// existing cdktf.out/, a single *.tf.json, or a folder of them.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCdktfDesired } from "../../src/desired/cdktf/index.js";
import { jsonErrorPosition } from "../../src/desired/cdktf/load.js";
import { cdktfAppRunner } from "../../src/cli/cdktf-app.js";

/** The CLI's app runner (src/cli/cdktf-app.ts) with this environment, as `--cdktf DIR` passes it. */
const withApp = (env: Record<string, string | undefined>, timeoutMs?: number) => ({
  runApp: cdktfAppRunner({ env, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
});
import { ConfigError } from "../../src/errors.js";
import { cleanupSynth, synthStack } from "./synth.js";

// Apps live under node_modules/.cache so that `cdktf` resolves from them like from a real project.
const scratch = join(process.cwd(), "node_modules", ".cache", "zitadel-lockout-tests");
const made: string[] = [];
afterAll(async () => {
  cleanupSynth();
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  await mkdir(scratch, { recursive: true });
  const dir = await mkdtemp(join(scratch, "app-"));
  made.push(dir);
  return dir;
}

// The constructs as a user's app imports them: the built package (npm test builds first). Plain JavaScript,
// so the app runs with node alone: starting tsx for each app cost a second of CPU.
const constructs = pathToFileURL(join(process.cwd(), "dist", "cdktf", "index.js")).href;

/** A CDKTF app project: cdktf.json + main.mjs whose body runs after the stack and provider exist. */
async function appProject(
  body: string,
  cdktfJson: object = { language: "javascript", app: "node main.mjs" },
): Promise<string> {
  if (!existsSync(new URL(constructs))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  const dir = await tempDir();
  await writeFile(join(dir, "cdktf.json"), JSON.stringify(cdktfJson));
  await writeFile(
    join(dir, "main.mjs"),
    `import { App, TerraformStack } from "cdktf";
import { InstanceLockoutPolicy, OrgLockoutPolicy, ZitadelProvider } from ${JSON.stringify(constructs)};
const app = new App();
const stack = new TerraformStack(app, "lockout");
new ZitadelProvider(stack, "zitadel", { domain: "localhost", port: "8080", insecure: true });
${body}
app.synth();
`,
  );
  return dir;
}

/** Whether a process still runs (a zombie, killed but not yet reaped by its parent, does not). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe("loadCdktfDesired with a cdktf.json", () => {
  it(
    "runs the app with CDKTF_OUTDIR (its cdktf.out) and reads only the stacks of the new manifest",
    { timeout: 30_000 },
    async () => {
      const dir = await appProject(`
if (process.env.CHECKPOINT_DISABLE !== "1") throw new Error("CHECKPOINT_DISABLE not set");
// new App() has created the outdir by now; realpaths, as the temp dir may sit behind a symlink.
const { realpathSync } = await import("node:fs");
if (realpathSync(process.env.CDKTF_OUTDIR ?? "") !== realpathSync("cdktf.out")) {
  throw new Error("CDKTF_OUTDIR is " + process.env.CDKTF_OUTDIR);
}
new InstanceLockoutPolicy(stack, "instance", { maxPasswordAttempts: 5, maxOtpAttempts: 5 });
new OrgLockoutPolicy(stack, "acme", { orgName: "ACME", maxPasswordAttempts: 3 });
new OrgLockoutPolicy(stack, "globex", { orgName: "Globex", inherit: true });`);
      // A manifest from an earlier synth that names a stack the app no longer has: it must not be read.
      await mkdir(join(dir, "cdktf.out", "stacks", "stale"), { recursive: true });
      await writeFile(
        join(dir, "cdktf.out", "manifest.json"),
        JSON.stringify({ stacks: { stale: { synthesizedStackPath: "stacks/stale/cdk.tf.json" } } }),
      );
      await writeFile(
        join(dir, "cdktf.out", "stacks", "stale", "cdk.tf.json"),
        JSON.stringify({ resource: { zitadel_login_policy: {} } }),
      );

      const desired = await loadCdktfDesired(dir, withApp({ PATH: process.env.PATH }));
      expect(desired.server).toBe("http://localhost:8080");
      expect(desired.instance?.settings).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
      expect(desired.orgs.map((o) => [o.ref, o.mode])).toEqual([
        [{ kind: "name", name: "ACME" }, "custom"],
        [{ kind: "name", name: "Globex" }, "inherit"],
      ]);
      expect(desired.sources).toEqual([
        join(dir, "cdktf.out", "stacks", "lockout", "cdk.tf.json").replace(process.cwd() + "/", ""),
      ]);
    },
  );

  it(
    "never hands ZITADEL_TOKEN or ZITADEL_CLIENT_SECRET to the app; a failing app's stderr is reported",
    { timeout: 30_000 },
    async () => {
      const dir = await appProject(`process.stderr.write(JSON.stringify(process.env) + "\\n"); process.exit(3);`);
      const err = await configError(
        loadCdktfDesired(
          dir,
          withApp({
            PATH: process.env.PATH,
            ZITADEL_TOKEN: "tok-SECRET-1",
            ZITADEL_CLIENT_SECRET: "cs-SECRET-2",
            MARKER: "visible-marker",
          }),
        ),
      );
      const message = err.issues.map((i) => i.message).join("\n");
      expect(message).toContain('the app "node main.mjs" exited with code 3');
      expect(message).toContain("visible-marker");
      expect(message).not.toContain("SECRET");
      expect(err.issues[0]?.file).toMatch(/cdktf\.json$/);
    },
  );

  it(
    "an app that never exits is stopped after the timeout, with everything it started",
    { timeout: 30_000 },
    async () => {
      // The shell cannot exec the node process (a command follows it), so stopping only the shell would
      // leave node running with the stderr pipe open, and the load would never end.
      const dir = await appProject("", {
        app:
          `node -e "require('fs').writeFileSync('app.pid', String(process.pid)); setInterval(() => {}, ` +
          `1000)"; echo never reached`,
      });
      const started = Date.now();
      const err = await configError(loadCdktfDesired(dir, withApp({ PATH: process.env.PATH }, 1500)));
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(err.issues[0]?.message).toContain("did not finish within 1.5 s and was stopped");
      const pid = Number(await readFile(join(dir, "app.pid"), "utf8"));
      // SIGKILL is final, but the kernel may still be tearing the process down when its pipe closes.
      const deadline = Date.now() + 5000;
      while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(isRunning(pid)).toBe(false);
    },
  );

  it("an interrupted CLI stops the app it runs (SIGTERM from a cancelled CI job)", { timeout: 30_000 }, async () => {
    const bin = join(process.cwd(), "dist", "cli", "bin.js");
    if (!existsSync(bin)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const dir = await appProject("", {
      app:
        `node -e "require('fs').writeFileSync('app.pid', String(process.pid)); setInterval(() => {}, ` +
        `1000)"; echo never reached`,
    });
    const cli = spawn(process.execPath, [bin, "plan", "--cdktf", dir], {
      stdio: "ignore",
      env: { PATH: process.env.PATH ?? "" },
    });
    const pidFile = join(dir, "app.pid");
    for (let waited = 0; !existsSync(pidFile) && waited < 10_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise((r) => cli.on("exit", r));
    cli.kill("SIGTERM");
    expect(await exited).toBe(143);
    const pid = Number(await readFile(pidFile, "utf8"));
    const deadline = Date.now() + 5000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const running = isRunning(pid);
    if (running) process.kill(pid, "SIGKILL");
    expect(running).toBe(false);
  });

  it("construct validation errors surface with their construct paths", { timeout: 30_000 }, async () => {
    const dir = await appProject(`new OrgLockoutPolicy(stack, "acme", { orgId: "1", orgName: "ACME" });`);
    const err = await configError(loadCdktfDesired(dir, withApp({ PATH: process.env.PATH })));
    const message = err.issues[0]?.message ?? "";
    expect(message).toContain("[lockout/acme] give either orgId or orgName, not both");
    // Not where inside cdktf the error was thrown (Node's source excerpt of node_modules/cdktf/…).
    expect(message).not.toMatch(/node_modules|new Error\(|\^/);
    expect(message.split("\n")[1]).toBe("Error: Validation failed with the following errors:");
  });

  it("an error thrown by the app's own code keeps Node's excerpt of the user's file", { timeout: 30_000 }, async () => {
    const dir = await appProject(`throw new Error("no domain configured for env prod");`);
    const message =
      (await configError(loadCdktfDesired(dir, withApp({ PATH: process.env.PATH })))).issues[0]?.message ?? "";
    expect(message).toMatch(/main\.mjs:\d+\n.*throw new Error\("no domain configured for env prod"\)/);
    expect(message).toContain("Error: no domain configured for env prod");
  });

  it(
    "an app that synthesizes elsewhere is a clear error, as is a cdktf.json without an app",
    { timeout: 30_000 },
    async () => {
      const elsewhere = await appProject("", { app: `node --input-type=module -e "process.exit(0)"` });
      expect(
        (await configError(loadCdktfDesired(elsewhere, withApp({ PATH: process.env.PATH })))).issues[0]?.message,
      ).toContain("wrote no manifest.json");
      const noApp = await tempDir();
      await writeFile(join(noApp, "cdktf.json"), JSON.stringify({ language: "typescript" }));
      expect((await configError(loadCdktfDesired(noApp, {}))).issues[0]?.message).toBe(
        'cdktf.json must name the app to run in "app" (for example "npx tsx main.ts")',
      );
      // desired/ starts no process itself: without the CLI's runner a cdktf.json is not run, and says so.
      expect((await configError(loadCdktfDesired(elsewhere, {}))).issues[0]?.message).toBe(
        "running a CDKTF app is not available here: synthesize it and pass its cdktf.out",
      );
    },
  );
});

describe("loadCdktfDesired without an app", () => {
  it("reads DIR/cdktf.out/, or a cdktf.out given as DIR", async () => {
    const outdir = synthStack(() => {}).outdir;
    expect((await loadCdktfDesired(outdir, {})).server).toBe("http://localhost:8080");
    const project = await tempDir();
    await cp(outdir, join(project, "cdktf.out"), { recursive: true });
    expect((await loadCdktfDesired(project, {})).server).toBe("http://localhost:8080");
  });

  it("reads a single *.tf.json, or every *.tf.json of a folder (one Terraform module)", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, "provider.tf.json"),
      JSON.stringify({ provider: { zitadel: { domain: "z.example.com" } } }),
    );
    await writeFile(
      join(dir, "policies.tf.json"),
      JSON.stringify({ resource: { zitadel_default_lockout_policy: { d: { max_password_attempts: 4 } } } }),
    );
    await writeFile(join(dir, "notes.json"), "not terraform");
    const both = await loadCdktfDesired(dir, {});
    expect([both.server, both.instance?.settings]).toEqual(["https://z.example.com", { maxPasswordAttempts: 4 }]);
    const single = await loadCdktfDesired(join(dir, "policies.tf.json"), {});
    expect([single.server, single.instance?.settings]).toEqual([undefined, { maxPasswordAttempts: 4 }]);
  });

  it("invalid JSON: ConfigError naming the file; YAML: points at -f; empty folder: says what it sought", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "main.tf.json"), '{\n  "resource": {\n    "x": ,\n  }\n}\n');
    const bad = await configError(loadCdktfDesired(join(dir, "main.tf.json"), {}));
    expect(bad.issues[0]?.file).toMatch(/main\.tf\.json$/);
    expect(bad.issues[0]?.message).toMatch(/^invalid JSON: /);
    await writeFile(join(dir, "lockout.yaml"), "version: 1\n");
    expect((await configError(loadCdktfDesired(join(dir, "lockout.yaml"), {}))).issues[0]?.message).toMatch(
      new RegExp(
        /^this is a YAML config: read it with -f \S*lockout\.yaml; --cdktf reads a CDKTF app /.source +
          /folder, a cdktf\.out or \*\.tf\.json$/.source,
      ),
    );
    const empty = await tempDir();
    expect((await configError(loadCdktfDesired(empty, {}))).issues[0]?.message).toBe(
      "found no cdktf.json, cdktf.out/manifest.json or *.tf.json here",
    );
  });
});

describe("jsonErrorPosition", () => {
  const text = '{\n  "resource": {\n    "x": ,\n  }\n}\n';
  it.each([
    ["Unexpected token , in JSON at position 27", { line: 3, column: 10 }],
    ["Unexpected token ',', ... is not valid JSON (line 3 column 10)", { line: 3, column: 10 }],
    ['Unexpected token \',\', ..."  "x": ,"... is not valid JSON', { line: 1, column: 1 }],
  ])("%s", (message, position) => {
    expect(jsonErrorPosition(message, text)).toEqual(position);
  });
});

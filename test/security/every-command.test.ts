// Issue #7: no credential — PAT, client secret, key-file contents, nor any access token or assertion the
// run obtained — in stdout, stderr, plan files, journals, exports or Markdown, of any command (validate,
// plan, apply, rollback, drift, locked, unlock, export, demo), for every credential kind; with Node's own
// debug output switched on too (the CLI has no verbose mode of its own;
// NODE_DEBUG is the nearest thing, and it prints to the same stderr). All runs go through a recording
// proxy, so tokens issued on the wire join the list of secrets.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";
import { startProxy, type Proxy } from "../scale/proxy.js";
import {
  credentialEnv,
  CREDENTIAL_KINDS,
  expectNoSecret,
  type CredentialKind,
  givenSecrets,
  wireSecrets,
} from "./secrets.js";

const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));
const KINDS = CREDENTIAL_KINDS;
type Kind = CredentialKind;

let h: Harness;
let proxy: Proxy;
let org: string;

beforeAll(async () => {
  h = await harness({ accessTokenTtlSeconds: 3600 });
  proxy = await startProxy(h.emu.url);
  org = h.emu.control.addOrg("Secret Org");
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
});
afterAll(async () => {
  await proxy.close();
  await h.close();
});

const env = (kind: Kind): Record<string, string | undefined> => credentialEnv(h.emu, kind, proxy.url);

const config = (n: number) =>
  [
    "version: 1",
    "instance:",
    `  maxPasswordAttempts: ${n}`,
    "  maxOtpAttempts: 3",
    "orgs:",
    `  - id: "${org}"`,
    `    maxPasswordAttempts: ${n + 1}`,
    "",
  ].join("\n");

/** Every file the runs left in the workspace (plan, journal, export, config, and the key file's neighbours). */
function workspaceFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(h.ws.dir))
    if (name !== "key.json") files[`file ${name}`] = readFileSync(join(h.ws.dir, name), "utf8");
  return files;
}

describe.each(KINDS)("every command with %s", (kind) => {
  it("keeps every credential and every obtained token out of output and files", async () => {
    const outputs: Record<string, string> = {};
    const run = async (argv: string[], codes: number[]) => {
      const r = await h.cli(argv, env(kind));
      expect(codes, `${argv.join(" ")} exited ${r.code}: ${r.stderr}`).toContain(r.code);
      outputs[`${argv.join(" ")} (stdout)`] = r.stdout;
      outputs[`${argv.join(" ")} (stderr)`] = r.stderr;
    };
    h.ws.write("lockout.yaml", config(20 + kind.length));
    await run(["validate"], [0]);
    for (const format of ["text", "json", "markdown"])
      await run(["plan", "--format", format, "--out", `plan-${format}.json`], [0]);
    await run(["apply", "plan-json.json", "--journal", "journal.json", "--format", "markdown"], [0]);
    for (const format of ["text", "json", "markdown"]) {
      h.ws.write("lockout.yaml", config(40 + kind.length + format.length));
      await run(["apply", "--auto-approve", "--journal", "journal.json", "--format", format], [0]);
    }
    // Undo the last apply: first saved as a plan (--out), then applied.
    await run(["rollback", "--journal", "journal.json", "--out", "rollback.json", "--format", "json"], [0]);
    await run(["rollback", "--journal", "journal.json", "--auto-approve", "--format", "markdown"], [0]);
    h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 77, maxOtpAttempts: 7 }); // drift for drift to report
    for (const format of ["text", "json", "markdown"])
      await run(["drift", "--journal", "journal.json", "--format", format], [3]);
    for (const format of ["text", "json", "markdown"]) await run(["locked", "--all-orgs", "--format", format], [0]);
    // Bob is locked in the demo instance: the first credential kind unlocks him, the others find him unlocked.
    await run(["unlock", "--auto-approve", "--format", "markdown", "bob@acme.emulator.localhost"], [0]);
    await run(["unlock", "--auto-approve", "--locked-managers"], [0]);
    await run(["export", "--orgs", "all"], [0]);
    await run(["export", "-o", "export.yaml", "--force"], [0]);
    // A stale plan and a config error, with the credentials in the environment.
    await run(["plan", "--out", "stale.json"], [0]);
    h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 78, maxOtpAttempts: 7 });
    await run(["apply", "stale.json"], [4]);
    h.ws.write("broken.yaml", "version: 1\ninstance: [\n");
    await run(["plan", "-f", "broken.yaml"], [1]);

    const secrets = [...givenSecrets(h.emu), ...wireSecrets(proxy)];
    const issued = proxy.log.filter((x) => x.request.path === "/oauth/v2/token" && x.status === 200);
    if (kind !== "pat") expect(issued.length, "access tokens were obtained on the wire").toBeGreaterThan(0);
    expectNoSecret(secrets, { ...outputs, ...workspaceFiles() });
  }, 60_000);
});

it("demo with the user's credentials in the environment prints none of them", async () => {
  const r = await h.cli(["demo"], env("client credentials"));
  expect(r.code, r.stderr).toBe(0);
  expectNoSecret(givenSecrets(h.emu), { "demo stdout": r.stdout, "demo stderr": r.stderr });
}, 30_000);

describe("Node's debug output (NODE_DEBUG) on the built CLI", () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });

  it.each(KINDS)(
    "stays free of credentials and tokens (%s)",
    async (kind) => {
      h.ws.write("lockout.yaml", config(60 + kind.length));
      const r = await spawnCli(["apply", "--auto-approve", "--format", "json"], {
        ...env(kind),
        NODE_DEBUG: "undici,fetch,http,https,net,tls,stream",
      });
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(r.stderr).toMatch(/sending request to (GET|PUT|POST)/); // the debug output really was on
      expectNoSecret([...givenSecrets(h.emu), ...wireSecrets(proxy)], { stdout: r.stdout, stderr: r.stderr });
    },
    30_000,
  );
});

function spawnCli(
  args: string[],
  extra: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...extra })) if (v !== undefined) childEnv[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: h.ws.dir,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

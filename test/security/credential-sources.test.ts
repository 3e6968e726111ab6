// README "Credentials": never in config files, never as a command-line value; the run says on stderr which
// kind it uses, never the value. No option of any command takes a credential (only --key-file, a path),
// a config cannot pull one in through ${VAR}, and the "Connecting to" line names the kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { run } from "../support/io.js";
import { credentialEnv, CREDENTIAL_KINDS, expectNoSecret, givenSecrets } from "./secrets.js";

const COMMANDS = ["validate", "plan", "apply", "drift", "rollback", "locked", "unlock", "export", "emulator", "demo"];

describe("no option takes a credential", () => {
  it.each(COMMANDS)("%s --help lists no token, secret, password or client option", async (command) => {
    const r = await run([command, "--help"]);
    expect(r.code).toBe(0);
    const options = [...r.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!);
    expect(options.length, r.stdout).toBeGreaterThan(0);
    for (const option of options) expect(option).not.toMatch(/token|secret|password|client|credential|pat\b/i);
    // The one credential option is a path to a file; commands without a server do not have it either.
    if (options.includes("--key-file")) expect(r.stdout).toMatch(/--key-file <PATH>|--key-file <FILE>/);
  });
});

describe("a config cannot hold a credential", () => {
  it.each(["ZITADEL_TOKEN", "ZITADEL_CLIENT_SECRET"])("${%s} is refused without its value", async (name) => {
    const text = `version: 1\norgs:\n  - name: \${${name}}\n    maxPasswordAttempts: 3\n`;
    const h = await harness();
    try {
      h.ws.write("lockout.yaml", text);
      const r = await h.cli(["validate"], { [name]: "cred-value-0123456789" });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`lockout\\.yaml:3:\\d+: .*${name}.* is a credential`));
      expect(r.stdout + r.stderr).not.toContain("cred-value-0123456789");
    } finally {
      await h.close();
    }
  });
});

describe("the run names the kind of credential it uses, never the value", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
    h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5" }));
  });
  afterAll(async () => h.close());

  it.each([
    ["pat", "a token (ZITADEL_TOKEN)"],
    ["client credentials", "client credentials (ZITADEL_CLIENT_ID)"],
    ["key file", "a service-account key (JWT profile) from "],
  ] as const)("%s", async (kind, words) => {
    expect(CREDENTIAL_KINDS).toContain(kind);
    const r = await h.cli(["plan"], credentialEnv(h.emu, kind, h.emu.url));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Connecting to ${h.emu.url} with ${words}`);
    expectNoSecret(givenSecrets(h.emu), { stdout: r.stdout, stderr: r.stderr });
  });
});

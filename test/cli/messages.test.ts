// What a user reads when something needs their attention: each message names the file or setting at fault
// and what to do next, on stderr, once.
import { mkdirSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { run } from "../support/io.js";

let h: Harness;
let org: string;
beforeEach(async () => {
  h = await harness();
  org = h.emu.control.addOrg("Messages Org");
  h.ws.write("lockout.yaml", config({ orgs: [`id: "${org}"\nmaxPasswordAttempts: 7`] }));
});
afterEach(async () => h.close());

describe("a stale saved plan", () => {
  it("exits 4 and says what to do next", async () => {
    expect((await h.cli(["plan", "--out", "plan.json"])).code).toBe(0);
    h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
    const r = await h.cli(["apply", "plan.json"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      new RegExp(
        /the plan is stale[^]*run zitadel-lockout plan again \(with --out PLANFILE to save it\), /.source +
          /then apply that plan\.\n$/.source,
      ),
    );
  });
});

describe("--retries", () => {
  it("sets how often a request is retried: 0 fails at the first refusal, 2 gives up after three attempts", async () => {
    const env = { ZITADEL_TOKEN: "t" };
    const none = await run(["plan", "--url", "http://127.0.0.1:1", "--retries", "0"], { cwd: h.ws.dir, env });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/connection refused \(ECONNREFUSED\)\n/);
    expect(none.stderr).not.toContain("gave up after");
    const two = await run(["plan", "--url", "http://127.0.0.1:1", "--retries", "2"], { cwd: h.ws.dir, env });
    expect(two.stderr).toMatch(/connection refused \(ECONNREFUSED\) \(gave up after 3 attempts in \d+\.\d s\)/);
    const bad = await run(["plan", "--retries", "-1"], { cwd: h.ws.dir, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--retries must be a whole number from 0 to 20/);
  });
});

describe("no server given", () => {
  it("says where a URL can come from — the config only for commands that read one", async () => {
    const plan = await run(["plan"], { cwd: h.ws.dir, env: { ZITADEL_TOKEN: "t" } });
    expect(plan.stderr).toBe("error: no server: pass --url or set ZITADEL_URL, or write server: in the config\n");
    const exported = await run(["export"], { cwd: h.ws.dir, env: { ZITADEL_TOKEN: "t" } });
    expect(exported.code).toBe(1);
    expect(exported.stderr).toBe("error: no server: pass --url or set ZITADEL_URL\n");
  });
});

describe("files that cannot be read or written", () => {
  it("without -f, a missing lockout.yaml says it was the default (plan and validate)", async () => {
    const dir = h.ws.dir + "/empty";
    mkdirSync(dir);
    const hint =
      "lockout.yaml:1:1: cannot read the config: no such file (no -f was given, so lockout.yaml in the " +
      "working directory was read; name your file with -f FILE)";
    const plan = await run(["plan"], {
      cwd: dir,
      env: { ZITADEL_URL: h.emu.url, ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
    });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(hint);
    const validate = await run(["validate"], { cwd: dir });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(hint);
    // Named explicitly, the file needs no explanation.
    const named = await run(["validate", "-f", "lockout.yaml"], { cwd: dir });
    expect(named.stdout).toContain("lockout.yaml:1:1: cannot read the config: no such file\n");
  });

  it("a missing plan file is 'no such file', not a bare ENOENT", async () => {
    const r = await h.cli(["apply", "missing.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: cannot read the plan file missing.json: no such file (ENOENT)\n");
  });

  it("a missing key file is 'no such file', not a bare ENOENT", async () => {
    const r = await h.cli(["plan", "--key-file", "nope.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: cannot read the key file nope.json: no such file (ENOENT)\n");
  });

  it("plan --out into a directory that does not exist is a clear error, not an 'unexpected failure'", async () => {
    const r = await h.cli(["plan", "--out", "no/such/dir/plan.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write the plan file no\/such\/dir\/plan\.json: no such file \(ENOENT\)$/m);
    expect(r.stderr).not.toMatch(/unexpected failure|\.json\.\d+/);
  });

  it("export -o into a directory that does not exist is a clear error, not an 'unexpected failure'", async () => {
    const r = await h.cli(["export", "-o", "no/such/dir/lockout.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write no\/such\/dir\/lockout\.yaml: no such file \(ENOENT\)$/m);
    expect(r.stderr).not.toMatch(/unexpected failure/);
  });
});

describe("plan --out", () => {
  it.each(["text", "json", "markdown"])("says on stderr where the plan was saved (--format %s)", async (format) => {
    const r = await h.cli(["plan", "--out", "plan.json", "--format", format]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Saved the plan to plan.json; apply it with: zitadel-lockout apply plan.json\n");
    expect(r.stdout).not.toContain("Saved the plan");
  });
});

describe("apply's text output", () => {
  it("sets the plan apart from the results with a blank line", async () => {
    const r = await h.cli(["apply", "--auto-approve"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Plan: 1 to create, 0 to update, 0 to reset, 0 unchanged\.\n\n {2}✓ /m);
  });
});

describe("drift with a journal that does not exist yet", () => {
  it("says so once in the text report, not again as a warning on the same terminal", async () => {
    const r = await h.cli(["drift", "--journal", "never.json"]);
    expect(r.stdout).toContain("the journal never.json does not exist yet");
    expect(r.stderr).not.toContain("does not exist yet");
  });
});

describe("server URLs", () => {
  it.each([
    [
      "localhost:8080",
      new RegExp(
        /^error: the server URL "localhost:8080" \(--url\) has no https:\/\/ in front \(e\.g\. /.source +
          /https:\/\/acme\.zitadel\.cloud/.source,
      ),
    ],
    [
      "acme.zitadel.cloud",
      /^error: the server URL "acme\.zitadel\.cloud" \(--url\) is not a valid URL; write it with https:\/\//,
    ],
  ])("%s without a scheme says what is missing", async (url, message) => {
    const r = await run(["plan", "-f", "examples/lockout.yaml", "--url", url], { env: { ZITADEL_TOKEN: "t" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it("names ZITADEL_URL when the bad URL came from the environment", async () => {
    const r = await run(["plan", "-f", "examples/lockout.yaml"], {
      env: { ZITADEL_TOKEN: "t", ZITADEL_URL: "ftp://x" },
    });
    expect(r.stderr).toBe("error: the server URL must start with https:// (got ftp:// from ZITADEL_URL)\n");
  });

  it("never quotes a user:password@ part of a URL it cannot parse", async () => {
    const r = await run(["plan", "-f", "examples/lockout.yaml", "--url", "https://me:s3cr3t-value@host:99999"], {
      env: { ZITADEL_TOKEN: "t" },
    });
    expect(r.code).toBe(1);
    // Refused as credentials before it is parsed: no part of it is quoted (url-password.test.ts for more).
    expect(r.stderr).toContain("the server URL (--url) must not contain credentials");
    expect(r.stderr).not.toContain("@host");
    expect(r.stderr).not.toContain("s3cr3t-value");
  });

  it("export --help does not offer server: in a config it never reads", async () => {
    const r = await run(["export", "--help"]);
    expect(r.stdout).toMatch(/--url <URL> +ZITADEL base URL \(else ZITADEL_URL\)/);
    expect((await run(["plan", "--help"])).stdout).toMatch(/else server: in the\s+config/);
  });

  it("apply with a YAML file instead of a plan file suggests apply -f, and reads nothing", async () => {
    h.emu.clearLog();
    const r = await h.cli(["apply", "lockout.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: lockout.yaml is a config file, not a saved plan: did you mean zitadel-lockout apply -f lockout.yaml?\n",
    );
    expect(h.emu.requestLog).toEqual([]);
  });

  it("errors start with 'error:' whoever reports them (commander, tool); --help lists exit codes 130/143", async () => {
    const unknown = await h.cli(["plan", "--no-such-flag"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: unknown option '--no-such-flag'/);
    const help = await h.cli(["--help"]);
    expect(help.stdout).toMatch(/^ {2}130, 143 {2}interrupted \(SIGINT, SIGTERM\)/m);
  });
});

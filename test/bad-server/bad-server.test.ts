// Issue #7: servers (and what stands in front of them) that answer badly — an HTML error page from a proxy,
// truncated JSON, a 200 with an unexpected shape, a connection cut mid-body, a server that never answers.
// Each must end in a clear error that names the request and the problem, with nothing half-reported and
// nothing written after a read the tool could not understand; a one-off glitch is retried and converges.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { startProxy, type Interception, type ProxiedRequest, type Proxy } from "../scale/proxy.js";

const ORG_POLICY = "/management/v1/policies/lockout";
const NGINX_404 =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not " +
  "Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const NGINX_502 = NGINX_404.replace(/404 Not Found/g, "502 Bad Gateway");
const CONSOLE_INDEX =
  '<!doctype html><html lang="en"><head><title>ZITADEL Console</title></head><body><app-root></app-root></body></html>';

let h: Harness;
let proxy: Proxy | undefined;
let orgs: string[];

beforeEach(async () => {
  h = await harness();
  orgs = ["Bad One", "Bad Two", "Bad Three"].map((n) => h.emu.control.addOrg(n));
  h.emu.control.setOrgPolicy(orgs[1]!, { maxPasswordAttempts: 9, maxOtpAttempts: 9 });
  h.ws.write(
    "lockout.yaml",
    config({
      instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
      orgs: orgs.map((id) => `id: "${id}"\nmaxPasswordAttempts: 4\nmaxOtpAttempts: 4`),
    }),
  );
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await h.close();
});

/** Runs the CLI through a proxy that answers the matching request itself. */
async function through(intercept: (r: ProxiedRequest) => Interception | undefined, argv: string[]) {
  proxy = await startProxy(h.emu.url, intercept);
  return h.cli([...argv, "--url", proxy.url]);
}

/** The second org's policy read, the `repeat`-th time it is asked for (0: the plan's read, 1: the preflight). */
const orgRead = (repeat: number, answer: Interception) => (r: ProxiedRequest) =>
  r.method === "GET" && r.path === ORG_POLICY && r.orgId === orgs[1] && r.repeat === repeat ? answer : undefined;
const respond = (status: number, contentType: string, body: string): Interception => ({
  kind: "respond",
  status,
  contentType,
  body,
});

const badReads: [string, Interception, RegExp][] = [
  [
    "an HTML error page from a proxy",
    respond(404, "text/html", NGINX_404),
    /HTTP 404: non-JSON body \(text\/html\): "404 Not Found", probably from a proxy/,
  ],
  [
    "the console's HTML with a 200",
    respond(200, "text/html; charset=utf-8", CONSOLE_INDEX),
    /HTTP 200: unexpected response: not JSON \(text\/html; charset=utf-8, \d+ bytes\)/,
  ],
  [
    "truncated JSON",
    respond(200, "application/json", '{"policy":{"details":{"sequence":"12"'),
    /HTTP 200: unexpected response: not JSON \(application\/json, 37 bytes\)/,
  ],
  [
    "a 200 of another API's shape",
    respond(200, "application/json", '{"settings":{"maxPasswordAttempts":"3"}}'),
    /HTTP 200: unexpected response: no policy object/,
  ],
  [
    "a 200 with a count that is not a number",
    respond(200, "application/json", '{"policy":{"maxPasswordAttempts":"many","details":{"sequence":"7"}}}'),
    /policy\.maxPasswordAttempts is "many", expected an unsigned integer/,
  ],
  [
    "a 200 with a count no write could have set",
    respond(200, "application/json", '{"policy":{"maxPasswordAttempts":"5000000000","details":{"sequence":"7"}}}'),
    /larger than the write API allows \(4294967295\)/,
  ],
  [
    "a 200 with null",
    respond(200, "application/json", "null"),
    /HTTP 200: unexpected response: the body is not a JSON object/,
  ],
];

describe("an unclear read stops the run with a clear error, and nothing is written", () => {
  it.each(badReads)("%s, in the plan's read", async (_name, answer, message) => {
    const r = await through(orgRead(0, answer), ["apply", "--auto-approve", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`GET ${ORG_POLICY} (org ${orgs[1]})`);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe(""); // no half a JSON document
    expect(h.writes()).toEqual([]);
  });

  it.each(badReads.slice(0, 4))("%s, in apply's preflight read: no write at all", async (_name, answer, message) => {
    const r = await through(orgRead(1, answer), ["apply", "--auto-approve"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/Apply complete|✓/);
    expect(h.writes()).toEqual([]);
  });

  it("in the re-read after AlreadyExists: that target is not written, and the run fails", async () => {
    // The create of org 0 meets a (staged) AlreadyExists; the level-triggered re-read that follows is garbage.
    const alreadyExists = JSON.stringify({
      code: 6,
      message: "Errors.ORG.LockoutPolicy.AlreadyExists (ORG-0olDf)",
      details: [
        {
          "@type": "type.googleapis.com/zitadel.v1.ErrorDetail",
          id: "ORG-0olDf",
          message: "Errors.ORG.LockoutPolicy.AlreadyExists",
        },
      ],
    });
    const r = await through(
      (req) =>
        req.orgId !== orgs[0] || req.path !== ORG_POLICY
          ? undefined
          : req.method === "POST"
            ? respond(409, "application/json", alreadyExists)
            : req.method === "GET" && req.repeat === 2
              ? respond(200, "text/html", CONSOLE_INDEX)
              : undefined,
      ["apply", "--auto-approve"],
    );
    expect(r.code).toBe(1);
    // The target's own line in the report says what happened (the run goes on to report every target).
    expect(r.stdout).toMatch(
      new RegExp(
        `✗ org:${orgs[0]}.*create failed: the server answered AlreadyExists, and the re-read to check it ` +
          `failed: GET ${ORG_POLICY} \\(org ${orgs[0]}\\): HTTP 200: unexpected response: not JSON`,
      ),
    );
    expect(h.writes().filter((w) => w.orgId === orgs[0])).toEqual([]);
    expect(h.emu.control.orgPolicy(orgs[0]!)).toBeNull(); // still inheriting: nothing was forced through
  });

  it("an unclear read after the writes: that target unverified, all reported, exit 1, no journal", async () => {
    // orgs[1]'s reads: 0 the plan's, 1 the preflight, 2 the verification after its update.
    const r = await through(orgRead(2, respond(200, "text/html", CONSOLE_INDEX)), [
      "apply",
      "--auto-approve",
      "--journal",
      "journal.json",
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines.filter((l) => /^ {2}✓ /.test(l))).toHaveLength(4); // the instance and all three orgs were written
    const at = lines.findIndex((l) => l.startsWith(`  ✓ org:${orgs[1]}`));
    expect(lines[at + 1]).toMatch(
      new RegExp(
        `^ {6}not verified: the re-read after the writes failed \\(GET ${ORG_POLICY} \\(org ` +
          `${orgs[1]}\\): HTTP 200: unexpected response: not JSON .*\\); run zitadel-lockout plan to see ` +
          `where it stands$`,
      ),
    );
    expect(r.stdout).toMatch(/Apply failed: 4 applied, 0 failed, 0 not attempted, 1 not verified\./);
    expect(h.ws.exists("journal.json")).toBe(false); // only a verified apply writes the journal
    const replan = await h.cli(["plan", "--detailed-exitcode"]);
    expect(replan.code, replan.stderr).toBe(0); // the writes did land: a fresh plan finds nothing to do
  });

  it("plan says nothing on stdout when a read fails", async () => {
    const r = await through(orgRead(0, respond(200, "application/json", "{}")), [
      "plan",
      "--format",
      "markdown",
      "--out",
      "plan.json",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(h.ws.exists("plan.json")).toBe(false);
  });
});

describe("one-off glitches are retried and the run converges", () => {
  it.each([
    ["a 502 HTML page from a proxy", respond(502, "text/html", NGINX_502)],
    [
      "a body cut off by a dropped connection",
      { kind: "cut", status: 200, contentLength: 400, body: '{"policy":{"details":{"seq' } as Interception,
    ],
  ])("%s", async (_name, answer) => {
    const r = await through(orgRead(0, answer), ["apply", "--auto-approve"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(proxy!.log.filter((x) => x.intercepted)).toHaveLength(1);
    for (const id of orgs)
      expect(h.emu.control.orgPolicy(id)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
  });
});

describe("a server that drips its answer", () => {
  it("is cut off at the per-request timeout even though bytes keep coming, then retried", async () => {
    const started = performance.now();
    // One byte every 200 ms never trips an idle timeout; only the deadline on the whole attempt ends it.
    const r = await through(orgRead(0, { kind: "drip", everyMs: 200 }), ["apply", "--auto-approve", "--timeout", "1"]);
    const seconds = (performance.now() - started) / 1000;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const dripped = proxy!.log.find((x) => x.intercepted)!;
    expect(dripped.endedAt - dripped.startedAt).toBeGreaterThanOrEqual(1000);
    expect(dripped.endedAt - dripped.startedAt).toBeLessThan(3000);
    expect(seconds).toBeLessThan(10);
    for (const id of orgs)
      expect(h.emu.control.orgPolicy(id)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
  }, 30_000);
});

describe("a server that never answers", () => {
  it("times each attempt out, gives up within the retry budget, says so, and writes nothing", async () => {
    let attempts = 0;
    const started = performance.now();
    const never = (req: ProxiedRequest): Interception | undefined => {
      if (req.method !== "GET" || req.orgId !== orgs[1]) return undefined;
      attempts += 1;
      return { kind: "hang" };
    };
    const r = await through(never, ["apply", "--auto-approve", "--timeout", "1"]);
    const seconds = (performance.now() - started) / 1000;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`GET ${ORG_POLICY} (org ${orgs[1]}): no response: timed out after 1 s`);
    expect(attempts).toBeGreaterThanOrEqual(2); // retried…
    expect(attempts).toBeLessThanOrEqual(6); // …a handful of times (README.md#commands)
    expect(h.writes()).toEqual([]);
    // Six attempts of one second plus jittered backoff (0.2 s doubling): well inside the minute budget.
    expect(seconds).toBeGreaterThan(5);
    expect(seconds).toBeLessThan(40);
  }, 60_000);
});

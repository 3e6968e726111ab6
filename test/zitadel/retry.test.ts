import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import { createClient, type ClientOptions, type RequestEvent, type ZitadelClient } from "../../src/zitadel/index.js";
import { parseRetryAfter } from "../../src/zitadel/retry.js";
import { fastClock, manualClock, type TestClock } from "../support/clock.js";
import { cannedZitadel, startFake, zitadelError, type FakeServer, type Handler } from "./support/fake-server.js";

const open: { server: FakeServer; client: ZitadelClient }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.client.close();
    await o.server.close();
  }
});

/** A client of a fake server; its waits go to `clock` (default: skipped at once, and recorded). */
async function setup(handler: Handler, options: Partial<ClientOptions> & { clock?: TestClock } = {}) {
  const server = await startFake(handler);
  const events: RequestEvent[] = [];
  const clock = options.clock ?? fastClock();
  const client = createClient({
    baseUrl: server.url,
    credentials: { kind: "pat", token: "pat-retry-test" },
    retry: { baseDelayMs: 10 },
    onRequest: (e) => events.push(e),
    ...options,
    clock,
  });
  open.push({ server, client });
  return { server, client, events, clock };
}

/** Fails the first `n` requests with `reply`, then answers normally. */
const failFirst =
  (n: number, reply: ReturnType<Handler>): Handler =>
  (req, i) =>
    i < n ? reply : cannedZitadel(req);

describe("retries", () => {
  it.each([
    ["429 JSON", zitadelError(429, 8, "Quota.Access.Exhausted (QUOTA-vjAy8)", "QUOTA-vjAy8")],
    ["429 plain text", { status: 429, text: "Your ZITADEL instance is blocked." }],
    ["502", { status: 502, text: "bad gateway" }],
    ["503", zitadelError(503, 14, "unavailable")],
    ["504", { status: 504, text: "" }],
    ["a dropped connection", { destroy: true as const }],
  ])("retries after %s and succeeds", async (_name, reply) => {
    const { server, client, events } = await setup(failFirst(2, reply));
    const policy = await client.getInstancePolicy();
    expect(policy.settings).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(events.at(-1)?.status).toBe(200);
  });

  it("retries writes too: every write body is the whole target state, so a repeat has the same effect", async () => {
    const { server, client } = await setup(failFirst(1, { status: 503, text: "" }));
    await client.updateOrgPolicy("300000000000000099", { maxPasswordAttempts: 4, maxOtpAttempts: 2 });
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([
      ["PUT", '{"maxPasswordAttempts":4,"maxOtpAttempts":2}'],
      ["PUT", '{"maxPasswordAttempts":4,"maxOtpAttempts":2}'],
    ]);
  });

  it.each([
    ["400", zitadelError(400, 9, "Errors.Org.LockoutPolicy.NotChanged (ORG-0JFSr)", "ORG-0JFSr")],
    ["403", zitadelError(403, 7, "No matching permissions found (AUTH-5mWD2)", "AUTH-5mWD2")],
    ["404", zitadelError(404, 5, "Errors.Org.LockoutPolicy.NotFound (ORG-D4zuz)", "ORG-D4zuz")],
    ["409", zitadelError(409, 6, "Errors.ORG.LockoutPolicy.AlreadyExists (ORG-0olDf)", "ORG-0olDf")],
    ["500", zitadelError(500, 13, "db connection error")],
  ])("does not retry %s", async (_name, reply) => {
    const { server, client } = await setup(() => reply);
    await expect(client.resetOrgPolicy("1")).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
  });

  it("is bounded in attempts and returns the last error", async () => {
    const { server, client } = await setup(() => zitadelError(503, 14, "unavailable"), {
      retry: { maxAttempts: 4, baseDelayMs: 1 },
    });
    const e = (await client.getInstancePolicy().catch((x: unknown) => x)) as ApiError;
    expect(e.info).toMatchObject({ status: 503, code: 14 });
    expect(server.requests).toHaveLength(4);
  });

  it("defaults to 6 attempts", async () => {
    const { server, client } = await setup(() => ({ status: 502, text: "" }), { retry: { baseDelayMs: 1 } });
    await expect(client.getInstancePolicy()).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(6);
  });

  it("is bounded in total time", async () => {
    const retry = { maxAttempts: 100, maxTotalMs: 300, baseDelayMs: 50 };
    const { server, client, clock } = await setup(() => ({ status: 503, text: "" }), { retry });
    const started = clock.now();
    await expect(client.getInstancePolicy()).rejects.toBeInstanceOf(ApiError);
    // On the client's clock (which skips its waits) the budget holds: the last wait is cut to what is left.
    expect(clock.now() - started).toBeLessThan(1500);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(300);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.length).toBeLessThan(100);
  });

  it("honours Retry-After in seconds", async () => {
    const { server, client, clock } = await setup(
      failFirst(1, { status: 429, text: "slow down", headers: { "retry-after": "1" } }),
    );
    const started = clock.now();
    await client.getInstancePolicy();
    expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
    expect(clock.sleeps[0]).toBe(1000); // the server's wait first, then the usual jittered backoff
    expect(server.requests).toHaveLength(2);
  });

  it("fails at once when Retry-After is beyond the time budget", async () => {
    const { server, client, clock } = await setup(() => ({
      status: 429,
      text: "banned",
      headers: { "retry-after": "120" },
    }));
    const started = clock.now();
    const e = (await client.getInstancePolicy().catch((x: unknown) => x)) as ApiError;
    expect(e.info.status).toBe(429);
    expect(clock.now() - started).toBeLessThan(1000);
    expect(clock.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("times out an unresponsive server per attempt, retries, and reports no response", async () => {
    const { server, client } = await setup(() => ({ hang: true }), {
      timeoutMs: 200,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const e = (await client.getInstancePolicy().catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.info.status).toBe(0);
    // Per attempt, then how long the whole thing took: the user waited for both attempts, not 0.2 s.
    expect(e.info.serverMessage).toMatch(/^timed out after 0\.2 s \(gave up after 2 attempts in \d+\.\d s\)$/);
    expect(e.message).toContain("no response");
    expect(server.requests).toHaveLength(2);
  });

  it("reports a single attempt's failure without a retry summary", async () => {
    const { client } = await setup(() => ({ status: 503, text: "busy" }), { retry: { maxAttempts: 1 } });
    const e = (await client.getInstancePolicy().catch((x: unknown) => x)) as ApiError;
    expect(e.info.status).toBe(503);
    expect(e.message).not.toContain("gave up after");
  });

  it("reports a refused connection after retrying", async () => {
    const { server, client, events } = await setup(cannedZitadel, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    await server.close();
    const e = (await client.getInstancePolicy().catch((x: unknown) => x)) as ApiError;
    expect(e.info.status).toBe(0);
    expect(e.info.serverMessage).toMatch(
      /^connection refused \(ECONNREFUSED\) \(gave up after 3 attempts in \d+\.\d s\)$/,
    );
    expect(events.map((x) => [x.status, x.attempt])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
  });
});

describe("Retry-After parsing", () => {
  const now = Date.parse("2025-03-02T10:00:00Z");
  it.each([
    ["3", 3000],
    [" 0 ", 0],
    ["Sun, 02 Mar 2025 10:00:05 GMT", 5000],
    ["Sun, 02 Mar 2025 09:59:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    [undefined, undefined],
  ])("%s → %s ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("limits", () => {
  it("keeps at most `concurrency` requests in flight", async () => {
    const slow: Handler = async (req) => {
      await new Promise((r) => setTimeout(r, 30));
      return cannedZitadel(req);
    };
    const { server, client } = await setup(slow, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.getOrgPolicy(String(i + 1))));
    expect(server.requests).toHaveLength(12);
    expect(server.inFlight.max).toBe(3);
  });

  it("defaults to 8 in flight", async () => {
    const slow: Handler = async (req) => {
      await new Promise((r) => setTimeout(r, 30));
      return cannedZitadel(req);
    };
    const { server, client } = await setup(slow);
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.getOrgPolicy(String(i + 1))));
    expect(server.inFlight.max).toBe(8);
  });

  it("spaces request starts to the configured rate", async () => {
    const { server, client } = await setup(cannedZitadel, { maxRequestsPerSecond: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.getOrgPolicy(String(i + 1))));
    // 6 starts at 20/s: the last starts at least 5 × 50 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(server.requests).toHaveLength(6);
  });

  it("close() stops a request waiting to retry", async () => {
    const clock = manualClock();
    const { client, server } = await setup(() => ({ status: 503, text: "", headers: { "retry-after": "5" } }), {
      clock,
    });
    const pending = client.getInstancePolicy().catch((x: unknown) => x);
    await clock.pending(); // the request is waiting out the server's Retry-After
    expect(clock.sleeps).toEqual([5000]);
    const started = Date.now();
    await client.close();
    const e = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect((e as Error).message).toMatch(/client was closed/);
    expect(server.requests).toHaveLength(1); // time never moved on: no second attempt
  });
});

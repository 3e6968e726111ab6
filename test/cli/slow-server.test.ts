// A slow or overloaded server: the run says on stderr that it is waiting and retrying, instead of sitting
// silent for up to a minute per request; bounded to one line per interval, however many attempts fail.
import { describe, expect, it } from "vitest";
import { NOTICE_INTERVAL_MS, slowServerNotices } from "../../src/cli/slow-server.js";
import { config, harness } from "../reconcile/harness.js";
import { createClient } from "../../src/zitadel/index.js";

const event = (over: Partial<{ status: number; ms: number; attempt: number; retryable: boolean }> = {}) => ({
  method: "GET",
  path: "/management/v1/policies/lockout",
  status: 0,
  ms: 30_000,
  attempt: 1,
  retryable: true,
  ...over,
});

describe("slow-server notices", () => {
  it("says at once that it is waiting, then sums up at most once per interval", () => {
    const out: string[] = [];
    let t = 0;
    const notice = slowServerNotices(
      (s) => out.push(s),
      30_000,
      () => t,
    );
    notice(event());
    expect(out).toEqual([
      "Waiting on the server: GET /management/v1/policies/lockout got no answer within 30 s (attempt 1). " +
        "Such requests are retried, for up to a minute each; interrupt (Ctrl-C) to stop.\n",
    ]);
    for (let i = 0; i < 50; i++) {
      t += 100;
      notice(event({ status: 503, ms: 5, attempt: 2 }));
    }
    expect(out).toHaveLength(1);
    t = NOTICE_INTERVAL_MS + 1;
    notice(event({ status: 429, ms: 5, attempt: 3 }));
    expect(out[1]).toBe(
      "Still waiting on the server: 51 slow or refused attempts since the last notice (latest: GET " +
        "/management/v1/policies/lockout was answered HTTP 429 (attempt 3)).\n",
    );
  });

  it("stays quiet for answers and failures that are not waiting: success, 4xx, a fast network error", () => {
    const out: string[] = [];
    const notice = slowServerNotices(
      (s) => out.push(s),
      30_000,
      () => 0,
    );
    const final = { retryable: false };
    for (const e of [
      event({ status: 200, ms: 3, ...final }),
      event({ status: 403, ms: 3, ...final }),
      event({ status: 404, ms: 3, ...final }),
      event({ status: 0, ms: 20, ...final }),
    ])
      notice(e);
    expect(out).toEqual([]);
  });

  it("also reports refused or dropped connections that the client retries", () => {
    const out: string[] = [];
    const notice = slowServerNotices(
      (s) => out.push(s),
      30_000,
      () => 0,
    );
    notice(event({ status: 0, ms: 2 }));
    expect(out).toEqual([
      "Waiting on the server: GET /management/v1/policies/lockout could not connect or lost the " +
        "connection (attempt 1). Such requests are retried, for up to a minute each; interrupt (Ctrl-C) to " +
        "stop.\n",
    ]);
  });

  it("hears of a refused connection from the client (the transport marks it retryable)", async () => {
    const out: string[] = [];
    const client = createClient({
      baseUrl: "http://127.0.0.1:1",
      credentials: { kind: "pat", token: "t" },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      onRequest: slowServerNotices((line) => out.push(line), 30_000),
    });
    try {
      await expect(client.getInstancePolicy()).rejects.toThrow(
        /connection refused \(ECONNREFUSED\) \(gave up after 3 attempts/,
      );
    } finally {
      await client.close();
    }
    expect(out).toEqual([
      expect.stringMatching(
        new RegExp(
          /^Waiting on the server: GET \/v2\/settings\/lockout\?ctx\.instance=true could not /.source +
            /connect or lost the connection \(attempt 1\)/.source,
        ),
      ),
    ]);
  });

  it("is wired into the commands that talk to a server", async () => {
    const h = await harness({ seed: 7, faults: { firstAttempts: 1, kinds: ["503"] } });
    try {
      h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 5" }));
      const r = await h.cli(["plan"]);
      expect(r.stderr).toMatch(
        /^Waiting on the server: \S+ \S+ was answered HTTP 503 \(attempt \d\)\. Such requests are retried/m,
      );
      expect(r.stdout).not.toContain("Waiting on the server");
    } finally {
      await h.close();
    }
  });
});

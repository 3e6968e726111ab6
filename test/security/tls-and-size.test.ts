// Issue #11, transport: TLS verification stays on whatever the environment says (NODE_TLS_REJECT_UNAUTHORIZED=0
// turned it off before), checked on the built CLI against a self-signed server on 127.0.0.1; and an answer
// bigger than the cap ends the run with a clear error instead of being read into memory.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RESPONSE_BYTES } from "../../src/zitadel/transport.js";
import { run } from "../support/io.js";
import { workspace, type Workspace } from "../support/workspace.js";

const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url)));
const TOKEN = "tls-test-token-0123456789abcdef";

let ws: Workspace;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  ws = workspace();
  ws.write("lockout.yaml", "version: 1\ninstance:\n  maxPasswordAttempts: 5\n");
});
afterAll(() => ws.remove());

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

describe("a self-signed server on 127.0.0.1", () => {
  let server: Server;
  let url: string;
  let requests = 0;
  beforeAll(async () => {
    server = createServer({ key: fixture("self-signed.key"), cert: fixture("self-signed.crt") }, (_req, res) => {
      requests++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([["plan"], ["apply", "--auto-approve"], ["export"]])(
    "%s: NODE_TLS_REJECT_UNAUTHORIZED=0 does not turn verification off",
    async (...argv) => {
      const r = await cli([...argv, "--url", url, "--retries", "0"], {
        ZITADEL_TOKEN: TOKEN,
        NODE_TLS_REJECT_UNAUTHORIZED: "0",
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("the server's TLS certificate is not trusted");
      expect(requests).toBe(0); // no request, so no Authorization header, ever reached it
    },
  );
});

describe("an answer larger than the cap", () => {
  let server: HttpServer;
  let url: string;
  beforeAll(async () => {
    // 1 GB announced, streamed in 1 MB chunks for as long as the client reads.
    server = createHttpServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(1024 ** 3) });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
      };
      res.on("drain", pump);
      req.socket.once("close", () => res.removeListener("drain", pump));
      pump();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("ends the run with a clear error after reading at most the cap", async () => {
    const before = process.memoryUsage().rss;
    const r = await run(["plan", "--url", url, "--retries", "0"], { cwd: ws.dir, env: { ZITADEL_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `the response is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB and was not read further`,
    );
    // Far below the gigabyte offered (the RSS of this test process, which ran the CLI in-process).
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 30_000);
});

import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { createClient, isLoopbackHost } from "../../src/zitadel/index.js";
import { parseBaseUrl } from "../../src/zitadel/base-url.js";
import { startFake } from "./support/fake-server.js";

const pat = { kind: "pat", token: "pat-secret-value" } as const;

describe("base URL", () => {
  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["[::1]", true],
    ["example.com", false],
    ["10.0.0.1", false],
    ["127.example.com", false],
    ["localhost.example.com", false],
  ])("isLoopbackHost(%s) = %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it("refuses plain http to a non-loopback host before any connection, naming --insecure-http", () => {
    expect(() => createClient({ baseUrl: "http://zitadel.example.com", credentials: pat })).toThrow(UsageError);
    expect(() => createClient({ baseUrl: "http://zitadel.example.com", credentials: pat })).toThrow(/--insecure-http/);
  });

  it("allows plain http to a non-loopback host with insecureHttp, and to loopback without it", async () => {
    const a = createClient({ baseUrl: "http://zitadel.example.com", credentials: pat, insecureHttp: true });
    const b = createClient({ baseUrl: "http://localhost:8080/", credentials: pat });
    expect(a.baseUrl).toBe("http://zitadel.example.com");
    expect(b.baseUrl).toBe("http://localhost:8080");
    await Promise.all([a.close(), b.close()]);
  });

  it("refuses credentials in the URL without repeating them", () => {
    let message = "";
    try {
      parseBaseUrl("https://admin:hunter22@zitadel.example.com", false);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/must not contain credentials/);
    expect(message).not.toContain("hunter22");
  });

  it.each(["ftp://zitadel.example.com", "not a url", "https://zitadel.example.com/?x=1"])("refuses %s", (url) => {
    expect(() => parseBaseUrl(url, false)).toThrow(UsageError);
  });

  it("keeps a path prefix (ZITADEL behind a path-routing proxy) in front of every API path", async () => {
    const server = await startFake(() => ({
      json: { details: { sequence: "1" }, settings: { resourceOwnerType: "RESOURCE_OWNER_TYPE_INSTANCE" } },
    }));
    const client = createClient({ baseUrl: `${server.url}/zitadel/`, credentials: pat });
    try {
      expect(client.baseUrl).toBe(`${server.url}/zitadel`);
      await client.getInstancePolicy();
      expect(server.requests[0]?.path).toBe("/zitadel/v2/settings/lockout");
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("validates numeric options", () => {
    expect(() => createClient({ baseUrl: "https://z.example.com", credentials: pat, concurrency: 0 })).toThrow(
      /concurrency must be a positive integer/,
    );
    expect(() => createClient({ baseUrl: "https://z.example.com", credentials: pat, timeoutMs: -1 })).toThrow(
      /timeout/,
    );
    expect(() => createClient({ baseUrl: "https://z.example.com", credentials: pat, maxRequestsPerSecond: 0 })).toThrow(
      /request rate/,
    );
  });
});

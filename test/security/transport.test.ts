// Issue #7: the Authorization header (a PAT, an obtained access token, or client credentials as HTTP Basic)
// never goes to a host other than the configured server — redirects are not followed, a plan file for one
// server is not applied with credentials meant for another — and plain http:// to a host that is not
// loopback is refused before any connection is made, wherever the URL comes from.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { credentialEnvs } from "./secrets.js";

interface Recorder {
  readonly url: string;
  readonly connections: number;
  readonly requests: readonly { method: string; path: string; authorization?: string }[];
  close(): Promise<void>;
}

/** A server that records every connection and request; it answers `answer` (default: a ZITADEL 404). */
async function recorder(
  host: string,
  answer?: (path: string, res: import("node:http").ServerResponse) => void,
): Promise<Recorder> {
  const requests: { method: string; path: string; authorization?: string }[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (answer) return answer(req.url ?? "/", res);
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: 5, message: "Not Found" }));
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    get connections() {
      return connections;
    },
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A host that is not loopback but reaches this machine: an interface address, else 0.0.0.0 (which Linux routes
 * locally).
 */
function nonLoopbackHost(): string {
  const v4 = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal);
  return v4?.address ?? "0.0.0.0";
}

let h: Harness;
beforeAll(async () => {
  h = await harness();
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
  h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5" }));
});
afterAll(async () => h.close());

const kinds = () => credentialEnvs(h.emu, h.emu.url);

describe("Authorization never goes to another host", () => {
  it.each([
    ["pat", 301],
    ["pat", 302],
    ["pat", 303],
    ["client credentials", 307],
    ["key file", 308],
  ] as const)("a %s run does not follow a %i redirect to another host", async (kind, status) => {
    const elsewhere = await recorder("127.0.0.2");
    // The server redirects everything — the token endpoint included — to another host.
    const redirector = await recorder("127.0.0.1", (path, res) => {
      res.writeHead(status, { location: `${elsewhere.url}${path}`, "content-type": "text/html" });
      res.end(`<html><body>Moved to <a href="${elsewhere.url}${path}">here</a></body></html>`);
    });
    try {
      for (const argv of [["plan"], ["apply", "--auto-approve"], ["drift"], ["export"]]) {
        const r = await h.cli([...argv, "--url", redirector.url], kinds()[kind]);
        expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(`HTTP ${status}: redirect to ${elsewhere.url.replace(/\./g, "\\.")}/\\S+ \\(not followed\\)`),
        );
      }
      expect(redirector.requests.length).toBeGreaterThan(0);
      expect(elsewhere.connections).toBe(0);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await redirector.close();
      await elsewhere.close();
    }
  });

  it("a plan file for another server is refused before any connection when ZITADEL_URL names this one", async () => {
    const elsewhere = await recorder("127.0.0.2");
    try {
      const plan = await h.cli(["plan", "--out", "here.json"]);
      expect(plan.code, plan.stderr).toBe(0);
      h.ws.write(
        "there.json",
        h.ws.read("here.json").replace(JSON.stringify(h.emu.url), JSON.stringify(elsewhere.url)),
      );
      h.emu.clearLog();
      for (const kind of ["pat", "client credentials", "key file"] as const) {
        const r = await h.cli(["apply", "there.json"], { ...kinds()[kind], ZITADEL_URL: h.emu.url });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`the plan was made for ${elsewhere.url}, but ZITADEL_URL names ${h.emu.url}`);
        const flag = await h.cli(["apply", "here.json", "--url", elsewhere.url], kinds()[kind]);
        expect(flag.code).toBe(1);
        expect(flag.stderr).toContain(`the plan was made for ${h.emu.url}, but --url names ${elsewhere.url}`);
      }
      expect(elsewhere.connections).toBe(0);
      expect(h.emu.requestLog).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe("plain http:// to a host that is not loopback", () => {
  let server: Recorder;
  beforeAll(async () => {
    server = await recorder(nonLoopbackHost());
  });
  afterAll(async () => server.close());

  it("is refused before any connection, the URL coming from --url, ZITADEL_URL, server: or a plan file", async () => {
    const refusal =
      `refusing plain http:// to ${new URL(server.url).host}: the access token would travel unencrypted; ` +
      `use https:// or pass --insecure-http if you really mean it`;
    h.ws.write("remote.yaml", `version: 1\nserver: ${server.url}\ninstance:\n  maxPasswordAttempts: 5\n`);
    const local = await h.cli(["plan", "--out", "local.json"]);
    expect(local.code, local.stderr).toBe(0);
    h.ws.write(
      "remote-plan.json",
      h.ws.read("local.json").replace(JSON.stringify(h.emu.url), JSON.stringify(server.url)),
    );
    const cases: [string, string[], Record<string, string | undefined>][] = [];
    for (const [kind, env] of Object.entries(kinds())) {
      for (const cmd of ["plan", "drift", "export"])
        cases.push([`${cmd} --url (${kind})`, [cmd, "--url", server.url], env]);
      cases.push([`apply ZITADEL_URL (${kind})`, ["apply", "--auto-approve"], { ...env, ZITADEL_URL: server.url }]);
      cases.push([`plan server: (${kind})`, ["plan", "-f", "remote.yaml"], { ...env, ZITADEL_URL: undefined }]);
      cases.push([
        `apply PLANFILE (${kind})`,
        ["apply", "remote-plan.json", "-f", "remote.yaml"],
        { ...env, ZITADEL_URL: undefined },
      ]);
    }
    for (const [name, argv, env] of cases) {
      const r = await h.cli(argv, env);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toContain(refusal);
    }
    expect(server.connections).toBe(0);
  });

  it("is allowed with --insecure-http (so it is the refusal that kept the connection from being made)", async () => {
    const r = await h.cli(["plan", "--url", server.url, "--insecure-http"]);
    expect(r.code).toBe(1); // the recorder is not ZITADEL: it answers 404
    expect(server.connections).toBeGreaterThan(0);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/v2/settings/lockout?ctx.instance=true" });
  });

  it("loopback hosts need no flag: localhost, 127.0.0.0/8 and [::1] are not refused", async () => {
    for (const host of ["localhost", "127.0.0.1"]) {
      const url = h.emu.url.replace("127.0.0.1", host);
      const r = await h.cli(["plan", "--url", url]);
      expect(r.code, `${host}: ${r.stderr}`).toBe(0);
    }
    for (const host of ["127.8.9.10", "::1"]) {
      const other = await recorder(host);
      try {
        const r = await h.cli(["plan", "--url", other.url]);
        expect(r.stderr, host).not.toContain("refusing plain http://");
        expect(other.requests.length, host).toBeGreaterThan(0); // it did connect (and met a 404)
      } finally {
        await other.close();
      }
    }
  });
});

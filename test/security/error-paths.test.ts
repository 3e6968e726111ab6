// Issue #7, the failure side: credentials stay out of every message when things go wrong — a token
// endpoint that echoes the client's Basic header or JWT assertion back, an API that echoes the access token
// it was just issued, a key file that is broken in ways that put key material next to the error.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { credentialEnvs, expectNoSecret, givenSecrets } from "./secrets.js";

/** Issued by the hostile server below, then echoed back by it: a secret the client obtained. */
const OBTAINED = "obtained-canary-access-token-5f0c2a9e7d41b3";

type Mode = "oauth-error-echo" | "html-echo" | "issue-then-echo";

let h: Harness;
let hostile: { url: string; bodies: string[]; setMode(m: Mode): void; close(): Promise<void> };

beforeAll(async () => {
  h = await harness();
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
  h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5" }));
  let mode: Mode = "oauth-error-echo";
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      bodies.push(body);
      const echo = `authorization=${req.headers.authorization ?? ""} body=${body}`;
      const token = req.url?.startsWith("/oauth/v2/token");
      if (mode === "issue-then-echo" && token) {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ access_token: OBTAINED, token_type: "Bearer", expires_in: 3600 }));
      }
      if (mode === "html-echo") {
        res.writeHead(500, { "content-type": "text/html" });
        return res.end(`<html><head><title>500 ${echo}</title></head><body><pre>${echo}</pre></body></html>`);
      }
      if (token) {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "invalid_client", error_description: `rejected ${echo}` }));
      }
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 7, message: `No matching permissions found for ${echo}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hostile = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    setMode: (m) => void (mode = m),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
});
afterAll(async () => {
  await hostile.close();
  await h.close();
});

const envs = () => credentialEnvs(h.emu, h.emu.url);

/** The JWT assertions the key-file runs sent (they are secrets too: a replayable proof of the key). */
const assertions = () =>
  hostile.bodies.map((b) => new URLSearchParams(b).get("assertion")).filter((a): a is string => a !== null);

describe("a hostile server echoing what it was sent", () => {
  it.each(["oauth-error-echo", "html-echo", "issue-then-echo"] as const)(
    "%s: the message is shown, no secret is",
    async (mode) => {
      hostile.setMode(mode);
      const outputs: Record<string, string> = {};
      for (const [kind, env] of Object.entries(envs())) {
        for (const argv of [
          ["plan", "--format", "markdown"],
          ["apply", "--auto-approve", "--format", "json"],
          ["drift"],
          ["export"],
        ]) {
          const r = await h.cli([...argv, "--url", hostile.url, "--timeout", "2"], env);
          expect(r.code, `${kind} ${argv[0]}`).toBe(1);
          outputs[`${kind} ${argv.join(" ")} stdout`] = r.stdout;
          outputs[`${kind} ${argv.join(" ")} stderr`] = r.stderr;
        }
      }
      const all = Object.values(outputs).join("\n");
      // The server's words reach the user — with the secrets cut out of them.
      expect(all).toMatch(
        mode === "html-echo"
          ? /non-JSON body \(text\/html\): "500 authorization=(Bearer|Basic) \[redacted\]/
          : /authorization=(Bearer|Basic) \[redacted\]/,
      );
      if (mode === "issue-then-echo") expect(all).toContain(`authorization=Bearer [redacted]`);
      expect(assertions().length).toBeGreaterThan(0);
      expectNoSecret([...givenSecrets(h.emu), OBTAINED, ...assertions()], outputs);
    },
    60_000,
  );
});

describe("a broken key file", () => {
  const pem = () => h.emu.credentials.iamOwnerKeyFile.key;
  const keyFile = () => h.emu.credentials.iamOwnerKeyFile;
  const cases: [string, () => string][] = [
    ["not JSON, the key inside", () => `{"type":"serviceaccount","key":"${pem()}`],
    ["the PEM swapped into another field", () => JSON.stringify({ ...keyFile(), type: pem() })],
    [
      "the key id holding the PEM, the key damaged",
      () => JSON.stringify({ ...keyFile(), key: pem().replace(/[A-Za-z]{20}/, "!!!!"), keyId: 7 }),
    ],
    [
      "a corrupted PEM body",
      () => JSON.stringify({ ...keyFile(), key: pem().replace("-----END", "CORRUPTED-----END") }),
    ],
  ];
  it.each(cases)("%s: the error names the file and the problem, never the contents", async (_name, text) => {
    h.ws.write("broken-key.json", text());
    const r = await h.cli(["plan", "--key-file", "broken-key.json"], envs()["key file"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/key file broken-key\.json: /);
    expectNoSecret(givenSecrets(h.emu), { stdout: r.stdout, stderr: r.stderr });
  });
});

describe("the leak check itself", () => {
  it("fails on a secret in raw or URL-encoded form, and passes on clean text", () => {
    const secret = "a+secret/with=characters-0123456789";
    expect(() => expectNoSecret([secret], { out: `x ${secret} y` })).toThrow(/secret #0 \(35 chars\) appears in out/);
    expect(() => expectNoSecret([secret], { out: `?q=${encodeURIComponent(secret)}` })).toThrow();
    expect(() => expectNoSecret([secret], { out: "nothing to see" })).not.toThrow();
  });
});

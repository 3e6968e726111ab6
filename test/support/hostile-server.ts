// A hostile server for tests: it sits in front of a real (emulated) ZITADEL and, in the place a test
// chooses, echoes back the credentials each request carried — the Authorization header as sent, the
// client id:secret inside a Basic header, a JWT-profile assertion — raw or encoded. Anything it echoes is
// something the client must never print or write. It records every credential it saw, so a test can check
// all of them (and the tokens the upstream issued) against every output.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { request, type Dispatcher } from "undici";

/** Where the echo goes. 2xx places keep the upstream's answer and plant the echo in one field. */
export const ECHO_PLACES = [
  "org-name", // 2xx: every org's name in an org search
  "resource-owner", // 2xx: details.resourceOwner of every policy read and write
  "field-value", // 2xx: a lockout count, as a string
  "sequence", // 2xx: details.sequence
  "change-date", // 2xx: details.changeDate
  "object-key", // 2xx: a key of the response object
  "token-type", // 2xx from the token endpoint: token_type (the access token stays valid)
  "content-type", // 2xx: a non-JSON body whose content type is the echo
  "error-message", // 400: ZITADEL's JSON error with the echo in its message
  "long-error", // 500: a plain-text body with the echo after 290 characters (a cut at 300 would keep half)
  "html-title", // 502: a proxy's HTML page with the echo in its title
  "oauth-error", // 401 from the token endpoint: error_description
  "redirect", // 302: the echo in the Location path
] as const;
export type EchoPlace = (typeof ECHO_PLACES)[number];

export const ECHO_ENCODINGS = ["raw", "base64", "base64url", "json-unicode", "url"] as const;
export type EchoEncoding = (typeof ECHO_ENCODINGS)[number];

export interface HostileServer {
  readonly url: string;
  /** How many answers carried an echo since the last setEcho(). */
  readonly echoes: number;
  setEcho(place: EchoPlace, encoding?: EchoEncoding): void;
  /**
   * Every credential the clients sent (header values, Basic id:secret, assertions) and every token the upstream issued.
   */
  secrets(): string[];
  close(): Promise<void>;
}

const TOKEN_PATH = "/oauth/v2/token";

/** What the request carried that a server could echo: the whole header, the decoded Basic pair, the assertion. */
function credentialsOf(req: IncomingMessage, body: string): string[] {
  const found: string[] = [];
  const auth = req.headers.authorization;
  if (auth) {
    found.push(auth);
    const basic = /^Basic (.+)$/.exec(auth)?.[1];
    if (basic) found.push(Buffer.from(basic, "base64").toString("utf8"));
  }
  if (req.url?.startsWith(TOKEN_PATH)) {
    const assertion = new URLSearchParams(body).get("assertion");
    if (assertion) found.push(assertion);
  }
  return found;
}

/** The echo as a JSON string literal, in the chosen encoding. */
function jsonLiteral(echo: string, encoding: EchoEncoding): string {
  switch (encoding) {
    case "raw":
      return JSON.stringify(echo);
    case "base64":
      return JSON.stringify(Buffer.from(echo).toString("base64"));
    case "base64url":
      return JSON.stringify(Buffer.from(echo).toString("base64url"));
    case "url":
      return JSON.stringify(encodeURIComponent(echo));
    case "json-unicode":
      // Every character as \uXXXX: the bytes on the wire hold no run of the secret, the decoded string does.
      return `"${[...echo].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`;
  }
}

/** The echo as plain text (headers, text bodies): JSON's escapes mean nothing there. */
function textForm(echo: string, encoding: EchoEncoding): string {
  return encoding === "json-unicode" ? echo : (JSON.parse(jsonLiteral(echo, encoding)) as string);
}

type Json = Record<string, unknown>;
const MARK = "\u0000ECHO\u0000";
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Plants MARK in the answer's field for `place`; false when this answer has no such field. */
function plant(place: EchoPlace, path: string, json: unknown): boolean {
  if (!isObj(json)) return false;
  const details = [json.details, isObj(json.policy) ? json.policy.details : undefined].filter(isObj);
  switch (place) {
    case "org-name":
      if (!Array.isArray(json.result)) return false;
      for (const o of json.result) if (isObj(o)) o.name = MARK;
      return json.result.length > 0;
    case "resource-owner":
      for (const d of details) d.resourceOwner = MARK;
      return details.length > 0;
    case "sequence":
      for (const d of details) d.sequence = MARK;
      return details.length > 0;
    case "change-date":
      for (const d of details) d.changeDate = MARK;
      return details.length > 0;
    case "field-value": {
      const holder = isObj(json.policy) ? json.policy : isObj(json.settings) ? json.settings : undefined;
      if (!holder) return false;
      holder.maxPasswordAttempts = MARK;
      return true;
    }
    case "object-key":
      if (path.startsWith(TOKEN_PATH)) return false;
      json[MARK] = 1;
      return true;
    case "token-type":
      if (!path.startsWith(TOKEN_PATH)) return false;
      json.token_type = MARK;
      return true;
    default:
      return false;
  }
}

export async function startHostileServer(upstream: string): Promise<HostileServer> {
  let place: EchoPlace = "org-name";
  let encoding: EchoEncoding = "raw";
  let echoes = 0;
  const seen = new Set<string>();

  const server: Server = createServer((req, res) => void handle(req, res).catch(() => req.socket.destroy()));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = req.url ?? "/";
    const creds = credentialsOf(req, body);
    for (const c of creds) seen.add(c.replace(/^(Bearer|Basic) /, "")).add(c);
    const echo = creds.join(" ");
    const text = textForm(echo, encoding);
    const isToken = path.startsWith(TOKEN_PATH);
    const send = (status: number, type: string, payload: string, extra: Record<string, string> = {}) => {
      echoes += echo === "" ? 0 : 1;
      res.writeHead(status, { "content-type": type, ...extra });
      res.end(payload);
    };
    if (echo !== "") {
      if (place === "error-message" && !isToken)
        return send(
          400,
          "application/json",
          `{"code":3,"message":${jsonLiteral(`invalid request from ${echo}`, encoding)}}`,
        );
      if (place === "long-error") return send(500, "text/plain", `${"x".repeat(290)}${text}`);
      if (place === "html-title")
        return send(
          502,
          "text/html",
          `<html><head><title>${"Bad Gateway ".repeat(20)}${text}</title></head><body>${text}</body></html>`,
        );
      if (place === "oauth-error" && isToken)
        return send(
          401,
          "application/json",
          `{"error":"invalid_client","error_description":${jsonLiteral(echo, encoding)}}`,
        );
      if (place === "redirect")
        return send(302, "text/html", "moved", { location: `http://127.0.0.1:1/${encodeURIComponent(text)}` });
      if (place === "content-type" && !isToken)
        return send(
          200,
          `text/plain; echo=${Buffer.from(text)
            .toString("latin1")
            .replace(/[^\x21-\x7e]/g, "_")}`,
          "not json",
        );
    }
    // The Host header goes along: the upstream derives its issuer (a JWT assertion's audience) from it.
    const answer = await request(new URL(path, upstream), {
      method: (req.method ?? "GET") as Dispatcher.HttpMethod,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] => typeof e[1] === "string" && e[0] !== "content-length",
        ),
      ),
      ...(body !== "" ? { body } : {}),
    });
    const upstreamText = await answer.body.text();
    const ok = answer.statusCode >= 200 && answer.statusCode < 300;
    if (isToken && ok) {
      const token = (JSON.parse(upstreamText) as { access_token?: string }).access_token;
      if (token) seen.add(token).add(`Bearer ${token}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(upstreamText);
    } catch {
      json = undefined;
    }
    if (echo !== "" && ok && plant(place, path, json)) {
      return send(
        answer.statusCode,
        "application/json",
        JSON.stringify(json).split(JSON.stringify(MARK)).join(jsonLiteral(echo, encoding)),
      );
    }
    const type = answer.headers["content-type"];
    res.writeHead(answer.statusCode, { "content-type": typeof type === "string" ? type : "application/json" });
    res.end(upstreamText);
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get echoes() {
      return echoes;
    },
    setEcho(p, e = "raw") {
      place = p;
      encoding = e;
      echoes = 0;
    },
    secrets: () => [...seen],
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

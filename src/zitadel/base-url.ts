// Checks and normalises the server URL before any connection is made.
import { isIPv4 } from "node:net";
import { UsageError } from "../errors.js";
import { judgeServerUrl } from "../rules.js";

export interface BaseUrl {
  /** scheme://host[:port], what the connection pool and the JWT audience use. */
  readonly origin: string;
  /** A path prefix in front of every API path ("" for none), for ZITADEL behind a path-routing proxy. */
  readonly prefix: string;
  /** origin + prefix: the client's `baseUrl`. */
  readonly href: string;
}

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine (README.md#commands). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost" || host === "::1") return true;
  return isIPv4(host) && host.startsWith("127.");
}

const PROBLEM_TEXT = {
  scheme: "only https:// (or http:// to a loopback host) is supported",
  credentials: "must not contain credentials; use ZITADEL_TOKEN, a key file or client credentials",
  "query-or-fragment": "must not have a query or fragment",
} as const;

/**
 * Parses `raw` and refuses what could leak credentials: plain http to a non-loopback host (unless
 * `insecureHttp`), credentials embedded in the URL, schemes other than http(s), queries and fragments.
 */
export function parseBaseUrl(raw: string, insecureHttp: boolean): BaseUrl {
  const verdict = judgeServerUrl(raw.trim());
  // Never quoted: the text holds a user name or password (judgeServerUrl decides that before parsing).
  if (!verdict.ok && verdict.problem === "credentials") throw new UsageError(`server URL ${PROBLEM_TEXT.credentials}`);
  if (!verdict.ok && verdict.problem === "invalid") {
    throw new UsageError(`server URL "${raw}" is not a valid URL (expected e.g. https://acme.zitadel.cloud)`);
  }
  const url = verdict.url;
  // From here on messages show the URL without any userinfo, which might hold a password.
  const shown = `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  if (!verdict.ok) throw new UsageError(`server URL ${shown}: ${PROBLEM_TEXT[verdict.problem]}`);
  if (url.protocol === "http:" && !insecureHttp && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing plain http:// to ${url.host}: the access token would travel unencrypted; ` +
        `use https:// or pass --insecure-http if you really mean it`,
    );
  }
  const prefix = url.pathname.replace(/\/+$/, "");
  return { origin: url.origin, prefix, href: url.origin + prefix };
}

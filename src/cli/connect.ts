// Which server, which credentials: the rules of README.md#commands, read from flags and the environment.
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { FileReadError, readBounded } from "../desired/index.js";
import { assertNever } from "../model.js";
import { judgeServerUrl, normalizedServer } from "../rules.js";
import { createClient, parseKeyFile, type Credentials, type ZitadelClient } from "../zitadel/index.js";
import type { Io } from "./io.js";
import type { ConnectionFlags } from "./options.js";
import { slowServerNotices } from "./slow-server.js";
import { describeFileError } from "./file-error.js";

/**
 * --url, else ZITADEL_URL, else `server:` from the config. `readsConfig: false` for commands that take no
 * config (export), so the error does not suggest one.
 */
export function resolveServer(
  flags: ConnectionFlags,
  io: Io,
  configured?: string,
  { readsConfig = true } = {},
): string {
  const url = flags.url ?? io.env.ZITADEL_URL ?? configured;
  if (!url)
    throw new UsageError(
      `no server: pass --url or set ZITADEL_URL${readsConfig ? ", or write server: in the config" : ""}`,
    );
  // Name where the URL came from: a stale ZITADEL_URL in the shell is easy to forget.
  const source =
    flags.url !== undefined ? "--url" : io.env.ZITADEL_URL !== undefined ? "ZITADEL_URL" : "server: in the config";
  // A URL with "@" (user:password@) is refused as "credentials" before any message could quote it.
  const shown = url;
  const example = "e.g. https://acme.zitadel.cloud, or http://127.0.0.1:PORT for the emulator";
  const verdict = judgeServerUrl(url);
  if (verdict.ok) return normalizedServer(verdict.url);
  switch (verdict.problem) {
    case "invalid":
      throw new UsageError(
        `the server URL "${shown}" (${source}) is not a valid URL; write it with https:// (${example})`,
      );
    case "scheme":
      // "localhost:8080" parses as scheme "localhost:": say what is missing rather than quote a made-up scheme.
      if (!url.includes("://"))
        throw new UsageError(`the server URL "${shown}" (${source}) has no https:// in front (${example})`);
      throw new UsageError(`the server URL must start with https:// (got ${verdict.url.protocol}// from ${source})`);
    case "credentials":
      throw new UsageError(
        `the server URL (${source}) must not contain credentials (a user name or password before an @); ` +
          "use ZITADEL_TOKEN or a key file",
      );
    case "query-or-fragment":
      // Dropped here as before; the client refuses such a URL when it is given one directly (zitadel/base-url.ts).
      return normalizedServer(verdict.url);
    default:
      return assertNever(verdict);
  }
}

/** ZITADEL's key files are about 2 KB. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

const KIND_TEXT: Record<Credentials["kind"], string> = {
  "key-file": "a service-account key (JWT profile)",
  "client-credentials": "client credentials (ZITADEL_CLIENT_ID)",
  pat: "a token (ZITADEL_TOKEN)",
};

/**
 * Order (README.md#commands): --key-file, ZITADEL_KEY_FILE, ZITADEL_CLIENT_ID + ZITADEL_CLIENT_SECRET, ZITADEL_TOKEN.
 */
async function resolveCredentials(flags: ConnectionFlags, io: Io): Promise<Credentials> {
  const keyPath = flags.keyFile ?? io.env.ZITADEL_KEY_FILE;
  if (keyPath) {
    const path = resolve(io.cwd, keyPath);
    let text: string;
    try {
      // Bounded, and never a FIFO or a device: either could hang the run before the first request.
      text = Buffer.from(
        await readBounded(path, { maxBytes: MAX_KEY_FILE_BYTES, sizeHint: "a key file is a few kilobytes" }),
      ).toString("utf8");
    } catch (err) {
      throw new UsageError(
        `cannot read the key file ${keyPath}: ${err instanceof FileReadError ? err.message : describeFileError(err)}`,
      );
    }
    return { kind: "key-file", key: parseKeyFile(text, keyPath), source: keyPath };
  }
  const { ZITADEL_CLIENT_ID: clientId, ZITADEL_CLIENT_SECRET: clientSecret, ZITADEL_TOKEN: token } = io.env;
  if (clientId || clientSecret) {
    if (!clientId || !clientSecret)
      throw new UsageError("client credentials need both ZITADEL_CLIENT_ID and ZITADEL_CLIENT_SECRET");
    return { kind: "client-credentials", clientId, clientSecret };
  }
  if (token) return { kind: "pat", token };
  throw new UsageError(
    "no credentials: set ZITADEL_TOKEN, ZITADEL_KEY_FILE (or --key-file), or ZITADEL_CLIENT_ID and " +
      "ZITADEL_CLIENT_SECRET",
  );
}

export async function connect(flags: ConnectionFlags, io: Io, server: string): Promise<ZitadelClient> {
  const credentials = await resolveCredentials(flags, io);
  const client = createClient({
    baseUrl: server,
    credentials,
    timeoutMs: flags.timeout * 1000,
    concurrency: flags.concurrency,
    retry: { maxAttempts: flags.retries + 1 },
    ...(flags.rateLimit !== undefined ? { maxRequestsPerSecond: flags.rateLimit } : {}),
    ...(flags.insecureHttp ? { insecureHttp: true } : {}),
    onRequest: slowServerNotices(io.stderr, flags.timeout * 1000, () => io.clock.now()),
    clock: io.clock,
  });
  io.stderr(
    `Connecting to ${server} with ` +
      `${KIND_TEXT[credentials.kind]}${credentials.kind === "key-file" ? ` from ${credentials.source}` : ""}.\n`,
  );
  return client;
}

// Every secret a run can hold, and the check that none of them shows up in a text. Besides the credentials
// given (PAT, client secret, key file), a recording proxy in front of the server collects what the run
// obtained or derived on the wire: access tokens from the token endpoint, JWT-profile assertions, and the
// HTTP Basic value of client id + secret.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { harness, type Harness } from "../reconcile/harness.js";
import type { Proxy } from "../scale/proxy.js";

/** The three kinds of credentials every sweep runs with. */
export const CREDENTIAL_KINDS = ["pat", "client credentials", "key file"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * The environment of a run with one kind of credentials against `url` (the key file as "key.json" in the
 * working directory), every other kind explicitly unset so that precedence cannot pick another one.
 */
export function credentialEnv(emu: Emulator, kind: CredentialKind, url: string): Record<string, string | undefined> {
  const c = emu.credentials;
  const none = {
    ZITADEL_TOKEN: undefined,
    ZITADEL_CLIENT_ID: undefined,
    ZITADEL_CLIENT_SECRET: undefined,
    ZITADEL_KEY_FILE: undefined,
  };
  const creds =
    kind === "pat"
      ? { ZITADEL_TOKEN: c.iamOwnerToken }
      : kind === "client credentials"
        ? { ZITADEL_CLIENT_ID: c.iamOwnerClientId, ZITADEL_CLIENT_SECRET: c.iamOwnerClientSecret }
        : { ZITADEL_KEY_FILE: "key.json" };
  return { ...none, ZITADEL_URL: url, ...creds };
}

/** credentialEnv of every kind, by kind. */
export const credentialEnvs = (
  emu: Emulator,
  url: string,
): Record<CredentialKind, Record<string, string | undefined>> =>
  Object.fromEntries(CREDENTIAL_KINDS.map((kind) => [kind, credentialEnv(emu, kind, url)])) as Record<
    CredentialKind,
    Record<string, string | undefined>
  >;

/** Long enough to be recognisable; shorter fragments would also match harmless text. */
const MIN_FRAGMENT = 24;

/** The credentials the emulator hands out, in the forms a leak would take. */
export function givenSecrets(emu: Emulator): string[] {
  const c = emu.credentials;
  const basic = Buffer.from(
    `${encodeURIComponent(c.iamOwnerClientId)}:${encodeURIComponent(c.iamOwnerClientSecret)}`,
  ).toString("base64");
  // A key leaks as its base64 body lines, or as a whole; the PEM header alone is not secret.
  const keyLines = c.iamOwnerKeyFile.key.split("\n").filter((l) => l.length >= MIN_FRAGMENT && !l.startsWith("-----"));
  return [c.iamOwnerToken, c.iamOwnerClientSecret, basic, c.iamOwnerKeyFile.key, ...keyLines];
}

/** Tokens and assertions that went over the wire through `proxy`, and any Authorization value it saw. */
export function wireSecrets(proxy: Proxy): string[] {
  const found = new Set<string>();
  for (const x of proxy.log) {
    const auth = x.request.headers.authorization;
    if (typeof auth === "string") found.add(auth.replace(/^(Bearer|Basic) /, ""));
    if (x.request.path.startsWith("/oauth/v2/token")) {
      const assertion = new URLSearchParams(x.request.body).get("assertion");
      if (assertion) found.add(assertion);
      try {
        const token = (JSON.parse(x.responseText) as { access_token?: unknown }).access_token;
        if (typeof token === "string") found.add(token);
      } catch {
        // not a JSON answer: nothing was issued
      }
    }
  }
  return [...found].filter((s) => s.length >= MIN_FRAGMENT);
}

/**
 * The texts hidden inside `text` that a reader could decode: every run of base64 (either alphabet) decoded
 * from each of its four possible starting points, and the text with JSON's \uXXXX escapes undone.
 * Independent of the tool's own redactor, which is what these checks test.
 */
function decodedForms(text: string): string[] {
  const forms = [text.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))];
  for (const run of text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) {
    for (let start = 0; start < 4; start++) forms.push(Buffer.from(run.slice(start), "base64").toString("latin1"));
  }
  return forms;
}

/** Fails naming each secret's kind of place, never printing the secret itself. */
export function expectNoSecret(secrets: readonly string[], texts: Readonly<Record<string, string>>): void {
  // One expect for all the pairs: an expect per text and secret was a fifth of the hostile-echo sweep's CPU.
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    const hidden = decodedForms(text);
    for (const [i, s] of secrets.entries()) {
      // Also URL-encoded (inside a logged URL or form body), base64 (an echoed header) and \u-escaped.
      const leaked = text.includes(s) || text.includes(encodeURIComponent(s)) || hidden.some((h) => h.includes(s));
      if (leaked) leaks.push(`secret #${i} (${s.length} chars) appears in ${where}`);
    }
  }
  expect(leaks.length === 0, leaks.join("; ")).toBe(true);
}

/** A hostile "server" that echoes the Authorization header back in its error body (HTTP 500). */
async function startAuthorizationEcho(): Promise<{ readonly url: string; close(): void }> {
  const server = createServer((req, res) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: 13, message: `internal: got ${req.headers.authorization}` }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

export interface LeakCheck {
  /** The IAM owner's key file is in the workspace as key.json. */
  readonly h: Harness;
  /** givenSecrets of the harness's emulator; a test may add its own canaries. */
  readonly secrets: string[];
  /** startAuthorizationEcho's server. */
  readonly echo: { readonly url: string };
  /** credentialEnvs against the harness's emulator. */
  kinds(): Record<CredentialKind, Record<string, string | undefined>>;
  /** Fails when a text contains one of `secrets` as it is. */
  assertClean(...texts: string[]): void;
  close(): Promise<void>;
}

/** What the credential-leak tests of each command family share: a harness, its secrets and an echoing server. */
export async function leakCheck(): Promise<LeakCheck> {
  const h = await harness();
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
  const secrets = givenSecrets(h.emu);
  const echo = await startAuthorizationEcho();
  return {
    h,
    secrets,
    echo,
    kinds: () => credentialEnvs(h.emu, h.emu.url),
    assertClean: (...texts) => {
      for (const text of texts) for (const s of secrets) expect(text).not.toContain(s);
    },
    close: async () => {
      echo.close();
      await h.close();
    },
  };
}

// Issue #11: a server that echoes the credentials it was sent — in a 2xx body (org names, resourceOwner,
// a field, a key, the token response's token_type), in error bodies (long enough that a cut at 300
// characters would keep half a token), in headers — raw, base64, base64url, URL-encoded or \u-escaped.
// Every command, every credential kind, every format: no secret in stdout, stderr or any file written,
// and a 2xx that repeats a credential is refused rather than used.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";
import {
  ECHO_PLACES,
  startHostileServer,
  type EchoEncoding,
  type EchoPlace,
  type HostileServer,
} from "../support/hostile-server.js";
import { credentialEnv, CREDENTIAL_KINDS, expectNoSecret, type CredentialKind, givenSecrets } from "./secrets.js";

const KINDS = CREDENTIAL_KINDS;
type Kind = CredentialKind;

let h: Harness;
let hostile: HostileServer;
let org: string;

beforeAll(async () => {
  h = await harness({ accessTokenTtlSeconds: 3600 });
  hostile = await startHostileServer(h.emu.url);
  org = h.emu.control.addOrg("Echo Org");
  h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 6, maxOtpAttempts: 6 });
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
  h.ws.write(
    "lockout.yaml",
    [
      "version: 1",
      "instance:",
      "  maxPasswordAttempts: 5",
      "  maxOtpAttempts: 5",
      "orgs:",
      `  - id: "${org}"`,
      "    maxPasswordAttempts: 4",
      "  - name: Echo Org",
      "    inherit: true",
      "",
    ].join("\n"),
  );
  // By name only: the org search (where names are echoed) is then part of every plan.
  h.ws.write(
    "by-name.yaml",
    ["version: 1", "orgs:", "  - name: Echo Org", "    maxPasswordAttempts: 4", ""].join("\n"),
  );
});
afterAll(async () => {
  await hostile.close();
  await h.close();
});

const env = (kind: Kind): Record<string, string | undefined> => credentialEnv(h.emu, kind, hostile.url);

const COMMANDS: readonly string[][] = [
  ["plan", "-f", "by-name.yaml"],
  ["plan", "--format", "json", "--out", "plan.json"],
  ["plan", "--format", "markdown"],
  ["apply", "--auto-approve", "--journal", "journal.json"],
  ["apply", "--auto-approve", "--format", "json"],
  ["apply", "--auto-approve", "--format", "markdown", "-f", "by-name.yaml"],
  ["drift", "--format", "json", "--journal", "journal.json"],
  ["drift", "--format", "markdown"],
  ["export", "--orgs", "all"],
  ["export", "-o", "export.yaml"],
];

/** Every file in the workspace but the inputs. */
function writtenFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(h.ws.dir)) {
    if (!["key.json", "lockout.yaml", "by-name.yaml"].includes(name))
      files[`file ${name}`] = readFileSync(join(h.ws.dir, name), "utf8");
  }
  return files;
}

/** Places whose echo is a 2xx: the tool must refuse the answer, not use it. */
const SUCCESS_PLACES: ReadonlySet<EchoPlace> = new Set([
  "org-name",
  "resource-owner",
  "field-value",
  "sequence",
  "change-date",
  "object-key",
  "content-type",
]);

async function sweep(kind: Kind, place: EchoPlace, encoding: EchoEncoding): Promise<void> {
  h.emu.control.setOrgPolicy(org, { maxPasswordAttempts: 6, maxOtpAttempts: 6 }); // something to apply every time
  hostile.setEcho(place, encoding);
  const outputs: Record<string, string> = {};
  let echoed = 0;
  for (const argv of COMMANDS) {
    const before = hostile.echoes;
    const r = await h.cli([...argv, "--retries", "0", "--timeout", "5"], env(kind));
    const label = `${kind} ${place}/${encoding} ${argv.join(" ")}`;
    outputs[`${label} stdout`] = r.stdout;
    outputs[`${label} stderr`] = r.stderr;
    if (hostile.echoes > before) {
      echoed++;
      // Whatever the server planted, the run fails: an echoed credential never becomes data.
      expect(r.code, `${label}: ${r.stderr}`).toBe(1);
      if (SUCCESS_PLACES.has(place) && place !== "content-type")
        expect(r.stderr, label).toMatch(
          /repeats a credential|is not an id|expected an unsigned integer|expected an RFC 3339|not JSON/,
        );
    }
  }
  // token-type and oauth-error only exist where a token is fetched: not with a PAT.
  if (!(kind === "pat" && (place === "token-type" || place === "oauth-error")))
    expect(echoed, `${kind} ${place}: the server echoed`).toBeGreaterThan(0);
  expectNoSecret([...givenSecrets(h.emu), ...hostile.secrets()], { ...outputs, ...writtenFiles() });
}

describe.each(KINDS)("a server echoing %s credentials", (kind) => {
  it.each(ECHO_PLACES)(
    "in %s: nothing secret is printed or written",
    async (place) => {
      await sweep(kind, place, "raw");
    },
    60_000,
  );

  it.each([
    ["org-name", "base64"],
    ["org-name", "json-unicode"],
    ["resource-owner", "base64url"],
    ["long-error", "base64"],
    ["long-error", "base64url"],
    ["error-message", "json-unicode"],
    ["error-message", "url"],
    ["html-title", "base64"],
    ["token-type", "base64"],
  ] as const)(
    "in %s, encoded as %s: nothing secret is printed or written",
    async (place, encoding) => {
      await sweep(kind, place, encoding);
    },
    60_000,
  );
});

describe("the hostile server itself", () => {
  it("really echoes: without the client's defences its answer holds the token", async () => {
    hostile.setEcho("org-name");
    const token = h.emu.credentials.iamOwnerToken;
    const res = await fetch(`${hostile.url}/v2/organizations/_search`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ query: { limit: 10 } }),
    });
    expect(await res.text()).toContain(`Bearer ${token}`);
    expect(hostile.echoes).toBe(1);
  });
});

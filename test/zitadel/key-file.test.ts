import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseKeyFile } from "../../src/zitadel/index.js";
import { makeKeyFile } from "./support/keys.js";

const errorOf = (f: () => unknown): UsageError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error("expected a UsageError");
};

describe("parseKeyFile", () => {
  const sa = makeKeyFile();

  it("reads a ZITADEL service-account key file with a PKCS#1 key", () => {
    const key = parseKeyFile(sa.keyFileText, "sa.json");
    expect(key).toEqual({ type: "serviceaccount", keyId: "kid-123", key: sa.pem, userId: "user-77" });
    expect(sa.pem).toContain("-----BEGIN RSA PRIVATE KEY-----");
  });

  it("refuses an API-application key file: ZITADEL's JWT-profile grant knows only service users' keys", () => {
    const app = makeKeyFile({ type: "application", clientId: "client-9" });
    const e = errorOf(() => parseKeyFile(app.keyFileText, "app.json"));
    expect(e.message).toMatch(
      new RegExp(
        /^key file app\.json: is the key of an API application \("type": "application"\); the /.source +
          /JWT-profile grant needs the key of a service user/.source,
      ),
    );
    expect(e.message).not.toContain("PRIVATE KEY");
  });

  it("names the file and the problem, never quoting the file", () => {
    const broken = sa.keyFileText.slice(0, sa.keyFileText.length - 10); // truncated: not JSON any more
    const e = errorOf(() => parseKeyFile(broken, "/secrets/sa.json"));
    expect(e.message).toContain("/secrets/sa.json");
    expect(e.message).toContain("not valid JSON");
    expect(e.message).not.toContain("MII");
    expect(e.message).not.toContain("PRIVATE KEY");
  });

  it.each([
    [
      { type: "user", keyId: "k", key: "x", userId: "u" },
      /"type" must be "serviceaccount" \(a service user's key\), not "user"/,
    ],
    [{ type: "serviceaccount", key: "x", userId: "u" }, /"keyId" must be a non-empty string/],
    [{ type: "serviceaccount", keyId: "k", userId: "u" }, /"key" must be a PEM private key/],
    [{ type: "serviceaccount", keyId: "k", key: "x" }, /"userId" is required/],
    [[1, 2], /must be a JSON object/],
  ])("rejects %j", (content, message) => {
    expect(errorOf(() => parseKeyFile(JSON.stringify(content), "k.json")).message).toMatch(message);
  });

  it("rejects a key that is not a readable PEM without echoing it", () => {
    const fake = "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END RSA PRIVATE KEY-----\n";
    const e = errorOf(() =>
      parseKeyFile(JSON.stringify({ type: "serviceaccount", keyId: "k", key: fake, userId: "u" }), "k.json"),
    );
    expect(e.message).toMatch(/not a readable PEM private key/);
    expect(e.message).not.toContain("c2VjcmV0");
  });
});

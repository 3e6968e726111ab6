// Issue #11: the redactor catches a secret however a server echoes it (raw, URL-encoded, JSON-escaped,
// base64 at any alignment, in either alphabet), and error bodies are redacted before they are cut short.
import { describe, expect, it } from "vitest";
import { errorFromResponse, unexpectedResponse } from "../../src/zitadel/api-error.js";
import { createRedactor } from "../../src/zitadel/redact.js";

const TOKEN = "pat-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e/+=";
const ctx = { method: "GET", path: "/management/v1/policies/lockout" };

function redactorWith(...secrets: string[]) {
  const r = createRedactor();
  for (const s of secrets) r.add(s);
  return r;
}

describe("createRedactor", () => {
  it.each([0, 1, 2, 3, 7, 11])("finds the base64 of any text holding the secret (%i bytes before it)", (before) => {
    const r = redactorWith(TOKEN);
    const text = `${"p".repeat(before)}Bearer ${TOKEN} and more`;
    for (const encoded of [Buffer.from(text).toString("base64"), Buffer.from(text).toString("base64url")]) {
      expect(r.contains(`echo ${encoded}`)).toBe(true);
      expect(r.redact(`echo ${encoded}`)).toContain("[redacted]");
    }
  });

  it("finds the raw, URL-encoded and JSON-escaped forms", () => {
    const r = redactorWith('sec/ret"value-123456');
    expect(r.redact('a sec/ret"value-123456 b')).toBe("a [redacted] b");
    expect(r.redact(`a ${encodeURIComponent('sec/ret"value-123456')} b`)).toBe("a [redacted] b");
    expect(r.redact('a sec/ret\\"value-123456 b')).toBe("a [redacted] b");
  });

  it("leaves ordinary text alone and reports no secret in it", () => {
    const r = redactorWith(TOKEN);
    expect(r.contains("No matching permissions found (AUTH-5mWD2)")).toBe(false);
    expect(r.redact("No matching permissions found (AUTH-5mWD2)")).toBe("No matching permissions found (AUTH-5mWD2)");
  });
});

describe("error bodies", () => {
  it("are redacted before they are cut: no part of a token past the cut survives", () => {
    const r = redactorWith(TOKEN);
    // The token starts 10 characters before the 300-character cut: cutting first would keep its first 10.
    const text = `${"x".repeat(290)}${TOKEN}${"y".repeat(50)}`;
    const e = errorFromResponse(ctx, { status: 500, contentType: "text/plain", text }, r);
    expect(e.message).toContain("[redacted]");
    expect(e.message).not.toContain(TOKEN.slice(0, 10));
  });

  it("a JSON error body whose secret is written with \\u escapes is shown decoded and redacted", () => {
    const r = redactorWith(TOKEN);
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const e = errorFromResponse(
      ctx,
      { status: 400, contentType: "application/json", text: `{"weird":"${escaped}"}` },
      r,
    );
    expect(e.message).toContain("unexpected JSON error body");
    expect(e.message).toContain("[redacted]");
    expect(e.message).not.toContain("u0070"); // no escape left that would spell it
  });

  it("a 2xx problem that quotes a value is redacted, then cut", () => {
    const r = redactorWith(TOKEN);
    const e = unexpectedResponse(ctx, 200, `the token type is "Basic ${"z".repeat(400)}${TOKEN}"`, r);
    expect(e.message).not.toContain(TOKEN);
    expect(e.message.length).toBeLessThan(400);
  });
});

// Secrets the client holds (PAT, client secret, access tokens, JWT assertions, Basic headers) are
// registered here, and every text that came from the network is passed through `redact` before it can
// reach an error message: a proxy or a debugging server may echo request headers or bodies back.

export interface Redactor {
  /** Remember a secret (and its URL-encoded and base64 forms, which is how it may be echoed). */
  add(secret: string): void;
  redact(text: string): string;
}

/** Shorter strings are not worth redacting and would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  return {
    add(secret) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")]) {
        if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
      }
    },
    redact(text) {
      let out = text;
      for (const s of secrets) out = out.split(s).join("[redacted]");
      return out;
    },
  };
}

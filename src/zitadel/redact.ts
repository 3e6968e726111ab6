// Secrets the client holds (PAT, client secret, access tokens, JWT assertions, Basic headers) are
// registered here, and every text that came from the network is passed through `redact` before it can
// reach an error message: a proxy or a debugging server may echo request headers or bodies back, as they
// are or encoded. Success bodies are checked with `contains` (client.ts refuses one that repeats a secret).

export interface Redactor {
  /** Remember a secret (and the encoded forms in which a server may echo it). */
  add(secret: string): void;
  /** `text` with every known form of every secret replaced by `[redacted]`. */
  redact(text: string): string;
  /** Whether `text` holds any known form of any secret. */
  contains(text: string): boolean;
}

/** Shorter strings are not worth redacting and would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;
/** A shorter run of base64 could occur in ordinary text by chance. */
const MIN_BASE64_RUN = 8;

/**
 * The runs of base64 that appear in the encoding of ANY text containing `secret`: base64 packs 3 bytes into
 * 4 characters, so the secret's encoding depends on where it starts modulo 3 ("Bearer " + token shifts it
 * by 7 bytes). For each of the three offsets, the characters computed only from the secret's own bytes are
 * the same whatever surrounds it; those runs are what an echo of the encoded header or `id:secret` holds.
 */
function base64Runs(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const runs: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    // Skip the first group when it mixes in the padding bytes, and the last one that would mix in what follows.
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    const run = encoded.slice(start, end);
    if (run.length >= MIN_BASE64_RUN) runs.push(run, run.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return runs;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  // One alternation over every form, longest first, rebuilt when a secret is added (a handful per run).
  let pattern: RegExp | undefined;
  const compiled = (): RegExp | undefined => {
    if (pattern === undefined && secrets.size > 0) {
      pattern = new RegExp(
        [...secrets]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join("|"),
        "g",
      );
    }
    return pattern;
  };
  return {
    add(secret) {
      const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), ...base64Runs(secret)];
      for (const form of forms) {
        if (form.length >= MIN_SECRET_LENGTH && !secrets.has(form)) {
          secrets.add(form);
          pattern = undefined;
        }
      }
    },
    redact(text) {
      const re = compiled();
      return re === undefined ? text : text.replace(re, "[redacted]");
    },
    contains(text) {
      const re = compiled();
      if (re === undefined) return false;
      re.lastIndex = 0;
      const found = re.test(text);
      re.lastIndex = 0;
      return found;
    },
  };
}

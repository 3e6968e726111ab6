// Service-account key files (JWT-profile grant). Every message here names the file and the field, and
// never echoes any part of the file: it is a private key.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { UsageError } from "../errors.js";
import type { ServiceAccountKey } from "./types.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** Parses a key file's text. Throws a UsageError that says what is wrong, without quoting the file. */
export function parseKeyFile(text: string, source: string): ServiceAccountKey {
  const fail = (what: string): never => {
    throw new UsageError(`key file ${source}: ${what}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may be key material.
    return fail("is not valid JSON (expected the key file ZITADEL lets you download for a service user)");
  }
  if (!isObject(parsed)) return fail("must be a JSON object with type, keyId, key and userId");
  const { type, keyId, key, userId } = parsed;
  if (type === "application") {
    // ZITADEL's JWT-profile grant looks the key up among machine users' keys only (docs/zitadel-api.md §5.1):
    // an API application's key can never get a token this way, so say so now instead of after a 404.
    return fail(
      'is the key of an API application ("type": "application"); the JWT-profile grant needs the key of a ' +
        'service user ("type": "serviceaccount"): add a key to a service user in the console and use that file',
    );
  }
  if (type !== "serviceaccount") {
    // Quote the value only when it looks like a type name: a file with its fields mixed up may hold the
    // private key here (found by test/security).
    const shown = typeof type === "string" && /^[A-Za-z_-]{1,40}$/.test(type) ? `, not "${type}"` : "";
    return fail(`"type" must be "serviceaccount" (a service user's key)${shown}`);
  }
  if (!nonEmptyString(keyId)) return fail(`"keyId" must be a non-empty string`);
  if (!nonEmptyString(key)) return fail(`"key" must be a PEM private key`);
  if (!nonEmptyString(userId)) return fail(`"userId" is required for a serviceaccount key`);
  // Load it now so a broken key fails before any request, not in the middle of a run.
  loadPrivateKey(key, source);
  return { type, keyId, key, userId };
}

/**
 * ZITADEL issues PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), which jose's importPKCS8 refuses; Node's
 * createPrivateKey reads both PKCS#1 and PKCS#8, and jose signs with the resulting KeyObject.
 */
export function loadPrivateKey(pem: string, source: string): KeyObject {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // OpenSSL's message adds nothing useful and must not be relied on to stay free of key data.
    throw new UsageError(
      `key file ${source}: "key" is not a readable PEM private key (expected -----BEGIN RSA PRIVATE KEY-----)`,
    );
  }
  if (keyObject.asymmetricKeyType !== "rsa") {
    throw new UsageError(`key file ${source}: "key" must be an RSA key (ZITADEL signs key-file JWTs with RS256)`);
  }
  return keyObject;
}

// An RSA key pair in ZITADEL's key-file format (PKCS#1 PEM), generated once per test file.
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export interface TestKey {
  readonly keyFileText: string;
  readonly pem: string;
  readonly publicKey: KeyObject;
}

export function makeKeyFile(
  fields: { type?: string; userId?: string; clientId?: string; keyId?: string } = {},
): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const keyFileText = JSON.stringify({
    type: fields.type ?? "serviceaccount",
    keyId: fields.keyId ?? "kid-123",
    key: pem,
    ...(fields.userId !== undefined || fields.type === undefined ? { userId: fields.userId ?? "user-77" } : {}),
    ...(fields.clientId !== undefined ? { clientId: fields.clientId } : {}),
    expirationDate: "9999-12-31T23:59:59Z",
  });
  return { keyFileText, pem, publicKey };
}

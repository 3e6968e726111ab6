// Issue #11, a smaller one: the hint for a 401 fits the credential in use — renewing a PAT in the console
// is advice for ZITADEL_TOKEN only; obtained tokens (client credentials, key file) were renewed already.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { startProxy, type Proxy } from "../scale/proxy.js";

let h: Harness;
let proxy: Proxy;
beforeAll(async () => {
  h = await harness();
  h.ws.write("key.json", JSON.stringify(h.emu.credentials.iamOwnerKeyFile));
  h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 5" }));
  // Tokens are issued, but every API call is refused as unauthenticated.
  proxy = await startProxy(h.emu.url, (r) =>
    r.path.startsWith("/oauth/")
      ? undefined
      : {
          kind: "respond",
          status: 401,
          contentType: "application/json",
          body: '{"code":16,"message":"Errors.Token.Invalid (AUTH-7fs1e)"}',
        },
  );
});
afterAll(async () => {
  await proxy.close();
  await h.close();
});

const none = {
  ZITADEL_TOKEN: undefined,
  ZITADEL_CLIENT_ID: undefined,
  ZITADEL_CLIENT_SECRET: undefined,
  ZITADEL_KEY_FILE: undefined,
};

describe("a 401 from the API", () => {
  it.each([
    [
      "pat",
      () => ({ ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken }),
      "a personal access token must be renewed in the console",
    ],
    [
      "client credentials",
      () => ({
        ZITADEL_CLIENT_ID: h.emu.credentials.iamOwnerClientId,
        ZITADEL_CLIENT_SECRET: h.emu.credentials.iamOwnerClientSecret,
      }),
      "obtained with ZITADEL_CLIENT_ID and ZITADEL_CLIENT_SECRET was rejected, also after renewing it once",
    ],
    [
      "key file",
      () => ({ ZITADEL_KEY_FILE: "key.json" }),
      "obtained with the key file was rejected, also after renewing it once",
    ],
  ] as const)("with %s: the hint speaks of that credential", async (kind, creds, hint) => {
    const r = await h.cli(["plan", "--url", proxy.url], { ...none, ...creds() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`hint: `);
    expect(r.stderr).toContain(hint);
    if (kind !== "pat") expect(r.stderr).not.toContain("personal access token");
  });
});

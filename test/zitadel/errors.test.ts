import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import {
  createClient,
  describeError,
  isAlreadyExists,
  isNotChanged,
  isPolicyNotFound,
  type Credentials,
  type ZitadelClient,
} from "../../src/zitadel/index.js";
import { errorFromNetwork } from "../../src/zitadel/api-error.js";
import { createRedactor } from "../../src/zitadel/redact.js";
import { startFake, zitadelError, type FakeServer, type Handler, type Reply } from "./support/fake-server.js";

const open: { server: FakeServer; client: ZitadelClient }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.client.close();
    await o.server.close();
  }
});

const pat: Credentials = { kind: "pat", token: "pat-0123456789" };

async function failing(reply: Reply | Handler, credentials: Credentials = pat) {
  const server = await startFake(typeof reply === "function" ? reply : () => reply);
  const client = createClient({ baseUrl: server.url, credentials, retry: { maxAttempts: 1 } });
  open.push({ server, client });
  return { server, client };
}

const caught = async (p: Promise<unknown>): Promise<ApiError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
};

describe("ApiError parsing", () => {
  it("reads ZITADEL's JSON error: status, gRPC code, ErrorDetail id, message, method, path, org", async () => {
    const { client } = await failing(
      zitadelError(400, 9, "Errors.Org.LockoutPolicy.NotChanged (ORG-0JFSr)", "ORG-0JFSr"),
    );
    const e = await caught(client.updateOrgPolicy("300000000000000099", { maxPasswordAttempts: 3, maxOtpAttempts: 3 }));
    expect(e.info).toEqual({
      method: "PUT",
      path: "/management/v1/policies/lockout",
      orgId: "300000000000000099",
      status: 400,
      code: 9,
      id: "ORG-0JFSr",
      serverMessage: "Errors.Org.LockoutPolicy.NotChanged (ORG-0JFSr)",
    });
    expect(isNotChanged(e)).toBe(true);
    expect(isAlreadyExists(e)).toBe(false);
    expect(isPolicyNotFound(e)).toBe(false);
  });

  it("takes the id from the message when a proxy dropped the details", async () => {
    const { client } = await failing({
      status: 409,
      json: { code: 6, message: "Errors.ORG.LockoutPolicy.AlreadyExists (ORG-0olDf)" },
    });
    const e = await caught(client.addOrgPolicy("1", { maxPasswordAttempts: 3, maxOtpAttempts: 3 }));
    expect(e.info.id).toBe("ORG-0olDf");
    expect(isAlreadyExists(e)).toBe(true);
  });

  it.each([
    ["INSTANCE-0psjF", "Errors.IAM.LockoutPolicy.NotChanged (INSTANCE-0psjF)", isNotChanged],
    ["ORG-ADfs1", "Errors.Org.LockoutPolicy.NotFound (ORG-ADfs1)", isPolicyNotFound],
    ["ORG-D4zuz", "Errors.Org.LockoutPolicy.NotFound (ORG-D4zuz)", isPolicyNotFound],
    ["INSTANCE-0oPew", "Errors.IAM.LockoutPolicy.NotFound (INSTANCE-0oPew)", isPolicyNotFound],
  ])("recognises %s", (id, message, predicate) => {
    const e = new ApiError({ method: "PUT", path: "/x", status: 400, code: 9, id, serverMessage: message });
    expect(predicate(e)).toBe(true);
    expect(predicate(new ApiError({ method: "PUT", path: "/x", status: 400, serverMessage: "something else" }))).toBe(
      false,
    );
    expect(predicate(new Error(message))).toBe(false);
  });

  it("reads ZITADEL's plain-text quota 429", async () => {
    const { client } = await failing({ status: 429, text: "Your ZITADEL instance is blocked." });
    const e = await caught(client.getInstancePolicy());
    expect(e.info).toMatchObject({ status: 429, serverMessage: "Your ZITADEL instance is blocked." });
    expect(e.info.code).toBeUndefined();
    expect(e.message).toMatch(/blocked or its request quota is exhausted/);
  });

  it("describes a proxy's HTML error page by its title", async () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
    const { client } = await failing({ status: 502, text: html, headers: { "content-type": "text/html" } });
    const e = await caught(client.getInstancePolicy());
    expect(e.info.serverMessage).toBe('non-JSON body (text/html): "502 Bad Gateway", probably from a proxy');
    expect(describeError(e)).toMatch(/try again later/);
  });

  it("describes an empty body and unknown JSON", async () => {
    const { client } = await failing((_req, i) =>
      i === 0 ? { status: 500, text: "" } : { status: 400, json: { oops: true } },
    );
    expect((await caught(client.getInstancePolicy())).info.serverMessage).toMatch(/^empty body/);
    expect((await caught(client.getInstancePolicy())).info.serverMessage).toBe(
      'unexpected JSON error body: {"oops":true}',
    );
  });

  it("treats a redirect as an error and never follows it with the token", async () => {
    const elsewhere = await startFake(() => ({ json: {} }));
    try {
      const { client, server } = await failing({
        status: 302,
        headers: { location: `${elsewhere.url}/login?token=abc` },
      });
      const e = await caught(client.getInstancePolicy());
      expect(e.info.status).toBe(302);
      expect(e.info.serverMessage).toBe(`redirect to ${elsewhere.url}/login (not followed)`);
      expect(e.message).toMatch(/redirects are never followed/);
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });
});

describe("permission errors say what is missing", () => {
  it("an ORG_OWNER updating the instance default is told it needs iam.policy.write (IAM_OWNER)", async () => {
    const { client } = await failing(zitadelError(403, 7, "No matching permissions found (AUTH-5mWD2)", "AUTH-5mWD2"));
    const e = await caught(client.updateInstancePolicy({ maxPasswordAttempts: 5, maxOtpAttempts: 5 }));
    expect(e.info).toMatchObject({
      status: 403,
      code: 7,
      id: "AUTH-5mWD2",
      path: "/admin/v1/policies/password/lockout",
    });
    expect(e.message).toContain("updating the instance default lockout policy needs permission iam.policy.write");
    expect(e.message).toContain("IAM_OWNER");
    expect(describeError(e)).toContain("iam.policy.write");
  });

  it.each([
    ["resetOrgPolicy", "policy.delete"],
    ["getOrgPolicy", "policy.read"],
  ] as const)("%s names %s", async (method, permission) => {
    const { client } = await failing(zitadelError(403, 7, "No matching permissions found (AUTH-5mWD2)", "AUTH-5mWD2"));
    const e = await caught(client[method]("300000000000000099"));
    expect(e.message).toContain(`needs permission ${permission}`);
    expect(e.message).toContain("(org 300000000000000099)");
  });

  it("a user without any membership is told it has no manager role", async () => {
    const { client } = await failing(zitadelError(404, 5, "membership not found (AUTHZ-cdgFk)", "AUTHZ-cdgFk"));
    const e = await caught(client.getOrgPolicy("300000000000000099"));
    expect(describeError(e)).toMatch(/^the service user has no manager role in this org or instance/);
    expect(e.message).toContain("no manager role");
    expect(isPolicyNotFound(e)).toBe(false);
  });

  it("an unknown org id is named", async () => {
    const { client } = await failing(zitadelError(403, 7, "Organisation doesn't exist (AUTH-Bs7Ds)", "AUTH-Bs7Ds"));
    const e = await caught(client.getOrgPolicy("999"));
    expect(e.message).toContain("no organization with id 999 exists");
  });

  it("a routing 404 suggests the URL is not a ZITADEL instance", async () => {
    const { client } = await failing(zitadelError(404, 5, "Not Found"));
    expect(describeError(await caught(client.getInstancePolicy()))).toMatch(/no such API path/);
  });
});

describe("credentials never appear in error messages", () => {
  // A misbehaving proxy that echoes the request (headers and body) into its error body.
  const echo: Handler = (req) =>
    req.path === "/oauth/v2/token"
      ? { status: 401, text: `denied: ${req.headers.authorization ?? ""} ${req.body}` }
      : { status: 403, text: `forbidden for ${req.headers.authorization ?? ""}` };

  it.each<[string, Credentials, string[]]>([
    ["pat", { kind: "pat", token: "pat-AAAAAAAA1111" }, ["pat-AAAAAAAA1111"]],
    [
      "client credentials",
      { kind: "client-credentials", clientId: "svc", clientSecret: "secret-BBBB2222" },
      ["secret-BBBB2222", Buffer.from("svc:secret-BBBB2222").toString("base64")],
    ],
  ])("%s", async (_name, credentials, secrets) => {
    const { client } = await failing(echo, credentials);
    const e = await caught(client.getInstancePolicy());
    expect(e.message).toContain("[redacted]");
    for (const s of secrets) {
      expect(e.message).not.toContain(s);
      expect(describeError(e)).not.toContain(s);
      expect(JSON.stringify(e.info)).not.toContain(s);
    }
  });

  it("access tokens obtained from the token endpoint are redacted too", async () => {
    const { client } = await failing(
      (req) =>
        req.path === "/oauth/v2/token" ? { json: { access_token: "issued-CCCC3333", expires_in: 60 } } : echo(req, 0),
      {
        kind: "client-credentials",
        clientId: "svc",
        clientSecret: "secret-DDDD4444",
      },
    );
    const e = await caught(client.getInstancePolicy());
    expect(e.info.status).toBe(403);
    expect(e.message).not.toContain("issued-CCCC3333");
  });
});

describe("TLS failures say what they mean", () => {
  it("https:// to a port that speaks plain http: one line that asks whether the address serves https", async () => {
    const server = await startFake(() => ({ json: {} }));
    const client = createClient({
      baseUrl: server.url.replace("http:", "https:"),
      credentials: pat,
      retry: { maxAttempts: 1 },
    });
    open.push({ server, client });
    const e = await caught(client.getInstancePolicy());
    expect(e.message).toMatch(/no response: TLS handshake failed \(ERR_SSL_[A-Z_]+\): is this address serving https\?/);
    expect(e.message).not.toContain("\n");
    expect(e.message).not.toMatch(/openssl|\.c:\d+/);
  });

  it("an untrusted certificate names Node's reason and how to trust a private CA, keeping verification on", () => {
    const err = Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    const { error, retryable } = errorFromNetwork({ method: "GET", path: "/x" }, err, 1000, createRedactor());
    expect(retryable).toBe(false);
    expect(error.message).toMatch(
      new RegExp(
        /the server's TLS certificate is not trusted: self-signed certificate /.source +
          /\(DEPTH_ZERO_SELF_SIGNED_CERT\); verification stays on — if your own CA signed it, point /.source +
          /NODE_EXTRA_CA_CERTS at that CA's PEM file/.source,
      ),
    );
  });
});

describe("the server's words are printable", () => {
  it("escapes control and bidi characters in a JSON message and in a text body", async () => {
    const { client } = await failing(zitadelError(400, 3, "bad\u001b[2J\u001b]0;pwned\u0007\nforged line\u202e"));
    const e = await caught(client.getInstancePolicy());
    expect(e.message).toContain("bad\\u001B[2J\\u001B]0;pwned\\u0007\\u000Aforged line\\u202E");
    expect(e.message.includes("\u001b") || e.message.includes("\u202e") || e.message.includes("\u0007")).toBe(false);
    const { client: proxy } = await failing({ status: 429, text: "\u001b[31mSlow down\u001b[0m" });
    const p = await caught(proxy.getInstancePolicy());
    expect(p.message).toContain("\\u001B[31mSlow down\\u001B[0m");
    expect(p.message.includes("\u001b")).toBe(false);
  });
});

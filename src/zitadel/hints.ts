// Hints that turn ZITADEL's terse errors into what to do about them. ZITADEL says "No matching
// permissions found" without naming the permission; the client knows which endpoint it called, so it can.
import type { ApiError } from "../errors.js";
import { endpointOf } from "./endpoints.js";

type ApiErrorInfo = ApiError["info"];

const permissionNote = (info: ApiErrorInfo): string => {
  const e = endpointOf(info.method, info.path);
  if (e?.permission === undefined) return "";
  return `${e.action} needs permission ${e.permission.name}, granted by ${e.permission.grantedBy}`;
};

/** A hint for the cases the client recognises, or undefined when it has nothing to add. */
export function hintFor(info: ApiErrorInfo): string | undefined {
  const needs = permissionNote(info);
  // AUTH-5mWD2: the route's own check; AUTH-AWfge: a command's check on the target (e.g. unlock's user.write).
  if (info.id === "AUTH-5mWD2" || info.id === "AUTH-AWfge") {
    return needs
      ? `the credentials lack a permission: ${needs}`
      : "the credentials lack the permission this call needs";
  }
  if (info.id === "AUTHZ-cdgFk" || /membership not found/i.test(info.serverMessage)) {
    return "the service user has no manager role in this org or instance" + (needs ? `; ${needs}` : "");
  }
  if (info.id === "AUTH-Bs7Ds") {
    return (
      `no organization ${info.orgId !== undefined ? `with id ${info.orgId} ` : ""}exists on this instance; ` +
      `check the org id`
    );
  }
  if (info.path === "/oauth/v2/token") {
    const tokenHint = tokenEndpointHint(info);
    if (tokenHint !== undefined) return tokenHint;
  }
  if (info.status === 0 && /\(ECONNREFUSED\)/.test(info.serverMessage)) {
    return (
      "nothing answers at this address: is the server running, and is ZITADEL_URL (or --url, or server: in " +
      "the config) right?"
    );
  }
  if (info.path === "/oauth/v2/token" && info.status >= 400 && info.status < 500) {
    return (
      "the token endpoint refused the credentials: check the key file or client id/secret, and that the " +
      "service user still exists"
    );
  }
  if (info.status === 401) {
    if (info.serverMessage === "auth header missing")
      return "no Authorization header reached ZITADEL (a proxy in front of it may strip it)";
    switch (info.credentialKind) {
      case "pat":
        return (
          "the access token was rejected (invalid, expired or revoked); a personal access token must be " +
          "renewed in the console"
        );
      case "client-credentials":
        return (
          "the access token obtained with ZITADEL_CLIENT_ID and ZITADEL_CLIENT_SECRET was rejected, also " +
          "after renewing it once: check that the service user still exists and is active, and that the " +
          "secret is current"
        );
      case "key-file":
        return (
          "the access token obtained with the key file was rejected, also after renewing it once: check " +
          "that the key is still registered for the service user, and that the user still exists and is " +
          "active"
        );
      default:
        return "the access token was rejected (invalid, expired or revoked)";
    }
  }
  if (info.status === 429) {
    return /instance is blocked|LIMITS-molsj|QUOTA-vjAy8/.test(info.serverMessage + (info.id ?? ""))
      ? "the instance is blocked or its request quota is exhausted; waiting will not help until an " +
          "administrator lifts it"
      : "rate-limited (ZITADEL Cloud allows about 50 requests/s per IP): lower --concurrency or try again later";
  }
  if (info.status >= 300 && info.status < 400) {
    return (
      "redirects are never followed (the Authorization header must not go to another host): check --url, " +
      "e.g. https:// and the exact instance domain"
    );
  }
  if (
    (info.status === 404 && info.code === 5 && info.id === undefined && info.serverMessage === "Not Found") ||
    info.status === 405
  ) {
    return (
      "the server has no such API path: is the URL the ZITADEL instance itself (not the console or another " +
      "service)?"
    );
  }
  return undefined;
}

/**
 * ZITADEL's token endpoint answers credential problems with unusual statuses (docs/zitadel-api.md §5.1):
 * every rejected JWT-profile assertion (clock, audience, iss/sub, signature) is 500 server_error
 * "Errors.Internal", an unknown or expired key 404 "Errors.AuthNKey.NotFound". Both are the caller's
 * credentials, not a failing server, and "try again later" would be the wrong advice.
 */
function tokenEndpointHint(info: ApiErrorInfo): string | undefined {
  if (info.status === 500 && /^server_error\b/.test(info.serverMessage)) {
    return (
      "ZITADEL refused the key file's JWT (it reports every such problem as a 500): check that this machine's " +
      "clock is right to the second, that the URL is the instance's own (it is the JWT's audience), and that the " +
      "key file belongs to a service user of this instance"
    );
  }
  if (info.status === 404 && /Errors\.AuthNKey\.NotFound/.test(info.serverMessage)) {
    return (
      "ZITADEL does not know this key (deleted, expired, or made on another instance): add a new key to the " +
      "service user in the console and use that key file"
    );
  }
  if (/Errors\.User\.Machine\.Secret\.Invalid/.test(info.serverMessage)) {
    return "the client secret is wrong: generate a new one for the service user and set ZITADEL_CLIENT_SECRET";
  }
  return undefined;
}

/** A one-line hint for any ApiError: the specific one when known, else a generic reading of the status. */
export function describeError(e: ApiError): string {
  const specific = hintFor(e.info);
  if (specific !== undefined) return specific;
  const { status } = e.info;
  if (status === 0) return "no response from the server: check the URL and the network, or raise --timeout";
  if (status === 200) return "the server answered with something that is not ZITADEL's API response: check the URL";
  if (status === 403) return "the credentials are not allowed to do this";
  if (status >= 500) return "the server (or a proxy in front of it) failed; try again later";
  return "the server rejected the request";
}

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
  if (info.id === "AUTH-5mWD2") {
    return needs ? `the credentials lack a permission: ${needs}` : "the credentials lack the permission this call needs";
  }
  if (info.id === "AUTHZ-cdgFk" || /membership not found/i.test(info.serverMessage)) {
    return "the service user has no manager role in this org or instance" + (needs ? `; ${needs}` : "");
  }
  if (info.id === "AUTH-Bs7Ds") {
    return `no organization ${info.orgId !== undefined ? `with id ${info.orgId} ` : ""}exists on this instance; check the org id`;
  }
  if (info.path === "/oauth/v2/token" && info.status >= 400 && info.status < 500) {
    return "the token endpoint refused the credentials: check the key file or client id/secret, and that the service user still exists";
  }
  if (info.status === 401) {
    if (info.serverMessage === "auth header missing") return "no Authorization header reached ZITADEL (a proxy in front of it may strip it)";
    switch (info.credentialKind) {
      case "pat":
        return "the access token was rejected (invalid, expired or revoked); a personal access token must be renewed in the console";
      case "client-credentials":
        return "the access token obtained with ZITADEL_CLIENT_ID and ZITADEL_CLIENT_SECRET was rejected, also after renewing it once: check that the service user still exists and is active, and that the secret is current";
      case "key-file":
        return "the access token obtained with the key file was rejected, also after renewing it once: check that the key is still registered for the service user, and that the user still exists and is active";
      default:
        return "the access token was rejected (invalid, expired or revoked)";
    }
  }
  if (info.status === 429) {
    return /instance is blocked|LIMITS-molsj|QUOTA-vjAy8/.test(info.serverMessage + (info.id ?? ""))
      ? "the instance is blocked or its request quota is exhausted; waiting will not help until an administrator lifts it"
      : "rate-limited (ZITADEL Cloud allows about 50 requests/s per IP): lower --concurrency or try again later";
  }
  if (info.status >= 300 && info.status < 400) {
    return "redirects are never followed (the Authorization header must not go to another host): check --url, e.g. https:// and the exact instance domain";
  }
  if ((info.status === 404 && info.code === 5 && info.id === undefined && info.serverMessage === "Not Found") || info.status === 405) {
    return "the server has no such API path: is the URL the ZITADEL instance itself (not the console or another service)?";
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

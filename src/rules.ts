// The rules of the domain, each decided in one place: what a lockout count may be, what makes an org entry
// usable, what a server URL may look like and when two name the same server. The YAML loader, the CDKTF
// reader, the constructs' props, the client, the response decoder and the plan-file check all ask these
// functions. Each caller words the verdict in its own vocabulary (a YAML key with its position, a Terraform
// attribute, a construct prop, a flag), so the messages stay where they are said while the rule itself
// cannot drift apart between copies.
import { SETTING_NAMES, UINT32_MAX, type OrgRef, type SettingName } from "./model.js";

// ---------------------------------------------------------------------------------------------
// Lockout counts

/**
 * A lockout count as ZITADEL stores it: a whole number from 0 to 4294967295 (uint32 in the write API's
 * messages; 0 means "never lock"). The JSON Schemas in schemas/ say the same with minimum/maximum.
 */
export const isLockoutCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX;

/** Plain decimal digits for a count: no sign, no leading zero (YAML 1.1 tools read 010 as octal). */
const DECIMAL_DIGITS = /^(0|[1-9][0-9]*)$/;

/** Text that is a count written in plain decimal digits, within range. */
export const isLockoutCountText = (text: string): boolean => DECIMAL_DIGITS.test(text) && isLockoutCount(Number(text));

/** Whether text is written in plain decimal digits at all (in range or not). */
export const isDecimalDigits = (text: string): boolean => DECIMAL_DIGITS.test(text);

// ---------------------------------------------------------------------------------------------
// Org entries (a YAML `orgs:` item, a CDKTF record entry, an OrgLockoutPolicy's props)

/** What the rules need to know about one org entry, whatever it was written in. */
export interface OrgEntryFacts {
  /** The entry names its org by id / by exact name (present at all; the value's type is checked elsewhere). */
  readonly hasId: boolean;
  readonly hasName: boolean;
  /** The entry says the org inherits the instance default (`inherit: true`, mode "inherit"). */
  readonly inherit: boolean;
  /** The numbers the entry sets. */
  readonly numbers: readonly SettingName[];
}

export interface OrgEntryVerdict {
  /** Exactly one of id and name says which org this is; "both" and "neither" are errors. */
  readonly naming: "id" | "name" | "both" | "neither";
  /** Numbers written beside inherit: they contradict it (the org then uses the instance default). */
  readonly besideInherit: readonly SettingName[];
  /** Neither inherit nor a number: the entry manages nothing, an error rather than a guess. */
  readonly managesNothing: boolean;
}

export function judgeOrgEntry(entry: OrgEntryFacts): OrgEntryVerdict {
  return {
    naming: entry.hasId ? (entry.hasName ? "both" : "id") : entry.hasName ? "name" : "neither",
    besideInherit: entry.inherit ? entry.numbers : [],
    managesNothing: !entry.inherit && entry.numbers.length === 0,
  };
}

/** The settings an object sets; `isSet` decides what counts as set there (defined, or a number). */
export const numbersSet = (
  obj: Readonly<Record<string, unknown>>,
  isSet: (value: unknown) => boolean = (v) => v !== undefined,
): SettingName[] => SETTING_NAMES.filter((name) => isSet(obj[name]));

/**
 * The key under which an org entry is "the same org" before names are resolved against the server: the
 * same id, or the same exact name. A second entry with the key is listed twice (an error within one YAML
 * file or one stack; across files, the later one overrides).
 */
export const orgRefKey = (ref: OrgRef): string => (ref.kind === "id" ? `id:${ref.id}` : `name:${ref.name}`);

// ---------------------------------------------------------------------------------------------
// Server URLs (`server:` in a config, --url / ZITADEL_URL, the client's base URL, a plan's `server`)

/** Checked in this order: the first that applies is the verdict. "credentials" comes with no URL to show. */
export type ServerUrlVerdict =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly problem: "credentials" }
  | { readonly ok: false; readonly problem: "invalid" }
  | { readonly ok: false; readonly problem: "scheme" | "query-or-fragment"; readonly url: URL };

/**
 * What a server URL must be: a URL with scheme http or https, without user name or password (credentials
 * never belong in a URL that is printed, logged and stored in plan files), without query or fragment (the
 * API paths are appended to it). Whether plain http is allowed depends on the host (zitadel/base-url.ts).
 */
export function judgeServerUrl(raw: string): ServerUrlVerdict {
  // Any "@" is a user name or password, also where the URL parser does not see one: in
  // https://user:pa/ss@host the unencoded "/" ends the authority, so "pa" reads as a port (invalid) or,
  // with digits (user:12/ss@host), the URL parses with host "user" and the rest of the password in its
  // path. Decided on the text, before parsing, so no message built from the parse can quote the password.
  if (raw.includes("@")) return { ok: false, problem: "credentials" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "scheme", url };
  if (url.username !== "" || url.password !== "") return { ok: false, problem: "credentials" };
  if (url.search !== "" || url.hash !== "") return { ok: false, problem: "query-or-fragment", url };
  return { ok: true, url };
}

/** scheme://host[:port][/path], without a trailing slash: one server has one spelling in plans and journals. */
export const normalizedServer = (url: URL): string => `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;

/** Whether two server URLs name the same server: same scheme, host, port and path (a trailing slash aside). */
export const sameServer = (a: string, b: string): boolean =>
  normalizedServer(new URL(a)) === normalizedServer(new URL(b));

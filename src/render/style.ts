// Colour is decided once by cli/ (terminal and no NO_COLOR) and passed in; renderers stay pure.
import pc from "picocolors";

export type Style = ReturnType<typeof pc.createColors>;
export const makeStyle = (color: boolean): Style => pc.createColors(color);

/**
 * Text from the server (org names) as it may be shown on a terminal or in a log: control characters,
 * line and paragraph separators, bidirectional overrides and byte-order marks become \uXXXX, so a name
 * cannot move the cursor, colour the output, forge a line of the report or reorder what follows it.
 */
export const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- escaping control characters is what this expression is for
  text.replace(/[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);

/** `org:<id> (Name)` or `instance`: how a target is named in every human-readable output. */
export const targetLabel = (target: string, orgName?: string): string =>
  orgName !== undefined ? `${target} (${printable(orgName)})` : target;

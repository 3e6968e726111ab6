// Colour is decided once by cli/ (terminal and no NO_COLOR) and passed in; renderers stay pure.
import pc from "picocolors";
import { printable } from "../model.js";

export { printable };

export type Style = ReturnType<typeof pc.createColors>;
export const makeStyle = (color: boolean): Style => pc.createColors(color);

/** `org:<id> (Name)` or `instance`: how a target is named in every human-readable output. */
export const targetLabel = (target: string, orgName?: string): string =>
  orgName !== undefined ? `${target} (${printable(orgName)})` : target;

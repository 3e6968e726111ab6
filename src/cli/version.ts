import { createRequire } from "node:module";

// package.json is the one source of the tool's version (recorded in plan files and journals).
const pkg = createRequire(import.meta.url)("../../package.json") as { version: string; name: string };
export const TOOL_VERSION: string = pkg.version;
export const TOOL_NAME: string = pkg.name;

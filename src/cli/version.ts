import { createRequire } from "node:module";

// package.json is the one source of the tool's version (recorded in plan files and journals).
const require = createRequire(import.meta.url);
const pkg = require("../../package.json") as { version: string };
export const TOOL_VERSION: string = pkg.version;

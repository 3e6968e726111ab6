// The tool's version, recorded in plan files and journals: package.json's, read where the package is installed.
// Read at start-up: every CLI run needs it (--version, the documents it writes).
import { packageVersion } from "../package-root.js";

export const TOOL_VERSION: string = packageVersion();

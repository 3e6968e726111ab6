// The tool's version, recorded in plan files and journals: package.json's, read where the package is installed.
export { PACKAGE_VERSION as TOOL_VERSION } from "../package-root.js";

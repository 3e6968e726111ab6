// desired/: the config file (YAML, docs/config.md) → DesiredState, its lint rules, and the way back.
// Never touches the network; reads files only in loadDesired; gets the environment passed in.
export { loadDesired, parseDesired, parseDesiredBytes, MAX_CONFIG_BYTES } from "./load.js";
export { serializeDesired } from "./serialize.js";
export { lintDesired, LINT_RULES, LINT_RULE_IDS, type LintFinding } from "./lint.js";
export { validateWith, type ValidationReport } from "./validation.js";
export { FILE_ERROR_WORDS, FileReadError, readBounded } from "./bounded-read.js";

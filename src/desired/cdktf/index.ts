// The CDKTF front-end's reader: synthesized Terraform JSON → DesiredState. It only reads JSON (and
// has cli/ run the user's app); it never loads cdktf or constructs, so it is cheap to import.
export { loadCdktfDesired, type AppRun, type AppRunner } from "./load.js";
export { readTerraformJson, type TerraformJsonSource } from "./reader.js";

// The CDKTF front-end's reader: synthesized Terraform JSON → DesiredState. It only reads JSON (and runs
// the user's app as a child process); it never loads cdktf or constructs, so it is cheap to import.
export { loadCdktfDesired } from "./load.js";
export { readTerraformJson, type TerraformJsonSource } from "./reader.js";

// The Terraform front-end: `--terraform DIR` reads a root module's HCL and JSON files. It loads
// HashiCorp's HCL parser (WASM) and tree-sitter, so the CLI imports it only when asked for.
export { loadTerraformDesired, type LoadTerraformOptions, type VariableAssignment } from "./load.js";

// Lint config. Besides the usual TypeScript checks it enforces the one-way data flow of design.md §4:
//   model/errors ← desired ← zitadel ← actual ← plan ← apply ← render ← cli
// Each folder imports only from the ones to its left; emulator/ and cdktf/ stay off the sync path.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const node = (mods) => mods.flatMap((m) => [m, `node:${m}`]);
const io = node(["fs", "fs/promises", "http", "https", "net", "child_process", "process", "os"]);

/** Build a no-restricted-imports rule: `folders` are src/ folders this layer must not import. */
function restrict(folders, modules = [], message = "violates the data-flow rules of design.md §4") {
  return {
    "no-restricted-imports": [
      "error",
      {
        paths: modules.map((name) => ({ name, message: `${name} ${message}` })),
        patterns: folders.map((f) => ({
          group: [`**/${f}/*`, `**/${f}`, `../${f}/*`, `./${f}/*`],
          message: `importing ${f}/ here ${message}`,
        })),
      },
    ],
  };
}

// Every layer below cli/ lists cli among its forbidden imports: nothing imports cli/.
const later = ["zitadel", "actual", "plan", "apply", "render", "cli", "emulator", "cdktf"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "src/cdktf/gen/**", "cdktf.out/**", "examples/cdktf/cdktf.out/**", ".ci/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/switch-exhaustiveness-check": "off",
    },
  },
  { files: ["src/model.ts", "src/errors.ts", "src/rules.ts"], rules: restrict(["desired", ...later], io) },
  { files: ["src/desired/**"], rules: restrict(later, node(["http", "https", "net"])) },
  // The Terraform front-end reuses the Terraform JSON reader of desired/cdktf/ (one mapping of the
  // provider's resources, not two); src/cdktf/ (the constructs) stays forbidden.
  {
    files: ["src/desired/terraform/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: node(["http", "https", "net"]).map((name) => ({ name, message: `${name} violates the data-flow rules of design.md §4` })),
          patterns: [
            ...later.filter((f) => f !== "cdktf").map((f) => ({ group: [`**/${f}/*`, `**/${f}`, `../${f}/*`, `./${f}/*`], message: `importing ${f}/ here violates the data-flow rules of design.md §4` })),
            { group: ["../../cdktf/*", "**/src/cdktf/*"], message: "the constructs (src/cdktf/) are not for the sync path" },
          ],
        },
      ],
    },
  },
  { files: ["src/zitadel/**"], rules: restrict(["actual", "plan", "apply", "render", "cli", "emulator", "cdktf"]) },
  { files: ["src/actual/**"], rules: restrict(["plan", "apply", "render", "cli", "emulator", "cdktf"]) },
  { files: ["src/plan/**"], rules: restrict(["zitadel", "actual", "apply", "render", "cli", "emulator", "cdktf"], io, "would make plan/ impure") },
  { files: ["src/apply/**"], rules: restrict(["render", "cli", "emulator", "cdktf"]) },
  // render/ may read the types of apply/ results (it sits right of apply/ in the flow), never the client.
  { files: ["src/render/**"], rules: restrict(["zitadel", "cli", "emulator", "cdktf"], io, "would make render/ impure") },
  { files: ["src/emulator/**"], rules: restrict(["desired", "actual", "plan", "apply", "render", "cli", "cdktf"]) },
  { files: ["src/cdktf/**"], rules: restrict(["zitadel", "actual", "plan", "apply", "render", "cli", "emulator"]) },
  {
    // cli/ may start the emulator (the `emulator` and `demo` commands) but only through a dynamic
    // import, so the sync commands never load it; static imports of emulator/ are refused.
    files: ["src/cli/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/emulator/*", "../emulator/*"], message: "load the emulator lazily with import()" }, { group: ["**/cdktf/*", "../cdktf/*"], message: "load cdktf lazily with import()" }, { group: ["**/desired/terraform/*"], message: "load the Terraform front-end lazily with import()" }] },
      ],
    },
  },
  { files: ["test/**", "bench/**", "scripts/**"], rules: { "@typescript-eslint/no-non-null-assertion": "off" } },
);

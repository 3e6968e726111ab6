// Lint config: the usual TypeScript checks, lines of at most 120 characters, and the few rules about how
// code is written that the architecture check needs. Which folder may use which is dependency-cruiser's job
// (.dependency-cruiser.mjs, `npm run check:boundaries`); test/lint-rules.test.ts proves both sets of rules fire.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Every source file: the formatter check (`npm run check:format`) and the 120-character rule cover the same
 * list, so what prettier leaves long (strings, comments) is caught by eslint. .prettierignore names the
 * generated files and byte-exact fixtures that stay as they are.
 */
export const FORMATTED = ["**/*.{ts,mts,js,mjs,cjs}"];

const createRequireForm = [
  {
    selector: "CallExpression[callee.type='CallExpression'][callee.callee.name='createRequire']",
    message: "write `const require = createRequire(import.meta.url)`: dependency-cruiser only sees calls of `require`",
  },
  {
    selector: "VariableDeclarator[init.callee.name='createRequire'][id.name!='require']",
    message: "name what createRequire returns `require`: dependency-cruiser only sees calls of `require`",
  },
];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      "src/cdktf/gen/**",
      "cdktf.out/**",
      "examples/cdktf/cdktf.out/**",
      ".ci/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/switch-exhaustiveness-check": "off",
    },
  },
  { files: ["src/**"], rules: { "no-restricted-syntax": ["error", ...createRequireForm] } },
  {
    files: FORMATTED,
    rules: { "max-len": ["error", { code: 120, ignoreUrls: false }] },
  },
  {
    // Only cli/ reads the environment, the working directory or exits; these layers get everything as
    // arguments (design: the pure core is testable without a process around it).
    files: [
      "src/model.ts",
      "src/errors.ts",
      "src/rules.ts",
      "src/clock.ts",
      "src/package-root.ts",
      "src/actual/**",
      "src/plan/**",
      "src/apply/**",
      "src/render/**",
    ],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "process", message: "only cli/ reads the environment or the working directory, or exits" },
      ],
    },
  },
  { files: ["test/**", "bench/**", "scripts/**"], rules: { "@typescript-eslint/no-non-null-assertion": "off" } },
);

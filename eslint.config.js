// Lint config: the usual TypeScript checks, lines of at most 120 characters, and the few rules about how
// code is written that the architecture check needs. Which folder may use which is dependency-cruiser's job
// (.dependency-cruiser.mjs, `npm run check:boundaries`); test/lint-rules.test.ts proves both sets of rules fire.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Files already within 120 characters a line. The formatter check (`npm run check:format`) covers the same
 * list; once the whole tree is formatted (`npm run format`), both apply to everything: see README.md,
 * "Development".
 */
export const FORMATTED = [
  "eslint.config.js",
  "vitest.config.ts",
  ".dependency-cruiser.mjs",
  "src/clock.ts",
  "src/cdktf/testing.ts",
  "src/zitadel/retry.ts",
  "src/apply/verify.ts",
  "src/emulator/faults.ts",
  "test/support/clock.ts",
  "test/support/property.ts",
  "scripts/check-format.mjs",
  "test/lint-rules.test.ts",
  "test/cdktf/testing.test.ts",
];

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

// `npm run check:format`: prettier --check over the files eslint.config.js lists as formatted (FORMATTED), the
// same files its 120-character rule covers. One list for both, so widening the check is one edit there.
import { spawnSync } from "node:child_process";
import process from "node:process";
import { createRequire } from "node:module";
import { FORMATTED } from "../eslint.config.js";

const require = createRequire(import.meta.url);
const prettier = require.resolve("prettier/bin/prettier.cjs");
const { status } = spawnSync(process.execPath, [prettier, "--check", ...FORMATTED], { stdio: "inherit" });
process.exit(status ?? 1);

// The installed package's own folder (package.json, examples/, schemas/), found by walking up from this
// module's file to the first package.json. Not a fixed "../": the same code runs from src/ (tests), from
// dist/ (the library) and from dist/cli/chunks/ (the bundled CLI, scripts/bundle-cli.mjs). Looked up on first
// use, not at import: the library imports this module (saved-plan checks), and a program that bundles the
// library into its own file has no such package.json; that must fail only when a schema is needed.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface Manifest {
  readonly name: string;
  readonly version: string;
}

function findPackageRoot(start: string): { root: string; manifest: Manifest } {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
      if (manifest.name !== "zitadel-lockout")
        throw new Error(`the package.json nearest to ${start} is ${manifest.name}'s, not zitadel-lockout's: ${file}`);
      return { root: dir, manifest };
    }
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

let found: { root: string; manifest: Manifest } | undefined;
const lookUp = () => (found ??= findPackageRoot(dirname(fileURLToPath(import.meta.url))));

/** The folder holding the package's package.json (absolute, no trailing separator). */
export const packageRoot = (): string => lookUp().root;
/** package.json's version: the one source of the tool's version (recorded in plan files and journals). */
export const packageVersion = (): string => lookUp().manifest.version;

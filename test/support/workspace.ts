// A temporary working directory with config files, for CLI runs in-process.
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Workspace {
  readonly dir: string;
  write(name: string, text: string): string;
  read(name: string): string;
  exists(name: string): boolean;
  remove(): void;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "zl-test-"));
  return {
    dir,
    write: (name, text) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    read: (name) => readFileSync(join(dir, name), "utf8"),
    exists: (name) => existsSync(join(dir, name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// A file the command could not read or write, in words (like the config loader's messages), with the
// system's code kept for searching: "no such file (ENOENT)" rather than a bare "ENOENT".
import { FILE_ERROR_WORDS as WORDS } from "../desired/index.js";

export function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  const words = WORDS[code];
  return words !== undefined ? `${words} (${code})` : code;
}

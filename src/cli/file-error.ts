// A file the command could not read or write, in words (like the config loader's messages), with the
// system's code kept for searching: "no such file (ENOENT)" rather than a bare "ENOENT".
const WORDS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "this is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
};

export function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  const words = WORDS[code];
  return words !== undefined ? `${words} (${code})` : code;
}

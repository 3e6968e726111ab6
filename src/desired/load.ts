// The loader: files → bytes → text → YAML tree → plain value (substituted, typed fields decoded) →
// schema check → per-file meaning → merge. Every stage reports all it finds, in every file, and the
// result is a ConfigError with all issues (sorted by file order, line, column) or a DesiredState.
import { resolve } from "node:path";
import { ConfigError, type ConfigIssue } from "../errors.js";
import type { DesiredState } from "../model.js";
import { FileReadError, readBounded } from "./bounded-read.js";
import { decodeConfigBytes } from "./decode.js";
import { interpretFile, type FileConfig } from "./file-config.js";
import { mergeFiles } from "./merge.js";
import { toPlainValue } from "./plain-value.js";
import { checkSchema } from "./schema-check.js";
import type { Env } from "./substitute.js";
import { parseYamlTree } from "./yaml-tree.js";

export interface ConfigText {
  readonly file: string;
  readonly text: string;
}

export interface ConfigBytes {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** A config is a few kilobytes; the cap keeps `-f /dev/zero` or a wrong huge file from hanging the run. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** -f is repeatable; these bound what one run reads (a glob gone wrong, the same big file many times). */
export const MAX_CONFIG_FILES = 100;
const MAX_TOTAL_CONFIG_BYTES = 4 * 1024 * 1024;

type Analysis = { readonly config?: FileConfig; readonly issues: readonly ConfigIssue[] };

function analyseText(file: string, text: string, env: Env): Analysis {
  const parsed = parseYamlTree(file, text);
  const plain = toPlainValue(parsed, file, env);
  const schemaIssues = checkSchema(parsed, plain, file);
  const earlier = [...parsed.issues, ...plain.issues, ...schemaIssues];
  const meaning = interpretFile(parsed, plain.value, file, earlier, plain.fromEnv);
  const issues = [...earlier, ...meaning.issues]
    .map(({ file: f, line, column, message }) => ({ file: f, line, column, message }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  if (issues.length === 0 && !meaning.config) {
    // Every path that yields no config reports why; this guards the invariant rather than crash later.
    return {
      issues: [{ file, line: 1, column: 1, message: "the file cannot be read as a config (no usable YAML document)" }],
    };
  }
  return issues.length === 0 ? { config: meaning.config, issues } : { issues };
}

function combine(analyses: readonly Analysis[]): DesiredState {
  const issues = analyses.flatMap((a) => a.issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return mergeFiles(analyses.map((a) => a.config!));
}

/** Desired state from config texts (tests, cdktf, `export` round trips). Throws ConfigError with every issue. */
export function parseDesired(sources: readonly ConfigText[], env: Env): DesiredState {
  if (sources.length === 0)
    throw new ConfigError([{ file: "(none)", line: 1, column: 1, message: "no config file given" }]);
  return combine(sources.map((s) => analyseText(s.file, s.text, env)));
}

/** Desired state from raw file contents: checks the encoding first (UTF-8 only). */
export function parseDesiredBytes(sources: readonly ConfigBytes[], env: Env): DesiredState {
  if (sources.length === 0)
    throw new ConfigError([{ file: "(none)", line: 1, column: 1, message: "no config file given" }]);
  return combine(
    sources.map((s) => {
      const decoded = decodeConfigBytes(s.file, s.bytes);
      return decoded.ok ? analyseText(s.file, decoded.text, env) : { issues: [decoded.issue] };
    }),
  );
}

/**
 * Reads and merges config files (paths relative to `cwd`; messages use the paths as given).
 * Never touches the network; `env` is the only environment it sees. Throws ConfigError with every
 * issue of every file, unreadable files included.
 */
export async function loadDesired(
  files: readonly string[],
  env: Env,
  cwd: string = process.cwd(),
): Promise<DesiredState> {
  if (files.length === 0)
    throw new ConfigError([{ file: "(none)", line: 1, column: 1, message: "no config file given" }]);
  if (files.length > MAX_CONFIG_FILES) {
    throw new ConfigError([
      {
        file: files[MAX_CONFIG_FILES]!,
        line: 1,
        column: 1,
        message: `more than ${MAX_CONFIG_FILES} config files given (${files.length}); merge some of them`,
      },
    ]);
  }
  const read = await Promise.all(files.map((f) => readConfigFile(resolve(cwd, f), f)));
  let total = 0;
  for (const r of read) {
    total += r.ok ? r.bytes.length : 0;
    if (r.ok && total > MAX_TOTAL_CONFIG_BYTES) {
      throw new ConfigError([
        {
          file: r.file,
          line: 1,
          column: 1,
          message:
            `the config files together are larger than ${MAX_TOTAL_CONFIG_BYTES} bytes; configs are a few ` +
            `kilobytes`,
        },
      ]);
    }
  }
  const analyses = read.map((r) => {
    if (!r.ok) return { issues: [r.issue] };
    const decoded = decodeConfigBytes(r.file, r.bytes);
    return decoded.ok ? analyseText(r.file, decoded.text, env) : { issues: [decoded.issue] };
  });
  return combine(analyses);
}

type ReadResult = ({ readonly ok: true } & ConfigBytes) | { readonly ok: false; readonly issue: ConfigIssue };

async function readConfigFile(path: string, file: string): Promise<ReadResult> {
  const failed = (message: string): ReadResult => ({ ok: false, issue: { file, line: 1, column: 1, message } });
  // `-f "$CONFIG"` with CONFIG unset would otherwise read the working directory ("this is a directory").
  if (file.trim() === "") return failed("the file name is empty (is the variable used with -f unset?)");
  try {
    // A pipe is read (-f /dev/stdin, -f <(...)) within the cap; devices and sockets are refused.
    const bytes = await readBounded(path, {
      maxBytes: MAX_CONFIG_BYTES,
      sizeHint: "a config is a few kilobytes",
      allowPipe: true,
    });
    return { ok: true, file, bytes };
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    // Many tools read standard input for `-`; this one names files, and /dev/stdin is one.
    if (file === "-" && err.code === "ENOENT")
      return failed("`-` is not read as standard input; write -f /dev/stdin to read the config from a pipe");
    if (err.code === undefined)
      return failed(
        err.message.startsWith("the file is larger") ? err.message : `cannot read the config: ${err.message}`,
      );
    return failed(describeReadError(err));
  }
}

function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "cannot read the config: no such file";
    case "EACCES":
    case "EPERM":
      return "cannot read the config: permission denied";
    case "EISDIR":
      return "cannot read the config: this is a directory, not a file";
    default:
      return `cannot read the config: ${code ?? String(err)}`;
  }
}

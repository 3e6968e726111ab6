// The parts of a Terraform module zitadel-lockout looks at, gathered from all its files. HCL (through
// hcl2json) and JSON syntax write the same blocks in slightly different shapes — a block is a list of
// bodies in one, an object or a list in the other — so both are brought into one shape here: every
// block with its type, labels, body, and the file and key path it was written at.
import type { ConfigIssue } from "../../errors.js";
import type { Origin } from "../../model.js";
import type { Position } from "../cdktf/positions.js";
import { isRecord } from "../cdktf/values.js";

export type Body = Readonly<Record<string, unknown>>;

export interface ModuleFile {
  readonly display: string;
  readonly syntax: "hcl" | "json";
  readonly body: Body;
  readonly locate: (keys: readonly string[]) => Position | undefined;
}

export interface Block {
  /** "resource", "data", "variable", "provider", "removed", "module", … */
  readonly kind: string;
  readonly labels: readonly string[];
  readonly body: Body;
  readonly file: ModuleFile;
  /** The key path the file's locator knows this block by. */
  readonly keys: readonly string[];
}

export interface ModuleContent {
  readonly files: readonly ModuleFile[];
  readonly blocks: readonly Block[];
  /** Every local value, by name (Terraform allows a name once per module). */
  readonly locals: ReadonlyMap<string, { readonly value: unknown; readonly origin: Origin }>;
}

/** How many labels each block kind has; kinds not listed here are ignored (terraform, output, check, …). */
const LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  variable: 1,
  provider: 1,
  module: 1,
  removed: 0,
  import: 0,
};

export function originIn(file: ModuleFile, keys: readonly string[]): Origin {
  // The longest prefix the file knows: an attribute hcl2json saw but tree-sitter did not falls back to its block.
  for (let n = keys.length; n >= 0; n--) {
    const position = file.locate(keys.slice(0, n));
    if (position) return { file: file.display, ...position };
  }
  return { file: file.display, line: 1, column: 1 };
}

export function gatherContent(files: readonly ModuleFile[], issues: ConfigIssue[]): ModuleContent {
  const blocks: Block[] = [];
  const locals = new Map<string, { value: unknown; origin: Origin }>();
  for (const file of files) {
    for (const [kind, value] of Object.entries(file.body)) {
      if (kind === "locals") {
        for (const [name, local, keys] of localsOf(value)) {
          const origin = originIn(file, keys);
          const earlier = locals.get(name);
          const first = earlier && `${earlier.origin.file}:${earlier.origin.line}:${earlier.origin.column}`;
          if (earlier) issues.push({ ...origin, message: `local.${name} is defined twice (first at ${first})` });
          else locals.set(name, { value: local, origin });
        }
        continue;
      }
      const labelCount = LABELS[kind];
      if (labelCount === undefined) continue;
      for (const [labels, body, nth] of bodiesOf(value, labelCount)) {
        const keys = [kind, ...labels, ...(nth > 1 ? [`#${nth}`] : [])];
        blocks.push({ kind, labels, body, file, keys });
      }
    }
  }
  return { files, blocks, locals };
}

/** [labels, body, n-th block with these labels in this file] for a block kind's value. */
function bodiesOf(value: unknown, labelCount: number, labels: readonly string[] = []): [string[], Body, number][] {
  if (labels.length === labelCount) {
    const list = Array.isArray(value) ? value : [value];
    return list.filter(isRecord).map((body, i) => [[...labels], body, i + 1]);
  }
  // JSON syntax may also wrap a level in a list of objects.
  const objects = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
  return objects.flatMap((object) =>
    Object.entries(object).flatMap(([label, inner]) => bodiesOf(inner, labelCount, [...labels, label])),
  );
}

/** [name, value, key path] of every local value in a `locals` entry (a body, or a list of bodies). */
function localsOf(value: unknown): [string, unknown, string[]][] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter(isRecord)
    .flatMap((body) =>
      Object.entries(body).map(([name, local]): [string, unknown, string[]] => [name, local, ["locals", name]]),
    );
}

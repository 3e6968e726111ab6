// The YAML library's syntax errors, worded for a config author: its message without its own position
// and excerpt (we print FILE:LINE:COLUMN ourselves), plus what the library leaves out — where an
// unclosed [ or { was opened (it reports where it gave up, often the next line), that indentation
// takes spaces, and one plain "nested too deeply" instead of a stack overflow per level.
import { isCollection, isSeq, visit, type Document, type YAMLError } from "yaml";

export interface YamlProblem {
  /** Offset in the text where the problem is reported. */
  readonly offset: number;
  readonly message: string;
}

/** The closing character a BAD_INDENT message says is missing. */
const CLOSER = /end with an? ([\]}])/;

export function describeYamlErrors(
  doc: Document,
  errors: readonly YAMLError[],
  positionOf: (offset: number) => { line: number; column: number },
): YamlProblem[] {
  const exhaustion = errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (exhaustion) {
    // The parser recursed until the stack ran out: a hostile or generated file, never a config. What else
    // it reports then depends on where the stack happened to end (the depth the caller already used), so
    // the one plain error stands alone rather than one of a varying set of follow-on complaints.
    return [
      { offset: exhaustion.pos[0], message: "nested too deeply to parse; a config is at most a few levels deep" },
    ];
  }
  const problems: YamlProblem[] = [];
  for (const e of errors) {
    const offset = e.pos[0];
    let message = `YAML: ${e.message.split(/ at line \d+, column \d+/)[0]!.trim()}`;
    if (e.code === "TAB_AS_INDENT") message += "; indent with spaces";
    const closer = e.code === "BAD_INDENT" ? CLOSER.exec(e.message)?.[1] : undefined;
    const opened = closer ? unclosedFlowStart(doc, offset, closer) : undefined;
    if (opened !== undefined) {
      const p = positionOf(opened);
      message += ` (the ${closer === "]" ? "[" : "{"} at line ${p.line}, column ${p.column} is not closed)`;
    }
    problems.push({ offset, message });
  }
  return problems;
}

/**
 * The start of the outermost flow collection of the right kind that ends where the error is reported
 * (an unclosed collection runs to the point where the parser gave up).
 */
function unclosedFlowStart(doc: Document, errorOffset: number, closer: string): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Collection(_key, node) {
      if (!isCollection(node) || !node.flow || !node.range) return;
      if ((closer === "]") !== isSeq(node)) return;
      const [start, valueEnd, nodeEnd] = node.range;
      if ((valueEnd === errorOffset || nodeEnd === errorOffset) && (found === undefined || start < found))
        found = start;
    },
  });
  return found;
}

/**
 * Characters YAML 1.2 does not allow in a stream (§5.1: C0 and C1 controls other than tab, LF, CR and
 * NEL; U+FFFE/U+FFFF), and a carriage return without a line feed: the library does not treat a lone CR
 * as a line end, so a file with classic Mac line ends would give confusing errors about one long line.
 */
// oxlint-disable-next-line no-control-regex -- finding control characters is what this expression is for
const FORBIDDEN = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/g;

/** The first forbidden character (with how many more follow), or undefined. */
export function firstForbiddenCharacter(text: string): YamlProblem | undefined {
  const all = [...text.matchAll(FORBIDDEN)];
  const first = all[0];
  if (!first) return undefined;
  const more = all.length > 1 ? ` (${all.length - 1} more in the file)` : "";
  if (first[0] === "\r") {
    return {
      offset: first.index,
      message:
        `a line ends with a bare carriage return (CR, classic Mac line ends)${more}; save the file with LF ` +
        `or CRLF line ends`,
    };
  }
  const code = `U+${first[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return { offset: first.index, message: `control character ${code} is not allowed in a YAML file${more}; remove it` };
}

// Where each object key of a JSON text is written. JSON.parse keeps no positions; one pass over the
// text records the line and column of every key, by its path, so messages and plan origins can point
// at the line of a resource or attribute (and large stacks cost one scan, not one per lookup).

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface Container {
  readonly kind: "object" | "array";
  readonly path: readonly string[];
  /** Object: the key whose value comes next. Array: the index of the current element. */
  key: string;
  index: number;
  expectingKey: boolean;
}

const pathKey = (path: readonly string[]): string => path.join("\u0000");

/** Positions of every object key, looked up by its path (array elements by their index). */
export function keyPositions(text: string): (path: readonly string[]) => Position | undefined {
  const positions = new Map<string, Position>();
  const stack: Container[] = [];
  let line = 1;
  let lineStart = 0;
  const childPath = (): string[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    return [...top.path, top.kind === "object" ? top.key : String(top.index)];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") {
      line++;
      lineStart = i + 1;
    } else if (ch === "{" || ch === "[") {
      stack.push({
        kind: ch === "{" ? "object" : "array",
        path: childPath(),
        key: "",
        index: 0,
        expectingKey: ch === "{",
      });
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "object") top.expectingKey = true;
      else if (top) top.index++;
    } else if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      const top = stack[stack.length - 1];
      if (top?.kind === "object" && top.expectingKey) {
        top.key = JSON.parse(text.slice(start, i + 1)) as string;
        top.expectingKey = false;
        const path = pathKey([...top.path, top.key]);
        if (!positions.has(path)) positions.set(path, { line, column: start - lineStart + 1 });
      }
    }
  }
  return (path) => positions.get(pathKey(path));
}

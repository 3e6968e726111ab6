// The project's own lint rules, as an ESLint-style plugin that oxlint loads (.oxlintrc.json "jsPlugins").
// test/lint-rules.test.ts proves each one fires, and lets the allowed forms through.

const MAX_LINE = 120;
const TAB_WIDTH = 4;

/** A line's length as an editor shows it: characters (not UTF-16 units), tabs to the next stop of four. */
function displayLength(line) {
  let column = 0;
  for (const char of line) column = char === "\t" ? column + TAB_WIDTH - (column % TAB_WIDTH) : column + 1;
  return column;
}

/** Lines over 120 characters: what the formatter cannot shorten (long strings and comments) is caught here. */
const maxLen = {
  meta: { type: "layout", docs: { description: `lines of at most ${MAX_LINE} characters` } },
  create(context) {
    return {
      Program() {
        context.sourceCode.lines.forEach((line, index) => {
          const length = displayLength(line);
          if (length <= MAX_LINE) return;
          context.report({
            loc: { start: { line: index + 1, column: 0 }, end: { line: index + 1, column: line.length } },
            message: `This line has a length of ${length}. Maximum allowed is ${MAX_LINE}.`,
          });
        });
      },
    };
  },
};

const isCreateRequire = (node) =>
  node?.type === "CallExpression" && node.callee.type === "Identifier" && node.callee.name === "createRequire";

/**
 * dependency-cruiser sees `require("x")` only when the function is called `require`: so createRequire's result
 * is kept in a variable of that name, never called in place or under another name.
 */
const requireForm = {
  meta: { type: "problem", docs: { description: "createRequire's result is named `require`" } },
  create(context) {
    return {
      CallExpression(node) {
        if (isCreateRequire(node.callee))
          context.report({
            node,
            message:
              "write `const require = createRequire(import.meta.url)`: dependency-cruiser only sees calls of `require`",
          });
      },
      VariableDeclarator(node) {
        if (isCreateRequire(node.init) && !(node.id.type === "Identifier" && node.id.name === "require"))
          context.report({
            node,
            message: "name what createRequire returns `require`: dependency-cruiser only sees calls of `require`",
          });
      },
    };
  },
};

export default { meta: { name: "zitadel-lockout" }, rules: { "max-len": maxLen, "require-form": requireForm } };

// ${NAME} and ${NAME:-default} in scalar values, applied to the parsed tree (never to raw text, so a
// variable can never inject YAML structure). Rules (docs/config.md):
// - NAME is [A-Za-z_][A-Za-z0-9_]*; `${NAME:-default}` uses the default when NAME is unset or empty
//   (as in POSIX shells); `${NAME}` with NAME unset is an error, with NAME set to "" it is "".
// - `$${` is a literal `${`; any other `$` is literal. The default runs to the first `}` and may not
//   contain `${` (no nesting). A substituted value is not scanned again.
// - Credentials never belong in a config: ZITADEL_TOKEN and ZITADEL_CLIENT_SECRET cannot be substituted.

export type Env = Readonly<Record<string, string | undefined>>;

export interface SubstitutionProblem {
  /** The text of the `${...}` expression (or its start) that failed, to locate it in the source. */
  readonly token: string;
  readonly message: string;
}

export type Substituted =
  | {
      readonly ok: true;
      readonly value: string;
      /** At least one `${...}` was replaced (so a numeric field may hold this string). */
      readonly substituted: boolean;
      /** Some part came from the environment (not only from defaults): never echo the value then. */
      readonly usedEnv: boolean;
    }
  | { readonly ok: false; readonly problems: readonly SubstitutionProblem[] };

const FORBIDDEN = new Set(["ZITADEL_TOKEN", "ZITADEL_CLIENT_SECRET"]);
const EXPRESSION = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-)([^}]*))?\}/;

export const hasSubstitution = (text: string): boolean => text.includes("${");

export function substituteEnv(text: string, env: Env): Substituted {
  let out = "";
  let substituted = false;
  let usedEnv = false;
  const problems: SubstitutionProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    if (text.startsWith("$${", dollar)) {
      out += "${";
      i = dollar + 3;
      continue;
    }
    if (!text.startsWith("${", dollar)) {
      out += "$";
      i = dollar + 1;
      continue;
    }
    const rest = text.slice(dollar);
    const m = EXPRESSION.exec(rest);
    if (!m) {
      const token = rest.slice(0, Math.min(rest.length, rest.indexOf("}") + 1 || rest.length));
      const shown = token.length > 40 ? `${token.slice(0, 37)}...` : token;
      problems.push({
        token,
        message:
          `malformed substitution ${JSON.stringify(shown)}: write \${NAME} or \${NAME:-default} (write $\${ ` +
          `for a literal \${)`,
      });
      i = dollar + token.length;
      continue;
    }
    const [token, name, dash, fallback] = m as unknown as [string, string, string | undefined, string | undefined];
    i = dollar + token.length;
    substituted = true;
    if (fallback?.includes("${")) {
      problems.push({ token, message: `nested substitution in the default of \${${name}} is not supported` });
      continue;
    }
    if (FORBIDDEN.has(name)) {
      problems.push({
        token,
        message:
          `\${${name}} is a credential; credentials never belong in a config file ` + `(the tool reads ${name} itself)`,
      });
      continue;
    }
    const value = env[name];
    if (dash !== undefined && (value === undefined || value === "")) {
      out += fallback ?? "";
    } else if (value === undefined) {
      problems.push({
        token,
        message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
      });
    } else {
      out += value;
      usedEnv = true;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out, substituted, usedEnv };
}

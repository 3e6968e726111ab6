// ${NAME} / ${NAME:-default}: the rules of substitute.ts, alone and as the loader applies them.
import { describe, expect, it } from "vitest";
import { parseDesired } from "../../src/desired/index.js";
import { substituteEnv } from "../../src/desired/substitute.js";
import { ConfigError } from "../../src/errors.js";

const value = (text: string, env: Record<string, string | undefined> = {}) => {
  const r = substituteEnv(text, env);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return r.value;
};
const problems = (text: string, env: Record<string, string> = {}) => {
  const r = substituteEnv(text, env);
  return r.ok ? [] : r.problems.map((p) => p.message);
};

describe("substituteEnv", () => {
  it("replaces ${NAME} and several expressions in one value", () => {
    expect(value("https://${HOST}:${PORT:-443}/", { HOST: "id.example.com" })).toBe("https://id.example.com:443/");
  });

  it(":- uses the default when the variable is unset or empty; plain ${NAME} keeps an empty value", () => {
    expect(value("${A:-d}")).toBe("d");
    expect(value("${A:-d}", { A: "" })).toBe("d");
    expect(value("${A:-d}", { A: "x" })).toBe("x");
    expect(value("${A}", { A: "" })).toBe("");
    expect(value("${A:-}")).toBe("");
  });

  it("$${ is a literal ${, and a lone $ is literal", () => {
    expect(value("$${A} costs $5 or $$")).toBe("${A} costs $5 or $$");
  });

  it("does not scan a substituted value again", () => {
    expect(value("${A}", { A: "${B}" })).toBe("${B}");
  });

  it("says whether the environment supplied anything (so errors can hide the value)", () => {
    expect(substituteEnv("${A:-5}", {})).toMatchObject({ ok: true, substituted: true, usedEnv: false });
    expect(substituteEnv("${A:-5}", { A: "6" })).toMatchObject({ ok: true, substituted: true, usedEnv: true });
    expect(substituteEnv("plain", {})).toMatchObject({ ok: true, substituted: false, usedEnv: false });
  });

  it.each(["${", "${A", "${1A}", "${A:?err}", "${A-x}", "${ A }", "${}"])(
    "refuses the malformed expression %s",
    (text) => {
      expect(problems(text, { A: "1" })[0]).toMatch(/malformed substitution/);
    },
  );

  it("refuses nested defaults and unset variables, naming each", () => {
    expect(problems("${A:-${B}}")).toEqual(["nested substitution in the default of ${A} is not supported"]);
    expect(problems("${A}-${B}")).toEqual([
      "environment variable A is not set (write ${A:-default} to give a default)",
      "environment variable B is not set (write ${B:-default} to give a default)",
    ]);
  });

  it("never substitutes credentials, even with a default", () => {
    expect(problems("${ZITADEL_TOKEN:-x}", { ZITADEL_TOKEN: "secret" })[0]).toMatch(/is a credential/);
    expect(problems("${ZITADEL_CLIENT_SECRET}", { ZITADEL_CLIENT_SECRET: "secret" })[0]).toMatch(/is a credential/);
    expect(problems("${ZITADEL_TOKEN}", { ZITADEL_TOKEN: "secret" }).join()).not.toContain("secret");
  });
});

describe("substitution in the loader", () => {
  const load = (text: string, env: Record<string, string> = {}) => parseDesired([{ file: "s.yaml", text }], env);
  const messages = (text: string, env: Record<string, string> = {}) => {
    try {
      load(text, env);
    } catch (err) {
      if (err instanceof ConfigError) return err.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
      throw err;
    }
    return [];
  };

  it("a substituted count becomes a number, quoted or not", () => {
    const s = load('version: 1\ninstance:\n  maxPasswordAttempts: ${PW}\n  maxOtpAttempts: "${OTP:-5}"\n', { PW: "7" });
    expect(s.instance?.settings).toEqual({ maxPasswordAttempts: 7, maxOtpAttempts: 5 });
  });

  it("a substituted count must be plain decimal digits in range", () => {
    for (const bad of [" 5", "5.0", "-1", "0x10", "4294967296", "05", "1e3", ""]) {
      expect(messages("version: 1\ninstance:\n  maxOtpAttempts: ${OTP}\n", { OTP: bad })).toEqual([
        "3:19: instance.maxOtpAttempts: ${OTP} gave a value (not shown), which is not a whole number from " +
          "0 to 4294967295 in plain decimal digits",
      ]);
    }
  });

  it("a substituted flag must be exactly true or false", () => {
    expect(load("version: 1\nprune:\n  enabled: ${PRUNE}\n  protect: [x]\n", { PRUNE: "true" }).prune.enabled).toBe(
      true,
    );
    expect(load("version: 1\norgs:\n  - name: A\n    inherit: ${INHERIT:-true}\n").orgs[0]!.mode).toBe("inherit");
    expect(messages("version: 1\nprune:\n  enabled: ${PRUNE}\n", { PRUNE: "yes" })[0]).toMatch(/not true or false/);
  });

  it("text fields stay text: digits from the environment are an id, not a number", () => {
    expect(
      load("version: 1\norgs:\n  - id: ${ORG}\n    inherit: true\n", { ORG: "300000000000000099" }).orgs[0]!.ref,
    ).toEqual({ kind: "id", id: "300000000000000099" });
  });

  it("an escaped $${ reaches the state as ${, and is not a substitution", () => {
    expect(load("version: 1\norgs:\n  - name: Price $${X}\n    inherit: true\n").orgs[0]!.ref).toEqual({
      kind: "name",
      name: "Price ${X}",
    });
  });

  it("a count written as an escaped literal is text, not a number", () => {
    expect(messages('version: 1\ninstance:\n  maxOtpAttempts: "$${A}"\n')[0]).toMatch(/found the text "\$\{A\}"/);
  });

  it("points at the expression inside the value, for each undefined variable", () => {
    expect(messages("version: 1\nserver: https://${HOST}:${PORT}/\n")).toEqual([
      "2:17: environment variable HOST is not set (write ${HOST:-default} to give a default)",
      "2:25: environment variable PORT is not set (write ${PORT:-default} to give a default)",
    ]);
  });

  it("keys are never substituted, nor values under unknown keys", () => {
    expect(messages("version: 1\n${K}: ${V}\n", { K: "journal" })).toEqual([
      '2:1: unknown key "${K}" at the top level; expected one of: version, server, instance, orgs, prune, ' +
        "lint, journal",
    ]);
  });

  it("substitution never injects YAML structure", () => {
    const s = load("version: 1\norgs:\n  - name: ${N}\n    inherit: true\n", { N: "x\n  - name: injected" });
    expect(s.orgs).toHaveLength(1);
    expect(s.orgs[0]!.ref).toEqual({ kind: "name", name: "x\n  - name: injected", written: "${N}" });
  });
});

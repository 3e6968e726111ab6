// The domain rules (src/rules.ts) and that every front end applies them alike: the YAML loader, the
// constructs' props and the CDKTF record reader accept and refuse the same org entries.
import { describe, expect, it } from "vitest";
import { orgPropsProblems } from "../src/cdktf/props.js";
import { readRecordedPolicy, type PolicyContext } from "../src/desired/cdktf/policies.js";
import { parseDesired } from "../src/desired/index.js";
import { ConfigError } from "../src/errors.js";
import {
  isLockoutCount,
  judgeOrgEntry,
  judgeServerUrl,
  normalizedServer,
  orgRefKey,
  sameServer,
} from "../src/rules.js";

describe("lockout counts", () => {
  it.each([
    [0, true],
    [4294967295, true],
    [4294967296, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    ["5", false],
  ])("isLockoutCount(%s) = %s", (value, expected) => {
    expect(isLockoutCount(value)).toBe(expected);
  });
});

describe("org entries", () => {
  it("judges naming, numbers beside inherit, and an entry that manages nothing", () => {
    expect(judgeOrgEntry({ hasId: true, hasName: true, inherit: false, numbers: ["maxOtpAttempts"] }).naming).toBe(
      "both",
    );
    expect(judgeOrgEntry({ hasId: false, hasName: false, inherit: true, numbers: [] }).naming).toBe("neither");
    expect(judgeOrgEntry({ hasId: false, hasName: true, inherit: true, numbers: ["maxOtpAttempts"] })).toEqual({
      naming: "name",
      besideInherit: ["maxOtpAttempts"],
      managesNothing: false,
    });
    expect(judgeOrgEntry({ hasId: true, hasName: false, inherit: false, numbers: [] })).toEqual({
      naming: "id",
      besideInherit: [],
      managesNothing: true,
    });
    expect(orgRefKey({ kind: "id", id: "7" })).not.toBe(orgRefKey({ kind: "name", name: "7" }));
  });

  interface Entry {
    readonly id?: string;
    readonly name?: string;
    readonly inherit?: boolean;
    readonly maxPasswordAttempts?: number;
    readonly maxOtpAttempts?: number;
  }
  const entries: Entry[] = [];
  for (const naming of [{}, { id: "42" }, { name: "ACME" }, { id: "42", name: "ACME" }])
    for (const inherit of [{}, { inherit: true }])
      for (const numbers of [
        {},
        { maxPasswordAttempts: 3 },
        { maxOtpAttempts: 0 },
        { maxPasswordAttempts: 3, maxOtpAttempts: 2 },
      ])
        entries.push({ ...naming, ...inherit, ...numbers });

  const yamlAccepts = (e: Entry): boolean => {
    const lines = Object.entries(e).map(
      ([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${typeof v === "string" ? JSON.stringify(v) : v}`,
    );
    try {
      parseDesired(
        [
          {
            file: "c.yaml",
            text: ["version: 1", "orgs:", ...(lines.length > 0 ? lines : ["  - {}"])].join("\n") + "\n",
          },
        ],
        {},
      );
      return true;
    } catch (err) {
      if (err instanceof ConfigError) return false;
      throw err;
    }
  };
  const propsAccept = (e: Entry): boolean =>
    orgPropsProblems(
      { ...(e.id ? { orgId: e.id } : {}), ...(e.name ? { orgName: e.name } : {}), ...without(e, ["id", "name"]) },
      () => false,
    ).length === 0;
  const recordAccepts = (e: Entry): boolean => {
    const problems: string[] = [];
    const ctx: PolicyContext = {
      origin: { file: "s.json", line: 1, column: 1 },
      fieldOrigin: () => ctx.origin,
      orgLookups: {},
      problem: (m) => void problems.push(m),
    };
    const entry = {
      target: "org",
      ...(e.id ? { orgId: e.id } : {}),
      ...(e.name ? { orgName: e.name } : {}),
      mode: e.inherit ? "inherit" : "custom",
      ...without(e, ["id", "name", "inherit"]),
    };
    return readRecordedPolicy(entry, ctx) !== undefined && problems.length === 0;
  };

  it.each(entries.map((e) => [JSON.stringify(e), e] as const))(
    "%s: YAML, construct props and the CDKTF record agree",
    (_name, e) => {
      const verdict = judgeOrgEntry({
        hasId: e.id !== undefined,
        hasName: e.name !== undefined,
        inherit: e.inherit === true,
        numbers: (["maxPasswordAttempts", "maxOtpAttempts"] as const).filter((k) => e[k] !== undefined),
      });
      const usable =
        (verdict.naming === "id" || verdict.naming === "name") &&
        verdict.besideInherit.length === 0 &&
        !verdict.managesNothing;
      expect({ yaml: yamlAccepts(e), props: propsAccept(e), record: recordAccepts(e) }).toEqual({
        yaml: usable,
        props: usable,
        record: usable,
      });
    },
  );
});

function without(e: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k)));
}

describe("server URLs", () => {
  it.each([
    ["not a url", "invalid"],
    ["localhost:8080", "scheme"],
    ["ftp://acme.example", "scheme"],
    ["https://user:pw@acme.example", "credentials"],
    ["https://user:pw@acme.example/?q=1", "credentials"],
    ["https://acme.example/?q=1", "query-or-fragment"],
    ["https://acme.example/#top", "query-or-fragment"],
  ])("%s: %s", (raw, problem) => {
    const verdict = judgeServerUrl(raw);
    expect(verdict.ok ? "ok" : verdict.problem).toBe(problem);
  });

  it("one server has one spelling: scheme, host, port and path, no trailing slash", () => {
    const verdict = judgeServerUrl("HTTPS://Acme.Example:443/zitadel//");
    expect(verdict.ok && normalizedServer(verdict.url)).toBe("https://acme.example/zitadel");
    expect(sameServer("https://acme.example/", "https://ACME.example")).toBe(true);
    expect(sameServer("https://acme.example", "https://acme.example:8443")).toBe(false);
    expect(sameServer("https://acme.example", "http://acme.example")).toBe(false);
    expect(sameServer("https://acme.example/a", "https://acme.example/b")).toBe(false);
  });
});

// Property tests (fast-check):
// 1. random valid configs, written in varied YAML styles, load to the state they describe and survive
//    load → serialize → load unchanged;
// 2. random mutations of valid files (text and bytes) only ever give a DesiredState or a ConfigError —
//    never another exception, never a hang — and whatever loads also round-trips.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  LINT_RULE_IDS,
  lintDesired,
  parseDesired,
  parseDesiredBytes,
  serializeDesired,
} from "../../src/desired/index.js";
import { ConfigError } from "../../src/errors.js";
import { UINT32_MAX, type DesiredState } from "../../src/model.js";
import { propertyParams } from "../support/property.js";

/** The state without positions: what must survive a round trip. */
function meaning(s: DesiredState) {
  return {
    server: s.server,
    journal: s.journal,
    instance: s.instance?.settings,
    orgs: s.orgs.map((o) =>
      o.mode === "custom" ? { ref: o.ref, mode: o.mode, settings: o.settings } : { ref: o.ref, mode: o.mode },
    ),
    prune: { enabled: s.prune.enabled, protect: s.prune.protect.map((p) => p.value) },
    lintIgnore: s.lintIgnore,
  };
}

const count = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: UINT32_MAX }),
  fc.constant(UINT32_MAX),
);
const tricky = fc.constantFrom(
  "true",
  "null",
  "~",
  "${X}",
  "$${Y}",
  "$",
  "a: b",
  "#x",
  " lead",
  "trail ",
  "-",
  "*a",
  "&b",
  "!t",
  "0x10",
  "1e3",
  "010",
  "yes",
  "'q'",
  '"dq"',
  "a\nb",
  "tab\there",
  "é",
  "🏦 bank",
);
const text = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc.stringMatching(/^[1-9][0-9]{0,19}$/),
  tricky,
);
const settings = fc
  .record({ maxPasswordAttempts: count, maxOtpAttempts: count }, { requiredKeys: [] })
  .filter((s) => Object.keys(s).length > 0);
// Ids follow the id rule (letters, digits, _ and -); names and other texts are anything a file can hold.
const id = fc.oneof(fc.stringMatching(/^[0-9A-Za-z_-]{1,30}$/), fc.stringMatching(/^[1-9][0-9]{0,19}$/));
const ref = fc.oneof(fc.record({ id }), fc.record({ name: text }));
const org = fc.oneof(
  fc.tuple(ref, fc.constant({ inherit: true })).map(([r, i]) => ({ ...r, ...i })),
  fc
    .tuple(ref, settings, fc.boolean())
    .map(([r, s, explicitFalse]) => ({ ...r, ...(explicitFalse ? { inherit: false } : {}), ...s })),
);
const orgKey = (o: Record<string, unknown>) => ("id" in o ? `id:${String(o.id)}` : `name:${String(o.name)}`);

const config = fc.record(
  {
    // No "@" anywhere: a server URL with one is refused as holding credentials (docs/config.md), also in
    // its path, since https://user:pa/ss@host puts the rest of a password there.
    server: fc.webUrl().filter((u) => !u.includes("@")),
    instance: settings,
    orgs: fc.uniqueArray(org, { maxLength: 6, selector: orgKey }),
    prune: fc.record({ enabled: fc.boolean(), protect: fc.array(text, { maxLength: 4 }) }, { requiredKeys: [] }),
    lint: fc.record({ ignore: fc.subarray([...LINT_RULE_IDS]) }),
    journal: text,
  },
  { requiredKeys: [] },
);

/** Writes a config object as YAML in a random style; `${` in text is escaped as the format requires. */
function render(
  cfg: Record<string, unknown>,
  style: { flow: boolean; quote: "PLAIN" | "QUOTE_DOUBLE" | "QUOTE_SINGLE" },
): string {
  const escape = (v: unknown): unknown =>
    typeof v === "string"
      ? v.replaceAll("${", () => "$${")
      : Array.isArray(v)
        ? v.map(escape)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)]))
          : v;
  return stringify(escape({ version: 1, ...cfg }), {
    collectionStyle: style.flow ? "flow" : "block",
    defaultStringType: style.quote,
    lineWidth: 0,
  });
}

function expectedMeaning(cfg: Record<string, unknown>) {
  const c = cfg as {
    server?: string;
    journal?: string;
    instance?: object;
    orgs?: Record<string, unknown>[];
    prune?: { enabled?: boolean; protect?: string[] };
    lint?: { ignore: string[] };
  };
  return {
    server: c.server,
    journal: c.journal,
    instance: c.instance,
    orgs: (c.orgs ?? []).map((o) => {
      const r = "id" in o ? { kind: "id", id: o.id } : { kind: "name", name: o.name };
      if (o.inherit === true) return { ref: r, mode: "inherit" };
      const s: Record<string, unknown> = {};
      for (const k of ["maxPasswordAttempts", "maxOtpAttempts"]) if (k in o) s[k] = o[k];
      return { ref: r, mode: "custom", settings: s };
    }),
    prune: { enabled: c.prune?.enabled ?? false, protect: [...new Set(c.prune?.protect ?? [])] },
    lintIgnore: c.lint?.ignore ?? [],
  };
}

describe("round trip: valid configs", () => {
  it("load gives the described state, and load → serialize → load is unchanged", () => {
    const style = fc.record({
      flow: fc.boolean(),
      quote: fc.constantFrom("PLAIN" as const, "QUOTE_DOUBLE" as const, "QUOTE_SINGLE" as const),
    });
    fc.assert(
      fc.property(config, style, (cfg, st) => {
        const first = parseDesired([{ file: "gen.yaml", text: render(cfg, st) }], {});
        expect(meaning(first)).toEqual(expectedMeaning(cfg));
        const again = parseDesired([{ file: "again.yaml", text: serializeDesired(first) }], {});
        expect(meaning(again)).toEqual(meaning(first));
      }),
      propertyParams({ numRuns: 300 }),
    );
  });
});

const root = fileURLToPath(new URL("../../", import.meta.url));
const yamlIn = (dir: string) =>
  readdirSync(`${root}${dir}`)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => readFileSync(`${root}${dir}/${f}`, "utf8"));
// The valid examples, plus the broken fixtures: their aliases, tags and directives make richer mutations.
const seeds = [...yamlIn("examples"), ...yamlIn("test/fixtures/invalid").filter((s) => s.length > 0)];

type Mutation = (s: string) => string;
const yamlChars = fc.constantFrom(..."abcXYZ019:-[]{}#&*!|>'\"%@`,?$\n \t\\~.".split(""));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 20 })).map(
    ([at, len]): Mutation =>
      (s) =>
        s.slice(0, at % (s.length + 1)) + s.slice((at % (s.length + 1)) + len),
  ),
  fc.tuple(fc.nat(), fc.array(yamlChars, { minLength: 1, maxLength: 8 })).map(
    ([at, cs]): Mutation =>
      (s) =>
        s.slice(0, at % (s.length + 1)) + cs.join("") + s.slice(at % (s.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (s) => {
    const lines = s.split("\n");
    const [i, j] = [a % lines.length, b % lines.length];
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join("\n");
  }),
  fc.nat().map((a): Mutation => (s) => {
    const lines = s.split("\n");
    lines.splice(a % lines.length, 0, lines[a % lines.length]!);
    return lines.join("\n");
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([a, d]): Mutation => (s) => {
    const lines = s.split("\n");
    const i = a % lines.length;
    lines[i] = d >= 0 ? " ".repeat(d) + lines[i]! : lines[i]!.slice(-d);
    return lines.join("\n");
  }),
  fc.nat().map(
    (a): Mutation =>
      (s) =>
        s.slice(0, a % (s.length + 1)),
  ),
);

function loadsOrConfigError(load: () => DesiredState): void {
  const started = performance.now();
  let state: DesiredState | undefined;
  try {
    state = load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.issues.length).toBeGreaterThan(0);
    for (const i of err.issues) expect(i.line >= 1 && i.column >= 1 && i.message.length > 0).toBe(true);
  }
  if (state) {
    lintDesired(state);
    expect(meaning(parseDesired([{ file: "rt.yaml", text: serializeDesired(state) }], {}))).toEqual(meaning(state));
  }
  expect(performance.now() - started).toBeLessThan(2000);
}

describe("mutations of valid files", () => {
  it("random text edits give a state or a ConfigError, never a crash or a hang", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 5 }), (seed, edits) => {
        const text = edits.reduce((s, m) => m(s), seed);
        loadsOrConfigError(() => parseDesired([{ file: "m.yaml", text }], {}));
      }),
      propertyParams({ numRuns: 1000 }),
    );
  });

  it("random byte edits (invalid UTF-8 included) give a state or a ConfigError", () => {
    const encoded = seeds.map((s) => new TextEncoder().encode(s));
    fc.assert(
      fc.property(
        fc.constantFrom(...encoded),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (seed, edits) => {
          const bytes = new Uint8Array(seed);
          for (const [at, b] of edits) bytes[at % bytes.length] = b;
          loadsOrConfigError(() => parseDesiredBytes([{ file: "b.yaml", bytes }], {}));
        },
      ),
      propertyParams({ numRuns: 500 }),
    );
  });
});

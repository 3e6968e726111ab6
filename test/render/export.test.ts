// export's YAML: golden files, org names as comments, and a text that loads back to the same state.
import { describe, expect, it } from "vitest";
import { parseDesired } from "../../src/desired/index.js";
import { renderExportYaml, type ExportInput } from "../../src/render/export-yaml.js";
import { s } from "../plan/fixtures.js";
import { expectGolden } from "./golden.js";
import { NOW } from "./fixtures.js";

const input = (scope: ExportInput["scope"]): ExportInput => ({
  server: "https://acme.zitadel.cloud",
  instance: s(5, 0),
  orgs: [
    { orgId: "300000000000000011", orgName: "ACME", settings: s(3, 3) },
    { orgId: "300000000000000012", orgName: "Globex\n# not a key: true", settings: null },
    { orgId: "300000000000000013", orgName: "${HOME} & Co", settings: s(0, 10) },
  ],
  scope,
  toolVersion: "0.1.0",
  now: NOW,
});

describe("export YAML", () => {
  it("custom orgs only (golden)", () => expectGolden("export-custom.yaml", renderExportYaml(input("custom"))));
  it("all orgs (golden)", () => expectGolden("export-all.yaml", renderExportYaml(input("all"))));

  it.each(["custom", "all"] as const)("--orgs %s loads back to the exported state", (scope) => {
    const state = parseDesired([{ file: "export.yaml", text: renderExportYaml(input(scope)) }], {});
    expect(state.server).toBe("https://acme.zitadel.cloud");
    expect(state.instance?.settings).toEqual(s(5, 0));
    const orgs = state.orgs.map((o) => ({
      ref: o.ref,
      mode: o.mode,
      ...(o.mode === "custom" ? { settings: o.settings } : {}),
    }));
    const expected = [
      { ref: { kind: "id", id: "300000000000000011" }, mode: "custom", settings: s(3, 3) },
      ...(scope === "all" ? [{ ref: { kind: "id", id: "300000000000000012" }, mode: "inherit" }] : []),
      { ref: { kind: "id", id: "300000000000000013" }, mode: "custom", settings: s(0, 10) },
    ];
    expect(orgs).toEqual(expected);
  });

  it("names each org in a comment on its id line, on one line whatever the name holds", () => {
    const yaml = renderExportYaml(input("all"));
    expect(yaml).toContain('- id: "300000000000000011" # ACME\n');
    expect(yaml).toContain('- id: "300000000000000012" # Globex # not a key: true\n');
    expect(yaml).toContain('- id: "300000000000000013" # ${HOME} & Co\n');
  });
});

describe("export YAML with names YAML does not allow raw", () => {
  // ZITADEL does not forbid control characters in org names; the exported file must still load.
  const names = ["bell\u0007", "esc\u001b[31mred", "nel\u0085x", "ls\u2028y ps\u2029z", "del\u007f", "bom\ufeff"];
  const odd: ExportInput = {
    ...input("all"),
    orgs: names.map((orgName, i) => ({ orgId: `30000000000000010${i}`, orgName, settings: s(3, 3) })),
  };

  it("loads back (plan with the export finds the same state), shows the characters as escapes in the comment", () => {
    const yaml = renderExportYaml(odd);
    const state = parseDesired([{ file: "export.yaml", text: yaml }], {});
    expect(state.orgs.map((o) => o.ref)).toEqual(names.map((_, i) => ({ kind: "id", id: `30000000000000010${i}` })));
    expect(yaml).toContain('- id: "300000000000000100" # bell\\u0007\n');
    expect(yaml).toContain('- id: "300000000000000101" # esc\\u001B[31mred\n');
    expect(yaml).toContain('- id: "300000000000000103" # ls\\u2028y ps\\u2029z\n');
    // oxlint-disable-next-line no-control-regex -- the test looks for control characters
    expect(yaml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/);
  });
});

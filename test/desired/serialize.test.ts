// serializeDesired: config v1 YAML, in the documented key order, that reads back as the same state.
import { describe, expect, it } from "vitest";
import { parseDesired, serializeDesired } from "../../src/desired/index.js";
import type { DesiredState } from "../../src/model.js";

const at = { file: "x.yaml", line: 1, column: 1 };

describe("serializeDesired", () => {
  it("writes every part in the order of the format, ids quoted, unmanaged fields left out", () => {
    const state: DesiredState = {
      server: "https://acme.zitadel.cloud",
      instance: { settings: { maxPasswordAttempts: 5 }, origin: at },
      orgs: [
        { ref: { kind: "id", id: "300000000000000099" }, mode: "custom", settings: { maxOtpAttempts: 3 }, origin: at },
        { ref: { kind: "name", name: "Globex" }, mode: "inherit", origin: at },
      ],
      prune: { enabled: true, protect: [{ value: "Legacy Org", origin: at }] },
      lintIgnore: ["otp-lockout-disabled"],
      journal: "j.json",
      sources: ["x.yaml"],
    };
    expect(serializeDesired(state)).toBe(
      [
        "version: 1",
        "server: https://acme.zitadel.cloud",
        "instance:",
        "  maxPasswordAttempts: 5",
        "orgs:",
        '  - id: "300000000000000099"',
        "    maxOtpAttempts: 3",
        "  - name: Globex",
        "    inherit: true",
        "prune:",
        "  enabled: true",
        "  protect:",
        "    - Legacy Org",
        "lint:",
        "  ignore:",
        "    - otp-lockout-disabled",
        "journal: j.json",
        "",
      ].join("\n"),
    );
  });

  it("writes only `version: 1` for a state that manages nothing", () => {
    expect(serializeDesired({ orgs: [], prune: { enabled: false, protect: [] }, lintIgnore: [], sources: [] })).toBe(
      "version: 1\n",
    );
  });

  it("escapes ${ so that names are not read back as substitutions", () => {
    const state: DesiredState = {
      orgs: [{ ref: { kind: "name", name: "A ${B} $${C}" }, mode: "inherit", origin: at }],
      prune: { enabled: false, protect: [] },
      lintIgnore: [],
      sources: [],
    };
    const text = serializeDesired(state);
    expect(text).toContain("A $${B} $$${C}");
    expect(parseDesired([{ file: "r.yaml", text }], {}).orgs[0]!.ref).toEqual({ kind: "name", name: "A ${B} $${C}" });
  });
});

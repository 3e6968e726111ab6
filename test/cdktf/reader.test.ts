// readTerraformJson on hand-written Terraform JSON: what it understands, and the clear errors for what
// it cannot plan (unresolved tokens, count/for_each, unknown types, ...).
import { describe, expect, it } from "vitest";
import { readTerraformJson, type TerraformJsonSource } from "../../src/desired/cdktf/index.js";
import { keyPositions } from "../../src/desired/cdktf/positions.js";
import { ConfigError, type ConfigIssue } from "../../src/errors.js";

const provider = { zitadel: [{ domain: "zitadel.example.com" }] };

function issuesOf(sources: readonly TerraformJsonSource[]): ConfigIssue[] {
  try {
    readTerraformJson(sources);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  throw new Error("expected a ConfigError");
}

const one = (json: unknown): TerraformJsonSource[] => [{ file: "main.tf.json", json }];
const messages = (json: unknown): string[] => issuesOf(one(json)).map((i) => i.message);

describe("readTerraformJson: what it reads", () => {
  it("hand-written JSON: instance, org by id, org by exact-name lookup, digit strings like Terraform accepts", () => {
    const text = JSON.stringify(
      {
        provider,
        data: { zitadel_orgs: { globex: { name: "Globex", name_method: "TEXT_QUERY_METHOD_EQUALS" } } },
        resource: {
          zitadel_default_lockout_policy: { default: { max_password_attempts: "5", max_otp_attempts: 5 } },
          zitadel_lockout_policy: {
            acme: { org_id: "300000000000000099", max_password_attempts: 3, depends_on: [], lifecycle: {} },
            globex: { org_id: "${data.zitadel_orgs.globex.ids[0]}", max_password_attempts: 0, max_otp_attempts: "2" },
          },
        },
      },
      null,
      2,
    );
    const desired = readTerraformJson([{ file: "main.tf.json", json: JSON.parse(text), text }]);
    expect(desired.server).toBe("https://zitadel.example.com");
    expect(desired.instance?.settings).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    expect(desired.orgs.map((o) => (o.mode === "custom" ? [o.ref, o.settings] : [o.ref, o.mode]))).toEqual([
      [{ kind: "id", id: "300000000000000099" }, { maxPasswordAttempts: 3 }],
      [
        { kind: "name", name: "Globex" },
        { maxPasswordAttempts: 0, maxOtpAttempts: 2 },
      ],
    ]);
    expect(desired.prune).toEqual({ enabled: false, protect: [] });
    expect(desired.lintIgnore).toEqual([]);
    expect(desired.sources).toEqual(["main.tf.json"]);
    // Positions come from the text: the block's key, and each attribute's key for per-field origins.
    const lines = text.split("\n");
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(desired.orgs[0]?.origin).toEqual({ file: "main.tf.json", line: lineOf('"acme": {'), column: 7 });
    const globex = desired.orgs[1];
    expect(globex?.mode === "custom" && globex.fieldOrigins?.maxOtpAttempts?.line).toBe(
      lineOf('"max_otp_attempts": "2"'),
    );
  });

  it("records: inheriting orgs and policies without max_password_attempts", () => {
    const desired = readTerraformJson(
      one({
        "//": {
          "zitadel-lockout": {
            formatVersion: 1,
            policies: {
              "app/globex": { target: "org", orgName: "Globex", mode: "inherit" },
              "app/initech": { target: "org", orgId: "7", mode: "custom", maxOtpAttempts: 4 },
              "app/instance": { target: "instance", maxOtpAttempts: 1 },
            },
          },
        },
      }),
    );
    expect(desired.instance?.settings).toEqual({ maxOtpAttempts: 1 });
    expect(desired.orgs).toMatchObject([
      { ref: { kind: "name", name: "Globex" }, mode: "inherit" },
      { ref: { kind: "id", id: "7" }, mode: "custom", settings: { maxOtpAttempts: 4 } },
    ]);
    expect(desired.server).toBeUndefined();
  });

  it.each([
    [{ domain: "z.example.com", port: "443" }, "https://z.example.com"],
    [{ domain: "z.example.com", port: "8443" }, "https://z.example.com:8443"],
    [{ domain: "localhost", port: "8080", insecure: true }, "http://localhost:8080"],
    [{ domain: "localhost", port: "80", insecure: "true" }, "http://localhost"],
    [{ domain: "${var.domain}" }, undefined],
    // The provider trims a scheme from domain (docs/zitadel-api.md §7); insecure still decides http or https.
    [{ domain: "https://z.example.com" }, "https://z.example.com"],
    [{ domain: "http://localhost", port: "8080", insecure: true }, "http://localhost:8080"],
  ])("server from the provider block %j → %s", (config, server) => {
    expect(readTerraformJson(one({ provider: { zitadel: config } })).server).toBe(server);
  });
});

describe("readTerraformJson: clear errors", () => {
  it("unresolved tokens are rejected, with the resource address", () => {
    expect(
      messages({
        provider,
        resource: {
          zitadel_default_lockout_policy: { d: { max_password_attempts: "${var.attempts}" } },
          zitadel_lockout_policy: {
            acme: { org_id: "${zitadel_org.acme.id}", max_password_attempts: 3 },
            globex: { org_id: "1", max_password_attempts: -1.8881545897087626e289 },
          },
        },
      }),
    ).toEqual([
      "zitadel_default_lockout_policy.d: max_password_attempts is an unresolved Terraform expression " +
        '"${var.attempts}": zitadel-lockout reads the synthesized JSON without running Terraform, so values ' +
        "must be literals",
      "zitadel_lockout_policy.acme: org_id is an unresolved Terraform expression " +
        '"${zitadel_org.acme.id}": zitadel-lockout reads the synthesized JSON without running Terraform, so ' +
        "values must be literals",
      "zitadel_lockout_policy.globex: max_password_attempts is an unresolved CDKTF number token: " +
        "zitadel-lockout reads the synthesized JSON without running Terraform, so values must be literals",
    ]);
  });

  it("count and for_each are rejected", () => {
    expect(
      messages({
        resource: {
          zitadel_lockout_policy: {
            many: { count: 2, org_id: "1", max_password_attempts: 3 },
            each: { for_each: "${toset(var.orgs)}", org_id: "${each.value}", max_password_attempts: 3 },
          },
        },
      }),
    ).toEqual([
      "zitadel_lockout_policy.many: count is not supported: zitadel-lockout needs one block per policy " +
        "(declare one construct per org)",
      "zitadel_lockout_policy.each: for_each is not supported: zitadel-lockout needs one block per policy " +
        "(declare one construct per org)",
      'zitadel_lockout_policy.each: org_id is an unresolved Terraform expression "${each.value}": ' +
        "zitadel-lockout reads the synthesized JSON without running Terraform, so values must be literals",
    ]);
  });

  it("unknown resource and data source types, and modules", () => {
    expect(
      messages({
        module: { m: { source: "./m" } },
        data: { zitadel_org: { x: { id: "1" } } },
        resource: { zitadel_login_policy: { x: {} }, zitadel_lockout_polcy: { y: {} } },
      }),
    ).toEqual([
      "module blocks are not supported: zitadel-lockout cannot see the policies inside a module",
      "data source zitadel_org is not supported: zitadel-lockout reads only zitadel_orgs (exact-name org " +
        "lookups) (did you mean zitadel_orgs?)",
      "resource type zitadel_login_policy is not a lockout policy: zitadel-lockout reads only " +
        "zitadel_default_lockout_policy and zitadel_lockout_policy",
      "resource type zitadel_lockout_polcy is not a lockout policy: zitadel-lockout reads only " +
        "zitadel_default_lockout_policy and zitadel_lockout_policy (did you mean zitadel_lockout_policy?)",
    ]);
  });

  it("an unknown type names the constructs that wrote its blocks", () => {
    const meta = (path: string) => ({ "//": { metadata: { path, uniqueId: "u" } } });
    expect(
      messages({
        data: { zitadel_org: { x: meta("app/team/org") } },
        resource: { zitadel_org: { a: meta("app/acme/Default"), b: meta("app/globex") } },
      }),
    ).toEqual([
      "data source zitadel_org (construct app/team/org) is not supported: zitadel-lockout reads only " +
        "zitadel_orgs (exact-name org lookups) (did you mean zitadel_orgs?)",
      "resource type zitadel_org (constructs app/acme, app/globex) is not a lockout policy: " +
        "zitadel-lockout reads only zitadel_default_lockout_policy and zitadel_lockout_policy",
    ]);
  });

  it("attributes: unknown names (with a hint), missing required ones, out-of-range numbers", () => {
    expect(
      messages({
        resource: {
          zitadel_default_lockout_policy: { d: { max_otp_attempt: 3 } },
          zitadel_lockout_policy: {
            a: { max_password_attempts: 4294967296 },
            b: { org_id: "", max_password_attempts: 1.5 },
          },
        },
      }),
    ).toEqual([
      "zitadel_default_lockout_policy.d: unknown attribute max_otp_attempt (did you mean " +
        "max_otp_attempts?): the official provider's zitadel_default_lockout_policy does not have it",
      "zitadel_default_lockout_policy.d: max_password_attempts is required by the official provider's " +
        "zitadel_default_lockout_policy",
      "zitadel_lockout_policy.a: max_password_attempts must be an integer from 0 to 4294967295 (0 = never " +
        "lock), got 4294967296",
      "zitadel_lockout_policy.a: org_id is required: without it the provider uses the organization of its " +
        "own service account, which zitadel-lockout cannot know",
      "zitadel_lockout_policy.b: max_password_attempts must be an integer from 0 to 4294967295 (0 = never " +
        "lock), got 1.5",
      'zitadel_lockout_policy.b: org_id must be a non-empty string, got ""',
    ]);
  });

  it("org lookups must be exact-name zitadel_orgs blocks of the same stack", () => {
    expect(
      messages({
        data: {
          zitadel_orgs: {
            loose: { name: "Globex" },
            filtered: { name: "ACME", name_method: "TEXT_QUERY_METHOD_EQUALS", domain: "acme.com" },
          },
        },
        resource: {
          zitadel_lockout_policy: {
            a: { org_id: "${data.zitadel_orgs.loose.ids[0]}", max_password_attempts: 1 },
            b: { org_id: "${element(data.zitadel_orgs.filtered.ids, 0)}", max_password_attempts: 1 },
            c: { org_id: "${data.zitadel_orgs.missing.ids[0]}", max_password_attempts: 1 },
          },
        },
      }),
    ).toEqual([
      "zitadel_lockout_policy.a: data.zitadel_orgs.loose must set name_method = " +
        '"TEXT_QUERY_METHOD_EQUALS" (the provider\'s default ignores case): zitadel-lockout matches org ' +
        "names exactly",
      "zitadel_lockout_policy.b: data.zitadel_orgs.filtered sets domain: zitadel-lockout resolves orgs by " +
        "their exact name only",
      "zitadel_lockout_policy.c: org_id refers to data.zitadel_orgs.missing, which this stack does not declare",
    ]);
  });

  it("an org lookup through another provider, or with an attribute the provider lacks, is rejected", () => {
    const lookups = {
      elsewhere: { provider: "zitadel.eu", name: "ACME", name_method: "TEXT_QUERY_METHOD_EQUALS" },
      typo: { name: "ACME", name_metod: "TEXT_QUERY_METHOD_EQUALS", name_method: "TEXT_QUERY_METHOD_EQUALS" },
      plain: { provider: "zitadel", depends_on: [], name: "Globex", name_method: "TEXT_QUERY_METHOD_EQUALS" },
    };
    const policy = (lookup: string) => ({ org_id: `\${data.zitadel_orgs.${lookup}.ids[0]}`, max_password_attempts: 1 });
    expect(
      messages({
        data: { zitadel_orgs: lookups },
        resource: { zitadel_lockout_policy: { a: policy("elsewhere"), b: policy("typo"), c: policy("plain") } },
      }),
    ).toEqual([
      'zitadel_lockout_policy.a: data.zitadel_orgs.elsewhere uses provider "zitadel.eu": zitadel-lockout ' +
        "looks orgs up on the one server it plans against, so the lookup must use the default zitadel " +
        "provider",
      "zitadel_lockout_policy.b: data.zitadel_orgs.typo has an unknown attribute name_metod (did you mean " +
        "name_method?): the official provider's zitadel_orgs does not have it",
    ]);
  });

  it("provider aliases are rejected: one plan targets one server", () => {
    expect(
      messages({
        resource: { zitadel_default_lockout_policy: { d: { provider: "zitadel.eu", max_password_attempts: 1 } } },
      }),
    ).toEqual([
      'zitadel_default_lockout_policy.d: provider "zitadel.eu" is not supported: zitadel-lockout plans ' +
        "against one server (--url / ZITADEL_URL), so every policy must use the default zitadel provider",
    ]);
  });

  it("duplicates across stacks name both declarations; stacks must agree on the server", () => {
    const a = {
      provider: { zitadel: { domain: "a.example.com" } },
      resource: {
        zitadel_default_lockout_policy: {
          d: { max_password_attempts: 1, "//": { metadata: { path: "a/instance/Default" } } },
        },
        zitadel_lockout_policy: { g: { org_id: "9", max_password_attempts: 1 } },
      },
    };
    const b = {
      provider: { zitadel: { domain: "b.example.com" } },
      resource: { zitadel_default_lockout_policy: { d: { max_password_attempts: 2 } } },
      "//": {
        "zitadel-lockout": { formatVersion: 1, policies: { "b/g": { target: "org", orgId: "9", mode: "inherit" } } },
      },
    };
    const issues = issuesOf([
      { file: "stacks/a/cdk.tf.json", json: a },
      { file: "stacks/b/cdk.tf.json", json: b },
    ]);
    expect(issues.map((i) => `${i.file}: ${i.message}`)).toEqual([
      "stacks/b/cdk.tf.json: provider zitadel points at https://b.example.com, another stack at " +
        "https://a.example.com: one plan targets one server",
      "stacks/b/cdk.tf.json: zitadel_default_lockout_policy.d: the instance policy is already declared by " +
        "zitadel_default_lockout_policy.d (construct a/instance)",
      "stacks/b/cdk.tf.json: construct b/g: org id 9 is already declared by zitadel_lockout_policy.g",
    ]);
  });

  it("records: unknown format versions and broken entries", () => {
    expect(messages({ "//": { "zitadel-lockout": { formatVersion: 2, policies: {} } } })).toEqual([
      "the zitadel-lockout record has an unknown format (expected formatVersion 1); upgrade zitadel-lockout",
    ]);
    expect(
      messages({
        "//": {
          "zitadel-lockout": {
            formatVersion: 1,
            policies: {
              "x/a": { target: "org", orgName: "A", mode: "inherit", maxOtpAttempts: 1 },
              "x/b": { target: "org", mode: "custom" },
              "x/c": { target: "org", orgId: "1", mode: "sometimes" },
              "x/d": { target: "instance", maxPasswordAtempts: 1 },
            },
          },
        },
      }),
    ).toEqual([
      "construct x/a: inherit excludes maxPasswordAttempts and maxOtpAttempts",
      "construct x/b: exactly one of orgId and orgName is required",
      'construct x/c: mode must be "inherit" or "custom", got "sometimes"',
      "construct x/d: unknown field maxPasswordAtempts (did you mean maxPasswordAttempts?) in the " +
        "zitadel-lockout record",
    ]);
  });

  it("records that manage nothing are errors, as in YAML", () => {
    expect(
      messages({
        "//": {
          "zitadel-lockout": {
            formatVersion: 1,
            policies: { "x/i": { target: "instance" }, "x/u": { target: "org", orgName: "Umbrella", mode: "custom" } },
          },
        },
      }),
    ).toEqual([
      "construct x/i: nothing to manage; set maxPasswordAttempts and/or maxOtpAttempts",
      "construct x/u: nothing to manage; set mode inherit, or maxPasswordAttempts and/or maxOtpAttempts",
    ]);
  });

  it("lists the problems file by file, in line order, whichever check found them", () => {
    const doc = (domain: string, orgId: string) => ({
      "//": {
        "zitadel-lockout": { formatVersion: 1, policies: { "s/i": { target: "instance", maxOtpAttempts: -1 } } },
      },
      provider: { zitadel: [{ domain }] },
      resource: { zitadel_lockout_policy: { o: { org_id: orgId, max_password_attempts: "x" } } },
    });
    const source = (file: string, json: unknown): TerraformJsonSource => ({
      file,
      json,
      text: JSON.stringify(json, null, 2),
    });
    const issues = issuesOf([
      source("a.tf.json", doc("a.example.com", "1")),
      source("b.tf.json", doc("b.example.com", "2")),
    ]);
    expect(issues.map((i) => `${i.file}:${i.line}`)).toEqual([
      "a.tf.json:6",
      "a.tf.json:22",
      "b.tf.json:6",
      "b.tf.json:14",
      "b.tf.json:22",
    ]);
    expect(issues.map((i) => i.message.split(":")[0])).toEqual([
      "construct s/i",
      "zitadel_lockout_policy.o",
      "construct s/i",
      "provider zitadel points at https",
      "zitadel_lockout_policy.o",
    ]);
  });

  it("a document that is not a JSON object", () => {
    expect(messages([1, 2])).toEqual(["not a Terraform JSON document (expected a JSON object)"]);
  });
});

describe("keyPositions", () => {
  it("finds every object key by its path, through arrays and escaped strings", () => {
    const text = '{\n  "a": {"b": "x\\"}", "c": [ {"d": 1}, {"e": {"f/g": true}} ]},\n  "//": {"a": 2}\n}';
    const at = keyPositions(text);
    expect(at(["a"])).toEqual({ line: 2, column: 3 });
    expect(at(["a", "b"])).toEqual({ line: 2, column: 9 });
    expect(at(["a", "c"])).toEqual({ line: 2, column: 22 });
    expect(at(["a", "c", "0", "d"])).toEqual({ line: 2, column: 30 });
    expect(at(["a", "c", "1", "e", "f/g"])).toEqual({ line: 2, column: 46 });
    expect(at(["//", "a"])).toEqual({ line: 3, column: 10 });
    expect(at(["a", "d"])).toBeUndefined();
  });
});

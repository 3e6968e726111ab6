// The L2 constructs: what they synthesize (ordinary JSON for the official provider), how they record
// what the provider cannot express, and how they validate props.
import { TerraformStack, TerraformVariable } from "cdktf";
import type { IConstruct } from "constructs";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { InstanceLockoutPolicy, OrgLockoutPolicy, RECORD_KEY } from "../../src/cdktf/index.js";
import { readTerraformJson } from "../../src/desired/cdktf/index.js";
import { ConfigError } from "../../src/errors.js";
import { harness } from "../reconcile/harness.js";
import { cleanupSynth, synthStack, type TfJson } from "./synth.js";

afterAll(cleanupSynth);

const schema = JSON.parse(readFileSync("schemas/zitadel-provider.schema.json", "utf8")).provider_schemas[
  "registry.terraform.io/zitadel/zitadel"
];

/** Every zitadel_* block uses only the official provider's attribute names and sets its required ones. */
function expectValidForOfficialProvider(tf: TfJson): void {
  const check = (
    kind: "resource_schemas" | "data_source_schemas",
    blocks: Record<string, Record<string, TfJson>> = {},
  ) => {
    for (const [type, byName] of Object.entries(blocks)) {
      const attributes = schema[kind][type]?.block.attributes;
      expect(attributes, `${type} is a ${kind} of the official provider`).toBeDefined();
      for (const body of Object.values(byName)) {
        for (const key of Object.keys(body).filter((k) => k !== "//")) expect(Object.keys(attributes)).toContain(key);
        for (const [name, a] of Object.entries<TfJson>(attributes)) if (a.required) expect(body).toHaveProperty(name);
      }
    }
  };
  check("resource_schemas", tf.resource);
  check("data_source_schemas", tf.data);
  expect(tf.terraform.required_providers.zitadel.source).toBe("registry.terraform.io/zitadel/zitadel");
}

const synthError = (build: (stack: TerraformStack) => void, options: { provider?: boolean } = {}): string => {
  try {
    synthStack(build, options);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("synth succeeded");
};

describe("InstanceLockoutPolicy", () => {
  it("synthesizes zitadel_default_lockout_policy with both numbers", () => {
    const tf = synthStack(
      (s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5, maxOtpAttempts: 3 }),
    ).stack();
    const { "//": _meta, ...attributes } = tf.resource.zitadel_default_lockout_policy.instance;
    expect(attributes).toEqual({ max_password_attempts: 5, max_otp_attempts: 3 });
    expect(tf["//"][RECORD_KEY]).toBeUndefined();
    expectValidForOfficialProvider(tf);
  });

  it("leaves max_otp_attempts out when it is not managed", () => {
    const tf = synthStack((s) => new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 0 })).stack();
    expect(tf.resource.zitadel_default_lockout_policy.instance).not.toHaveProperty("max_otp_attempts");
    expect(tf.resource.zitadel_default_lockout_policy.instance.max_password_attempts).toBe(0);
  });

  it("records a policy without maxPasswordAttempts (the provider requires it) and warns", () => {
    const out = synthStack((s) => new InstanceLockoutPolicy(s, "instance", { maxOtpAttempts: 3 }));
    const tf = out.stack();
    expect(tf.resource).toBeUndefined();
    expect(tf["//"][RECORD_KEY]).toEqual({
      formatVersion: 1,
      policies: { "acme/instance": { target: "instance", maxOtpAttempts: 3 } },
    });
    const annotations = out.manifest.stacks.acme.annotations;
    expect(annotations).toContainEqual(
      expect.objectContaining({
        constructPath: "acme/instance",
        level: "@cdktf/warn",
        message: expect.stringContaining("Terraform will not manage it"),
      }),
    );
  });
});

describe("OrgLockoutPolicy", () => {
  it("orgId: zitadel_lockout_policy with a literal org_id", () => {
    const tf = synthStack(
      (s) => new OrgLockoutPolicy(s, "acme", { orgId: "300000000000000099", maxPasswordAttempts: 3 }),
    ).stack();
    const { "//": meta, ...attributes } = tf.resource.zitadel_lockout_policy.acme;
    expect(attributes).toEqual({ org_id: "300000000000000099", max_password_attempts: 3 });
    expect(meta.metadata.path).toBe("acme/acme/Default");
    expect(tf.data).toBeUndefined();
    expectValidForOfficialProvider(tf);
  });

  it("orgName: an exact-name zitadel_orgs lookup and an org_id reference to its first id", () => {
    const tf = synthStack(
      (s) => new OrgLockoutPolicy(s, "globex", { orgName: "Globex", maxPasswordAttempts: 4, maxOtpAttempts: 0 }),
    ).stack();
    const [lookupName, lookup] = Object.entries<TfJson>(tf.data.zitadel_orgs)[0]!;
    expect(Object.keys(tf.data.zitadel_orgs)).toHaveLength(1);
    expect(lookup).toMatchObject({ name: "Globex", name_method: "TEXT_QUERY_METHOD_EQUALS" });
    expect(tf.resource.zitadel_lockout_policy.globex).toMatchObject({
      org_id: `\${element(data.zitadel_orgs.${lookupName}.ids, 0)}`,
      max_password_attempts: 4,
      max_otp_attempts: 0,
    });
    expectValidForOfficialProvider(tf);
  });

  it("inherit: no resource, no lookup; the org is recorded in the stack so a reset can be planned", () => {
    const tf = synthStack((s) => {
      new OrgLockoutPolicy(s, "globex", { orgName: "Globex", inherit: true });
      new OrgLockoutPolicy(s, "initech", { orgId: "300000000000000007", inherit: true });
    }).stack();
    expect(tf.resource).toBeUndefined();
    expect(tf.data).toBeUndefined();
    expect(tf["//"][RECORD_KEY].policies).toEqual({
      "acme/globex": { target: "org", orgName: "Globex", mode: "inherit" },
      "acme/initech": { target: "org", orgId: "300000000000000007", mode: "inherit" },
    });
  });

  it("inherit: false is a custom policy like an omitted inherit", () => {
    const tf = synthStack(
      (s) => new OrgLockoutPolicy(s, "acme", { orgId: "1", inherit: false, maxPasswordAttempts: 2 }),
    ).stack();
    expect(tf.resource.zitadel_lockout_policy.acme.max_password_attempts).toBe(2);
  });
});

describe("validation at synth", () => {
  it("reports every problem of every construct at once, each with its construct path", () => {
    const message = synthError((s) => {
      new OrgLockoutPolicy(s, "both", { orgId: "1", orgName: "ACME", maxPasswordAttempts: 3 });
      new OrgLockoutPolicy(s, "neither", { maxPasswordAttempts: 3 });
      new OrgLockoutPolicy(s, "inherit-with-numbers", { orgName: "Globex", inherit: true, maxOtpAttempts: 1 });
      new OrgLockoutPolicy(s, "bad-numbers", { orgId: "2", maxPasswordAttempts: -1, maxOtpAttempts: 2.5 });
      new InstanceLockoutPolicy(s, "too-big", { maxPasswordAttempts: 4294967296 });
      new OrgLockoutPolicy(s, "typo", { orgId: "3", maxOTPAttempts: 3 } as never);
      new OrgLockoutPolicy(s, "empty-name", { orgName: "" });
      new OrgLockoutPolicy(s, "inherit-string", { orgId: "4", inherit: "yes" } as never);
    });
    expect(message).toContain("[acme/both] give either orgId or orgName, not both");
    expect(message).toContain("[acme/neither] orgId or orgName is required");
    expect(message).toContain(
      "[acme/inherit-with-numbers] inherit: true excludes maxPasswordAttempts and maxOtpAttempts",
    );
    expect(message).toContain(
      "[acme/bad-numbers] maxPasswordAttempts must be an integer from 0 to 4294967295 (0 = never lock), got -1",
    );
    expect(message).toContain(
      "[acme/bad-numbers] maxOtpAttempts must be an integer from 0 to 4294967295 (0 = never lock), got 2.5",
    );
    expect(message).toContain(
      "[acme/too-big] maxPasswordAttempts must be an integer from 0 to 4294967295 (0 = never lock), got 4294967296",
    );
    expect(message).toContain("[acme/typo] unknown prop maxOTPAttempts (did you mean maxOtpAttempts?)");
    expect(message).toContain('[acme/empty-name] orgName must be a non-empty string, got ""');
    expect(message).toContain('[acme/inherit-string] inherit must be true or false, got "yes"');
  });

  it("a policy that manages nothing is an error, as in YAML (not a custom policy with inherited values)", () => {
    const message = synthError((s) => {
      new InstanceLockoutPolicy(s, "instance");
      new OrgLockoutPolicy(s, "umbrella", { orgName: "Umbrella" });
      new OrgLockoutPolicy(s, "acme", { orgId: "1", inherit: false });
      new OrgLockoutPolicy(s, "typo", { orgId: "2", maxOTPAttempts: 3 } as never);
    });
    expect(message).toContain(
      "[acme/instance] nothing to manage; set maxPasswordAttempts and/or maxOtpAttempts, or remove the construct",
    );
    expect(message).toContain(
      "[acme/umbrella] nothing to manage; set inherit: true, or maxPasswordAttempts and/or maxOtpAttempts",
    );
    expect(message).toContain(
      "[acme/acme] nothing to manage; set inherit: true, or maxPasswordAttempts and/or maxOtpAttempts",
    );
    // A misspelt number is reported as such, not also as "nothing to manage".
    expect(message).not.toContain("[acme/typo] nothing to manage");
    expect(synthError((s) => new InstanceLockoutPolicy(s, "empty", {}))).toContain("[acme/empty] nothing to manage");
  });

  it("rejects tokens: zitadel-lockout never runs Terraform, so values must be literals", () => {
    const message = synthError((s) => {
      const attempts = new TerraformVariable(s, "attempts", { type: "number" });
      const org = new TerraformVariable(s, "org", { type: "string" });
      new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: attempts.numberValue });
      new OrgLockoutPolicy(s, "acme", { orgId: org.stringValue, maxPasswordAttempts: 3 });
      new OrgLockoutPolicy(s, "globex", { orgName: org.stringValue, inherit: true });
    });
    expect(message).toContain("[acme/instance] maxPasswordAttempts must be a literal number, not a token");
    expect(message).toContain("[acme/acme] orgId must be a literal string, not a token");
    expect(message).toContain("use orgName to look an org up by name");
    expect(message).toContain("[acme/globex] orgName must be a literal string, not a token");
  });

  it("one policy per target in a stack", () => {
    const message = synthError((s) => {
      new InstanceLockoutPolicy(s, "first", { maxPasswordAttempts: 1 });
      new InstanceLockoutPolicy(s, "second", { maxPasswordAttempts: 2 });
      new OrgLockoutPolicy(s, "globex", { orgName: "Globex", inherit: true });
      new OrgLockoutPolicy(s, "globex-again", { orgName: "Globex", maxPasswordAttempts: 2 });
      new OrgLockoutPolicy(s, "by-id", { orgId: "5", maxPasswordAttempts: 2 });
      new OrgLockoutPolicy(s, "by-id-again", { orgId: "5", inherit: true });
    });
    expect(message).toContain("[acme/second] the instance lockout policy is already declared by acme/first");
    expect(message).toContain('[acme/globex-again] org "Globex" is already declared by acme/globex');
    expect(message).toContain("[acme/by-id-again] org id 5 is already declared by acme/by-id");
    expect(message).not.toContain("[acme/first]");
    expect(message).not.toContain("[acme/globex]");
  });

  it("warns at synth when a resource omits maxOtpAttempts (the official provider would create it with 0)", () => {
    const warnings = (c: IConstruct) =>
      c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    const made: Record<string, IConstruct> = {};
    synthStack((s) => {
      made.instance = new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 5 });
      made.acme = new OrgLockoutPolicy(s, "acme", { orgName: "ACME", maxPasswordAttempts: 3 });
      made.both = new OrgLockoutPolicy(s, "both", { orgId: "2", maxPasswordAttempts: 3, maxOtpAttempts: 3 });
      made.inherit = new OrgLockoutPolicy(s, "inherit", { orgId: "3", inherit: true });
    });
    for (const name of ["instance", "acme"]) {
      expect(warnings(made[name]!)).toEqual([
        expect.stringContaining("sends max_otp_attempts = 0 (never lock) when it creates this policy"),
      ]);
    }
    expect(warnings(made.both!)).toEqual([]);
    expect(warnings(made.inherit!)).toEqual([]);
  });

  it("a stack without a ZitadelProvider synthesizes, with one warning that Terraform itself would need one", () => {
    const warnings = (c: IConstruct) =>
      c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    const made: Record<string, IConstruct> = {};
    const out = synthStack(
      (s) => {
        made.globex = new OrgLockoutPolicy(s, "globex", { orgId: "2", inherit: true });
        for (const id of ["3", "4", "5"])
          made[`org${id}`] = new OrgLockoutPolicy(s, `org${id}`, {
            orgId: id,
            maxPasswordAttempts: 3,
            maxOtpAttempts: 3,
          });
        made.instance = new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 3, maxOtpAttempts: 3 });
      },
      { provider: false },
    );
    expect(Object.keys(out.stack().resource.zitadel_lockout_policy)).toHaveLength(3);
    const all = Object.values(made)
      .flatMap(warnings)
      .filter((w) => w.includes("ZitadelProvider"));
    expect(all).toEqual([
      expect.stringMatching(
        new RegExp(
          /^the stack has no ZitadelProvider: zitadel-lockout plans and applies it against --url /.source +
            /\/ ZITADEL_URL, but Terraform itself would need one/.source,
        ),
      ),
    ]);
    expect(warnings(made.org3!)).toEqual(all); // once per stack, at the first resource
  });

  it("a stack without a ZitadelProvider plans and applies against ZITADEL_URL: the warning is no error", async () => {
    const out = synthStack(
      (s) => {
        new InstanceLockoutPolicy(s, "instance", { maxPasswordAttempts: 7, maxOtpAttempts: 7 });
        new OrgLockoutPolicy(s, "acme", { orgName: "ACME", maxPasswordAttempts: 4, maxOtpAttempts: 4 });
      },
      { provider: false },
    );
    const h = await harness();
    try {
      const plan = await h.cli(["plan", "--cdktf", out.outdir, "--detailed-exitcode"]);
      expect(plan.code, plan.stderr).toBe(2);
      expect(plan.stdout).toMatch(/Plan: 1 to create, 1 to update, 0 to reset, 0 unchanged\./);
      const apply = await h.cli(["apply", "--cdktf", out.outdir, "--auto-approve"]);
      expect(apply.code, apply.stderr).toBe(0);
      expect(h.emu.control.instancePolicy()).toMatchObject({ maxPasswordAttempts: 7, maxOtpAttempts: 7 });
      const acme = h.emu.control.listOrgs().find((o) => o.name === "ACME")!.id;
      expect(h.emu.control.orgPolicy(acme)).toMatchObject({ maxPasswordAttempts: 4, maxOtpAttempts: 4 });
    } finally {
      await h.close();
    }
  });

  it("with skipValidation, invalid props are recorded as such and the reader refuses them", () => {
    const out = synthStack((s) => new OrgLockoutPolicy(s, "broken", { orgId: "1", orgName: "ACME" }), {
      skipValidation: true,
    });
    const tf = out.stack();
    expect(tf["//"][RECORD_KEY].policies["acme/broken"]).toEqual({
      target: "invalid",
      problems: ["give either orgId or orgName, not both"],
    });
    expect(tf.resource).toBeUndefined();
    let error: unknown;
    try {
      readTerraformJson([{ file: "cdk.tf.json", json: tf }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.message)).toEqual([
      "construct acme/broken: give either orgId or orgName, not both",
    ]);
  });
});

// The committed L1 bindings are exactly what `npm run gen:bindings` produces from the schema, and the
// reader's idea of the provider (types, attribute names) is the schema's.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  INSTANCE_POLICY_ATTRIBUTES,
  INSTANCE_POLICY_TYPE,
  ORG_LOOKUP_ATTRIBUTES,
  ORG_LOOKUP_TYPE,
  ORG_POLICY_ATTRIBUTES,
  ORG_POLICY_TYPE,
  PROVIDER_ATTRIBUTES,
  PROVIDER_NAME,
  PROVIDER_VERSION,
} from "../../src/desired/cdktf/provider-schema.js";
import { adaptForNodeNext } from "../../scripts/gen-bindings.js";

const committed = join(process.cwd(), "src", "cdktf", "gen");

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = new Map<string, string>();
  for (const e of entries.filter((x) => x.isFile())) {
    const path = join(e.parentPath, e.name);
    files.set(relative(dir, path), await readFile(path, "utf8"));
  }
  return files;
}

describe("generated L1 bindings", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("regenerating from the schema gives byte-identical files", { timeout: 60_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), "zl-bindings-"));
    dirs.push(out);
    // The npm script's own command line, into a temp dir (the same process setup as `npm run gen:bindings`).
    await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/gen-bindings.ts", "--out", out], {
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    const fresh = await filesUnder(out);
    const current = await filesUnder(committed);
    expect([...fresh.keys()].sort()).toEqual([...current.keys()].sort());
    expect(fresh.size).toBe(5);
    for (const [path, text] of fresh) expect(current.get(path), path).toBe(text);
  });

  it("the NodeNext adjustments: .js suffixes, override keywords, no CommonJS lazy index", () => {
    const adapted = adaptForNodeNext(
      "providers/zitadel/x/index.ts",
      "import { a } from './lockout-policy';\n  protected synthesizeAttributes() {}\n  public get alias() {}\n",
    );
    expect(adapted).toContain("from './lockout-policy/index.js'");
    expect(adapted).toContain("protected override synthesizeAttributes()");
    expect(adapted).toContain("public override get alias()");
    expect(adaptForNodeNext("providers/zitadel/lazy-index.ts", "require('x')")).toBeUndefined();
    expect(adaptForNodeNext("providers/zitadel/x/README.md", "# x")).toBeUndefined();
  });
});

describe("the provider schema subset", () => {
  it("declares the resources, the data source and the provider the reader knows, with provider_versions", async () => {
    const schema = JSON.parse(await readFile("schemas/zitadel-provider.schema.json", "utf8"));
    const fqpn = "registry.terraform.io/zitadel/zitadel";
    const provider = schema.provider_schemas[fqpn];
    const names = (block: { block: { attributes: Record<string, unknown> } }) =>
      Object.keys(block.block.attributes).sort();
    expect(Object.keys(schema.provider_schemas)).toEqual([fqpn]);
    expect(fqpn.endsWith(`/${PROVIDER_NAME}`)).toBe(true);
    expect(schema.provider_versions[fqpn]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(provider.resource_schemas).sort()).toEqual([INSTANCE_POLICY_TYPE, ORG_POLICY_TYPE]);
    expect(Object.keys(provider.data_source_schemas)).toEqual([ORG_LOOKUP_TYPE]);
    expect(names(provider.resource_schemas[INSTANCE_POLICY_TYPE])).toEqual([...INSTANCE_POLICY_ATTRIBUTES]);
    expect(names(provider.resource_schemas[ORG_POLICY_TYPE])).toEqual([...ORG_POLICY_ATTRIBUTES]);
    expect(names(provider.data_source_schemas[ORG_LOOKUP_TYPE])).toEqual([...ORG_LOOKUP_ATTRIBUTES]);
  });

  it("has the provider block of the version it names, none from a later one (docs/zitadel-api.md §7)", async () => {
    const schema = JSON.parse(await readFile("schemas/zitadel-provider.schema.json", "utf8"));
    const fqpn = "registry.terraform.io/zitadel/zitadel";
    expect(schema.provider_versions[fqpn]).toBe(PROVIDER_VERSION);
    expect(PROVIDER_VERSION).toBe("2.4.0");
    const attrs = schema.provider_schemas[fqpn].provider.block.attributes;
    expect(Object.keys(attrs).sort()).toEqual([...PROVIDER_ATTRIBUTES]);
    expect(attrs.insecure_skip_verify_tls).toBeUndefined();
    expect(attrs.domain).toMatchObject({ type: "string", required: true });
    expect(attrs.insecure).toMatchObject({ type: "bool", optional: true });
    // The PAT is the one attribute the provider marks sensitive: Terraform hides it in plans and logs.
    expect(Object.keys(attrs).filter((k) => attrs[k].sensitive)).toEqual(["access_token"]);
    for (const name of PROVIDER_ATTRIBUTES.filter((n) => n !== "domain" && n !== "insecure"))
      expect(attrs[name], name).toMatchObject({ type: "string", optional: true });
  });

  it("the generated ZitadelProvider takes exactly those attributes", async () => {
    const { ZitadelProvider } = await import("../../src/cdktf/index.js");
    const { TerraformStack, Testing } = await import("cdktf");
    const stack = new TerraformStack(Testing.app(), "s");
    new ZitadelProvider(stack, "zitadel", {
      domain: "z.example.com",
      accessToken: "pat",
      jwtFile: "jwt.txt",
      jwtProfileFile: "key.json",
      jwtProfileJson: "{}",
      token: "token.json",
      port: "8443",
      insecure: false,
    });
    const synthesized = JSON.parse(Testing.synth(stack)) as { provider: { zitadel: Record<string, unknown>[] } };
    expect(Object.keys(synthesized.provider.zitadel[0]!).sort()).toEqual([...PROVIDER_ATTRIBUTES]);
  });

  it("has the attribute kinds of the official provider (docs/zitadel-api.md §7)", async () => {
    const schema = JSON.parse(await readFile("schemas/zitadel-provider.schema.json", "utf8"));
    const resources = schema.provider_schemas["registry.terraform.io/zitadel/zitadel"].resource_schemas;
    for (const type of [INSTANCE_POLICY_TYPE, ORG_POLICY_TYPE]) {
      const attrs = resources[type].block.attributes;
      expect(attrs.max_password_attempts).toMatchObject({ type: "number", required: true });
      expect(attrs.max_otp_attempts).toMatchObject({ type: "number", optional: true, computed: true });
      expect(attrs.id).toMatchObject({ type: "string", computed: true });
    }
    expect(resources[ORG_POLICY_TYPE].block.attributes.org_id).toMatchObject({ type: "string", optional: true });
    expect(resources[ORG_POLICY_TYPE].block.attributes.org_id.required).toBeUndefined();
  });
});

// @ts-check
// A CDKTF app declaring ZITADEL lockout policies with zitadel-lockout's constructs.
//
//   zitadel-lockout plan --cdktf examples/cdktf      # runs this app (node main.mjs), reads what it synthesizes
//   cdktf synth && terraform -chdir=cdktf.out/stacks/lockout plan   # the same JSON, with Terraform
//
// Its YAML twin, lockout.yaml beside this file, declares exactly the same policies.
// Plain JavaScript (type-checked by `// @ts-check` in an editor) so that it runs with node alone, no tsx or
// ts-node; `.mjs` makes it an ES module in any project, also a CommonJS one like `cdktf init` creates. In
// TypeScript the same code works unchanged in a main.ts.
import { App, TerraformStack } from "cdktf";
import { InstanceLockoutPolicy, OrgLockoutPolicy, ZitadelProvider } from "zitadel-lockout/cdktf";

const app = new App();
const stack = new TerraformStack(app, "lockout");

// For Terraform (zitadel-lockout derives the server URL from it, and uses its own credentials:
// ZITADEL_TOKEN, ZITADEL_KEY_FILE or client credentials). `zitadel-lockout emulator --port 8080`
// serves this address.
new ZitadelProvider(stack, "zitadel", {
  domain: "localhost",
  port: "8080",
  insecure: true,
  jwtProfileFile: "zitadel-key.json",
});

// The instance default: lock after 5 wrong passwords or 5 wrong one-time codes.
new InstanceLockoutPolicy(stack, "instance", { maxPasswordAttempts: 5, maxOtpAttempts: 5 });

// ACME gets a stricter custom policy; its name is looked up with the provider's zitadel_orgs data source.
new OrgLockoutPolicy(stack, "acme", { orgName: "ACME", maxPasswordAttempts: 3, maxOtpAttempts: 3 });

// Globex drops its custom policy and uses the instance default (recorded in the stack, see docs/cdktf.md).
new OrgLockoutPolicy(stack, "globex", { orgName: "Globex", inherit: true });

// Initech: only the password limit is managed; its OTP limit stays as the server has it.
new OrgLockoutPolicy(stack, "initech", { orgName: "Initech", maxPasswordAttempts: 3 });

app.synth();

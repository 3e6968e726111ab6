// Shared setup of the action's tests (action-*.test.ts, split by theme so that the test workers share them):
// the composite action's steps run with bash against the emulator (see action-runner.ts), with a fake `gh`
// that records its calls and GITHUB_STEP_SUMMARY in a temp file. Runs the built CLI (tool-path = this checkout).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach } from "vitest";
import type { RequestLogEntry } from "../../src/emulator/server.js";
import { config, harness, type Harness } from "../reconcile/harness.js";
import { loadAction, runAction, type ActionRun } from "./action-runner.js";
import { fakeGh, type FakeGh } from "./fake-gh.js";

const action = loadAction(join(process.cwd(), "action.yml"));
export const PR = {
  repository: "acme/policies",
  token: "ghs_test_token_value",
  event: { pull_request: { number: 7 } },
};
export const PUSH = { repository: "acme/policies", token: "ghs_test_token_value", event: {} };

// Live bindings, set before each test by useActionWorkspace().
export let h: Harness;
export let gh: FakeGh;
/** The org "Action ACME", which policies/lockout.yaml gives maxPasswordAttempts 3. */
export let acme: string;
/** onRequest is called with every request the emulator answers (set by a test, cleared before each). */
export const emulator: { onRequest?: (e: RequestLogEntry) => void } = {};

/** Before each test: an emulator with "Action ACME", policies/lockout.yaml in the workspace, a fake gh. */
export function useActionWorkspace(): void {
  beforeAll(() => {
    if (!existsSync(join(process.cwd(), "dist", "cli", "bin.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });
  beforeEach(async () => {
    emulator.onRequest = undefined;
    h = await harness({ onRequest: (e) => emulator.onRequest?.(e) });
    acme = h.emu.control.addOrg("Action ACME");
    mkdirSync(join(h.ws.dir, "policies"));
    h.ws.write(
      "policies/lockout.yaml",
      config({
        instance: "maxPasswordAttempts: 5\nmaxOtpAttempts: 5",
        orgs: [`name: Action ACME\nmaxPasswordAttempts: 3`],
      }),
    );
    gh = await fakeGh(h.ws.dir);
  });
  afterEach(async () => {
    // The emulator too when the fake gh fails to close; a gh left over from the last test closes as a no-op.
    try {
      await gh.close();
    } finally {
      await h.close();
    }
  });
}

export function run(
  inputs: Record<string, string>,
  github: Record<string, unknown> = PR,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction(action, {
    inputs: { "tool-path": process.cwd(), "working-directory": "policies", ...inputs },
    github,
    workspace: h.ws.dir,
    env: {
      PATH: `${gh.binDir}:${process.env.PATH ?? ""}`,
      HOME: h.ws.dir,
      ZITADEL_URL: h.emu.url,
      ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken,
      ...gh.env,
      ...env,
    },
  });
}

/** policies/infra: a Terraform module whose instance policy takes its password attempts from a variable, and
 * policies/prod.tfvars setting it to 7. */
export function writeTerraformModule(): void {
  mkdirSync(join(h.ws.dir, "policies", "infra"));
  h.ws.write(
    "policies/infra/main.tf",
    'variable "attempts" { type = number }\nresource "zitadel_default_lockout_policy" "default" {\n' +
      "  max_password_attempts = var.attempts\n  max_otp_attempts      = 5\n}\n",
  );
  h.ws.write("policies/prod.tfvars", "attempts = 7\n");
}

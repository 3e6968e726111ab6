// Synthesizing a CDKTF app in-process into a temp outdir (no cdktf-cli, no terraform, no network).
import { App, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ZitadelProvider } from "../../src/cdktf/index.js";

/**
 * Synthesized JSON as the tests navigate it: a wrong path fails the assertion that follows, which is
 * the check that matters here, so the compiler is not asked to know cdktf's output shape.
 */
// oxlint-disable-next-line typescript/no-explicit-any
export type TfJson = any;

export interface Synthesized {
  readonly outdir: string;
  /** stacks/<name>/cdk.tf.json, parsed. */
  readonly stack: (name?: string) => TfJson;
  readonly manifest: TfJson;
}

const outdirs: string[] = [];

/** Removes every outdir made so far (call from afterAll). */
export function cleanupSynth(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** One stack "acme" with a ZitadelProvider (unless `provider: false`), built by `build`, synthesized. */
export function synthStack(
  build: (stack: TerraformStack) => void,
  options: { provider?: boolean; skipValidation?: boolean } = {},
): Synthesized {
  return synthApp((app) => {
    const stack = new TerraformStack(app, "acme");
    if (options.provider !== false)
      new ZitadelProvider(stack, "zitadel", { domain: "localhost", port: "8080", insecure: true });
    build(stack);
  }, options);
}

function synthApp(build: (app: App) => void, options: { skipValidation?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "zl-cdktf-"));
  outdirs.push(outdir);
  const app = new App({ outdir, skipValidation: options.skipValidation ?? false });
  build(app);
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return {
    outdir,
    manifest,
    stack: (name = "acme") => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")),
  };
}

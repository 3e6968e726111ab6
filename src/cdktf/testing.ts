// A testing helper for apps built with these constructs, in the spirit of cdk8s' `Testing`: a stack factory,
// and for any stack what zitadel-lockout would read from it — the desired state, its config-v1 YAML twin
// (deterministic, for snapshots), and the lint findings `plan --cdktf` would print. No CLI, no server, and
// no files: the stack is synthesized in memory, the way the CLI's synth would, and read from there.
import { AnnotationMetadataEntryType, Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { readTerraformJson } from "../desired/cdktf/reader.js";
import { lintDesired, type LintFinding } from "../desired/lint.js";
import { serializeDesired } from "../desired/serialize.js";
import type { DesiredState } from "../model.js";
import { ZitadelProvider } from "./gen/provider/index.js";

export interface TestStackOptions {
  /** The stack's id (default "lockout"); error messages and construct paths start with it. */
  readonly id?: string;
  /** Adds the `zitadel` provider for this domain (the server the policies belong to). Default: none. */
  readonly domain?: string;
}

/**
 * The synthesized Terraform JSON of `stack`, made in memory. It does what `app.synth()` does before it writes
 * files: aspects, the constructs' validations (every problem with its construct path), error annotations;
 * and it keeps the "//" comments (Testing.synth drops them) that carry the inheriting orgs.
 */
function synthesize(stack: TerraformStack): unknown {
  // Testing.synth applies the aspects and runs every validation; its own output (comments dropped) is unused.
  Testing.synth(stack, true);
  const errors = stack.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === AnnotationMetadataEntryType.ERROR)
        .map((m) => `[${c.node.path}] ${String(m.data)}`),
    );
  if (errors.length > 0) throw new Error(`Encountered Annotations with level "ERROR":\n${errors.join("\n")}`);
  return stack.toTerraform();
}

export const LockoutTesting = {
  /**
   * A new, empty stack to build a test in, like cdk8s' `Testing.chart()`. Its root is a bare construct, not
   * an App: cdktf's App makes its output folders as soon as it is constructed, and a test needs none. (What
   * only an App offers, references between stacks, has no use in lockout policies.)
   */
  stack(options: TestStackOptions = {}): TerraformStack {
    const root = new Construct(undefined as unknown as Construct, "");
    const stack = new TerraformStack(root, options.id ?? "lockout");
    if (options.domain !== undefined) new ZitadelProvider(stack, "zitadel", { domain: options.domain });
    return stack;
  },

  /**
   * The desired state the CLI reads from this stack (`plan --cdktf`). Runs the constructs' validations:
   * invalid props throw with every problem and its construct path; so does anything the reader refuses
   * (a ConfigError naming the stack).
   */
  desiredState(stack: TerraformStack): DesiredState {
    const json = synthesize(stack);
    const text = `${JSON.stringify(json, null, 2)}\n`;
    return readTerraformJson([{ file: `stack ${stack.node.id}`, json, text }]);
  },

  /** The same policies as a zitadel-lockout config file (version 1): stable text for snapshot tests. */
  configYaml(stack: TerraformStack): string {
    return serializeDesired(LockoutTesting.desiredState(stack));
  },

  /** The lint findings (rule, severity, message) that `validate` / `plan` would show for this stack. */
  lint(stack: TerraformStack): LintFinding[] {
    return lintDesired(LockoutTesting.desiredState(stack));
  },
};

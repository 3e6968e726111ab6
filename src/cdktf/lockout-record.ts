// A policy the official provider cannot express, written into the stack's zitadel-lockout record
// (format and reasons: src/desired/cdktf/record.ts). Terraform ignores the record; the reader uses it.
import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";
import { recordFragment, type RecordedPolicy } from "../desired/cdktf/record.js";

export class LockoutRecordEntry extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly policy: RecordedPolicy,
  ) {
    super(scope, id);
  }

  /** Keyed by the owning construct's path; cdktf deep-merges every element's fragment into the stack. */
  override toTerraform(): Record<string, unknown> {
    return recordFragment(this.node.scope?.node.path ?? this.node.path, this.policy);
  }
}

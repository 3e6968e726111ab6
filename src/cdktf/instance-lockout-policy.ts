// The instance default lockout policy (docs/cdktf.md, contract).
import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { DefaultLockoutPolicy } from "./gen/default-lockout-policy/index.js";
import { LockoutRecordEntry } from "./lockout-record.js";
import { instancePropsProblems, type InstanceLockoutPolicyProps } from "./props.js";
import { registerTarget, stackProblems, warnOtpZeroOnCreate } from "./stack-checks.js";

export class InstanceLockoutPolicy extends Construct {
  /** The official provider's zitadel_default_lockout_policy, when the props can be expressed as one. */
  readonly resource: DefaultLockoutPolicy | undefined;

  constructor(scope: Construct, id: string, props: InstanceLockoutPolicyProps = {}) {
    super(scope, id);
    const problems = instancePropsProblems(props, Token.isUnresolved);
    registerTarget(this, { key: "instance", description: "the instance lockout policy" });
    const { maxPasswordAttempts, maxOtpAttempts } = props ?? {};
    if (problems.length > 0) {
      new LockoutRecordEntry(this, "Record", { target: "invalid", problems });
    } else if (maxPasswordAttempts !== undefined) {
      // "Default" keeps the Terraform address short: zitadel_default_lockout_policy.<id>.
      this.resource = new DefaultLockoutPolicy(this, "Default", {
        maxPasswordAttempts,
        ...(maxOtpAttempts !== undefined ? { maxOtpAttempts } : {}),
      });
      if (maxOtpAttempts === undefined) warnOtpZeroOnCreate(this);
    } else {
      new LockoutRecordEntry(this, "Record", {
        target: "instance",
        ...(maxOtpAttempts !== undefined ? { maxOtpAttempts } : {}),
      });
      Annotations.of(this).addWarning(
        "maxPasswordAttempts is not set, and the official provider's zitadel_default_lockout_policy requires it: " +
          "this policy is recorded for zitadel-lockout only, Terraform will not manage it",
      );
    }
    this.node.addValidation({ validate: () => [...problems, ...stackProblems(this)] });
  }
}

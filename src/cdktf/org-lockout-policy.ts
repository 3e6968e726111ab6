// One organization's lockout policy (docs/cdktf.md, contract): custom numbers, or inherit the default.
import { Annotations, Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { formatOrgRef, type OrgRef } from "../model.js";
import { orgRefKey } from "../rules.js";
import { EXACT_NAME_METHOD } from "../desired/cdktf/provider-schema.js";
import { DataZitadelOrgs } from "./gen/data-zitadel-orgs/index.js";
import { LockoutPolicy } from "./gen/lockout-policy/index.js";
import { LockoutRecordEntry } from "./lockout-record.js";
import { orgPropsProblems, type OrgLockoutPolicyProps } from "./props.js";
import { registerTarget, stackProblems, warnOtpZeroOnCreate } from "./stack-checks.js";

export class OrgLockoutPolicy extends Construct {
  /** The official provider's zitadel_lockout_policy, for a custom policy with maxPasswordAttempts. */
  readonly resource: LockoutPolicy | undefined;
  /** The zitadel_orgs lookup that turns orgName into the resource's org_id. */
  readonly orgLookup: DataZitadelOrgs | undefined;

  constructor(scope: Construct, id: string, props: OrgLockoutPolicyProps) {
    super(scope, id);
    const problems = orgPropsProblems(props, Token.isUnresolved);
    if (problems.length > 0) {
      new LockoutRecordEntry(this, "Record", { target: "invalid", problems });
      this.node.addValidation({ validate: () => problems });
      return;
    }
    const { orgId, orgName, maxPasswordAttempts, maxOtpAttempts } = props;
    const ref: OrgRef = orgId !== undefined ? { kind: "id", id: orgId } : { kind: "name", name: orgName! };
    registerTarget(this, { key: orgRefKey(ref), description: formatOrgRef(ref) });
    const settings = {
      ...(maxPasswordAttempts !== undefined ? { maxPasswordAttempts } : {}),
      ...(maxOtpAttempts !== undefined ? { maxOtpAttempts } : {}),
    };
    const org = orgId !== undefined ? { orgId } : { orgName: orgName! };

    if (props.inherit === true) {
      // The official provider has no resource for "inherit": a zitadel_lockout_policy that disappears is a reset.
      new LockoutRecordEntry(this, "Record", { target: "org", ...org, mode: "inherit" });
    } else if (maxPasswordAttempts !== undefined) {
      if (orgName !== undefined) {
        this.orgLookup = new DataZitadelOrgs(this, "OrgByName", { name: orgName, nameMethod: EXACT_NAME_METHOD });
      }
      // Fn.element, not ids[0]: cdktf cannot index a list token; both mean the lookup's first id.
      const resolvedOrgId = this.orgLookup ? Token.asString(Fn.element(this.orgLookup.ids, 0)) : orgId!;
      this.resource = new LockoutPolicy(this, "Default", { orgId: resolvedOrgId, ...settings, maxPasswordAttempts });
      if (maxOtpAttempts === undefined) warnOtpZeroOnCreate(this);
    } else {
      new LockoutRecordEntry(this, "Record", { target: "org", ...org, mode: "custom", ...settings });
      Annotations.of(this).addWarning(
        "maxPasswordAttempts is not set, and the official provider's zitadel_lockout_policy requires it: " +
          "this policy is recorded for zitadel-lockout only, Terraform will not manage it",
      );
    }
    this.node.addValidation({ validate: () => stackProblems(this) });
  }
}

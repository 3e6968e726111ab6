// The parts of the official ZITADEL provider's schema the reader understands: resource and data source
// types and their attribute names (schemas/zitadel-provider.schema.json; test/cdktf checks that these
// lists match it, so the reader and the generated bindings cannot drift apart).

export const INSTANCE_POLICY_TYPE = "zitadel_default_lockout_policy";
export const ORG_POLICY_TYPE = "zitadel_lockout_policy";
export const ORG_LOOKUP_TYPE = "zitadel_orgs";
/** An org that the same Terraform module creates; a policy's org_id may refer to it (HCL modules). */
export const ORG_TYPE = "zitadel_org";
export const PROVIDER_NAME = "zitadel";
/**
 * The provider release the schema (and so the generated bindings) is transcribed from: 2.4.0, the first with
 * max_otp_attempts on both lockout resources (zitadel/terraform-provider-zitadel PR #281). Exports pin it as the
 * lowest version they work with.
 */
export const PROVIDER_VERSION = "2.4.0";
/**
 * The provider block of that release (zitadel/provider.go, both the SDK and the framework schema; names from
 * zitadel/helper/client.go). `insecure_skip_verify_tls` arrived only in 2.6.0.
 */
export const PROVIDER_ATTRIBUTES = [
  "access_token",
  "domain",
  "insecure",
  "jwt_file",
  "jwt_profile_file",
  "jwt_profile_json",
  "port",
  "token",
] as const;

export const INSTANCE_POLICY_ATTRIBUTES = ["id", "max_otp_attempts", "max_password_attempts"] as const;
export const ORG_POLICY_ATTRIBUTES = ["id", "max_otp_attempts", "max_password_attempts", "org_id"] as const;
export const ORG_LOOKUP_ATTRIBUTES = [
  "domain",
  "domain_method",
  "id",
  "ids",
  "name",
  "name_method",
  "primary_domain",
  "state",
] as const;

/** The name method that makes zitadel_orgs an exact-name lookup, like a YAML `name:`. */
export const EXACT_NAME_METHOD = "TEXT_QUERY_METHOD_EQUALS";

/** Terraform meta-arguments a resource block may carry besides the provider's attributes. */
export const META_ARGUMENTS = [
  "count",
  "for_each",
  "provider",
  "depends_on",
  "lifecycle",
  "provisioner",
  "connection",
] as const;

# The HCL twin of examples/cdktf: the same lockout policies, written for the official ZITADEL provider.
#
#   zitadel-lockout plan --terraform examples/terraform    # reads this module, runs no Terraform
#   terraform -chdir=examples/terraform plan               # the same policies, with Terraform
#
# examples/cdktf/lockout.yaml declares exactly the same policies in YAML.

terraform {
  required_providers {
    zitadel = {
      source  = "zitadel/zitadel"
      version = ">= 2.4.0"
    }
  }
}

# zitadel-lockout derives the server URL from the provider (--url and ZITADEL_URL override it) and uses
# its own credentials. `zitadel-lockout emulator --port 8080` serves this address.
provider "zitadel" {
  domain           = "localhost"
  port             = "8080"
  insecure         = true
  jwt_profile_file = "zitadel-key.json"
}

variable "instance_max_attempts" {
  description = "Wrong passwords or one-time codes before an account is locked (instance default)."
  type        = number
  default     = 5
}

# The instance default: lock after 5 wrong passwords or 5 wrong one-time codes.
resource "zitadel_default_lockout_policy" "default" {
  max_password_attempts = var.instance_max_attempts
  max_otp_attempts      = var.instance_max_attempts
}

# ACME gets a stricter custom policy; its name is looked up with the provider's zitadel_orgs data source.
data "zitadel_orgs" "acme" {
  name        = "ACME"
  name_method = "TEXT_QUERY_METHOD_EQUALS"
}

resource "zitadel_lockout_policy" "acme" {
  org_id                = data.zitadel_orgs.acme.ids[0]
  max_password_attempts = 3
  max_otp_attempts      = 3
}

# Initech: only the password limit is managed; its OTP limit stays as the server has it.
# (The provider would create it with max_otp_attempts = 0: see docs/terraform.md. The lint rule
# terraform-otp-omitted says so; it is waived below because the twin means exactly this.)
data "zitadel_orgs" "initech" {
  name        = "Initech"
  name_method = "TEXT_QUERY_METHOD_EQUALS"
}

resource "zitadel_lockout_policy" "initech" {
  org_id                = data.zitadel_orgs.initech.ids[0]
  max_password_attempts = 3
}

# What the provider cannot say: Globex drops its custom policy and uses the instance default.
# Terraform evaluates this local value and nothing uses it; zitadel-lockout reads it.
locals {
  zitadel_lockout = {
    inherit     = [{ org_name = "Globex" }]
    lint_ignore = ["terraform-otp-omitted"]
  }
}

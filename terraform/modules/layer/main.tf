resource "aws_lambda_layer_version" "this" {
  for_each = var.zips

  layer_name = "${var.name}-${each.key}"
  filename   = each.value
  # A new build is a new layer version; the same zip again changes nothing.
  source_code_hash         = filebase64sha256(each.value)
  compatible_architectures = [each.key]
  compatible_runtimes      = var.compatible_runtimes
  license_info             = "Apache-2.0"
  description              = "Lambdascope ${var.extension_version} (${each.key}): OpenTelemetry traces, metrics and logs for AWS Lambda"

  # Functions here and in the accounts shared with may still use a version this configuration
  # replaces or drops: it stays published.
  skip_destroy = true
}

locals {
  # One grant per published architecture and principal, keyed by its statement id.
  account_grants = {
    for pair in setproduct(keys(var.zips), var.share_with_accounts) : "${pair[0]}-account-${pair[1]}" => {
      architecture    = pair[0]
      principal       = pair[1]
      organization_id = null
    }
  }
  organization_grants = var.share_with_organization == null ? {} : {
    for architecture in keys(var.zips) : "${architecture}-organization" => {
      architecture    = architecture
      principal       = "*"
      organization_id = var.share_with_organization
    }
  }
  public_grants = !var.public ? {} : {
    for architecture in keys(var.zips) : "${architecture}-public" => {
      architecture    = architecture
      principal       = "*"
      organization_id = null
    }
  }
  grants = merge(local.account_grants, local.organization_grants, local.public_grants)
}

resource "aws_lambda_layer_version_permission" "this" {
  for_each = local.grants

  layer_name      = aws_lambda_layer_version.this[each.value.architecture].layer_arn
  version_number  = aws_lambda_layer_version.this[each.value.architecture].version
  statement_id    = each.key
  action          = "lambda:GetLayerVersion"
  principal       = each.value.principal
  organization_id = each.value.organization_id

  # Kept with the version it belongs to, so that the accounts it was shared with can go on using
  # an old version; revoking a grant is done with aws lambda remove-layer-version-permission.
  skip_destroy = true
}

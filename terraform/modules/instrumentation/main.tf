# Values only: this module owns no resource. Its outputs go into the caller's own
# aws_lambda_function (layers, environment) and the function role's policy (policy_json).

# The provider's region picks the manifest's layer and is the only region a layer may be in; with
# the partition and account it also names the headers parameter and the function in the policy.
data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  wrapper            = "/opt/lambdascope-wrapper"
  sdk_endpoint       = "http://localhost:4318"
  region             = data.aws_region.current.id
  partition          = data.aws_partition.current.partition
  account_id         = data.aws_caller_identity.current.account_id
  other_architecture = var.architecture == "arm64" ? "x86_64" : "arm64"

  # provided.* runtimes run the function's own bootstrap and never apply AWS_LAMBDA_EXEC_WRAPPER.
  wraps_runtime = !startswith(var.runtime, "provided")

  # The layer sources given, by name; the layers output requires exactly one.
  layer_sources = [for source, given in {
    layer_arn     = var.layer_arn != null
    layer_arns    = length(var.layer_arns) > 0
    manifest_path = var.manifest_path != null
  } : source if given]

  manifest          = var.manifest_path == null ? null : jsondecode(file(var.manifest_path))
  manifest_releases = try([for release in local.manifest.releases : release.version], [])
  # null when the release is missing; the layers output says so.
  release            = try([for release in local.manifest.releases : release if release.version == var.manifest_release][0], null)
  manifest_layer_arn = try(local.release.layers[local.region][var.architecture], null)
  # Where the release does have this architecture, to name them when this region lacks it.
  release_regions = try([for region, layers in local.release.layers : region if lookup(layers, var.architecture, null) != null], [])

  layer_arn = (
    var.layer_arn != null ? var.layer_arn :
    length(var.layer_arns) > 0 ? lookup(var.layer_arns, var.architecture, null) :
    local.manifest_layer_arn
  )
  # arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>
  layer_region = try(split(":", local.layer_arn)[3], null)
  layer_name   = try(split(":", local.layer_arn)[6], "")

  # Only the options set are written, so that the extension's own defaults apply to the others.
  settings = {
    LAMBDASCOPE_EXPORT_ENDPOINT = var.export_endpoint
    LAMBDASCOPE_EXPORT_PROTOCOL = var.export_protocol
    LAMBDASCOPE_EXPORT_HEADERS_SECRET = (
      var.export_headers_secret_arn != null ? var.export_headers_secret_arn :
      var.export_headers_parameter_name != null ? "ssm:${var.export_headers_parameter_name}" : null
    )
    LAMBDASCOPE_EXPORT_COMPRESSION     = var.export_compression
    LAMBDASCOPE_EXPORT_TIMEOUT_MS      = tostring(var.export_timeout_ms)
    LAMBDASCOPE_FLUSH                  = var.flush
    LAMBDASCOPE_FLUSH_INTERVAL_MS      = tostring(var.flush_interval_ms)
    LAMBDASCOPE_OVERHEAD_BUDGET_MS     = tostring(var.overhead_budget_ms)
    LAMBDASCOPE_CAPTURE                = tostring(var.capture)
    LAMBDASCOPE_CAPTURE_BODIES         = tostring(var.capture_bodies)
    LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES = tostring(var.capture_body_max_bytes)
    LAMBDASCOPE_REDACT_HEADERS         = length(var.redact_headers) > 0 ? join(",", var.redact_headers) : null
    LAMBDASCOPE_REDACT_ATTRIBUTES      = var.redact_attributes
    LAMBDASCOPE_REDACT_QUERY           = length(var.redact_query) > 0 ? join(",", var.redact_query) : null
    LAMBDASCOPE_SAMPLING               = var.sampling
    LAMBDASCOPE_OTLP_RECEIVER          = tostring(var.otlp_receiver)
    LAMBDASCOPE_SERVICE_NAME           = var.service_name
    LAMBDASCOPE_TAGS                   = var.function_tags ? "true" : null
    LAMBDASCOPE_LOG_LEVEL              = var.log_level
    OTEL_EXPORTER_OTLP_ENDPOINT        = var.configure_function_sdk ? local.sdk_endpoint : null
    AWS_LAMBDA_EXEC_WRAPPER            = local.wraps_runtime ? local.wrapper : null
  }

  # The function's own variables last: a value the user set always wins over Lambdascope's.
  environment = merge({ for name, value in local.settings : name => value if value != null }, var.environment)

  parameter_arn = (var.export_headers_parameter_name == null ? null :
  "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.export_headers_parameter_name, "/")}")
  function_arn = (var.function_name == null ? null :
  "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.function_name}")

  statements = concat(
    var.export_headers_secret_arn == null ? [] : [{
      Sid      = "LambdascopeReadExportHeadersSecret"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = [var.export_headers_secret_arn]
    }],
    var.export_headers_parameter_name == null ? [] : [{
      Sid      = "LambdascopeReadExportHeadersParameter"
      Effect   = "Allow"
      Action   = ["ssm:GetParameter"]
      Resource = [local.parameter_arn]
    }],
    var.export_headers_kms_key_arn == null ? [] : [{
      Sid      = "LambdascopeDecryptExportHeaders"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = [var.export_headers_kms_key_arn]
    }],
    # The function itself and its versions and aliases (function:<name>:<qualifier>), nothing else.
    var.function_tags && var.function_name != null ? [{
      Sid      = "LambdascopeReadFunctionTags"
      Effect   = "Allow"
      Action   = ["lambda:GetFunction", "lambda:ListTags"]
      Resource = [local.function_arn, "${local.function_arn}:*"]
    }] : [],
  )

  policy_json = length(local.statements) == 0 ? null : jsonencode({
    Version   = "2012-10-17"
    Statement = local.statements
  })
}

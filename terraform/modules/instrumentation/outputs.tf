output "layers" {
  description = "The Lambdascope layer of the function's architecture and region, as a list: concat(your_layers, module.lambdascope.layers)."
  value       = [local.layer_arn]

  precondition {
    condition     = length(local.layer_sources) == 1
    error_message = "lambdascope: give exactly one layer source (layer_arn, layer_arns, or manifest_path with manifest_release), got ${length(local.layer_sources) == 0 ? "none" : join(" and ", local.layer_sources)}."
  }

  precondition {
    condition     = (var.manifest_path == null) == (var.manifest_release == null)
    error_message = "lambdascope: manifest_path and manifest_release go together: the manifest lists releases, and manifest_release picks one."
  }

  precondition {
    condition     = local.manifest == null || try(local.manifest.schemaVersion, null) == 1
    error_message = "lambdascope: ${coalesce(var.manifest_path, "the manifest")} has schemaVersion ${jsonencode(try(local.manifest.schemaVersion, null))}; this module reads schemaVersion 1."
  }

  precondition {
    condition     = local.manifest == null || var.manifest_release == null || local.release != null
    error_message = "lambdascope: the layer manifest has no release '${coalesce(var.manifest_release, "null")}'; it lists ${jsonencode(local.manifest_releases)}."
  }

  precondition {
    condition     = local.release == null || local.manifest_layer_arn != null
    error_message = "lambdascope: release ${coalesce(var.manifest_release, "null")} has no ${var.architecture} layer in ${local.region}; it has ${var.architecture} layers in ${jsonencode(local.release_regions)}."
  }

  precondition {
    condition     = local.release == null || contains(try(local.release.compatibleRuntimes, [var.runtime]), var.runtime)
    error_message = "lambdascope: release ${coalesce(var.manifest_release, "null")} does not list the runtime ${var.runtime}; its layers are for ${jsonencode(try(local.release.compatibleRuntimes, []))}."
  }

  precondition {
    condition     = length(var.layer_arns) == 0 || lookup(var.layer_arns, var.architecture, null) != null
    error_message = "lambdascope: layer_arns has no ${var.architecture} layer, and the function is ${var.architecture}; publish the ${var.architecture} zip with the layer module."
  }

  precondition {
    condition     = local.layer_region == null || local.layer_region == local.region
    error_message = "lambdascope: the layer ${coalesce(local.layer_arn, "null")} is in ${coalesce(local.layer_region, "null")}, and lambda takes layers of the function's region only (${local.region})."
  }

  precondition {
    condition     = !strcontains(local.layer_name, local.other_architecture)
    error_message = "lambdascope: the layer ${coalesce(local.layer_arn, "null")} is named for ${local.other_architecture}, and the function is ${var.architecture}."
  }
}

output "environment" {
  description = "The function's environment: Lambdascope's variables merged with var.environment, whose values win. Use it as the function's environment { variables = ... }."
  value       = local.environment

  precondition {
    condition     = var.export_headers_secret_arn == null || var.export_headers_parameter_name == null
    error_message = "lambdascope: give the export headers as a secret or as a parameter, not both."
  }
}

output "policy_json" {
  description = "An IAM policy document (JSON) with what the options need: reading the headers' secret or parameter (and decrypting it with its KMS key), and reading the function's tags. null when they need nothing."
  value       = local.policy_json

  precondition {
    condition     = !var.function_tags || var.function_name != null
    error_message = "lambdascope: function_tags needs function_name, so that the policy grants reading the tags of that function alone."
  }

  precondition {
    condition     = var.export_headers_kms_key_arn == null || var.export_headers_secret_arn != null || var.export_headers_parameter_name != null
    error_message = "lambdascope: export_headers_kms_key_arn decrypts the headers' secret or parameter; give export_headers_secret_arn or export_headers_parameter_name too."
  }
}

output "policy_required" {
  description = "Whether policy_json holds a policy, known from the options alone: use it as the count of the resource that attaches the policy."
  value       = var.export_headers_secret_arn != null || var.export_headers_parameter_name != null || var.export_headers_kms_key_arn != null || var.function_tags
}

output "exec_wrapper" {
  description = "The wrapper set as AWS_LAMBDA_EXEC_WRAPPER, or null on provided.* runtimes, whose bootstrap must start the runtime through /opt/lambdascope-wrapper itself."
  value       = local.wraps_runtime ? local.wrapper : null
}

output "layer_arns" {
  description = "The published layer version ARNs by architecture, { x86_64 = ..., arm64 = ... }: the layer_arns input of the instrumentation module."
  value       = { for architecture, layer in aws_lambda_layer_version.this : architecture => layer.arn }
}

output "layer_versions" {
  description = "The published layer version numbers by architecture."
  value       = { for architecture, layer in aws_lambda_layer_version.this : architecture => layer.version }
}

output "extension_version" {
  description = "The extension version of the published layers."
  value       = var.extension_version
}

output "compatible_runtimes" {
  description = "The runtimes the layers declare."
  value       = var.compatible_runtimes
}

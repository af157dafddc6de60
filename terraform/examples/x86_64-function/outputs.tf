output "function_arn" {
  description = "The instrumented function's ARN."
  value       = aws_lambda_function.this.arn
}

output "lambdascope_layer_arns" {
  description = "The published Lambdascope layer version ARNs by architecture."
  value       = module.lambdascope_layers.layer_arns
}

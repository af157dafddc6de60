output "function_arn" {
  description = "The instrumented function's ARN."
  value       = aws_lambda_function.this.arn
}

output "layers" {
  description = "The function's layers: its own, then Lambdascope's arm64 layer."
  value       = aws_lambda_function.this.layers
}

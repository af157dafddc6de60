output "url" {
  description = "The API's URL; GET <url>/hello/<name> invokes the instrumented function."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "function_arn" {
  description = "The instrumented function's ARN."
  value       = aws_lambda_function.this.arn
}

variable "region" {
  description = "The region to deploy to; the Lambdascope layer must be of this region."
  type        = string
  default     = "eu-west-1"
}

variable "function_zip" {
  description = "The function's deployment package: a zip with index.mjs, whose handler answers API Gateway HTTP API (payload 2.0) events."
  type        = string
}

variable "my_layers" {
  description = "The function's own layers, kept before Lambdascope's."
  type        = list(string)
  default     = []
}

variable "lambdascope_layer_arn" {
  description = "The Lambdascope arm64 layer version ARN of this region, from docs/layers.md or your own publication."
  type        = string
}

variable "otlp_endpoint" {
  description = "OTLP/HTTP base URL of the telemetry backend, such as https://otlp.example.com."
  type        = string
}

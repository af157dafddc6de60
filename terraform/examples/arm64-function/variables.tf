variable "region" {
  description = "The region to deploy to; the layer manifest must list a layer of the release there."
  type        = string
  default     = "eu-west-1"
}

variable "function_zip" {
  description = "The function's deployment package: a zip with handler.py at its root."
  type        = string
}

variable "my_layers" {
  description = "The function's own layers, kept before Lambdascope's."
  type        = list(string)
  default     = []
}

variable "lambdascope_manifest" {
  description = "Path of the Lambdascope layer manifest (docs/layers.json of the repository, or a copy)."
  type        = string
  default     = "../../../docs/layers.json"
}

variable "lambdascope_release" {
  description = "The Lambdascope release to use, as listed in the manifest, such as 0.2.0."
  type        = string
}

variable "otlp_endpoint" {
  description = "OTLP/HTTP base URL of the telemetry backend, such as https://otlp.example.com."
  type        = string
}

variable "otlp_headers_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the backend's headers (k=v,k2=v2) or token."
  type        = string
}

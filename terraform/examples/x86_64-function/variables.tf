variable "region" {
  description = "The region to publish the layers and deploy the function to."
  type        = string
  default     = "eu-west-1"
}

variable "lambdascope_zips" {
  description = "The built Lambdascope layer zips by architecture; ./mvnw package writes them to extension/target/layers/."
  type        = map(string)
  default = {
    x86_64 = "../../../extension/target/layers/lambdascope-extension-x86_64.zip"
  }
}

variable "lambdascope_version" {
  description = "The extension version of the zips, as in their lambdascope/VERSION."
  type        = string
  default     = "0.1.0-SNAPSHOT"
}

variable "function_jar" {
  description = "The function's deployment package: a jar or zip holding io.example.Handler."
  type        = string
}

variable "my_layers" {
  description = "The function's own layers, kept before Lambdascope's."
  type        = list(string)
  default     = []
}

variable "otlp_endpoint" {
  description = "OTLP/HTTP base URL of the telemetry backend, such as https://otlp.example.com."
  type        = string
}

variable "otlp_headers_parameter" {
  description = "Name of the SSM SecureString parameter holding the backend's headers (k=v,k2=v2) or token, such as /otlp/headers."
  type        = string
}

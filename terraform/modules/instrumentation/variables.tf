# The function

variable "architecture" {
  description = "The function's instruction set architecture, as in its aws_lambda_function architectures: x86_64 or arm64. The layer of that architecture is chosen."
  type        = string

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "lambdascope: architecture must be x86_64 or arm64, got '${var.architecture}'."
  }
}

variable "runtime" {
  description = "The function's runtime, such as java21, python3.13, nodejs22.x or provided.al2023. provided.* runtimes ignore AWS_LAMBDA_EXEC_WRAPPER, so theirs is left out: their bootstrap must start the runtime through /opt/lambdascope-wrapper itself for capture to work."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+[a-z0-9.]*$", var.runtime))
    error_message = "lambdascope: runtime must be a lambda runtime such as java21, python3.13 or provided.al2023, got '${var.runtime}' (a container image function takes no layers: copy the layer's tree into the image's /opt instead)."
  }
}

variable "function_name" {
  description = "The function's name. Needed with function_tags: the policy grants reading the tags of this function alone. A name rather than the function's ARN, so that the function may depend on the policy that names it without a cycle."
  type        = string
  default     = null

  validation {
    condition     = var.function_name == null ? true : can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "lambdascope: function_name must be a lambda function name (letters, digits, - and _, at most 64), got '${coalesce(var.function_name, "null")}'."
  }
}

variable "environment" {
  description = "The function's own environment variables. The environment output is Lambdascope's variables merged with these, and a variable set here keeps its value."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = lookup(var.environment, "AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper") == "/opt/lambdascope-wrapper"
    error_message = "lambdascope: the function already has the exec wrapper '${lookup(var.environment, "AWS_LAMBDA_EXEC_WRAPPER", "")}', and lambdascope needs its own (/opt/lambdascope-wrapper); remove the other instrumentation or leave the function out."
  }
}

# Where the layer comes from: exactly one of layer_arn, layer_arns, or manifest_path with manifest_release

variable "layer_arn" {
  description = "A Lambdascope layer version ARN of the function's region and architecture."
  type        = string
  default     = null

  validation {
    condition     = var.layer_arn == null ? true : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", var.layer_arn))
    error_message = "lambdascope: not a layer version arn: '${coalesce(var.layer_arn, "null")}'."
  }
}

variable "layer_arns" {
  description = "Layer version ARNs by architecture, { x86_64 = ..., arm64 = ... }: the layer_arns output of the layer module, or layers published elsewhere. Either architecture may be missing."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for architecture in keys(var.layer_arns) : contains(["x86_64", "arm64"], architecture)])
    error_message = "lambdascope: layer_arns maps x86_64 and arm64 to layer version arns, got the keys ${jsonencode(keys(var.layer_arns))}."
  }

  validation {
    condition     = alltrue([for arn in values(var.layer_arns) : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", arn))])
    error_message = "lambdascope: layer_arns holds layer version arns, got ${jsonencode(var.layer_arns)}."
  }
}

variable "manifest_path" {
  description = "Path of a layer manifest (docs/layer-manifest.md), such as \"$${path.root}/layers.json\". With manifest_release, the layer is the release's for the provider's region and the function's architecture."
  type        = string
  default     = null

  validation {
    condition     = var.manifest_path == null ? true : fileexists(var.manifest_path)
    error_message = "lambdascope: no layer manifest at '${coalesce(var.manifest_path, "null")}'."
  }
}

variable "manifest_release" {
  description = "The release of the layer manifest to use, such as 0.2.0."
  type        = string
  default     = null

  validation {
    condition     = var.manifest_release == null ? true : can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?$", var.manifest_release))
    error_message = "lambdascope: manifest_release is a release version such as 0.2.0, got '${coalesce(var.manifest_release, "null")}'."
  }
}

# Export

variable "export_endpoint" {
  description = "OTLP/HTTP base URL the extension exports to (LAMBDASCOPE_EXPORT_ENDPOINT). Unset: telemetry is written to the function's log as OTLP JSON lines."
  type        = string
  default     = null

  validation {
    condition     = var.export_endpoint == null ? true : can(regex("^https?://([^/?#@\\s]*@)?(\\[[0-9A-Fa-f:.]+\\]|[^/?#@\\s:\\[\\]]+)(:[0-9]+)?([/?#]\\S*)?$", var.export_endpoint))
    error_message = "lambdascope: the export endpoint must be an http(s) url, got '${coalesce(var.export_endpoint, "null")}'."
  }

  validation {
    # The extension refuses to export to its own receiver, where its telemetry would loop.
    condition     = var.export_endpoint == null ? true : !can(regex("^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\]):(4317|4318)([/?#]|$)", var.export_endpoint))
    error_message = "lambdascope: the export endpoint '${coalesce(var.export_endpoint, "null")}' is the extension's own otlp receiver; give your backend's url."
  }
}

variable "export_protocol" {
  description = "Wire format of export requests (LAMBDASCOPE_EXPORT_PROTOCOL): http/protobuf or http/json. Unset: http/protobuf."
  type        = string
  default     = null

  validation {
    condition     = var.export_protocol == null ? true : contains(["http/protobuf", "http/json"], var.export_protocol)
    error_message = "lambdascope: export_protocol must be http/protobuf or http/json, got '${coalesce(var.export_protocol, "null")}'."
  }
}

variable "export_headers_secret_arn" {
  description = "ARN of a Secrets Manager secret whose value is the export headers (k=v,k2=v2) or a bare token (LAMBDASCOPE_EXPORT_HEADERS_SECRET). The policy grants reading it. Not with export_headers_parameter_name."
  type        = string
  default     = null

  validation {
    condition     = var.export_headers_secret_arn == null ? true : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^\\s]+$", var.export_headers_secret_arn))
    error_message = "lambdascope: export_headers_secret_arn must be a secrets manager secret arn, got '${coalesce(var.export_headers_secret_arn, "null")}'."
  }
}

variable "export_headers_parameter_name" {
  description = "Name of an SSM parameter (a SecureString, typically) holding the export headers, instead of a secret (LAMBDASCOPE_EXPORT_HEADERS_SECRET=ssm:<name>). The policy grants reading it."
  type        = string
  default     = null

  validation {
    condition     = var.export_headers_parameter_name == null ? true : can(regex("^(/[A-Za-z0-9_.-]+)+$|^[A-Za-z0-9_.-]+$", var.export_headers_parameter_name))
    error_message = "lambdascope: export_headers_parameter_name must be an ssm parameter name such as /otlp/headers, got '${coalesce(var.export_headers_parameter_name, "null")}'."
  }
}

variable "export_headers_kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the headers' secret or parameter. The policy grants kms:Decrypt on it. Unset for AWS managed keys."
  type        = string
  default     = null

  validation {
    condition     = var.export_headers_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.export_headers_kms_key_arn))
    error_message = "lambdascope: export_headers_kms_key_arn must be a kms key arn (arn:aws:kms:<region>:<account>:key/<id>), got '${coalesce(var.export_headers_kms_key_arn, "null")}'."
  }
}

variable "export_compression" {
  description = "Compression of export request bodies (LAMBDASCOPE_EXPORT_COMPRESSION): gzip or none. Unset: gzip."
  type        = string
  default     = null

  validation {
    condition     = var.export_compression == null ? true : contains(["gzip", "none"], var.export_compression)
    error_message = "lambdascope: export_compression must be gzip or none, got '${coalesce(var.export_compression, "null")}'."
  }
}

variable "export_timeout_ms" {
  description = "Time allowed for one export request, in milliseconds, 1 to 60000 (LAMBDASCOPE_EXPORT_TIMEOUT_MS). Unset: 2000."
  type        = number
  default     = null

  validation {
    condition     = var.export_timeout_ms == null ? true : (floor(var.export_timeout_ms) == var.export_timeout_ms && var.export_timeout_ms >= 1 && var.export_timeout_ms <= 60000)
    error_message = "lambdascope: the export timeout must be a whole number of milliseconds between 1 and 60000, got ${coalesce(var.export_timeout_ms, 0)}."
  }
}

# Flush

variable "flush" {
  description = "When buffered telemetry is exported (LAMBDASCOPE_FLUSH): adaptive, end-of-invocation, periodic or continuous. Unset: adaptive."
  type        = string
  default     = null

  validation {
    condition     = var.flush == null ? true : contains(["adaptive", "end-of-invocation", "periodic", "continuous"], var.flush)
    error_message = "lambdascope: flush must be adaptive, end-of-invocation, periodic or continuous, got '${coalesce(var.flush, "null")}'."
  }
}

variable "flush_interval_ms" {
  description = "Interval of the periodic and continuous flush strategies, in milliseconds, 1 to 3600000 (LAMBDASCOPE_FLUSH_INTERVAL_MS). Unset: 20000."
  type        = number
  default     = null

  validation {
    condition     = var.flush_interval_ms == null ? true : (floor(var.flush_interval_ms) == var.flush_interval_ms && var.flush_interval_ms >= 1 && var.flush_interval_ms <= 3600000)
    error_message = "lambdascope: the flush interval must be a whole number of milliseconds between 1 and 3600000, got ${coalesce(var.flush_interval_ms, 0)}."
  }
}

variable "overhead_budget_ms" {
  description = "Most time the extension may add to one invocation after the runtime is done, in milliseconds, 0 to 60000 (LAMBDASCOPE_OVERHEAD_BUDGET_MS). Unset: 50."
  type        = number
  default     = null

  validation {
    condition     = var.overhead_budget_ms == null ? true : (floor(var.overhead_budget_ms) == var.overhead_budget_ms && var.overhead_budget_ms >= 0 && var.overhead_budget_ms <= 60000)
    error_message = "lambdascope: the overhead budget must be a whole number of milliseconds between 0 and 60000, got ${coalesce(var.overhead_budget_ms, 0)}."
  }
}

# Capture

variable "capture" {
  description = "Runtime API proxy capture of every event and response (LAMBDASCOPE_CAPTURE). Unset: true."
  type        = bool
  default     = null
}

variable "capture_bodies" {
  description = "Record request and response bodies (LAMBDASCOPE_CAPTURE_BODIES). Unset: false."
  type        = bool
  default     = null
}

variable "capture_body_max_bytes" {
  description = "Cap per recorded body, in bytes, 1 to 1048576 (LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES). Unset: 8192."
  type        = number
  default     = null

  validation {
    condition     = var.capture_body_max_bytes == null ? true : (floor(var.capture_body_max_bytes) == var.capture_body_max_bytes && var.capture_body_max_bytes >= 1 && var.capture_body_max_bytes <= 1048576)
    error_message = "lambdascope: the body capture cap must be a whole number of bytes between 1 and 1048576, got ${coalesce(var.capture_body_max_bytes, 0)}."
  }
}

# Redaction

variable "redact_headers" {
  description = "Extra header names to redact (LAMBDASCOPE_REDACT_HEADERS); authorization, cookie, set-cookie, x-api-key, proxy-authorization and x-amz-security-token always are."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.redact_headers : can(regex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", name))])
    error_message = "lambdascope: redact_headers holds header names, without commas or spaces, got ${jsonencode(var.redact_headers)}."
  }
}

variable "redact_query" {
  description = "Query parameter names whose values are redacted (LAMBDASCOPE_REDACT_QUERY)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.redact_query : can(regex("^[^,\\s]+$", name))])
    error_message = "lambdascope: redact_query holds parameter names, without commas or spaces, got ${jsonencode(var.redact_query)}."
  }
}

variable "redact_attributes" {
  description = "Java regular expression of attribute keys to drop (LAMBDASCOPE_REDACT_ATTRIBUTES). Not checked here: Terraform's regular expressions are not Java's."
  type        = string
  default     = null

  validation {
    condition     = var.redact_attributes == null ? true : length(var.redact_attributes) > 0
    error_message = "lambdascope: redact_attributes must not be empty; leave it unset to drop no attribute."
  }
}

# Sampling, tags, service and logging

variable "sampling" {
  description = "Which invocations are traced (LAMBDASCOPE_SAMPLING): all, follow-xray, or ratio:<r> with r from 0 to 1, such as ratio:0.25. Unset: all."
  type        = string
  default     = null

  validation {
    condition = var.sampling == null ? true : (
      contains(["all", "follow-xray"], var.sampling) ||
      (can(regex("^ratio:[0-9]*\\.?[0-9]+$", var.sampling)) && try(tonumber(trimprefix(var.sampling, "ratio:")) <= 1, false))
    )
    error_message = "lambdascope: sampling must be all, follow-xray or ratio:<r> with r from 0 to 1, got '${coalesce(var.sampling, "null")}'."
  }
}

variable "function_tags" {
  description = "Add the function's tags to its telemetry's resource (LAMBDASCOPE_TAGS). The policy grants lambda:GetFunction and lambda:ListTags on the function named by function_name, which is then required."
  type        = bool
  default     = false
  nullable    = false
}

variable "service_name" {
  description = "service.name of everything the extension exports (LAMBDASCOPE_SERVICE_NAME). Unset: OTEL_SERVICE_NAME, else the function's name."
  type        = string
  default     = null

  validation {
    condition     = var.service_name == null ? true : length(trimspace(var.service_name)) > 0
    error_message = "lambdascope: service_name must not be blank."
  }
}

variable "log_level" {
  description = "The extension's own log level (LAMBDASCOPE_LOG_LEVEL): error, warn, info, debug, trace or off. Unset: info."
  type        = string
  default     = null

  validation {
    condition     = var.log_level == null ? true : contains(["error", "warn", "info", "debug", "trace", "off"], var.log_level)
    error_message = "lambdascope: log_level must be error, warn, info, debug, trace or off, got '${coalesce(var.log_level, "null")}'."
  }
}

variable "otlp_receiver" {
  description = "Local OTLP receiver for functions instrumented with an OpenTelemetry SDK (LAMBDASCOPE_OTLP_RECEIVER). Unset: true."
  type        = bool
  default     = null
}

variable "configure_function_sdk" {
  description = "Point the function's OpenTelemetry SDK at the extension: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318, for SDKs set up to read it (they default to that address anyway)."
  type        = bool
  default     = false
  nullable    = false
}

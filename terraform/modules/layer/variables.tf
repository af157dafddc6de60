variable "zips" {
  description = "The built layer zips by architecture, { x86_64 = \".../lambdascope-extension-x86_64.zip\", arm64 = \".../lambdascope-extension-arm64.zip\" }; either may be left out. From ./mvnw package they are in extension/target/layers/."
  type        = map(string)

  validation {
    condition     = length(var.zips) > 0 && alltrue([for architecture in keys(var.zips) : contains(["x86_64", "arm64"], architecture)])
    error_message = "lambdascope: give the x86_64 layer zip, the arm64 one, or both, as zips = { x86_64 = ..., arm64 = ... }, got the keys ${jsonencode(keys(var.zips))}."
  }

  validation {
    condition     = alltrue([for path in values(var.zips) : fileexists(path)])
    error_message = "lambdascope: no layer zip at ${jsonencode([for path in values(var.zips) : path if !fileexists(path)])} (build it with ./mvnw package, or download it from a release)."
  }

  validation {
    # The build names each zip for its architecture; a swapped pair would publish a layer whose
    # runtime cannot start on the architecture it declares.
    condition     = alltrue([for architecture, path in var.zips : !strcontains(basename(path), architecture == "arm64" ? "x86_64" : "arm64")])
    error_message = "lambdascope: a zip is named for the other architecture: ${jsonencode(var.zips)}."
  }
}

variable "extension_version" {
  description = "The extension version the zips hold, as in their lambdascope/VERSION, such as 0.2.0. It goes into the layers' description."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?$", var.extension_version))
    error_message = "lambdascope: extension_version is a version such as 0.2.0, got '${var.extension_version}'."
  }
}

variable "compatible_runtimes" {
  description = "The runtimes the layers declare. The layer brings its own Java, so any runtime runs it; capture needs one that applies AWS_LAMBDA_EXEC_WRAPPER, which provided.* runtimes do not. Lambda allows 15."
  type        = list(string)
  default = [
    "java25", "java21", "java17", "java11",
    "nodejs22.x", "nodejs20.x",
    "python3.13", "python3.12", "python3.11",
    "ruby3.4", "ruby3.3",
    "dotnet8",
    "provided.al2023", "provided.al2",
  ]
  nullable = false

  validation {
    condition     = length(var.compatible_runtimes) >= 1 && length(var.compatible_runtimes) <= 15
    error_message = "lambdascope: lambda allows 1 to 15 compatible runtimes per layer, got ${length(var.compatible_runtimes)}."
  }
}

variable "name" {
  description = "Prefix of the layer names: the layers are <name>-x86_64 and <name>-arm64."
  type        = string
  default     = "lambdascope"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,133}$", var.name))
    error_message = "lambdascope: name must be letters, digits, - and _, at most 133 of them, got '${var.name}'."
  }
}

variable "share_with_accounts" {
  description = "AWS account ids that may use the layers (lambda:GetLayerVersion)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for account in var.share_with_accounts : can(regex("^[0-9]{12}$", account))])
    error_message = "lambdascope: an account id has 12 digits, got ${jsonencode([for account in var.share_with_accounts : account if !can(regex("^[0-9]{12}$", account))])}."
  }
}

variable "share_with_organization" {
  description = "An AWS Organizations id, such as o-a1b2c3d4e5, whose accounts may all use the layers."
  type        = string
  default     = null

  validation {
    condition     = var.share_with_organization == null ? true : can(regex("^o-[a-z0-9]{10,32}$", var.share_with_organization))
    error_message = "lambdascope: an organization id looks like o-a1b2c3d4e5, got '${coalesce(var.share_with_organization, "null")}'."
  }
}

variable "public" {
  description = "Let every AWS account use the layers."
  type        = bool
  default     = false
  nullable    = false
}

locals {
  # A name known before the function exists: the policy names the function through it, and the
  # function may then depend on that policy without a cycle.
  function_name = "payments-x86"
  architecture  = "x86_64"
  runtime       = "java21"
}

# Publishes the layers into this account and region from the built zips.
module "lambdascope_layers" {
  source = "../../modules/layer"

  zips              = var.lambdascope_zips
  extension_version = var.lambdascope_version
}

module "lambdascope" {
  source = "../../modules/instrumentation"

  architecture = local.architecture
  runtime      = local.runtime
  layer_arns   = module.lambdascope_layers.layer_arns

  export_endpoint               = var.otlp_endpoint
  export_headers_parameter_name = var.otlp_headers_parameter
  flush                         = "end-of-invocation"
  redact_headers                = ["x-tenant-token"]
  function_tags                 = true
  function_name                 = local.function_name
  service_name                  = "payments"

  environment = {
    JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
  }
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${local.function_name}-role"
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# Reading the headers parameter and the function's own tags.
resource "aws_iam_role_policy" "lambdascope" {
  count = module.lambdascope.policy_required ? 1 : 0

  name   = "lambdascope"
  role   = aws_iam_role.this.id
  policy = module.lambdascope.policy_json
}

resource "aws_lambda_function" "this" {
  function_name    = local.function_name
  role             = aws_iam_role.this.arn
  runtime          = local.runtime
  architectures    = [local.architecture]
  handler          = "io.example.Handler::handleRequest"
  filename         = var.function_jar
  source_code_hash = filebase64sha256(var.function_jar)
  memory_size      = 1024
  timeout          = 15

  layers = concat(var.my_layers, module.lambdascope.layers)

  environment {
    variables = module.lambdascope.environment
  }

  depends_on = [aws_iam_role_policy.lambdascope, aws_iam_role_policy_attachment.logs]
}

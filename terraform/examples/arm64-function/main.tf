locals {
  function_name = "orders-arm64"
  # The module needs the function's architecture and runtime to pick the layer and the wrapper.
  architecture = "arm64"
  runtime      = "python3.13"
}

module "lambdascope" {
  source = "../../modules/instrumentation"

  architecture     = local.architecture
  runtime          = local.runtime
  manifest_path    = var.lambdascope_manifest
  manifest_release = var.lambdascope_release

  export_endpoint           = var.otlp_endpoint
  export_headers_secret_arn = var.otlp_headers_secret_arn
  sampling                  = "ratio:0.25"

  # The function's own variables: they win over Lambdascope's, so LOG_LEVEL here is not touched.
  environment = {
    TABLE_NAME = "orders"
    LOG_LEVEL  = "INFO"
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

# Reading the headers secret, which the extension does when it starts.
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
  handler          = "handler.handle"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  memory_size      = 512
  timeout          = 10

  layers = concat(var.my_layers, module.lambdascope.layers)

  environment {
    variables = module.lambdascope.environment
  }

  # The grants are in place before the first start reads the secret.
  depends_on = [aws_iam_role_policy.lambdascope, aws_iam_role_policy_attachment.logs]
}

locals {
  function_name = "greeter-http-api"
  architecture  = "arm64"
  runtime       = "nodejs22.x"
}

module "lambdascope" {
  source = "../../modules/instrumentation"

  architecture = local.architecture
  runtime      = local.runtime
  layer_arn    = var.lambdascope_layer_arn

  export_endpoint = var.otlp_endpoint
  # The function's OpenTelemetry JS SDK sends its own spans to the extension's local receiver.
  configure_function_sdk = true
  redact_query           = ["token"]

  environment = {
    OTEL_SERVICE_NAME = "greeter"
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

resource "aws_lambda_function" "this" {
  function_name    = local.function_name
  role             = aws_iam_role.this.arn
  runtime          = local.runtime
  architectures    = [local.architecture]
  handler          = "index.handler"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  memory_size      = 512
  timeout          = 10

  layers = concat(var.my_layers, module.lambdascope.layers)

  environment {
    variables = module.lambdascope.environment
  }

  depends_on = [aws_iam_role_policy_attachment.logs]
}

resource "aws_apigatewayv2_api" "this" {
  name          = local.function_name
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.this.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "greet" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "GET /hello/{name}"
  target    = "integrations/${aws_apigatewayv2_integration.this.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

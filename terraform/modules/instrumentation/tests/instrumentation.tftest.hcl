# terraform test, with a mocked AWS provider: no account is needed.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      id   = "eu-west-1"
      name = "eu-west-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

variables {
  architecture     = "arm64"
  runtime          = "python3.13"
  manifest_path    = "tests/fixtures/layers.json"
  manifest_release = "0.2.0"
}

run "takes_the_release_layer_of_the_region_and_architecture" {
  command = plan

  assert {
    condition     = output.layers == ["arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4"]
    error_message = "expected the arm64 layer of release 0.2.0 in eu-west-1, got ${jsonencode(output.layers)}"
  }
  assert {
    condition     = output.environment == { AWS_LAMBDA_EXEC_WRAPPER = "/opt/lambdascope-wrapper" }
    error_message = "expected only the wrapper with no option set, got ${jsonencode(output.environment)}"
  }
  assert {
    condition     = output.policy_json == null && !output.policy_required
    error_message = "expected no policy with no option needing one"
  }
}

run "takes_the_layer_module_map_by_architecture" {
  command = plan

  variables {
    architecture     = "x86_64"
    manifest_path    = null
    manifest_release = null
    layer_arns = {
      x86_64 = "arn:aws:lambda:eu-west-1:111122223333:layer:lambdascope-x86_64:9"
      arm64  = "arn:aws:lambda:eu-west-1:111122223333:layer:lambdascope-arm64:9"
    }
  }

  assert {
    condition     = output.layers == ["arn:aws:lambda:eu-west-1:111122223333:layer:lambdascope-x86_64:9"]
    error_message = "expected the x86_64 layer of the map, got ${jsonencode(output.layers)}"
  }
}

run "leaves_the_wrapper_out_on_provided_runtimes" {
  command = plan

  variables {
    runtime = "provided.al2023"
  }

  assert {
    condition     = !contains(keys(output.environment), "AWS_LAMBDA_EXEC_WRAPPER") && output.exec_wrapper == null
    error_message = "expected no AWS_LAMBDA_EXEC_WRAPPER on provided.al2023, got ${jsonencode(output.environment)}"
  }
}

run "lets_the_function_own_variables_win" {
  command = plan

  variables {
    flush                  = "continuous"
    configure_function_sdk = true
    environment = {
      LAMBDASCOPE_FLUSH           = "periodic"
      OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:4317"
      TABLE                       = "orders"
    }
  }

  assert {
    condition = output.environment == {
      AWS_LAMBDA_EXEC_WRAPPER     = "/opt/lambdascope-wrapper"
      LAMBDASCOPE_FLUSH           = "periodic"
      OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:4317"
      TABLE                       = "orders"
    }
    error_message = "expected the function's own values to win, got ${jsonencode(output.environment)}"
  }
}

run "writes_every_option_set" {
  command = plan

  variables {
    export_endpoint               = "https://otlp.example.com:4318/otlp"
    export_protocol               = "http/json"
    export_headers_parameter_name = "/otlp/headers"
    export_compression            = "none"
    export_timeout_ms             = 2500
    flush                         = "periodic"
    flush_interval_ms             = 10000
    overhead_budget_ms            = 0
    capture                       = false
    capture_bodies                = true
    capture_body_max_bytes        = 4096
    redact_headers                = ["x-tenant", "x-user-token"]
    redact_query                  = ["token"]
    redact_attributes             = "^user\\."
    sampling                      = "ratio:0.25"
    function_tags                 = true
    function_name                 = "orders"
    service_name                  = "orders"
    log_level                     = "debug"
    otlp_receiver                 = false
    configure_function_sdk        = true
  }

  assert {
    condition = output.environment == {
      AWS_LAMBDA_EXEC_WRAPPER            = "/opt/lambdascope-wrapper"
      LAMBDASCOPE_EXPORT_ENDPOINT        = "https://otlp.example.com:4318/otlp"
      LAMBDASCOPE_EXPORT_PROTOCOL        = "http/json"
      LAMBDASCOPE_EXPORT_HEADERS_SECRET  = "ssm:/otlp/headers"
      LAMBDASCOPE_EXPORT_COMPRESSION     = "none"
      LAMBDASCOPE_EXPORT_TIMEOUT_MS      = "2500"
      LAMBDASCOPE_FLUSH                  = "periodic"
      LAMBDASCOPE_FLUSH_INTERVAL_MS      = "10000"
      LAMBDASCOPE_OVERHEAD_BUDGET_MS     = "0"
      LAMBDASCOPE_CAPTURE                = "false"
      LAMBDASCOPE_CAPTURE_BODIES         = "true"
      LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES = "4096"
      LAMBDASCOPE_REDACT_HEADERS         = "x-tenant,x-user-token"
      LAMBDASCOPE_REDACT_QUERY           = "token"
      LAMBDASCOPE_REDACT_ATTRIBUTES      = "^user\\."
      LAMBDASCOPE_SAMPLING               = "ratio:0.25"
      LAMBDASCOPE_TAGS                   = "true"
      LAMBDASCOPE_SERVICE_NAME           = "orders"
      LAMBDASCOPE_LOG_LEVEL              = "debug"
      LAMBDASCOPE_OTLP_RECEIVER          = "false"
      OTEL_EXPORTER_OTLP_ENDPOINT        = "http://localhost:4318"
    }
    error_message = "unexpected environment ${jsonencode(output.environment)}"
  }
  assert {
    condition = jsondecode(output.policy_json) == {
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "LambdascopeReadExportHeadersParameter"
          Effect   = "Allow"
          Action   = ["ssm:GetParameter"]
          Resource = ["arn:aws:ssm:eu-west-1:123456789012:parameter/otlp/headers"]
        },
        {
          Sid      = "LambdascopeReadFunctionTags"
          Effect   = "Allow"
          Action   = ["lambda:GetFunction", "lambda:ListTags"]
          Resource = ["arn:aws:lambda:eu-west-1:123456789012:function:orders", "arn:aws:lambda:eu-west-1:123456789012:function:orders:*"]
        },
      ]
    }
    error_message = "unexpected policy ${output.policy_json}"
  }
}

run "grants_the_secret_and_its_key" {
  command = plan

  variables {
    export_headers_secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf"
    export_headers_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition = [for statement in jsondecode(output.policy_json).Statement : statement.Action] == [
      ["secretsmanager:GetSecretValue"], ["kms:Decrypt"],
    ]
    error_message = "unexpected policy ${output.policy_json}"
  }
  assert {
    condition     = output.environment["LAMBDASCOPE_EXPORT_HEADERS_SECRET"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf"
    error_message = "expected the secret's ARN in LAMBDASCOPE_EXPORT_HEADERS_SECRET"
  }
}

run "fails_on_an_unknown_architecture" {
  command = plan

  variables {
    architecture = "amd64"
  }

  expect_failures = [var.architecture]
}

run "fails_on_a_sampling_ratio_above_one" {
  command = plan

  variables {
    sampling = "ratio:1.5"
  }

  expect_failures = [var.sampling]
}

run "fails_on_an_endpoint_that_is_not_http" {
  command = plan

  variables {
    export_endpoint = "otlp.example.com:4318"
  }

  expect_failures = [var.export_endpoint]
}

run "fails_on_another_exec_wrapper" {
  command = plan

  variables {
    environment = {
      AWS_LAMBDA_EXEC_WRAPPER = "/opt/otel-instrument"
    }
  }

  expect_failures = [var.environment]
}

run "fails_on_a_release_the_manifest_lacks" {
  command = plan

  variables {
    manifest_release = "9.9.9"
  }

  expect_failures = [output.layers]
}

run "fails_on_a_region_without_the_architecture" {
  command = plan

  # Release 0.2.0 has an x86_64 layer in us-east-1 and no arm64 one.
  override_data {
    target = data.aws_region.current
    values = {
      id   = "us-east-1"
      name = "us-east-1"
    }
  }

  expect_failures = [output.layers]
}

run "fails_on_a_runtime_the_release_does_not_list" {
  command = plan

  variables {
    manifest_release = "0.1.0"
    runtime          = "nodejs22.x"
  }

  expect_failures = [output.layers]
}

run "fails_on_two_layer_sources" {
  command = plan

  variables {
    layer_arn = "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4"
  }

  expect_failures = [output.layers]
}

run "fails_on_a_layer_of_another_region" {
  command = plan

  variables {
    manifest_path    = null
    manifest_release = null
    layer_arn        = "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:4"
  }

  expect_failures = [output.layers]
}

run "fails_on_tags_without_the_function_name" {
  command = plan

  variables {
    function_tags = true
  }

  expect_failures = [output.policy_json]
}

run "fails_on_a_secret_and_a_parameter_together" {
  command = plan

  variables {
    export_headers_secret_arn     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf"
    export_headers_parameter_name = "/otlp/headers"
  }

  expect_failures = [output.environment]
}

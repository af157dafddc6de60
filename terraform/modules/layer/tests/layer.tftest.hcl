# terraform test, with a mocked AWS provider: no account is needed. The zips in fixtures/ are
# stand-ins of the build's, named the same way.

mock_provider "aws" {}

variables {
  zips = {
    x86_64 = "tests/fixtures/lambdascope-extension-x86_64.zip"
    arm64  = "tests/fixtures/lambdascope-extension-arm64.zip"
  }
  extension_version = "0.2.0"
}

run "publishes_one_layer_per_architecture" {
  command = plan

  assert {
    condition     = toset(keys(aws_lambda_layer_version.this)) == toset(["x86_64", "arm64"])
    error_message = "expected a layer per architecture, got ${jsonencode(keys(aws_lambda_layer_version.this))}"
  }
  assert {
    condition     = aws_lambda_layer_version.this["arm64"].layer_name == "lambdascope-arm64" && aws_lambda_layer_version.this["arm64"].compatible_architectures == toset(["arm64"])
    error_message = "expected lambdascope-arm64 declaring arm64"
  }
  assert {
    condition     = aws_lambda_layer_version.this["x86_64"].license_info == "Apache-2.0" && aws_lambda_layer_version.this["x86_64"].skip_destroy
    error_message = "expected the licence and skip_destroy"
  }
  assert {
    condition     = strcontains(aws_lambda_layer_version.this["x86_64"].description, "Lambdascope 0.2.0 (x86_64)")
    error_message = "expected the version in the description, got ${aws_lambda_layer_version.this["x86_64"].description}"
  }
  assert {
    condition     = length(aws_lambda_layer_version_permission.this) == 0
    error_message = "expected no permission when sharing with nobody"
  }
}

run "shares_with_accounts_an_organization_and_everyone" {
  command = plan

  variables {
    zips                    = { arm64 = "tests/fixtures/lambdascope-extension-arm64.zip" }
    share_with_accounts     = ["111122223333", "444455556666"]
    share_with_organization = "o-a1b2c3d4e5"
    public                  = true
  }

  assert {
    condition = toset(keys(aws_lambda_layer_version_permission.this)) == toset([
      "arm64-account-111122223333", "arm64-account-444455556666", "arm64-organization", "arm64-public",
    ])
    error_message = "unexpected grants ${jsonencode(keys(aws_lambda_layer_version_permission.this))}"
  }
  assert {
    condition = (aws_lambda_layer_version_permission.this["arm64-organization"].principal == "*"
    && aws_lambda_layer_version_permission.this["arm64-organization"].organization_id == "o-a1b2c3d4e5")
    error_message = "expected the organization grant to every account of o-a1b2c3d4e5"
  }
}

run "fails_on_an_unknown_architecture" {
  command = plan

  variables {
    zips = { amd64 = "tests/fixtures/lambdascope-extension-x86_64.zip" }
  }

  expect_failures = [var.zips]
}

run "fails_on_a_missing_zip" {
  command = plan

  variables {
    zips = { arm64 = "tests/fixtures/missing.zip" }
  }

  expect_failures = [var.zips]
}

run "fails_on_swapped_zips" {
  command = plan

  variables {
    zips = { arm64 = "tests/fixtures/lambdascope-extension-x86_64.zip" }
  }

  expect_failures = [var.zips]
}

run "fails_on_a_malformed_account_id" {
  command = plan

  variables {
    share_with_accounts = ["1111-2222-3333"]
  }

  expect_failures = [var.share_with_accounts]
}

run "fails_on_a_malformed_organization_id" {
  command = plan

  variables {
    share_with_organization = "a1b2c3d4e5"
  }

  expect_failures = [var.share_with_organization]
}

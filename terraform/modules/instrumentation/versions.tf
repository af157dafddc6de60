terraform {
  # 1.5: strcontains() and output preconditions with expressions in their messages.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

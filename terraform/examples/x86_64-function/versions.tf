terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The layer module's: 6.20 accepts java25 among the layers' compatible runtimes.
      version = ">= 6.20"
    }
  }
}

provider "aws" {
  region = var.region
}

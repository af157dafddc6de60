terraform {
  # 1.5: strcontains() in the checks of the zips.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.20: the first to accept java25 among a layer's compatible runtimes.
      version = ">= 6.20"
    }
  }
}

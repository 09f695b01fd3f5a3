resource "juju_application" "httprequest_lego_provider" {
  name       = var.app_name
  model_uuid = var.model_uuid

  charm {
    name     = "httprequest-lego-provider"
    base     = var.base
    channel  = var.channel
    revision = var.revision
  }

  # Options left null are not set: the charm's defaults apply.
  config      = { for name, value in var.config : name => tostring(value) if value != null }
  resources   = var.resources
  constraints = var.constraints
  units       = var.units
}

resource "juju_integration" "postgresql" {
  count      = var.postgresql == null ? 0 : 1
  model_uuid = var.model_uuid

  application {
    name     = juju_application.httprequest_lego_provider.name
    endpoint = "postgresql"
  }

  application {
    name      = var.postgresql.offer_url == null ? var.postgresql.app_name : null
    endpoint  = var.postgresql.offer_url == null ? var.postgresql.endpoint : null
    offer_url = var.postgresql.offer_url
  }
}

resource "juju_integration" "ingress" {
  count      = var.ingress == null ? 0 : 1
  model_uuid = var.model_uuid

  application {
    name     = juju_application.httprequest_lego_provider.name
    endpoint = "ingress"
  }

  application {
    name      = var.ingress.offer_url == null ? var.ingress.app_name : null
    endpoint  = var.ingress.offer_url == null ? var.ingress.endpoint : null
    offer_url = var.ingress.offer_url
  }
}

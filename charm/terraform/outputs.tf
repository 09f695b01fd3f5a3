output "app_name" {
  description = "Name of the deployed application."
  value       = juju_application.httprequest_lego_provider.name
}

output "requires" {
  description = "The charm's requirer endpoints, to integrate from a parent module."
  value = {
    postgresql = "postgresql"
    ingress    = "ingress"
    logging    = "logging"
  }
}

output "provides" {
  description = "The charm's provider endpoints, to integrate from a parent module."
  value = {
    metrics_endpoint  = "metrics-endpoint"
    grafana_dashboard = "grafana-dashboard"
  }
}

output "endpoints" {
  description = "Every endpoint of the charm but its peer relation."
  value = {
    postgresql        = "postgresql"
    ingress           = "ingress"
    logging           = "logging"
    metrics_endpoint  = "metrics-endpoint"
    grafana_dashboard = "grafana-dashboard"
  }
}

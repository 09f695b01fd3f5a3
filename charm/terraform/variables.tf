variable "app_name" {
  description = "Name of the application in the Juju model."
  type        = string
  default     = "httprequest-lego-provider"
}

variable "model_uuid" {
  description = "UUID of the Juju model to deploy the application into."
  type        = string
}

variable "base" {
  description = "The operating system on which to deploy."
  type        = string
  default     = "ubuntu@24.04"
}

variable "channel" {
  description = "The channel to deploy from: the TypeScript charm is published on its own track, not the Python charm's."
  type        = string
  default     = "2/edge"
}

variable "revision" {
  description = "Revision of the charm; null follows the channel."
  type        = number
  default     = null
}

variable "units" {
  description = "Number of units to deploy. Units share one database and one signing key."
  type        = number
  default     = 1
}

variable "constraints" {
  description = "Juju constraints to apply for this application."
  type        = string
  default     = "arch=amd64"
}

variable "resources" {
  description = "The workload image: {\"httprequest-lego-provider-image\" = <Charmhub revision or OCI image URL>}. Empty follows the channel."
  type        = map(string)
  default     = {}
}

variable "config" {
  description = "The charm's options (charmcraft.yaml); null leaves an option at the charm's default."
  type = object({
    git-repo                       = optional(string)
    git-branch                     = optional(string)
    git-ssh-key-secret-id          = optional(string)
    git-ssh-key                    = optional(string)
    git-known-hosts                = optional(string)
    git-timeout-seconds            = optional(number)
    git-author-email-domain        = optional(string)
    txt-ttl                        = optional(number)
    bump-soa-serial                = optional(bool)
    allowed-hosts                  = optional(string)
    auth-cache-seconds             = optional(number)
    log-level                      = optional(string)
    trusted-proxies                = optional(string)
    acme-dns-zone                  = optional(string)
    acme-dns-registration          = optional(string)
    acme-dns-registration-networks = optional(string)
  })
  default = {}
}

variable "postgresql" {
  description = "The PostgreSQL to integrate with (required by the charm): an application in the model and its endpoint, or an offer URL. Null integrates nothing."
  type = object({
    app_name  = optional(string, "postgresql-k8s")
    endpoint  = optional(string, "database")
    offer_url = optional(string)
  })
  default = null
}

variable "ingress" {
  description = "The ingress to integrate with (Traefik: endpoint \"ingress\"), or an offer URL. Null integrates nothing."
  type = object({
    app_name  = optional(string, "traefik-k8s")
    endpoint  = optional(string, "ingress")
    offer_url = optional(string)
  })
  default = null
}

"""Grafana dashboards as code: every board and its panels' SQL generated here, written to deploy/grafana and
synchronised to a Grafana by `embrace grafana`. Not part of any service's runtime: only the CLI uses it."""

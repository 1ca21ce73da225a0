"""Ingest: where partners report (web app and API); accepted reports leave through the outbox."""

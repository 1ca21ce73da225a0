"""The `embrace` command: the one composition root, where services are wired together."""

"""The platform's services. Each imports the `embrace` kernel, never another service."""

"""HTTP plumbing shared by the services' APIs: problem details, credentials, health."""

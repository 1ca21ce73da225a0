"""Kafka from the command line: a local broker or cluster from Maven Central's jars (`embrace kafka
start|stop|status`), the platform's topics, and who may do what on them (principals, integrators)."""

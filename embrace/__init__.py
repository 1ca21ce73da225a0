"""EMBRACE shared kernel: contracts, topics, settings, bus runners and store adapters.

Services import this package; it imports no service.
"""

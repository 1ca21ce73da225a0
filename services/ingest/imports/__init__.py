"""Imports: sources other than partners' reports, published onto the bus like any other."""

"""Helpers for the test suite: data builders and real components started on demand."""

"""Reporting: the weekly situation report and, later, the quarterly area analysis."""
